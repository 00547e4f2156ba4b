"""The claim-line table (spec §5): the one place its columns are defined.

Columns, in order:
    scenario        contract scenario name (the contract file's stem)
    episode_id      referral/episode of the line
    patient_ref     keyed pseudonym of patient_id (raw id only with include_phi)
    therapy_id      therapy of a per diem / infrequent / drug line (null otherwise)
    line_type       per_diem | infrequent | nursing | drug | other
    hcpcs           billed code (after volume-tier recoding)
    ndc             National Drug Code of a drug line as given in the drugs table (null otherwise)
    modifiers       space-separated: SH, SJ, SS, 59 ("SH SS", "SH 59" under modifier_59)
    service_from    first date of service (date)
    service_to      last date of service (date)
    units           billing units (decimal, up to 3 places; per diem = days)
    billed_charge   the line's billed charge, else chargemaster × units (decimal $; null if none)
    allowed         allowed amount, rounded half-up to the cent once (decimal $; null if unpriced)
    flags           space-separated: recoded, scheduled (doses from the schedule), lesser_of,
                    unpriced, bundled (a payer policy zeroed the line: C11, C12)
    rule            how the line was made and the price found: the ids of the coding rules
                    that made or changed it (C01 per diem access days … C08, docs/rules.md),
                    then the contract key, rate and percentages that priced it, e.g.
                    "C01 C05 per_diem.rates.S9500 $95.00 × SH 50%", "C08 other.default 50% of
                    charges (lesser of billed charge)", "C03 unpriced"
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

from infusionkit.coding.concurrency import LEVEL_MODIFIERS
from infusionkit.simulation.arrow import dates_from_days, decimal_from_scaled

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PricedBlock, PricedLines

PRICED_COLUMNS = (
    "service_from",
    "service_to",
    "units",
    "billed_charge",
    "allowed",
    "flags",
    "rule",
    "reason",
)
"""The columns every priced line has, whatever it was made from (episodes or billed claims)."""
SOURCE_COLUMNS = ("source_table", "source_line")
COLUMNS = (
    "scenario",
    "episode_id",
    "patient_ref",
    "therapy_id",
    "line_type",
    "hcpcs",
    "ndc",
    "modifiers",
    *PRICED_COLUMNS,
    *SOURCE_COLUMNS,
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
MODIFIERS = tuple(
    " ".join(m for m in (level, suite, m59) if m)
    for m59 in ("", "59")
    for suite in ("", "SS")
    for level in LEVEL_MODIFIERS
)
"""Modifier texts by concurrency level + len(LEVEL_MODIFIERS) × (infusion suite day) +
2 × len(LEVEL_MODIFIERS) × (modifier 59: SH/SJ lines under ``modifier_59``)."""
FLAG_NAMES = ("recoded", "scheduled", "lesser_of", "unpriced", "bundled")
FLAGS = tuple(
    " ".join(name for bit, name in enumerate(FLAG_NAMES) if combo >> bit & 1)
    for combo in range(1 << len(FLAG_NAMES))
)


def texts(values: tuple[str, ...] | list[str], index: npt.NDArray[np.int64]) -> pa.Array:
    """Low-cardinality text as a dictionary column (no copy of the strings per line)."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(index, dtype=np.int32), type=pa.int32()),
        pa.array(list(values), type=pa.string()),
    )


def constant(text: str, n: int) -> pa.Array:
    """The same text on ``n`` lines (a dictionary column of one value)."""
    return texts([text], np.zeros(n, dtype=np.int64))


def priced_columns(priced: PricedBlock, flags: npt.NDArray[np.int64]) -> dict[str, pa.Array]:
    """The :data:`PRICED_COLUMNS` of a priced block; ``flags`` holds the bits of how the lines
    were made (``recoded``, ``scheduled``), the bits of how they were priced are added here."""
    block = priced.block
    flag = (
        flags
        | priced.lesser_of.astype(np.int64) << 2
        | (~priced.priced).astype(np.int64) << 3
        | block.bundled.astype(np.int64) << 4
    )
    return {
        "service_from": dates_from_days(block.first),
        "service_to": dates_from_days(block.last),
        "units": decimal_from_scaled(block.units_milli, None, 3, 15),
        "billed_charge": decimal_from_scaled(priced.billed_cents, priced.billed_cents >= 0, 2),
        "allowed": decimal_from_scaled(priced.allowed_cents, priced.priced, 2),
        "flags": texts(FLAGS, flag),
        "rule": texts(*block.rule_texts(priced.rules, priced.rule)),
        "reason": texts(priced.reasons, priced.reason),
    }


def _take(values: pa.Array, index: npt.NDArray[np.int64]) -> pa.Array:
    return pc.take(values, pa.array(index, type=pa.int64()))


def _codes(series: object) -> tuple[npt.NDArray[np.int64], pa.Array]:
    """Factorize a text column: codes (-1 for missing) and the unique values (Arrow strings)."""
    import pandas as pd

    codes, uniques = pd.factorize(series)
    values = pa.array(uniques, type=pa.string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return codes.astype(np.int64), values


def _lookup(
    uniques: pa.Array, codes: npt.NDArray[np.int64], row: npt.NDArray[np.int64]
) -> pa.Array:
    """Values of ``uniques`` for the rows ``row`` (nulls where the code is -1)."""
    picked = codes[row]
    dictionary = pa.concat_arrays([uniques, pa.nulls(1, pa.string())])
    return _take(dictionary, np.where(picked < 0, len(uniques), picked))


class PatientRefs:
    """Patient references for every source table: pseudonyms (or raw ids), by patient id."""

    def __init__(self, episodes: Episodes, refs_of: dict[str, str]):
        self._refs = refs_of
        therapies = episodes.therapies
        first = ~therapies["episode_id"].duplicated().to_numpy()
        self._episode_patient = dict(
            zip(
                therapies["episode_id"].to_numpy(dtype=object)[first].tolist(),
                therapies["patient_id"].to_numpy(dtype=object)[first].tolist(),
                strict=True,
            )
        )

    def of_patients_list(self, patient_ids: list[object]) -> list[str | None]:
        """References of patient ids (None where the id is missing or unknown)."""
        return [self._refs.get(p) if isinstance(p, str) else None for p in patient_ids]

    def of_patients(self, uniques: pa.Array) -> pa.Array:
        return pa.array(self.of_patients_list(uniques.to_pylist()), type=pa.string())

    def of_episodes(self, uniques: pa.Array) -> pa.Array:
        patients = [self._episode_patient.get(e) for e in uniques.to_pylist()]
        return pa.array(self.of_patients_list(patients), type=pa.string())


def _source_columns(
    episodes: Episodes, line_type: str, refs: PatientRefs, row: npt.NDArray[np.int64]
) -> tuple[pa.Array, pa.Array, pa.Array, npt.NDArray[np.int64]]:
    """(episode_id, patient_ref, therapy_id, source_line) of each line, from its table's rows."""
    table = getattr(episodes, SOURCE_TABLE[line_type])
    episode_codes, episode_uniques = _codes(table["episode_id"])
    episode = _lookup(episode_uniques, episode_codes, row)
    if "patient_id" in table.columns:
        codes, uniques = _codes(table["patient_id"])
        patient = _lookup(refs.of_patients(uniques), codes, row)
    else:
        patient = _lookup(refs.of_episodes(episode_uniques), episode_codes, row)
    if "therapy_id" in table.columns:
        codes, uniques = _codes(table["therapy_id"])
        therapy = _lookup(uniques, codes, row)
    else:
        therapy = pa.nulls(len(row), pa.string())
    lines = table["source_line"].to_numpy(dtype=np.int64)
    return episode, patient, therapy, lines


def _ndc(episodes: Episodes, line_type: str, row: npt.NDArray[np.int64]) -> pa.Array:
    """The NDC of each drug line (from the drugs table); nulls for other lines."""
    table = episodes.drugs if line_type == "drug" else None
    if table is None or "ndc" not in table.columns:
        return pa.nulls(len(row), pa.string())
    codes, uniques = _codes(table["ndc"].where(table["ndc"] != "", None))
    return _lookup(uniques, codes, row)


def block_table(
    scenario: str, priced: PricedBlock, episodes: Episodes, refs: PatientRefs
) -> pa.Table:
    """One priced block → claim-line rows."""
    block = priced.block
    n = len(block)
    row = block.row
    episode, patient, therapy, source_line = _source_columns(episodes, block.line_type, refs, row)
    suite = block.ais & (block.line_type in ("per_diem", "nursing"))
    modifier = block.level + np.where(suite, len(LEVEL_MODIFIERS), 0)
    if block.modifier_59:
        modifier += np.where(block.level > 0, 2 * len(LEVEL_MODIFIERS), 0)
    made = block.recoded.astype(np.int64) | block.scheduled.astype(np.int64) << 1
    columns = {
        "scenario": constant(scenario, n),
        "episode_id": episode,
        "patient_ref": patient,
        "therapy_id": therapy,
        "line_type": constant(block.line_type, n),
        "hcpcs": texts(block.codes, block.code),
        "ndc": _ndc(episodes, block.line_type, row),
        "modifiers": texts(MODIFIERS, modifier),
        **priced_columns(priced, made),
        "source_table": constant(SOURCE_TABLE[block.line_type], n),
        "source_line": pa.array(source_line[row] if n else np.zeros(0, np.int64), pa.int64()),
    }
    return pa.table(columns)


def scenario_table(
    scenario: str, priced: PricedLines, episodes: Episodes, refs: PatientRefs
) -> pa.Table:
    """Every claim line of one scenario, ordered by line type then source order."""
    tables = [block_table(scenario, block, episodes, refs) for block in priced.blocks.values()]
    return pa.concat_tables(tables)
