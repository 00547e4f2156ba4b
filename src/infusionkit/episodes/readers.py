"""Read episode tables from a CSV folder, an ``.xlsx`` workbook or a Parquet folder into raw text.

A raw table holds every cell as text (``""`` when blank), except exact decimals from Parquet
``decimal`` columns, which stay :class:`~decimal.Decimal`. Numbers that arrive as binary floats
(Excel numeric cells, Parquet ``double`` columns) become their shortest ``repr`` text (``0.1`` →
``"0.1"``), so what the user typed survives whenever a float can hold it. Validation happens later.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from infusionkit.bounds import MAX_COLUMNS, MAX_XLSX_BYTES, MAX_XLSX_XML_BYTES
from infusionkit.episodes.columns import TABLES
from infusionkit.errors import InputError, InputErrors

# Files a source folder may hold beside its tables: notes and what the toolkit itself writes.
COMPANION_FILES = ("derivation.csv",)
_NOTE_SUFFIXES = (".md", ".rst")


@dataclass(frozen=True)
class RawTable:
    """One table as read: text cells, where it came from, and the source line of each row."""

    name: str
    frame: pd.DataFrame  # "string" columns ("" = blank); object columns where Decimals occur
    file: str  # path, or "book.xlsx#sheet", or the table name for in-memory frames
    lines: np.ndarray  # int64 source line of each row
    header_line: int = 1


@dataclass(frozen=True)
class RawSource:
    """Every table found in a source, plus the files read."""

    tables: dict[str, RawTable]
    files: tuple[Path, ...]
    location: str  # how to name a missing table ("folder/therapies.csv", "book.xlsx#therapies")


def read_source(
    source: str | Path,
    tables: tuple[str, ...] = TABLES,
    names: Mapping[str, str] | None = None,
) -> RawSource:
    """Read a CSV folder, a Parquet folder or an ``.xlsx`` workbook; raise InputErrors if bad.

    ``tables`` are the table names to look for; ``names`` gives a table's file (in a folder) or
    sheet (in a workbook) under another name (``--map``: ``{"therapies": "Courses.csv"}``).
    """
    path = Path(source)
    names = dict(names or {})
    if not path.exists():
        raise InputErrors([InputError(file=str(path), message="episodes source not found")])
    if path.is_file():
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(path, tables, names)
        raise InputErrors(
            [
                InputError(
                    file=str(path),
                    message="not an episodes source",
                    allowed="a folder of CSV or Parquet files, or an .xlsx workbook",
                )
            ]
        )
    _check_named_files(path, names)
    csvs = _files(path, tables, names, ".csv")
    parquets = _files(path, tables, names, ".parquet")
    _check_folder(path, tables, names, csvs, parquets)
    if parquets and not csvs:
        return read_parquet_folder(path, parquets, tables[0])
    read: dict[str, RawTable] = {}
    errors: list[InputError] = []
    for name, file in csvs.items():
        try:
            read[name] = read_csv(name, file)
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return RawSource(read, tuple(csvs.values()), str(path / f"{tables[0]}.csv"))


def _check_folder(
    folder: Path,
    tables: tuple[str, ...],
    names: dict[str, str],
    csvs: dict[str, Path],
    parquets: dict[str, Path],
) -> None:
    """Every file of the folder must be a table (nothing is skipped silently); CSV and Parquet
    tables are not mixed."""
    expected = [names.get(t, f"{t}.csv") for t in tables]
    expected += [f"{t}.parquet" for t in tables if t not in names]
    used = {file.name for file in [*csvs.values(), *parquets.values()]}
    errors = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name in used or name.startswith(".") or _is_note(name):
            continue
        what = "folder" if entry.is_dir() else "file"
        errors.append(
            InputError(
                file=str(entry),
                message=f"unknown {what} {name!r}: not a table of this source"
                + _suggestion(name, expected),
                allowed="tables named " + ", ".join(expected) + " (or a --map naming yours)",
            )
        )
    if csvs and parquets:
        errors.append(
            InputError(
                file=str(folder),
                message="CSV and Parquet tables in one folder ("
                + ", ".join(sorted(used))
                + "): which one holds the data?",
                allowed="one format per folder: all tables as CSV, or all as Parquet",
            )
        )
    if errors:
        raise InputErrors(errors)


def _is_note(name: str) -> bool:
    lower = name.lower()
    return lower.startswith("readme") or lower.endswith(_NOTE_SUFFIXES) or lower in COMPANION_FILES


def _suggestion(name: str, expected: list[str]) -> str:
    """``"; did you mean 'nursing.csv'?"`` for a close name (case, plural, typo), else ``""``."""
    lowered = {option.lower(): option for option in expected}
    key = name.strip().lower()
    match = lowered.get(key) or next(
        iter(difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)), None
    )
    if match is None:
        stem = key.rsplit(".", 1)[0]
        stems = {option.rsplit(".", 1)[0].lower(): option for option in expected}
        close = difflib.get_close_matches(stem, list(stems), n=1, cutoff=0.6)
        match = lowered.get(stems[close[0]].lower()) if close else None
        if match is None:
            starts = [option for stem_, option in stems.items() if stem.startswith(stem_)]
            match = starts[0] if starts else None
    return f"; did you mean {match!r}?" if match else ""


def _files(
    folder: Path, tables: tuple[str, ...], names: dict[str, str], suffix: str
) -> dict[str, Path]:
    """The file of each table found in ``folder`` with ``suffix`` (its own or its mapped name)."""
    found = {}
    for name in tables:
        file = folder / names.get(name, f"{name}{suffix}")
        if file.suffix.lower() == suffix and file.is_file():
            found[name] = file
    return found


def _check_named_files(folder: Path, names: dict[str, str]) -> None:
    missing = [
        InputError(file=str(folder / file), message=f"file for table '{table}' not found")
        for table, file in names.items()
        if not (folder / file).is_file()
    ]
    if missing:
        raise InputErrors(missing)


def _clean_header(names: list[object]) -> list[str]:
    return [str(name).strip().lower() if name is not None else "" for name in names]


def header_problems(
    file: str, names: list[object], line: int | None = 1, letters: bool = False
) -> list[InputError]:
    """Columns given twice (names compare case- and space-insensitively), and too many columns."""
    if len(names) > MAX_COLUMNS:
        return [
            InputError(
                file=file,
                line=line,
                message=f"{len(names):,} columns",
                allowed=f"at most {MAX_COLUMNS:,} columns",
            )
        ]
    seen: dict[str, tuple[int, str]] = {}
    errors = []
    for position, raw in enumerate(names, start=1):
        text = "" if raw is None else str(raw)
        key = text.strip().lower()
        if not key:
            continue
        if key not in seen:
            seen[key] = (position, text)
            continue
        first, first_text = seen[key]
        errors.append(
            InputError(
                file=file,
                line=line,
                column=key,
                message=(
                    f"column {first_text!r} ({_place(first, letters)}) and column {text!r} "
                    f"({_place(position, letters)}) are the same column: which one holds the data?"
                ),
                allowed="each column once (names are compared ignoring case)",
            )
        )
    return errors


def _place(position: int, letters: bool) -> str:
    if letters:
        from openpyxl.utils import get_column_letter

        return f"column {get_column_letter(position)}"
    return f"field {position}"


def not_utf8(file: Path) -> InputError:
    """The located error for a text file that is not UTF-8 (the first line that is not)."""
    number = 0
    byte = ""
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):  # noqa: B007
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = f" (byte 0x{raw[exc.start]:02X})"
                break
    return InputError(
        file=str(file),
        line=number or None,
        message=f"not UTF-8 text{byte}",
        allowed="a UTF-8 CSV (in Excel: Save As, CSV UTF-8)",
    )


def _csv_header(file: Path) -> list[str]:
    with file.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def read_csv(name: str, file: Path) -> RawTable:
    """Table ``name`` from one UTF-8 CSV file, every cell as text, each row with its line."""
    try:
        header = _csv_header(file)
    except UnicodeDecodeError:
        raise InputErrors([not_utf8(file)]) from None
    except csv.Error as exc:
        raise InputErrors(
            [InputError(file=str(file), line=1, message=f"cannot read CSV header: {exc}")]
        ) from None
    duplicated = header_problems(str(file), list(header))
    if duplicated:
        raise InputErrors(duplicated)
    try:
        frame = pd.read_csv(
            file,
            dtype=pd.StringDtype(),
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
        )
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame()
    except UnicodeDecodeError:
        raise InputErrors([not_utf8(file)]) from None
    except pd.errors.ParserError as exc:
        raise InputErrors(
            [InputError(file=str(file), message=f"cannot read CSV: {exc}", allowed="UTF-8 CSV")]
        ) from None
    frame.columns = _clean_header(list(frame.columns))
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    if len(frame.columns) and len(frame):
        # quoted fields holding line breaks push later rows down
        breaks = np.zeros(len(frame), dtype=np.int64)
        for column in frame.columns:
            values = frame[column].fillna("")
            if values.str.contains("\n", regex=False).any():
                breaks += values.str.count("\n").to_numpy(dtype=np.int64)
        if breaks.any():
            lines = lines + np.concatenate(([0], np.cumsum(breaks)[:-1]))
    return _drop_blank(RawTable(name, frame, str(file), lines))


def _drop_blank(table: RawTable) -> RawTable:
    """Drop rows whose cells are all empty (blank lines, lines of bare commas)."""
    frame = table.frame
    if not len(frame) or not len(frame.columns):
        return table
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        blank &= (frame[column].fillna("") == "").to_numpy(dtype=bool)
    if not blank.any():
        return table
    keep = ~blank
    return RawTable(
        table.name,
        frame.loc[keep].reset_index(drop=True),
        table.file,
        table.lines[keep],
        table.header_line,
    )


def read_parquet_folder(folder: Path, files: dict[str, Path], first: str) -> RawSource:
    """The tables of ``files`` (name -> Parquet file) in ``folder``, cells as text."""
    import pyarrow.parquet as pq

    tables: dict[str, RawTable] = {}
    errors: list[InputError] = []
    for name, file in files.items():
        try:
            frame = pq.read_table(file).to_pandas()
        except Exception as exc:  # pyarrow raises several types for damaged files
            errors.append(InputError(file=str(file), message=f"cannot read Parquet: {exc}"))
            continue
        duplicated = header_problems(str(file), list(frame.columns), line=None)
        if duplicated:
            errors.extend(duplicated)
            continue
        raw = frames_to_text(frame)
        raw.columns = _clean_header(list(raw.columns))
        tables[name] = RawTable(name, raw, str(file), np.arange(1, len(raw) + 1, dtype=np.int64))
    if errors:
        raise InputErrors(errors)
    return RawSource(tables, tuple(files.values()), str(folder / f"{first}.parquet"))


def _read_xlsx(book: Path, wanted: tuple[str, ...], names: dict[str, str]) -> RawSource:
    """Every wanted sheet of ``book``; any other sheet holding data is an error.

    Reads are bounded: the file and its unpacked XML have size caps, and only cells present in
    the sheet XML are visited (a declared used range or one far cell such as ``XFD1048576`` costs
    nothing), so time grows with the data, not the sheet's extent.
    """
    workbook = _open_workbook(book)
    tables: dict[str, RawTable] = {}
    errors: list[InputError] = []
    try:
        sheets = [ws for ws in workbook.worksheets if hasattr(ws, "_get_source")]
        by_name: dict[str, Any] = {}
        for sheet in sheets:
            key = str(sheet.title).strip().lower()
            if key in by_name:
                errors.append(
                    InputError(
                        file=f"{book}#{sheet.title}",
                        message=f"sheets {by_name[key].title!r} and {sheet.title!r} are the same "
                        "table: which one holds the data?",
                        allowed="each table once",
                    )
                )
            by_name.setdefault(key, sheet)
        used: set[str] = set()
        for name in wanted:
            sheet_name = names.get(name, name).strip().lower()
            if sheet_name not in by_name:
                if name in names:
                    errors.append(
                        InputError(
                            file=f"{book}#{names[name]}",
                            message=f"sheet for table '{name}' not found",
                            allowed=", ".join(str(n) for n in workbook.sheetnames),
                        )
                    )
                continue
            used.add(sheet_name)
            try:
                tables[name] = _read_sheet(by_name[sheet_name], name, f"{book}#{name}")
            except InputErrors as exc:
                errors.extend(exc.errors)
        expected = [names.get(t, t) for t in wanted]
        for key, sheet in by_name.items():
            if key in used or not any(True for _ in _sheet_rows(sheet)):
                continue  # an empty extra sheet loses nothing
            errors.append(
                InputError(
                    file=f"{book}#{sheet.title}",
                    message=f"unknown sheet {sheet.title!r}: not a table of this source"
                    + _suggestion(str(sheet.title), expected),
                    allowed="sheets named " + ", ".join(expected) + " (or a --map naming yours)",
                )
            )
    finally:
        workbook.close()
    if errors:
        raise InputErrors(errors)
    return RawSource(tables, (book,), f"{book}#{wanted[0]}")


def _open_workbook(book: Path) -> Any:
    from openpyxl import load_workbook

    size = book.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise InputErrors(
            [
                InputError(
                    file=str(book),
                    message=f"workbook is {size:,} bytes",
                    allowed=f"at most {MAX_XLSX_BYTES:,} bytes (use CSV or Parquet for more)",
                )
            ]
        )
    try:
        with zipfile.ZipFile(book) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputErrors(
            [InputError(file=str(book), message=f"cannot read workbook: {exc}")]
        ) from None
    if unpacked > MAX_XLSX_XML_BYTES:
        raise InputErrors(
            [
                InputError(
                    file=str(book),
                    message=f"workbook unpacks to {unpacked:,} bytes",
                    allowed=f"at most {MAX_XLSX_XML_BYTES:,} bytes unpacked",
                )
            ]
        )
    from unittest import mock

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        with warnings.catch_warnings(), mock.patch.object(ReadOnlyWorksheet, "_get_size", _no_size):
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops
            return load_workbook(book, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise InputErrors(
            [InputError(file=str(book), message=f"cannot read workbook: {exc}")]
        ) from None


def _xpath(expression: str) -> Any:
    from lxml import etree

    return etree.XPath(expression)


_FILLED = _xpath("./*[*]")
_POSITION = _xpath("count(preceding-sibling::*)")
# an inline string's text: its <t>, or the <t> of each rich-text run (not phonetic hints)
_INLINE_TEXT = _xpath(
    "./*[local-name()='is']/*[local-name()='t']/text()"
    " | ./*[local-name()='is']/*[local-name()='r']/*[local-name()='t']/text()"
)


_BLANK_CELL = re.compile(rb"<c\b[^>]*/>")  # a self-closing cell holds no value
_CHUNK = 1 << 20


def _row_events(pull: Any, source: Any) -> Iterator[tuple[str, Any]]:
    """Feed the sheet XML to ``pull`` in chunks with empty cells cut out first (they are most of
    a sheet with thousands of formatted blank columns), yielding its row events."""
    tail = b""
    while True:
        chunk = source.read(_CHUNK)
        data = tail + chunk
        cut = data.rfind(b">") + 1 if chunk else len(data)
        data, tail = data[:cut], data[cut:]
        pull.feed(_BLANK_CELL.sub(b"", data))
        yield from pull.read_events()
        if not chunk:
            pull.close()
            yield from pull.read_events()
            return


def _no_size(sheet: Any) -> None:
    """openpyxl reads each sheet's declared size at load, scanning the whole sheet when it has
    none; :func:`_sheet_rows` never uses the size, so the scan (half the load time) is skipped."""


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, dict[int, object]]]:
    """``(row number, {column number: value})`` of each row holding a non-blank value.

    Only cells present in the sheet XML are visited, and empty (styled) cells are skipped before
    any work is done on them: no padding to the declared dimension as ``iter_rows`` does, so the
    cost is linear in the file. Values are decoded by openpyxl's own cell parser.
    """
    from lxml import etree
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser

    book = sheet.parent
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=book.data_only,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            number = 0
            pull = etree.XMLPullParser(
                events=("end",), tag=ROW_TAG, resolve_entities=False, no_network=True
            )
            for _, element in _row_events(pull, source):
                given = element.get("r")
                number = int(given) if given and given.isdigit() else number + 1
                values: dict[int, object] = {}
                parser.row_counter = number
                for cell in _FILLED(element):  # cells with a value, inline string or formula
                    ref = cell.get("r")
                    if ref is not None and cell.get("t") == "inlineStr":  # fast path: text
                        column = coordinate_to_tuple(ref)[1]
                        value = "".join(_INLINE_TEXT(cell))
                    else:
                        if ref is None:  # rare: the parser counts columns itself
                            parser.col_counter = int(_POSITION(cell))
                        parsed = parser.parse_cell(cell)
                        column, value = parsed["column"], parsed["value"]
                    if value is not None and not (isinstance(value, str) and not value.strip()):
                        values[column] = value
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]  # rows already read: keep memory flat
                if values:
                    yield number, values


def _read_sheet(sheet: Any, name: str, file: str) -> RawTable:
    from openpyxl.utils import get_column_letter

    rows = _sheet_rows(sheet)
    first = next(rows, None)
    if first is None:
        return RawTable(name, pd.DataFrame(), file, np.zeros(0, dtype=np.int64), 1)
    header_line, cells = first
    width = max(cells)
    if width > MAX_COLUMNS:
        raise InputErrors(header_problems(file, [None] * width, header_line))
    titles: list[object] = [cells.get(column) for column in range(1, width + 1)]
    errors = header_problems(file, titles, header_line, letters=True)
    header = _clean_header(titles)
    named = {position + 1 for position, title in enumerate(header) if title}
    data: list[tuple[object, ...]] = []
    lines: list[int] = []
    for number, values in rows:
        stray = sorted(set(values) - named)
        if stray:
            errors.append(
                InputError(
                    file=file,
                    line=number,
                    column=get_column_letter(stray[0]),
                    message=f"a value in column {get_column_letter(stray[0])}, which has no "
                    "header: whose column is it?",
                    allowed="a header cell above every column that holds values",
                )
            )
            continue
        data.append(tuple(values.get(column) for column in range(1, width + 1)))
        lines.append(number)
    if errors:
        raise InputErrors(errors)
    keep = [position for position, title in enumerate(header) if title]
    frame = pd.DataFrame(
        [tuple(row[i] for i in keep) for row in data],
        columns=[header[i] for i in keep],
        dtype=object,
    )
    return RawTable(
        name, frames_to_text(frame), file, np.asarray(lines, dtype=np.int64), header_line
    )


# --- converting typed cells to text -------------------------------------------------------------


def cell_text(value: object) -> object:
    """One cell as text; Decimals stay exact; blanks (None, NaN, NaT, NA) become ``""``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        return "" if math.isnan(number) else repr(number)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime | pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp.time() == dt.time(0):
            return stamp.date().isoformat()
        return stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def frames_to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column of a typed DataFrame as raw text cells (see :func:`cell_text`).

    Columns become ``string`` dtype; a column holding Decimals stays ``object``.
    """
    out: dict[str, pd.Series] = {}
    index = pd.RangeIndex(len(frame))
    for column in frame.columns:
        series = frame[column].reset_index(drop=True)
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            text = series.dt.strftime("%Y-%m-%d").astype(pd.StringDtype()).fillna("")
        elif isinstance(series.dtype, pd.StringDtype) or pd.api.types.infer_dtype(
            series, skipna=True
        ) in ("string", "empty"):
            text = series.astype(pd.StringDtype()).fillna("")
        elif pd.api.types.is_integer_dtype(series.dtype) and not series.isna().any():
            text = series.astype("int64").astype(str).astype(pd.StringDtype())
        else:
            cells = np.fromiter(
                (cell_text(value) for value in series.to_numpy(dtype=object)),
                dtype=object,
                count=len(series),
            )
            if any(isinstance(cell, Decimal) for cell in cells):
                text = pd.Series(cells, index=index, dtype=object)
            else:
                text = pd.Series(cells, index=index, dtype=pd.StringDtype())
        out[str(column)] = text
    return pd.DataFrame(out, index=index)
