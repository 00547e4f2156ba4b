"""Claim lines as billed → line blocks for the pricing engine (spec §7, ``reprice``).

A billed line is priced by §4 exactly as billed: its code, units and modifiers decide the price
(SH/SJ percentages and the AIS percentage for SS come from the billed modifiers). Nothing is
recoded or re-ranked. The blocks built here go through the same engine as coded episodes
(:func:`infusionkit.pricing.engine.price_lines`): there is one pricing implementation.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.coding.concurrency import Level
from infusionkit.coding.intervals import IntArray
from infusionkit.coding.lines import LINE_TYPES, NO_BILLED, CodedLines, LineBlock
from infusionkit.coding.policies import on_days
from infusionkit.pricing.engine import PricedLines, price_lines

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.pricing.price_files import PriceBook

_EPOCH = np.datetime64("1970-01-01", "D")


def _scaled(values: pd.Series, places: int, blank: int) -> IntArray:
    """Exact decimals × 10**places as int64 (None → ``blank``), from an Arrow decimal column
    (or Decimal objects, converted by Arrow in C; a value with more places is refused).

    The low 64-bit word of each 128-bit decimal is the scaled integer: amounts and units stay
    far below 2**63 (validation bounds them).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted = pa.decimal128(38, places)
    if isinstance(values.dtype, pd.ArrowDtype):
        array = pc.cast(values.array.__arrow_array__(), wanted).combine_chunks()
    else:
        array = pa.array(values.to_numpy(dtype=object), type=wanted, from_pandas=True)
    words = np.frombuffer(array.buffers()[1], dtype="<i8")[2 * array.offset :: 2][: len(array)]
    scaled = words.astype(np.int64)
    if array.null_count:
        scaled[array.is_null().to_numpy(zero_copy_only=False)] = blank
    return scaled


def _days(values: pd.Series) -> IntArray:
    days = values.to_numpy(dtype="datetime64[D]")
    return (days - _EPOCH).astype(np.int64)


_BILLED_LEVELS = (Level.SECOND, Level.THIRD_OR_LATER)
"""Levels a billed modifier shows, in the order they are looked for (SH wins over SJ)."""


def _levels(modifiers: pd.Series) -> tuple[IntArray, np.ndarray]:
    """Concurrency :class:`Level` (SH, else SJ, else primary) and SS of each line, from its
    billed modifiers."""
    codes, uniques = pd.factorize(modifiers.fillna(""))
    level = np.zeros(len(uniques) + 1, dtype=np.int64)
    ais = np.zeros(len(uniques) + 1, dtype=bool)
    for i, text in enumerate(uniques):
        items = str(text).split()
        level[i] = next((lv for lv in _BILLED_LEVELS if lv.modifier in items), Level.PRIMARY)
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
        part = frame[
            ["hcpcs", "modifiers", "service_from", "service_to", "units", "billed_charge"]
        ].take(rows)
        code, codes = pd.factorize(part["hcpcs"])
        level = ais = None
        if name == "per_diem":
            level, ais = _levels(part["modifiers"])
        elif name == "nursing":  # SS on a visit: paid at nursing.ais_percent when stated (C14)
            ais = _levels(part["modifiers"])[1]
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


def bundle_billed(coded: CodedLines, frame: pd.DataFrame, contract: Contract) -> CodedLines:
    """Under ``policies.bundled_codes`` (C11): other lines of a listed code whose service_from
    falls on a day a billed per diem line of the same patient covers are bundled (0.00)."""
    policies = contract.policies
    other, per_diem = coded.blocks.get("other"), coded.blocks.get("per_diem")
    if policies is None or not policies.bundled_codes or other is None or per_diem is None:
        return coded
    patient = pd.factorize(frame["patient_id"])[0].astype(np.int64)
    codes = np.array(other.codes, dtype=object)
    listed = np.isin(codes, np.array(policies.bundled_codes, dtype=object))[other.code]
    hit = on_days(
        np.where(listed, patient[other.row], -1),
        other.first,
        patient[per_diem.row],
        per_diem.first,
        per_diem.last,
    )
    bundled = dataclasses.replace(
        other, group_bundled=hit, tags=("", "C11"), group_tag=hit.astype(np.int64)
    )
    return CodedLines(blocks={**coded.blocks, "other": bundled})


def price_billed(
    frame: pd.DataFrame, contract: Contract, prices: PriceBook, blocks: CodedLines | None = None
) -> PricedLines:
    """Price claim lines as billed under ``contract`` (``blocks``: from :func:`billed_blocks`,
    built once when several contracts price the same lines); the contract's bundled codes
    apply (:func:`bundle_billed`)."""
    coded = blocks if blocks is not None else billed_blocks(frame)
    coded = bundle_billed(coded, frame, contract)
    drug_block = coded.blocks.get("drug")
    ndc = (
        frame["ndc"].iloc[drug_block.row].reset_index(drop=True)
        if drug_block is not None
        else pd.Series([], dtype=pd.StringDtype())
    )
    return price_lines(coded, pd.DataFrame({"ndc": ndc}), contract, prices)
