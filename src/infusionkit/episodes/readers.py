"""Read episode tables from a CSV folder, an ``.xlsx`` workbook or a Parquet folder into raw text.

A raw table holds every cell as text (``""`` when blank), except exact decimals from Parquet
``decimal`` columns, which stay :class:`~decimal.Decimal`. Numbers that arrive as binary floats
(Excel numeric cells, Parquet ``double`` columns) become their shortest ``repr`` text (``0.1`` →
``"0.1"``), so what the user typed survives whenever a float can hold it. Validation happens later.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.episodes.columns import TABLES
from infusionkit.errors import InputError, InputErrors


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
    if parquets and not csvs:
        return _read_parquet_folder(path, parquets, tables[0])
    read = {name: _read_csv(name, file) for name, file in csvs.items()}
    return RawSource(read, tuple(csvs.values()), str(path / f"{tables[0]}.csv"))


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


def _read_csv(name: str, file: Path) -> RawTable:
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
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
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


def _read_parquet_folder(folder: Path, files: dict[str, Path], first: str) -> RawSource:
    import pyarrow.parquet as pq

    tables: dict[str, RawTable] = {}
    errors: list[InputError] = []
    for name, file in files.items():
        try:
            frame = pq.read_table(file).to_pandas()
        except Exception as exc:  # pyarrow raises several types for damaged files
            errors.append(InputError(file=str(file), message=f"cannot read Parquet: {exc}"))
            continue
        raw = frames_to_text(frame)
        raw.columns = _clean_header(list(raw.columns))
        tables[name] = RawTable(name, raw, str(file), np.arange(1, len(raw) + 1, dtype=np.int64))
    if errors:
        raise InputErrors(errors)
    return RawSource(tables, tuple(files.values()), str(folder / f"{first}.parquet"))


def _read_xlsx(book: Path, wanted: tuple[str, ...], names: dict[str, str]) -> RawSource:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(book, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise InputErrors(
            [InputError(file=str(book), message=f"cannot read workbook: {exc}")]
        ) from None
    tables: dict[str, RawTable] = {}
    try:
        sheets = {str(name).strip().lower(): name for name in workbook.sheetnames}
        for name in wanted:
            sheet_name = names.get(name, name).strip().lower()
            if sheet_name not in sheets:
                if name in names:
                    raise InputErrors(
                        [
                            InputError(
                                file=f"{book}#{names[name]}",
                                message=f"sheet for table '{name}' not found",
                                allowed=", ".join(str(n) for n in workbook.sheetnames),
                            )
                        ]
                    )
                continue
            sheet = workbook[sheets[sheet_name]]
            header: list[str] | None = None
            header_line = 1
            rows: list[tuple[object, ...]] = []
            lines: list[int] = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if all(
                    cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row
                ):
                    continue
                if header is None:
                    header, header_line = _clean_header(list(row)), number
                    continue
                rows.append(row)
                lines.append(number)
            header = header or []
            width = len(header)
            while width and not header[width - 1]:
                width -= 1  # trailing empty header cells
            data = [tuple(row[:width]) + (None,) * (width - len(row)) for row in rows]
            frame = pd.DataFrame(data, columns=header[:width], dtype=object)
            tables[name] = RawTable(
                name,
                frames_to_text(frame),
                f"{book}#{name}",
                np.asarray(lines, dtype=np.int64),
                header_line,
            )
    finally:
        workbook.close()
    return RawSource(tables, (book,), f"{book}#{wanted[0]}")


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
