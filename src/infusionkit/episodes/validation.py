"""Turn raw text tables into typed episode tables, collecting every problem before raising.

Problems become :class:`~infusionkit.errors.InputError` records naming file, line, row id and
column; at most :data:`~infusionkit.errors.MAX_SHOWN` are kept (the others are counted) and raised
together as :class:`~infusionkit.errors.InputErrors`. Nothing partial is returned.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd

from infusionkit import catalog
from infusionkit.bounds import FIRST_DATE, LAST_DATE, MAX_SPAN_DAYS
from infusionkit.episodes.checks import check_table
from infusionkit.episodes.columns import (
    MONEY_COLUMNS,
    PHI_COLUMNS,
    PHI_NAME_PARTS,
    SITES,
    SPECS,
    TABLES,
    UNIQUE_IDS,
    Column,
    TableSpec,
)
from infusionkit.episodes.model import isin_text
from infusionkit.episodes.readers import RawSource, RawTable
from infusionkit.errors import MAX_SHOWN, InputError, InputErrors
from infusionkit.money import MoneyError, parse_decimal, parse_money

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # characters no id or name may hold
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class Redactor:
    """Shows patient ids in messages only as their keyed pseudonyms (raw with ``include_phi``).

    ``values`` are the patient ids of the source (every ``patient_id`` cell, and cells of extra
    columns whose name says they hold PHI). Any quoted value in a message, and any row id, that is
    one of them is replaced by ``patient PT-...``: the ``patient_ref`` of the simulation outputs.
    """

    def __init__(
        self, values: set[str] | None = None, include_phi: bool = False, key: bytes | None = None
    ):
        self.values = values or set()
        self.include_phi = include_phi
        self._key = key

    @classmethod
    def of(
        cls,
        source: RawSource,
        include_phi: bool,
        key: bytes | None,
        phi_names: frozenset[str] = frozenset(),
    ) -> Redactor:
        """The redactor of ``source``; ``phi_names``: more column names holding patient ids
        (a ``--map``'s names for ``patient_id``)."""
        values: set[str] = set()
        if not include_phi:
            for table in source.tables.values():
                for column in table.frame.columns:
                    name = str(column)
                    if (
                        name in PHI_COLUMNS
                        or name in phi_names
                        or any(part in name for part in PHI_NAME_PARTS)
                    ):
                        values.update(_stripped(table.frame[column]).unique().tolist())
            values.discard("")
        return cls(values, include_phi, key)

    def patient(self, value: object) -> str:
        """A patient id for a message: ``patient PT-...`` (``'P1'`` with ``include_phi``)."""
        if self.include_phi:
            return repr(value)
        from infusionkit.pseudonym import pseudonym, pseudonym_key

        if self._key is None:
            self._key = pseudonym_key()
        return f"patient {pseudonym(str(value).strip(), self._key)}"

    def clean(self, error: InputError) -> InputError:
        if self.include_phi or not self.values:
            return error
        message = _QUOTED.sub(self._token, error.message)
        row_id = error.row_id
        if row_id is not None and row_id.strip() in self.values:
            row_id = self.patient(row_id)
        if message == error.message and row_id == error.row_id:
            return error
        return dataclasses.replace(error, message=message, row_id=row_id)

    def _token(self, match: re.Match[str]) -> str:
        token = match.group(0)
        try:
            value = ast.literal_eval(token)
        except (ValueError, SyntaxError):
            return token
        if isinstance(value, str) and value.strip() in self.values:
            return self.patient(value)
        return token


class Problems:
    """Collects input errors; stores the first :data:`MAX_SHOWN` (those shown), counts all."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        self.stored: list[InputError] = []
        self.total = 0
        self.redactor = redactor or Redactor()

    def add(self, error: InputError) -> None:
        self.total += 1
        if len(self.stored) < MAX_SHOWN:
            self.stored.append(error)

    def rows(
        self,
        table: TypedTable,
        mask: np.ndarray | pd.Series,
        column: str | None,
        message: Callable[[int], str] | str,
        allowed: str | None = None,
    ) -> None:
        """One error for each row where ``mask`` is true (``message`` may take the row position)."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        room = max(MAX_SHOWN - len(self.stored), 0)
        for position in positions[:room]:
            text = message(int(position)) if callable(message) else message
            self.stored.append(
                InputError(
                    file=table.file,
                    line=int(table.lines[position]),
                    row_id=table.row_id(int(position)),
                    column=column,
                    message=text,
                    allowed=allowed,
                )
            )
        self.total += len(positions)

    def raise_if_any(self) -> None:
        if not self.total:
            return
        errors = sorted(
            (self.redactor.clean(e) for e in self.stored), key=lambda e: (e.file, e.line or 0)
        )
        raise InputErrors(errors, total=self.total)


class TypedTable:
    """A table being normalised: typed frame plus where each row came from."""

    def __init__(self, raw: RawTable):
        self.name = raw.name
        self.file = raw.file
        self.lines = raw.lines
        self.header_line = raw.header_line
        self.raw = raw.frame
        self.frame = pd.DataFrame(index=pd.RangeIndex(len(raw.frame)))
        self.id_columns: list[pd.Series] = []

    def row_id(self, position: int) -> str | None:
        """The row's own id (first non-blank id column) for messages."""
        for ids in self.id_columns:
            value = ids.iloc[position]
            if isinstance(value, str) and value:
                return value
        return None


# --- public entry --------------------------------------------------------------------------------


def normalise_source(
    source: RawSource, *, include_phi: bool = False, key: bytes | None = None
) -> dict[str, pd.DataFrame]:
    """Validate and type every table of ``source``; raise :class:`InputErrors` on any problem.

    Messages show patient ids only as keyed pseudonyms (``key``: the user's pseudonym key),
    unless ``include_phi``.
    """
    problems = Problems(Redactor.of(source, include_phi, key))
    if "therapies" not in source.tables:
        problems.add(
            InputError(
                file=source.location,
                message="missing table 'therapies' (required)",
                allowed=", ".join(TABLES) + " (therapies required, the others optional)",
            )
        )
    typed: dict[str, TypedTable] = {}
    for name in TABLES:
        raw = source.tables.get(name)
        if raw is None:
            continue
        table = TypedTable(raw)
        if check_header(table, SPECS[table.name], problems):
            _convert(table, problems)
            _check_rows(table, problems)
            check_table(table, problems)
            typed[name] = table
    _check_references(typed, problems, problems.redactor)
    problems.raise_if_any()
    return {name: _finish(typed[name]) if name in typed else empty_table(name) for name in TABLES}


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with the normalised columns and dtypes."""
    columns = {column.name: _empty_series(column) for column in SPECS[name].columns}
    columns["source_line"] = pd.Series([], dtype="int64")
    return pd.DataFrame(columns)


def _empty_series(column: Column) -> pd.Series:
    dtype = {
        "date": "datetime64[s]",
        "float": "float64",
        "int": "int64",
        "decimal": "object",
    }.get(column.kind, "string")
    return pd.Series([], dtype=dtype)


def _finish(table: TypedTable) -> pd.DataFrame:
    frame = table.frame
    frame["source_line"] = np.asarray(table.lines, dtype=np.int64)
    known = set(SPECS[table.name].names) | {"source_line"}
    for column in table.raw.columns:
        if column not in known and column:
            frame[column] = _text(table.raw[column])
    return frame


# --- header and cells ----------------------------------------------------------------------------


def check_header(table: TypedTable, spec: TableSpec, problems: Problems) -> bool:
    """True when ``table`` has every required column of ``spec``; each missing one is a
    problem on the header line."""
    present = set(table.raw.columns)
    missing = [name for name in spec.required if name not in present]
    for name in missing:
        problems.add(
            InputError(
                file=table.file,
                line=table.header_line,
                column=name,
                message=f"missing required column '{name}'",
                allowed="required columns: " + ", ".join(spec.required),
            )
        )
    return not missing


def _stripped(series: pd.Series) -> pd.Series:
    """Cells as stripped ``string`` text, blank = ``""`` (Decimal cells become their text)."""
    if not isinstance(series.dtype, pd.StringDtype):
        series = pd.Series(
            ["" if v is None else str(v) for v in series.to_numpy(dtype=object)],
            index=series.index,
            dtype=pd.StringDtype(),
        )
    return series.fillna("").str.strip()


def _text(series: pd.Series) -> pd.Series:
    text = _stripped(series)
    return text.mask(text == "")


def _by_unique(series: pd.Series, convert: Callable[[pd.Index], np.ndarray]) -> np.ndarray:
    """Apply ``convert`` to the distinct values only (fast for repetitive columns)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    converted = np.asarray(convert(pd.Index(uniques, dtype=series.dtype)))
    if len(converted) == 0:
        return np.empty(len(series), dtype=converted.dtype)
    return converted[codes]


def _convert(table: TypedTable, problems: Problems) -> None:
    spec = SPECS[table.name]
    raw = table.raw
    table.id_columns = [_stripped(raw[name]) for name in spec.id_columns if name in raw.columns]
    for column in spec.columns:
        if column.name in raw.columns:
            series = raw[column.name]
        else:
            series = pd.Series([""] * len(raw), dtype=pd.StringDtype())
        table.frame[column.name] = convert_column(table, column, series, problems)


def convert_column(
    table: TypedTable, column: Column, series: pd.Series, problems: Problems
) -> pd.Series:
    """One raw column converted to its kind (decimal, int, date, code, text …); every bad cell
    is added to ``problems`` with its row and column (the claim lines read theirs this way too)."""
    name = column.name
    if column.kind == "decimal":
        return _decimal_column(table, column, series, problems)
    text = _stripped(series)
    blank = (text == "").to_numpy(dtype=bool)
    if column.required:
        problems.rows(
            table, blank, name, "required value is blank", "a value: the column is required"
        )
    if column.kind in ("text", "code"):
        control = text.str.contains(_CONTROL, regex=True).fillna(False).to_numpy(dtype=bool)
        problems.rows(
            table,
            control,
            name,
            "contains a control character",
            "printable text (no characters below U+0020 other than tab and line breaks)",
        )
        values = text.str.upper() if column.kind == "code" else text
        return values.mask(blank | control)
    if column.kind == "site":
        values = text.str.lower().mask(blank, "home")
        bad = ~values.isin(SITES).to_numpy(dtype=bool)
        problems.rows(
            table, bad, name, lambda i: f"unknown site {text.iloc[i]!r}", "home, ais (blank = home)"
        )
        return values.mask(bad)
    if column.kind == "date":
        dates = pd.Series(_by_unique(text, _parse_dates), dtype="datetime64[s]")
        bad = ~blank & dates.isna().to_numpy(dtype=bool)
        problems.rows(table, bad, name, lambda i: f"{text.iloc[i]!r} is not a date", "YYYY-MM-DD")
        early, late = np.datetime64(FIRST_DATE, "s"), np.datetime64(LAST_DATE, "s")
        stamps = dates.to_numpy(dtype="datetime64[s]")
        outside = ~blank & ~bad & ((stamps < early) | (stamps > late))
        problems.rows(
            table,
            outside,
            name,
            lambda i: f"{text.iloc[i]!r} is out of range",
            f"a date from {FIRST_DATE} to {LAST_DATE}",
        )
        return dates.mask(outside)
    values = _by_unique(text, _parse_numbers)
    bad = ~blank & ~np.isfinite(values)
    problems.rows(table, bad, name, lambda i: f"{text.iloc[i]!r} is not a number", "a number")
    fine = ~blank & ~bad
    if column.kind == "int":
        fraction = fine & (np.floor(values) != values)
        problems.rows(
            table, fraction, name, lambda i: f"{text.iloc[i]!r} is not a whole number", "integer"
        )
        fine &= ~fraction
    fine &= ~_out_of_range(table, column, values, fine, text, problems)
    if column.kind == "int":  # only values inside the bounds are cast (no overflow)
        return pd.Series(np.where(fine, values, 0).astype(np.int64), dtype="int64")
    return pd.Series(np.where(fine, values, np.nan), dtype="float64")


def _out_of_range(
    table: TypedTable,
    column: Column,
    values: np.ndarray,
    fine: np.ndarray,
    text: pd.Series,
    problems: Problems,
) -> np.ndarray:
    """Rows whose number lies outside the column's bounds (one error each)."""
    low, high = column.low, column.high
    below = np.zeros(len(values), dtype=bool)
    above = np.zeros(len(values), dtype=bool)
    with np.errstate(invalid="ignore"):
        if low is not None:
            below = fine & ((values <= float(low)) if column.low_open else (values < float(low)))
        if high is not None:
            above = fine & (values > float(high))
    allowed = column.bounds_text()
    problems.rows(table, below, column.name, _too_low(column), allowed)
    problems.rows(
        table,
        above,
        column.name,
        lambda i: f"{text.iloc[i]!r} is out of range (too large)",
        allowed,
    )
    return below | above


def _too_low(column: Column) -> str:
    if column.low_open:
        return f"must be more than {column.low:g}"
    if column.low == 0:
        return "must not be negative"
    return f"must be at least {column.low}"


def _parse_dates(uniques: pd.Index) -> np.ndarray:
    text = pd.Series(uniques, dtype=pd.StringDtype())
    shaped = text.str.fullmatch(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
    dates = pd.to_datetime(text.mask(~shaped), format="%Y-%m-%d", errors="coerce")
    return dates.to_numpy(dtype="datetime64[s]")


def _parse_numbers(uniques: pd.Index) -> np.ndarray:
    text = pd.Series(uniques, dtype=pd.StringDtype())
    numbers = pd.to_numeric(text.mask(text == ""), errors="coerce")
    return pd.Series(numbers, dtype="Float64").to_numpy(dtype=np.float64, na_value=np.nan)


def _decimal_column(
    table: TypedTable, column: Column, series: pd.Series, problems: Problems
) -> pd.Series:
    money = column.name in MONEY_COLUMNS
    places = column.places

    def parse(value: object) -> Decimal | None | str:
        text = value.strip() if isinstance(value, str) else value
        if text is None or text is pd.NA or text == "":
            return None
        try:
            if money:
                number = parse_money(text, places=places or 2)
            else:
                number = parse_decimal(text, places=places, what="number")
        except MoneyError as exc:
            return str(exc)
        if column.low is not None and number < column.low:
            return _too_low(column)
        if column.high is not None and number > column.high:
            return f"{str(text)!r} is out of range (too large)"
        return number

    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=False)
    pool = np.empty(len(uniques), dtype=object)
    pool[:] = [parse(value) for value in uniques]
    values = pool[codes] if len(pool) else np.empty(0, dtype=object)
    is_error = np.isin(codes, [i for i, v in enumerate(pool) if isinstance(v, str)])
    allowed = ("dollars with at most 2 decimals" if money else _places_text(places)) + (
        f", {column.bounds_text()}" if column.high is not None else ""
    )
    problems.rows(table, is_error, column.name, lambda i: str(values[i]), allowed)
    if column.required:
        blank = np.isin(codes, [i for i, v in enumerate(pool) if v is None])
        problems.rows(
            table, blank, column.name, "required value is blank", "a value: the column is required"
        )
    values = values.copy()
    values[is_error] = None
    return pd.Series(values, dtype=object)


def _places_text(places: int | None) -> str:
    return f"a number with at most {places} decimals" if places is not None else "a number"


# --- row checks ----------------------------------------------------------------------------------


def _check_rows(table: TypedTable, problems: Problems) -> None:
    frame = table.frame
    name = table.name
    if "start_date" in frame and "end_date" in frame:
        before = (frame["end_date"] < frame["start_date"]).fillna(False).to_numpy(dtype=bool)
        problems.rows(
            table, before, "end_date", "end_date is before start_date", "on or after start_date"
        )
        span = (frame["end_date"] - frame["start_date"]).dt.days
        long = (span > MAX_SPAN_DAYS).fillna(False).to_numpy(dtype=bool)
        problems.rows(
            table,
            long,
            "end_date",
            lambda i: f"spans {int(span.iloc[i]):,} days",
            f"at most {MAX_SPAN_DAYS:,} days from start_date (split longer courses into rows)",
        )
    if name in UNIQUE_IDS:
        _check_unique(table, UNIQUE_IDS[name], problems)
    if name == "therapies":
        _check_codes(table, _therapy_code_problem, problems)
    if name in ("drugs", "other"):
        _check_codes(
            table, _drug_code_problem if name == "drugs" else _other_code_problem, problems
        )


def _check_unique(table: TypedTable, column: str, problems: Problems) -> None:
    ids = table.frame[column]
    present = ids.notna().to_numpy(dtype=bool)
    duplicated = ids.duplicated(keep="first").to_numpy(dtype=bool) & present
    if not duplicated.any():
        return
    lines = pd.Series(table.lines, index=ids.index)
    first = lines[present].groupby(ids[present].astype(object)).transform("first")
    first_line = first.reindex(ids.index).to_numpy()
    problems.rows(
        table,
        duplicated,
        column,
        lambda i: (
            f"duplicate {column} {ids.iloc[i]!r} (lines {first_line[i]} and {table.lines[i]})"
        ),
        f"each {column} once",
    )


def _check_codes(
    table: TypedTable,
    problem_of: Callable[[str], tuple[str, str] | None],
    problems: Problems,
) -> None:
    codes, uniques = pd.factorize(table.frame["hcpcs"])
    verdicts = [problem_of(code) for code in uniques]
    texts = [verdict[0] if verdict else "" for verdict in verdicts]
    for allowed in sorted({v[1] for v in verdicts if v is not None}):
        wanted = [i for i, v in enumerate(verdicts) if v is not None and v[1] == allowed]
        mask = np.isin(codes, wanted)
        problems.rows(table, mask, "hcpcs", lambda i: texts[codes[i]], allowed)


_PER_DIEM_ALLOWED = "a per diem S-code from the catalog (infusionkit codes --kind per_diem)"
_DRUG_ALLOWED = "a drug or supply HCPCS code outside the catalog, e.g. J1569, B4189"
_OTHER_ALLOWED = (
    "catheter care, kit, pump, pharmacy, delivery or hourly nursing codes, "
    "or another HCPCS level II code"
)


def _therapy_code_problem(code: str) -> tuple[str, str] | None:
    found = catalog.misfit(code, "per_diem")
    if found is None:
        return None
    if found.kind is None:
        return f"unknown code {code!r}", _PER_DIEM_ALLOWED
    return (
        f"wrong kind: {code} is a {found.kind} code, therapies need a per diem S-code",
        _PER_DIEM_ALLOWED,
    )


def _drug_code_problem(code: str) -> tuple[str, str] | None:
    found = catalog.misfit(code, "drug")
    if found is None:
        return None
    if found.kind is not None:
        what = "per diem S-code" if found.kind == "per_diem" else f"{found.kind} code"
        return f"wrong kind: {code} is a {what}, drug lines need a drug code", _DRUG_ALLOWED
    return f"{code!r} is not a HCPCS level II code", _DRUG_ALLOWED


_BELONGS_IN = {
    "per_diem": "the therapies table",
    "nursing_visit": "the nursing table",
    "modifier": "a modifier column, not a code",
}


def _other_code_problem(code: str) -> tuple[str, str] | None:
    found = catalog.misfit(code, "other")
    if found is None:
        return None
    if found.kind is not None:
        return (
            f"wrong kind: {code} is a {found.kind} code, it belongs in {_BELONGS_IN[found.kind]}",
            _OTHER_ALLOWED,
        )
    return f"{code!r} is not a HCPCS level II code", _OTHER_ALLOWED


# --- cross-table checks --------------------------------------------------------------------------


def _check_references(typed: dict[str, TypedTable], problems: Problems, redactor: Redactor) -> None:
    therapies = typed.get("therapies")
    if therapies is None:
        return
    frame = therapies.frame
    known = frame["therapy_id"].dropna()
    patient_of = (
        frame.loc[known.index, "patient_id"]
        .astype(object)
        .groupby(known.astype(object).to_numpy())
        .first()
    )
    for name in ("holds", "administrations", "drugs"):
        table = typed.get(name)
        if table is None:
            continue
        ids = table.frame["therapy_id"]
        unknown = ids.notna().to_numpy(dtype=bool) & ~isin_text(ids, patient_of.index)
        problems.rows(
            table,
            unknown,
            "therapy_id",
            _unknown_therapy(ids),
            "a therapy_id of the therapies table"
            + (" or blank" if name != "administrations" else ""),
        )
        if name == "holds":
            expected = ids.astype(object).map(patient_of)
            actual = table.frame["patient_id"].astype(object)
            differs = (expected.notna() & actual.notna() & (expected != actual)).to_numpy(bool)
            problems.rows(
                table,
                differs,
                "patient_id",
                _other_patient(ids, expected, actual, redactor),
                "the patient_id of the therapy",
            )


def _unknown_therapy(ids: pd.Series) -> Callable[[int], str]:
    return lambda i: f"therapy_id {ids.iloc[i]!r} is not in therapies"


def _other_patient(
    ids: pd.Series, expected: pd.Series, actual: pd.Series, redactor: Redactor
) -> Callable[[int], str]:
    return lambda i: (
        f"patient_id ({redactor.patient(actual.iloc[i])}) differs from the patient of therapy "
        f"{ids.iloc[i]!r} ({redactor.patient(expected.iloc[i])})"
    )
