"""Claims × contracts → :class:`Repricing`: each billed line priced as billed, side by side.

The lines go through the same pricing engine as ``simulate`` (:mod:`infusionkit.pricing.billed`
builds the blocks). The claim-line table has the columns of :mod:`infusionkit.simulation.lines`
plus ``claim_id``, ``line_number``, ``payer_id`` and ``ndc``; ``episode_id`` and ``therapy_id``
are empty (claims carry neither), ``source_table`` is ``claim_lines`` and ``source_line`` the row's
line (or the SV1 segment of an 837P).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from infusionkit.claims import ClaimLines, load_claims
from infusionkit.errors import InputError, InputErrors
from infusionkit.pricing.billed import billed_blocks, price_billed
from infusionkit.pseudonym import pseudonym_key, pseudonymize
from infusionkit.simulation.lines import (
    MONEY_TYPE,
    PRICED_COLUMNS,
    SOURCE_COLUMNS,
    UNITS_TYPE,
    constant,
    priced_columns,
    texts,
)
from infusionkit.simulation.run import Scenario, each_scenario, scenarios_and_prices
from infusionkit.simulation.totals import ALL, PricedScenarios

if TYPE_CHECKING:
    from infusionkit.episodes.mapping import ExportMapping
    from infusionkit.pricing import PriceBook, PricedBlock
    from infusionkit.simulation.run import Progress


COLUMNS = (
    "scenario",
    "claim_id",
    "line_number",
    "episode_id",
    "patient_ref",
    "payer_id",
    "therapy_id",
    "line_type",
    "hcpcs",
    "modifiers",
    "ndc",
    *PRICED_COLUMNS,
    *SOURCE_COLUMNS,
)


@dataclass(frozen=True, eq=False)
class Repricing(PricedScenarios):
    """Billed claim lines priced under each contract, and their exact totals."""

    scenarios: tuple[Scenario, ...]
    table: pa.Table
    claims: ClaimLines
    prices: PriceBook
    include_phi: bool = False

    def total_allowed(self, name: str | None = None) -> Decimal:
        """Exact total allowed of a scenario (default: the first)."""
        name = name or self.names[0]
        totals = self.totals
        row = totals[(totals.scenario == name) & (totals.line_type == ALL)]
        return Decimal(row["allowed"].iloc[0])


def claim_refs(claims: ClaimLines, *, include_phi: bool, key: bytes | None = None) -> np.ndarray:
    """Patient reference of every claim line: a keyed pseudonym unless ``include_phi``."""
    codes, uniques = pd.factorize(claims.frame["patient_id"].astype(object))
    patients = [str(p) for p in uniques]
    refs = patients if include_phi else pseudonymize(patients, key or pseudonym_key())
    return np.array([*refs, None], dtype=object)[np.where(codes < 0, len(patients), codes)]


def load_claim_history(
    claims: ClaimLines | str | Path,
    payer: str | None = None,
    mapping: ExportMapping | str | Path | None = None,
) -> ClaimLines:
    """Claims loaded from a source (or given), kept to lines of ``payer`` when given."""
    if not isinstance(claims, ClaimLines):
        claims = load_claims(claims, mapping=mapping)
    if payer is None:
        return claims
    kept = claims.filter_payer(payer)
    if not len(kept):
        raise InputErrors(
            [
                InputError(
                    file=str(claims.source or "claims"),
                    column="payer_id",
                    message=f"no claim line has payer_id {payer!r}",
                    allowed=", ".join(claims.payers) or "(no claim line has a payer_id)",
                )
            ]
        )
    return kept


def _column(values: pd.Series) -> pa.Array:
    return pa.array(values.astype(pd.StringDtype()), type=pa.string(), from_pandas=True)


def _block_table(
    scenario: str, priced: PricedBlock, frame: pd.DataFrame, refs: np.ndarray
) -> pa.Table:
    block = priced.block
    rows = block.row
    n = len(rows)
    part = frame[["claim_id", "line_number", "payer_id", "modifiers", "ndc", "source_line"]].take(
        rows
    )
    nulls = pa.nulls(n, pa.string())
    columns = {
        "scenario": constant(scenario, n),
        "claim_id": _column(part["claim_id"]),
        "line_number": pa.array(part["line_number"].to_numpy(np.int64), pa.int64()),
        "episode_id": nulls,
        "patient_ref": pa.array(refs[rows], type=pa.string()),
        "payer_id": _column(part["payer_id"]),
        "therapy_id": nulls,
        "line_type": constant(block.line_type, n),
        "hcpcs": texts(block.codes, block.code),
        "modifiers": _column(part["modifiers"].fillna("")),
        "ndc": _column(part["ndc"]),
        **priced_columns(priced, np.zeros(n, dtype=np.int64)),
        "source_table": constant("claim_lines", n),
        "source_line": pa.array(part["source_line"].to_numpy(np.int64), pa.int64()),
    }
    return pa.table(columns)


def claims_table(
    scenario: str, blocks: dict[str, PricedBlock], frame: pd.DataFrame, refs: np.ndarray
) -> pa.Table:
    """Every priced claim line of one scenario, in the claims' own order."""
    tables = [_block_table(scenario, priced, frame, refs) for priced in blocks.values()]
    if not tables:
        return _empty_table(scenario)
    table = pa.concat_tables(tables).unify_dictionaries()
    order: npt.NDArray[np.int64] = np.argsort(
        np.concatenate([priced.block.row for priced in blocks.values()]), kind="stable"
    )
    return table.take(pa.array(order))


def _empty_table(scenario: str) -> pa.Table:
    del scenario
    schema = {
        "line_number": pa.int64(),
        "service_from": pa.date32(),
        "service_to": pa.date32(),
        "units": UNITS_TYPE,
        "billed_charge": MONEY_TYPE,
        "allowed": MONEY_TYPE,
        "source_line": pa.int64(),
    }
    return pa.table({c: pa.array([], type=schema.get(c, pa.string())) for c in COLUMNS})


def reprice(
    claims: ClaimLines | str | Path,
    contracts: object,
    *,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    mapping: ExportMapping | str | Path | None = None,
    include_phi: bool = False,
    key: bytes | None = None,
    progress: Progress | None = None,
) -> Repricing:
    """Price claim lines as billed under each contract, side by side (spec §7).

    ``claims``: a claims source or loaded :class:`ClaimLines`; ``contracts`` as for
    :func:`~infusionkit.simulation.simulate`; ``rates`` the price folder (default: the first
    contract's folder). Patient ids become keyed pseudonyms unless ``include_phi``.
    """
    history = load_claim_history(claims, payer, mapping)
    scenarios, prices = scenarios_and_prices(contracts, rates)
    refs = claim_refs(history, include_phi=include_phi, key=key)
    frame = history.frame
    blocks = billed_blocks(frame)
    tables = []
    for scenario in each_scenario(scenarios, progress):
        priced = price_billed(frame, scenario.contract, prices, blocks)
        tables.append(claims_table(scenario.name, priced.blocks, frame, refs))
    return Repricing(
        scenarios=tuple(scenarios),
        table=pa.concat_tables(tables).unify_dictionaries(),
        claims=history,
        prices=prices,
        include_phi=include_phi,
    )
