"""Turn a raw ``claim_lines`` table into typed columns, collecting every problem before raising.

Cells are converted by the episode tables' converters (one way to read a date, a number or
money); the checks here are the claim-line rules: codes and modifiers as billed, NDCs, line types
that fit their code, CARC pairs, one row per (claim_id, line_number), one patient per claim.
Messages never show a patient id.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from infusionkit import catalog
from infusionkit.catalog.ndc import ALLOWED as NDC_ALLOWED
from infusionkit.catalog.ndc import NdcError, normalize_ndc
from infusionkit.claims.columns import CAS_GROUPS, LINE_TYPES, SPEC
from infusionkit.episodes.checks import check_repeated
from infusionkit.episodes.readers import RawTable
from infusionkit.episodes.validation import Problems, TypedTable, check_header, convert_column

_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
_CARC = re.compile(r"^([A-Z]{2})-?([A-Z0-9]{1,5})$")
_LINE_TYPE_ALLOWED = ", ".join(LINE_TYPES) + " (blank = from the code's kind)"


def normalise_claim_lines(raw: RawTable, problems: Problems) -> pd.DataFrame | None:
    """Typed claim lines of ``raw`` (None when its header lacks required columns)."""
    table = TypedTable(raw)
    if not check_header(table, SPEC, problems):
        return None
    table.id_columns = [raw.frame["claim_id"].astype(pd.StringDtype()).fillna("").str.strip()]
    for column in SPEC.columns:
        series = (
            raw.frame[column.name]
            if column.name in raw.frame.columns
            else pd.Series([""] * len(raw.frame), dtype=pd.StringDtype())
        )
        table.frame[column.name] = convert_column(table, column, series, problems)
    _check(table, problems)
    frame = table.frame
    for column in SPEC.columns:
        if column.kind == "decimal":
            frame[column.name] = exact_column(frame[column.name], column.places or 0)
    frame["source_line"] = np.asarray(table.lines, dtype=np.int64)
    known = set(SPEC.names) | {"source_line"}
    for column in raw.frame.columns:
        if column and column not in known:
            frame[column] = raw.frame[column].astype(pd.StringDtype()).str.strip()
    return frame


def exact_column(values: pd.Series, places: int) -> pd.Series:
    """Decimals (or None) as an Arrow ``decimal128(38, places)`` column: exact, and cheap to
    turn into scaled integers for pricing."""
    array = pa.array(
        values.to_numpy(dtype=object), type=pa.decimal128(38, places), from_pandas=True
    )
    return pd.Series(pd.arrays.ArrowExtensionArray(array), index=values.index)


def _per_unique(
    table: TypedTable,
    problems: Problems,
    column: str,
    judge: Callable[[str], tuple[str | None, str | None]],
    allowed: str,
) -> None:
    """Apply ``judge(value) -> (normalised, problem)`` to each distinct non-blank value."""
    values = table.frame[column]
    present = values.notna().to_numpy(dtype=bool)
    codes, uniques = pd.factorize(values)
    verdicts = [judge(str(value)) for value in uniques]
    normalised = np.array([v[0] for v in verdicts] + [None], dtype=object)
    messages = [v[1] for v in verdicts]
    bad_codes = [i for i, message in enumerate(messages) if message]
    bad = np.isin(codes, bad_codes) & present
    problems.rows(table, bad, column, lambda i: str(messages[codes[i]]), allowed)
    result = normalised[np.where(codes < 0, len(uniques), codes)]
    result[bad] = None
    table.frame[column] = pd.Series(result, dtype=pd.StringDtype())


def _check(table: TypedTable, problems: Problems) -> None:
    frame = table.frame
    number = frame["line_number"].to_numpy(dtype=np.int64)
    problems.rows(table, number < 1, "line_number", "must be 1 or more", "an integer >= 1")
    start, end = frame["service_from"], frame["service_to"]
    before = (end < start).fillna(False).to_numpy(dtype=bool)
    problems.rows(
        table, before, "service_to", "service_to is before service_from", "on or after from"
    )
    frame["service_to"] = end.where(end.notna(), start)
    for column in ("units", "billed_charge"):
        values = frame[column].to_numpy(dtype=object)
        negative = np.fromiter((v is not None and v < 0 for v in values), bool, len(values))
        problems.rows(table, negative, column, "must not be negative", "a number >= 0")
    _per_unique(table, problems, "hcpcs", _code, "a catalog code or a HCPCS level II code")
    _per_unique(table, problems, "modifiers", _modifiers, "up to four 2-character modifiers")
    _per_unique(table, problems, "ndc", _ndc, NDC_ALLOWED)
    _per_unique(table, problems, "carc", _carc, "GROUP-REASON pairs, e.g. CO-45 PR-2")
    _line_types(table, problems)
    _unique_lines(table, problems)
    _one_patient(table, problems)


def _code(code: str) -> tuple[str | None, str | None]:
    info = catalog.get(code)
    if info is not None and info.kind == "modifier":
        return None, f"{code} is a modifier, not a code (put it in modifiers)"
    if info is None and not catalog.is_hcpcs_level2(code):
        return None, f"{code!r} is not a HCPCS code"
    return code, None


def _modifiers(text: str) -> tuple[str | None, str | None]:
    items = text.upper().replace(",", " ").split()
    if len(items) > 4:
        return None, f"{len(items)} modifiers (a line carries at most four)"
    bad = [m for m in items if not _MODIFIER.match(m)]
    if bad:
        return None, f"{bad[0]!r} is not a modifier"
    if "SH" in items and "SJ" in items:
        return None, "SH and SJ on one line (second and third therapy at once)"
    return " ".join(items) or None, None


def _ndc(text: str) -> tuple[str | None, str | None]:
    try:
        return normalize_ndc(text), None
    except NdcError as exc:
        return None, str(exc)


def _carc(text: str) -> tuple[str | None, str | None]:
    pairs = []
    for item in text.upper().replace(",", " ").split():
        match = _CARC.match(item)
        if not match or match.group(1) not in CAS_GROUPS:
            return None, f"{item!r} is not a group-reason pair"
        pairs.append(f"{match.group(1)}-{match.group(2)}")
    return " ".join(pairs) or None, None


_PLACES: dict[str, catalog.Place] = {
    "per_diem": "per_diem",
    "infrequent": "per_diem",
    "nursing": "nursing",
    "drug": "drug",
}
"""Line types whose codes the catalog places (:func:`catalog.misfit`); ``other`` takes the rest."""
_PLACE_TEXT = {"per_diem": "a per diem code", "nursing": "a nursing code", "drug": "a drug code"}


def default_line_type(code: str) -> str:
    """The line type of a code billed without one: the catalog place it fits, else ``other``."""
    for place in ("per_diem", "nursing", "drug"):
        if catalog.misfit(code, _PLACES[place]) is None:
            return place
    return "other"


def _fits(line_type: str, code: str) -> str | None:
    """Why ``code`` cannot be billed as ``line_type`` (None when it can)."""
    place = _PLACES.get(line_type)
    if place is not None:
        fits = catalog.misfit(code, place) is None
        return None if fits else f"{code} is not {_PLACE_TEXT[place]}"
    kind = default_line_type(code)
    return None if kind == "other" else f"{code} is a {kind.replace('_', ' ')} code"


def _line_types(table: TypedTable, problems: Problems) -> None:
    frame = table.frame
    given = frame["line_type"].str.lower()
    codes = frame["hcpcs"]
    pairs = pd.Series(given.fillna("") + "|" + codes.fillna(""), dtype=object)
    index, uniques = pd.factorize(pairs)
    results: list[str | None] = []
    messages: list[str | None] = []
    for pair in uniques:
        line_type, code = str(pair).split("|")
        if not code:
            results.append(None)
            messages.append(None)
        elif not line_type:
            results.append(default_line_type(code))
            messages.append(None)
        elif line_type not in LINE_TYPES:
            results.append(None)
            messages.append(f"unknown line_type {line_type!r}")
        else:
            why = _fits(line_type, code)
            results.append(None if why else line_type)
            messages.append(f"line_type {line_type}: {why}" if why else None)
    bad = np.isin(index, [i for i, m in enumerate(messages) if m])
    problems.rows(table, bad, "line_type", lambda i: str(messages[index[i]]), _LINE_TYPE_ALLOWED)
    values = np.array(results, dtype=object)[index] if len(index) else np.empty(0, object)
    frame["line_type"] = pd.Series(values, dtype=pd.StringDtype())


def _unique_lines(table: TypedTable, problems: Problems) -> None:
    frame = table.frame
    check_repeated(
        table,
        problems,
        ["claim_id", "line_number"],
        "line_number",
        lambda i, first: (
            f"claim {frame['claim_id'].iloc[i]} has line {frame['line_number'].iloc[i]} twice "
            f"(lines {first} and {table.lines[i]})"
        ),
        "each (claim_id, line_number) once",
    )


def _one_patient(table: TypedTable, problems: Problems) -> None:
    frame = table.frame
    known = frame["claim_id"].notna() & frame["patient_id"].notna()
    if not known.any():
        return
    claims = frame["claim_id"].where(known).astype(object)
    patients = frame["patient_id"].where(known).astype(object)
    counts = patients.groupby(claims).transform("nunique")
    first_patient = patients.groupby(claims).transform("first")
    differs = (known & (counts > 1) & (patients != first_patient)).to_numpy(dtype=bool)
    problems.rows(
        table,
        differs,
        "patient_id",
        lambda i: f"claim {frame['claim_id'].iloc[i]} has lines of more than one patient",
        "one patient per claim",
    )
