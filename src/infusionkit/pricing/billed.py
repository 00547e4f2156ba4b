"""Claim lines as billed → line blocks for the pricing engine (spec §7, ``reprice``).

A billed line is priced by §4 exactly as billed: its code, units and modifiers decide the price
(SH/SJ percentages and the AIS percentage for SS come from the billed modifiers). Nothing is
recoded or re-ranked. The blocks built here go through the same engine as coded episodes
(:func:`infusionkit.pricing.engine.price_lines`): there is one pricing implementation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.coding.intervals import IntArray
from infusionkit.coding.lines import LINE_TYPES, NO_BILLED, CodedLines, LineBlock
from infusionkit.pricing.engine import PricedLines, price_lines

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.pricing.price_files import PriceBook

_EPOCH = np.datetime64("1970-01-01", "D")


def _scaled(values: pd.Series, places: int, blank: int) -> IntArray:
    """Exact Decimals (at most ``places`` decimals) × 10**places as int64; None → ``blank``."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    table = np.array([int(Decimal(v).scaleb(places)) for v in uniques] + [blank], dtype=np.int64)
    return table[np.where(codes < 0, len(uniques), codes)]


def _days(values: pd.Series) -> IntArray:
    days = values.to_numpy(dtype="datetime64[D]")
    return (days - _EPOCH).astype(np.int64)


def _levels(modifiers: pd.Series) -> tuple[IntArray, np.ndarray]:
    """Concurrency level (0, 1 = SH, 2 = SJ) and SS of each line, from its billed modifiers."""
    codes, uniques = pd.factorize(modifiers.fillna(""))
    level = np.zeros(len(uniques) + 1, dtype=np.int64)
    ais = np.zeros(len(uniques) + 1, dtype=bool)
    for i, text in enumerate(uniques):
        items = str(text).split()
        level[i] = 1 if "SH" in items else 2 if "SJ" in items else 0
        ais[i] = "SS" in items
    index = np.where(codes < 0, len(uniques), codes)
    return level[index], ais[index]


def billed_blocks(frame: pd.DataFrame) -> CodedLines:
    """One block per line type of the claim lines in ``frame`` (typed ``claim_lines``).

    Each block's ``row`` indexes ``frame``; lines keep their own billed charge and units.
    """
    line_type = frame["line_type"].to_numpy(dtype=object)
    blocks: dict[str, LineBlock] = {}
    for name in LINE_TYPES:
        rows = np.flatnonzero(line_type == name)
        if not len(rows):
            continue
        part = frame.iloc[rows]
        code, codes = pd.factorize(part["hcpcs"].astype(object))
        level = ais = None
        if name == "per_diem":
            level, ais = _levels(part["modifiers"])
        blocks[name] = LineBlock.build(
            name,
            rows.astype(np.int64),
            code.astype(np.int64),
            tuple(str(c) for c in codes),
            _days(part["service_from"]),
            _days(part["service_to"]),
            _scaled(part["units"], 3, 0),
            billed_cents=_scaled(part["billed_charge"], 2, NO_BILLED),
            level=level,
            ais=ais,
        )
    return CodedLines(blocks=blocks)


def price_billed(
    frame: pd.DataFrame, contract: Contract, prices: PriceBook, blocks: CodedLines | None = None
) -> PricedLines:
    """Price claim lines as billed under ``contract`` (``blocks``: from :func:`billed_blocks`,
    built once when several contracts price the same lines)."""
    coded = blocks if blocks is not None else billed_blocks(frame)
    drug_block = coded.blocks.get("drug")
    ndc = (
        frame["ndc"].iloc[drug_block.row].reset_index(drop=True)
        if drug_block is not None
        else pd.Series([], dtype=pd.StringDtype())
    )
    return price_lines(coded, pd.DataFrame({"ndc": ndc}), contract, prices)
