"""Missing price data, kept apart from contract gaps.

A claim line the contract leaves unpriced (no rate, an ``unpriced`` default, no section) is a
*contract gap*. A line of a code the contract does price that still has no allowed amount lacks
*price data*: no drug price for its basis on the service date, or no billed charge for a
percent-of-charges rule. Missing data is not a term of the contract, so a change between two
contracts is split into the part on lines priced under both (:attr:`Split.effect`) and the part
on lines without price data under either (:attr:`Split.no_price_data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from infusionkit.money import from_cents

if TYPE_CHECKING:
    import pandas as pd

    from infusionkit.contracts import Contract
    from infusionkit.pricing import PricedBlock
    from infusionkit.simulation.totals import PricedScenarios
    from infusionkit.simulation.whatif import WhatIf


def contract_prices(contract: Contract, line_type: str, code: str) -> bool:
    """True when ``contract`` has a price rule other than unpriced for ``code`` on a line type
    (an unpriced line of such a code lacks price data, not a contract term)."""
    if line_type == "drug":
        return contract.drugs is not None
    section = contract.section(line_type)
    return section is not None and section.rule_for(code)[0].kind != "unpriced"


@dataclass(frozen=True)
class _Block:
    """One priced block of a ledger: per line allowed cents (0 when unpriced) and data gaps."""

    priced: PricedBlock
    cents: npt.NDArray[np.int64]
    gap: npt.NDArray[np.bool_]

    @property
    def codes(self) -> tuple[str, ...]:
        return self.priced.block.codes

    def by_code(self) -> tuple[dict[str, int], set[str]]:
        """Allowed cents per code and the codes with a data gap."""
        block = self.priced.block
        cents = np.zeros(len(block.codes), dtype=np.int64)
        np.add.at(cents, block.code, self.cents)
        gapped = {block.codes[int(c)] for c in np.unique(block.code[self.gap])}
        return {code: int(v) for code, v in zip(block.codes, cents.tolist(), strict=True)}, gapped


@dataclass(frozen=True)
class Ledger:
    """Line-level allowed amounts and data gaps of the history under one contract."""

    blocks: dict[str, _Block]

    @property
    def gap_lines(self) -> int:
        return sum(int(b.gap.sum()) for b in self.blocks.values())


def ledger(service: WhatIf, contract: Contract) -> Ledger:
    """The :class:`Ledger` of ``contract`` on the history of ``service``."""
    blocks: dict[str, _Block] = {}
    for name, priced in service.priced(contract).blocks.items():
        block = priced.block
        cents = np.where(priced.priced, priced.allowed_cents, 0).astype(np.int64)
        prices = np.array(
            [contract_prices(contract, block.line_type, code) for code in block.codes], dtype=bool
        )
        gap = ~priced.priced & (prices[block.code] if len(block.codes) else False)
        blocks[name] = _Block(priced, cents, np.asarray(gap, dtype=bool))
    return Ledger(blocks)


@dataclass(frozen=True)
class Split:
    """A change in total allowed split by price data: ``effect`` on lines priced (or left
    unpriced by the contract) under both contracts, ``no_price_data`` on the rest."""

    effect: Decimal
    no_price_data: Decimal
    no_price_lines: int

    @property
    def total(self) -> Decimal:
        return self.effect + self.no_price_data


def split(before: Ledger, after: Ledger) -> Split:
    """The change from ``before`` to ``after``: exact, ``effect + no_price_data`` = the change.

    Blocks with the same lines under both contracts (drug, nursing, other, infrequent) are
    split line by line; per diem lines (coded per contract) by code.
    """
    effect = gap_cents = lines = 0
    for name in before.blocks.keys() | after.blocks.keys():
        a, b = before.blocks.get(name), after.blocks.get(name)
        if a is None or b is None:  # pragma: no cover - every contract prices every block
            raise ValueError(f"block {name!r} missing from one ledger")
        if a.priced.block is b.priced.block:
            excluded = a.gap | b.gap
            diff = b.cents - a.cents
            gap_cents += int(diff[excluded].sum())
            effect += int(diff[~excluded].sum())
            lines += int(excluded.sum())
            continue
        a_sums, a_gaps = a.by_code()
        b_sums, b_gaps = b.by_code()
        gapped = a_gaps | b_gaps
        for code in a_sums.keys() | b_sums.keys():
            diff_code = b_sums.get(code, 0) - a_sums.get(code, 0)
            if code in gapped:
                gap_cents += diff_code
            else:
                effect += diff_code
        lines += int(a.gap.sum()) + int(b.gap.sum())
    return Split(from_cents(effect), from_cents(gap_cents), lines)


@dataclass(frozen=True)
class CodeDifference:
    """How one code's lines move between two contracts: lines that change and the amount."""

    line_type: str
    code: str
    lines: int
    amount: Decimal


def code_differences(before: Ledger, after: Ledger) -> list[CodeDifference]:
    """The codes whose allowed amount changes, largest change first (exact); lines of blocks
    coded the same under both contracts are compared line by line, per diem lines by code."""
    found: list[CodeDifference] = []
    for name, b in after.blocks.items():
        a = before.blocks[name]
        block = b.priced.block
        if a.priced.block is block:
            diff = b.cents - a.cents
            moved = diff != 0
            if not moved.any():
                continue
            cents = np.zeros(len(block.codes), dtype=np.int64)
            lines = np.zeros(len(block.codes), dtype=np.int64)
            np.add.at(cents, block.code[moved], diff[moved])
            np.add.at(lines, block.code[moved], 1)
            found += [
                CodeDifference(block.line_type, code, int(n), from_cents(int(c)))
                for code, n, c in zip(block.codes, lines.tolist(), cents.tolist(), strict=True)
                if n
            ]
            continue
        a_sums, _ = a.by_code()
        b_sums, _ = b.by_code()
        counts = np.bincount(block.code, minlength=len(block.codes)).tolist() if len(block) else []
        count = dict(zip(block.codes, [int(c) for c in counts], strict=False))
        for code in a_sums.keys() | b_sums.keys():
            delta = b_sums.get(code, 0) - a_sums.get(code, 0)
            if delta:
                found.append(
                    CodeDifference(block.line_type, code, count.get(code, 0), from_cents(delta))
                )
    found.sort(key=lambda d: (-abs(d.amount), d.line_type, d.code))
    return found


CONTRACT, PRICE_DATA = "contract", "price data"


def unpriced_by_cause(sim: PricedScenarios) -> pd.DataFrame:
    """Unpriced claim lines of every scenario by (line type, code) and cause: ``contract`` (the
    contract leaves the code unpriced) or ``price data`` (it prices the code, the data lacks a
    price); columns scenario, line_type, hcpcs, cause, lines, billed (exact)."""
    import pandas as pd

    contracts = {s.name: s.contract for s in sim.scenarios}
    rows: dict[tuple[str, str, str, str], list[Any]] = {}
    for row in sim.by_code.itertuples(index=False):
        if not row.unpriced_lines:
            continue
        cause = (
            PRICE_DATA
            if contract_prices(contracts[row.scenario], row.line_type, row.hcpcs)
            else CONTRACT
        )
        key = (row.scenario, row.line_type, row.hcpcs, cause)
        entry = rows.setdefault(key, [0, Decimal(0)])
        entry[0] += int(row.unpriced_lines)
        entry[1] += row.unpriced_billed
    return pd.DataFrame(
        [(*key, lines, billed) for key, (lines, billed) in rows.items()],
        columns=["scenario", "line_type", "hcpcs", "cause", "lines", "billed"],
    )


def unpriced_totals(sim: PricedScenarios) -> dict[str, dict[str, tuple[int, Decimal]]]:
    """Per scenario and cause: (unpriced lines, their billed charges); every pair present."""
    frame = unpriced_by_cause(sim)
    result = {s: {CONTRACT: (0, Decimal("0.00")), PRICE_DATA: (0, Decimal("0.00"))}
              for s in sim.names}  # fmt: skip
    for row in frame.itertuples(index=False):
        lines, billed = result[row.scenario][row.cause]
        result[row.scenario][row.cause] = (lines + int(row.lines), billed + row.billed)
    return result


__all__ = [
    "CONTRACT",
    "CodeDifference",
    "PRICE_DATA",
    "Ledger",
    "Split",
    "code_differences",
    "contract_prices",
    "ledger",
    "split",
    "unpriced_by_cause",
    "unpriced_totals",
]
