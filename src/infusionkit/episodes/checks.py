"""Episode-table checks added with the claims work: NDCs and repeated administrations.

- ``drugs.ndc`` is normalised to the 11-digit form (hyphenated 10-digit forms padded); an NDC a
  spreadsheet turned into a number, or any other malformed NDC, is an error naming its row: it
  would otherwise match no price row and fall back to the HCPCS price without a word.
- ``administrations`` naming the same therapy and date twice are an error naming both lines:
  one date is one administration, and a repeated row usually means a doubled export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.catalog.ndc import ALLOWED as NDC_ALLOWED
from infusionkit.catalog.ndc import NdcError, normalize_ndc

if TYPE_CHECKING:
    from infusionkit.episodes.validation import Problems, TypedTable


def check_table(table: TypedTable, problems: Problems) -> None:
    """The checks of this module that apply to ``table``."""
    if table.name == "drugs" and "ndc" in table.frame:
        check_ndcs(table, problems)
    if table.name == "administrations":
        check_repeated_administrations(table, problems)


def check_ndcs(table: TypedTable, problems: Problems) -> None:
    """Normalise ``ndc`` in place; one error per row whose NDC is not one."""
    values = table.frame["ndc"]
    codes, uniques = pd.factorize(values)
    verdicts: list[tuple[str | None, str | None]] = []
    for value in uniques:
        try:
            verdicts.append((normalize_ndc(str(value)), None))
        except NdcError as exc:
            verdicts.append((None, str(exc)))
    bad = np.isin(codes, [i for i, (_, why) in enumerate(verdicts) if why])
    problems.rows(table, bad, "ndc", lambda i: str(verdicts[codes[i]][1]), NDC_ALLOWED)
    normalised = np.array([v for v, _ in verdicts] + [None], dtype=object)
    table.frame["ndc"] = pd.Series(
        normalised[np.where(codes < 0, len(uniques), codes)], dtype=pd.StringDtype()
    )


def check_repeated(
    table: TypedTable,
    problems: Problems,
    keys: list[str],
    column: str,
    message: Callable[[int, int], str],
    allowed: str,
) -> None:
    """One error (on ``column``) per row repeating the ``keys`` of an earlier row; rows with a
    blank key are left to the cell checks. ``message(row, first_line)`` says what repeats."""
    values = table.frame[keys]
    present = values.notna().all(axis=1).to_numpy(dtype=bool)
    repeated = values.duplicated(keep="first").to_numpy(dtype=bool) & present
    if not repeated.any():
        return
    lines = pd.Series(table.lines)
    first = lines.groupby([values[key].astype(object) for key in keys]).transform("first")
    problems.rows(table, repeated, column, lambda i: message(i, int(first.iloc[i])), allowed)


def check_repeated_administrations(table: TypedTable, problems: Problems) -> None:
    """One error per row repeating an earlier (therapy_id, date)."""
    frame = table.frame
    check_repeated(
        table,
        problems,
        ["therapy_id", "date"],
        "date",
        lambda i, first: (
            f"therapy {frame['therapy_id'].iloc[i]} has the administration of "
            f"{frame['date'].iloc[i].date()} twice (lines {first} and {table.lines[i]})"
        ),
        "each therapy and date once",
    )


# Optional tables and columns, and what their absence means for a simulation.
_ABSENT_TABLES = {
    "holds": "no hold days removed",
    "administrations": "doses of therapies dosed less often than daily follow their schedule",
    "nursing": "not simulated",
    "drugs": "not simulated",
    "other": "not simulated",
}
_ABSENT_COLUMNS = {
    ("therapies", "site"): "every therapy at home",
    ("therapies", "daily_volume_ml"): "TPN and hydration not recoded by volume",
    ("therapies", "payer_id"): "--payer cannot select therapies",
    ("nursing", "site"): "every visit at home",
    ("drugs", "ndc"): "drugs priced by HCPCS",
    ("drugs", "billed_charge"): "chargemaster charges used",
    ("other", "billed_charge"): "chargemaster charges used",
}


def absence_notes(columns: dict[str, list[str]]) -> tuple[str, ...]:
    """What a source without some optional tables or columns leaves out, one note each
    (``columns``: the header of each table the source has), e.g.
    ``"nursing: no table given, not simulated"``."""
    notes = [f"{t}: no table given, {why}" for t, why in _ABSENT_TABLES.items() if t not in columns]
    notes += [
        f"{t}.{c}: no column given, {why}"
        for (t, c), why in _ABSENT_COLUMNS.items()
        if t in columns and c not in columns[t]
    ]
    return tuple(notes)
