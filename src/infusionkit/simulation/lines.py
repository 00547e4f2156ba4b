"""The claim-line table (spec §5): the one place its columns are defined.

Columns, in order:
    scenario        contract scenario name (the contract file's stem)
    episode_id      referral/episode of the line
    patient_ref     keyed pseudonym of patient_id (raw id only with include_phi)
    therapy_id      therapy of a per diem / infrequent / drug line (null otherwise)
    line_type       per_diem | infrequent | nursing | drug | other
    hcpcs           billed code (after volume-tier recoding)
    modifiers       space-separated: SH, SJ, SS ("SH SS")
    service_from    first date of service (date)
    service_to      last date of service (date)
    units           billing units (decimal, up to 3 places; per diem = days)
    billed_charge   the line's billed charge, else chargemaster × units (decimal dollars; null if none)
    allowed         allowed amount, rounded half-up to the cent once (decimal dollars; null if unpriced)
    flags           space-separated: recoded, scheduled (dose dates from the schedule), lesser_of, unpriced
    rule            how the price was found (contract key, rate, modifiers)
    reason          why an unpriced line is unpriced (empty otherwise)
    source_table    input table the line comes from
    source_line     line (row) of that table's file
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.simulation.arrow import dates_from_days, decimal_from_scaled

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PricedBlock, PricedLines

COLUMNS = (
    "scenario",
    "episode_id",
    "patient_ref",
    "therapy_id",
    "line_type",
    "hcpcs",
    "modifiers",
    "service_from",
    "service_to",
    "units",
    "billed_charge",
    "allowed",
    "flags",
    "rule",
    "reason",
    "source_table",
    "source_line",
)
MONEY_TYPE = pa.decimal128(18, 2)
UNITS_TYPE = pa.decimal128(15, 3)
SOURCE_TABLE = {
    "per_diem": "therapies",
    "infrequent": "therapies",
    "nursing": "nursing",
    "drug": "drugs",
    "other": "other",
}
MODIFIERS = ("", "SH", "SJ", "SS", "SH SS", "SJ SS")
FLAG_NAMES = ("recoded", "scheduled", "lesser_of", "unpriced")
FLAGS = tuple(
    " ".join(name for bit, name in enumerate(FLAG_NAMES) if combo >> bit & 1) for combo in range(16)
)


def _take(values: pa.Array, index: npt.NDArray[np.int64]) -> pa.Array:
    return pc.take(values, pa.array(index, type=pa.int64()))


def _texts(texts: tuple[str, ...] | list[str], index: npt.NDArray[np.int64]) -> pa.Array:
    return _take(pa.array(list(texts), type=pa.string()), index)


def _column(table: object, name: str) -> pa.Array:
    """A text column of a pandas table as an Arrow string array (nulls kept)."""
    series = table[name]  # type: ignore[index]
    return pa.array(series.astype(object).where(series.notna(), None).tolist(), type=pa.string())


class PatientRefs:
    """Patient references for every source table: pseudonyms (or raw ids), by row."""

    def __init__(self, episodes: Episodes, refs_of: dict[str, str]):
        self._refs = refs_of
        therapies = episodes.therapies
        self.episode_patient = dict(
            zip(therapies["episode_id"].tolist(), therapies["patient_id"].tolist(), strict=True)
        )

    def for_patients(self, patient_ids: list[object]) -> pa.Array:
        return pa.array([self._refs.get(p) if isinstance(p, str) else None for p in patient_ids], pa.string())

    def for_episodes(self, episode_ids: list[object]) -> pa.Array:
        return self.for_patients([self.episode_patient.get(e) for e in episode_ids])


def _source_columns(
    episodes: Episodes, line_type: str, refs: PatientRefs
) -> tuple[pa.Array, pa.Array, pa.Array, npt.NDArray[np.int64]]:
    """(episode_id, patient_ref, therapy_id, source_line) of each row of the line type's table."""
    table = getattr(episodes, SOURCE_TABLE[line_type])
    episode = _column(table, "episode_id")
    if "patient_id" in table.columns:
        patient = refs.for_patients(table["patient_id"].tolist())
    else:
        patient = refs.for_episodes(table["episode_id"].tolist())
    if "therapy_id" in table.columns:
        therapy = _column(table, "therapy_id")
    else:
        therapy = pa.nulls(len(table), pa.string())
    lines = table["source_line"].to_numpy(dtype=np.int64)
    return episode, patient, therapy, lines


def block_table(
    scenario: str, priced: PricedBlock, episodes: Episodes, refs: PatientRefs
) -> pa.Table:
    """One priced block → claim-line rows."""
    block = priced.block
    n = len(block)
    row = block.row
    episode, patient, therapy, source_line = _source_columns(episodes, block.line_type, refs)
    modifier = block.level + np.where(block.ais & (block.line_type == "per_diem"), 3, 0)
    flag = (
        block.recoded.astype(np.int64)
        | block.scheduled.astype(np.int64) << 1
        | priced.lesser_of.astype(np.int64) << 2
        | (~priced.priced).astype(np.int64) << 3
    )
    has_billed = priced.billed_cents >= 0
    columns = {
        "scenario": _texts([scenario], np.zeros(n, dtype=np.int64)),
        "episode_id": _take(episode, row),
        "patient_ref": _take(patient, row),
        "therapy_id": _take(therapy, row),
        "line_type": _texts([block.line_type], np.zeros(n, dtype=np.int64)),
        "hcpcs": _texts(block.codes, block.code),
        "modifiers": _texts(MODIFIERS, modifier),
        "service_from": dates_from_days(block.first),
        "service_to": dates_from_days(block.last),
        "units": decimal_from_scaled(block.units_milli, None, 3, 15),
        "billed_charge": decimal_from_scaled(priced.billed_cents, has_billed, 2),
        "allowed": decimal_from_scaled(priced.allowed_cents, priced.priced, 2),
        "flags": _texts(FLAGS, flag),
        "rule": _texts(priced.rules, priced.rule),
        "reason": _texts(priced.reasons, priced.reason),
        "source_table": _texts([SOURCE_TABLE[block.line_type]], np.zeros(n, dtype=np.int64)),
        "source_line": pa.array(source_line[row] if n else np.zeros(0, np.int64), pa.int64()),
    }
    return pa.table(columns)


def scenario_table(
    scenario: str, priced: PricedLines, episodes: Episodes, refs: PatientRefs
) -> pa.Table:
    """Every claim line of one scenario, ordered by line type then source order."""
    tables = [block_table(scenario, block, episodes, refs) for block in priced.blocks.values()]
    return pa.concat_tables(tables)
