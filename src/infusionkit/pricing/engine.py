"""Coded lines × contract → allowed amounts (spec §4), exact and rounded once per line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from infusionkit.coding import (
    CodedLines,
    CodingSettings,
    PreparedEpisodes,
    code_episodes,
    prepare_episodes,
)
from infusionkit.coding.concurrency import Level
from infusionkit.coding.intervals import IntArray, compact_keys
from infusionkit.coding.lines import NO_BILLED, LineBlock
from infusionkit.money import multiply, round_half_up
from infusionkit.pricing.drugs import drug_unit_prices
from infusionkit.pricing.terms import (
    UnitPrice,
    bundled_price,
    full_per_day_value,
    per_diem_price,
    section_price,
)

if TYPE_CHECKING:
    import pandas as pd

    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes
    from infusionkit.pricing.price_files import PriceBook


@dataclass(frozen=True)
class PricedValues:
    """Prices of distinct lines (or of every line): allowed, billed, flags, rule and reason.

    ``allowed_cents`` is meaningful where ``priced``; ``billed_cents`` is NO_BILLED where there is
    no billed charge; ``rule``/``reason`` index the block's ``rules``/``reasons`` texts.
    """

    allowed_cents: IntArray
    priced: npt.NDArray[np.bool_]
    billed_cents: IntArray
    lesser_of: npt.NDArray[np.bool_]
    rule: IntArray
    reason: IntArray


@dataclass(frozen=True)
class PricedBlock:
    """Allowed amounts of one block of coded lines.

    ``values`` holds the prices of distinct (key, units) pairs and ``index[i]`` the pair of line
    i (``None``: one value per line). The per-line views are gathered on first use; totals need
    no per-line copy. ``rules[rule]`` says how a line was priced, ``reasons[reason]`` why an
    unpriced line is unpriced ("" for priced lines).
    """

    block: LineBlock
    values: PricedValues
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    index: IntArray | None = None

    def _per_line(self, values: np.ndarray) -> np.ndarray:
        return values if self.index is None else np.take(values, self.index)

    @cached_property
    def allowed_cents(self) -> IntArray:
        return self._per_line(self.values.allowed_cents)

    @cached_property
    def priced(self) -> npt.NDArray[np.bool_]:
        return self._per_line(self.values.priced)

    @cached_property
    def billed_cents(self) -> IntArray:
        return self._per_line(self.values.billed_cents)

    @cached_property
    def lesser_of(self) -> npt.NDArray[np.bool_]:
        return self._per_line(self.values.lesser_of)

    @cached_property
    def rule(self) -> IntArray:
        return self._per_line(self.values.rule)

    @cached_property
    def reason(self) -> IntArray:
        return self._per_line(self.values.reason)

    def allowed_total_cents(self) -> int:
        """Exact sum of the allowed amounts of the priced lines."""
        values = self.values
        amounts = np.where(values.priced, values.allowed_cents, 0)
        if self.index is None:
            return int(amounts.sum())
        counts = np.bincount(self.index, minlength=len(amounts))
        return int((amounts * counts).sum())


@dataclass(frozen=True)
class PricedLines:
    """Every priced block of one scenario."""

    blocks: dict[str, PricedBlock]


def billed_cents(block: LineBlock, prices: PriceBook) -> IntArray:
    """The line's own billed charge, else chargemaster unit charge × units (half-up to the cent)."""
    billed = block.billed_cents.copy()
    missing = billed == NO_BILLED
    if not missing.any():
        return billed
    num = np.zeros(len(block.codes), dtype=np.int64)
    den = np.ones(len(block.codes), dtype=np.int64)
    listed = np.zeros(len(block.codes), dtype=bool)
    for i, code in enumerate(block.codes):
        charge = prices.unit_charge(code)
        if charge is not None:
            listed[i] = True
            per_unit = UnitPrice.per_unit(charge, "chargemaster")
            num[i], den[i] = per_unit.num, per_unit.den
    fill = missing & listed[block.code]
    if fill.any():
        product = multiply(block.units_milli[fill], num[block.code[fill]])
        billed[fill] = round_half_up(product, den[block.code[fill]])
    return billed


def apply_unit_prices(
    block: LineBlock,
    combo: IntArray,
    unit_prices: list[UnitPrice],
    billed: IntArray,
    lesser_of: bool,
) -> PricedBlock:
    """Price every line of ``block`` with the unit price of its combination, then lesser-of."""
    basis = np.array(
        [{"units": 0, "charges": 1, "unpriced": 2}[p.basis] for p in unit_prices] or [2]
    )
    num = np.array([p.num for p in unit_prices] or [0], dtype=object)
    den = np.array([p.den for p in unit_prices] or [1], dtype=object)
    small = all(abs(int(v)) < (1 << 40) for v in np.concatenate([num, den]))
    if small:
        num, den = num.astype(np.int64), den.astype(np.int64)
    line_basis = basis[combo] if len(combo) else np.zeros(0, dtype=np.int64)
    has_billed = billed != NO_BILLED
    base = np.where(line_basis == 1, billed, block.units_milli)
    priced = (line_basis == 0) | ((line_basis == 1) & has_billed)
    allowed = np.zeros(len(block), dtype=np.int64)
    if priced.any():
        product = multiply(base[priced], num[combo[priced]])
        allowed[priced] = round_half_up(product, den[combo[priced]])
    reduced = priced & has_billed & (billed < allowed) if lesser_of else np.zeros(len(block), bool)
    allowed = np.where(reduced, billed, allowed)
    # rule and reason texts, by combination (plus the lesser-of and missing-charge variants)
    rules = [p.rule for p in unit_prices] + [
        p.rule + " (lesser of billed charge)" for p in unit_prices
    ]
    rule = combo + np.where(reduced, len(unit_prices), 0)
    reasons = (
        [""]
        + [p.reason for p in unit_prices]
        + [
            f"{p.rule}: needs a billed charge, but the line has none "
            "and the chargemaster has no charge"
            for p in unit_prices
        ]
    )
    no_charge = (line_basis == 1) & ~has_billed
    reason = np.where(priced, 0, np.where(no_charge, 1 + len(unit_prices) + combo, 1 + combo))
    values = PricedValues(
        allowed_cents=allowed,
        priced=priced,
        billed_cents=billed,
        lesser_of=reduced,
        rule=np.where(priced, rule, len(rules)).astype(np.int64),
        reason=reason.astype(np.int64),
    )
    return PricedBlock(
        block=block, values=values, rules=tuple(rules) + ("unpriced",), reasons=tuple(reasons)
    )


_LEVELS = len(Level)
MAX_TABLE_UNITS = 400
_SPAN = MAX_TABLE_UNITS + 1

PriceOfKey = Callable[[int], UnitPrice]


def price_block(
    block: LineBlock, keys: IntArray, price_of: PriceOfKey, prices: PriceBook, lesser_of: bool
) -> PricedBlock:
    """Price a block whose lines are described by small integer ``keys`` (code, modifiers, site).

    ``keys`` hold one key per group of lines (see :class:`LineBlock`).

    When no line carries its own billed charge and units are whole and small (per diem days,
    administrations, nursing units), a line's price depends only on (key, units): each distinct
    pair is priced once with exact arithmetic and the results are gathered per line.
    """
    if (
        block.whole_units
        and len(block)
        and int(block.units_milli.min()) >= 0
        and int(block.units_milli.max()) <= MAX_TABLE_UNITS * 1000
    ):
        if block.group is None:
            pair = np.multiply(keys, _SPAN)
        else:
            pair = np.take(np.multiply(keys, _SPAN), block.group)
        pair += np.floor_divide(block.units_milli, 1000, out=np.empty_like(pair))
        distinct, inverse = compact_keys(pair)
        key_of, d_combo = compact_keys(distinct // _SPAN)
        unit_prices = [price_of(int(k)) for k in key_of]
        first_line = np.zeros(len(distinct), dtype=np.int64)
        first_line[inverse] = np.arange(len(inverse))  # any line of the pair will do
        line_group = first_line if block.group is None else np.take(block.group, first_line)
        sample = LineBlock.build(
            block.line_type,
            first_line,
            np.take(block.group_code, line_group),
            block.codes,
            block.first[first_line],
            block.last[first_line],
            distinct % _SPAN * 1000,
        )
        priced = apply_unit_prices(
            sample, d_combo, unit_prices, billed_cents(sample, prices), lesser_of
        )
        return PricedBlock(
            block=block,
            values=priced.values,
            rules=priced.rules,
            reasons=priced.reasons,
            index=inverse,
        )
    key_of, combo = compact_keys(keys if block.group is None else np.take(keys, block.group))
    unit_prices = [price_of(int(k)) for k in key_of]
    return apply_unit_prices(block, combo, unit_prices, billed_cents(block, prices), lesser_of)


def per_diem_keys(block: LineBlock, contract: Contract) -> tuple[IntArray, PriceOfKey]:
    """Key = (code, concurrency level, AIS) per group of lines, and how to price a key."""
    keys = np.multiply(block.group_code, _LEVELS)
    keys += block.group_level
    keys *= 2
    keys += block.group_ais

    def price_of(key: int) -> UnitPrice:
        code_level, ais = divmod(key, 2)
        code, level = divmod(code_level, _LEVELS)
        return per_diem_price(contract, block.codes[code], level, bool(ais))

    return with_bundled(block, keys, price_of, "policies.not_concurrent")


def code_keys(
    block: LineBlock, price_of_code: Callable[[str], UnitPrice]
) -> tuple[IntArray, PriceOfKey]:
    """Key = code per group of lines, and how to price a key."""
    return block.group_code, lambda k: price_of_code(block.codes[k])


def with_bundled(
    block: LineBlock, keys: IntArray, price_of: PriceOfKey, policy: str
) -> tuple[IntArray, PriceOfKey]:
    """Keys with one more bit for groups a payer policy bundles (priced 0.00, rule ``policy``)."""
    if block.group_bundled is None:
        return keys, price_of
    doubled = np.multiply(keys, 2)
    doubled += block.group_bundled

    def price_or_bundled(key: int) -> UnitPrice:
        inner, bundled = divmod(key, 2)
        return bundled_price(policy) if bundled else price_of(inner)

    return doubled, price_or_bundled


def nursing_keys(block: LineBlock, contract: Contract) -> tuple[IntArray, PriceOfKey]:
    """Key = (code, suite visit) per group of lines: suite visits carry SS (C14)."""
    keys = np.multiply(block.group_code, 2)
    keys += block.group_ais

    def price_of(key: int) -> UnitPrice:
        code, suite = divmod(key, 2)
        return section_price(contract, "nursing", block.codes[code], bool(suite))

    return keys, price_of


def price_coded(
    coded: CodedLines, episodes: Episodes, contract: Contract, prices: PriceBook
) -> PricedLines:
    """Price coded lines under ``contract``."""
    return price_lines(coded, episodes.drugs, contract, prices)


def price_lines(
    coded: CodedLines, drugs: pd.DataFrame, contract: Contract, prices: PriceBook
) -> PricedLines:
    """Price lines (coded from episodes, or billed claim lines) under ``contract``.

    ``drugs`` holds the ``ndc`` of each drug line, in the drug block's line order.
    """
    lesser = contract.lesser_of_billed_charges
    out: dict[str, PricedBlock] = {}
    for name, block in coded.blocks.items():
        keys: IntArray
        price_of: PriceOfKey
        if name == "drug":
            combo, unit_prices = drug_unit_prices(block, drugs, contract, prices)
            keys, price_of = combo, unit_prices.__getitem__
        elif name == "per_diem":
            keys, price_of = per_diem_keys(block, contract)
        elif name == "nursing" and block.group_ais.any():
            keys, price_of = nursing_keys(block, contract)
        else:
            keys, price_of = code_keys(block, partial(section_price, contract, name))
            keys, price_of = with_bundled(block, keys, price_of, "policies.bundled_codes")
        out[name] = price_block(block, keys, price_of, prices, lesser)
    return PricedLines(blocks=out)


def coding_settings(contract: Contract, prices: PriceBook) -> CodingSettings:
    """The coding-relevant settings of a contract: day count, primary policy, ranking values,
    and the payer policies (modifier 59, nursing in the suite, bundled codes, not concurrent)."""
    policies = contract.policies
    suite = contract.nursing is not None and contract.nursing.ais_percent is not None
    common = CodingSettings(
        nursing_suite=suite,
        bundled_codes=policies.bundled_codes if policies is not None else (),
        not_concurrent=tuple((e.code, e.with_) for e in policies.not_concurrent)
        if policies is not None
        else (),
    )
    terms = contract.per_diem
    if terms is None:
        return common
    return dataclasses.replace(
        common,
        day_count=terms.day_count,
        primary=terms.concurrent.primary,
        per_day_value=lambda code, ais: full_per_day_value(contract, prices, code, ais),
        modifier_59=bool(terms.concurrent.modifier_59),
    )


def price_episodes(
    episodes: Episodes | PreparedEpisodes, contract: Contract, prices: PriceBook
) -> PricedLines:
    """Code and price ``episodes`` (or episodes prepared once for many contracts)."""
    prepared = episodes if isinstance(episodes, PreparedEpisodes) else prepare_episodes(episodes)
    coded = code_episodes(prepared, coding_settings(contract, prices))
    return price_coded(coded, prepared.episodes, contract, prices)
