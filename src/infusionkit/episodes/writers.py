"""Write episode tables as a CSV folder, a Parquet folder or one ``.xlsx`` workbook.

Dates are written ``YYYY-MM-DD``; exact decimals as their text (Parquet: ``decimal128``; Excel:
numbers, which read back to the same text for up to 15 significant digits); whole-number floats
without ``.0``. The ``source_line`` column is not written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from infusionkit.cells import csv_text, xlsx_row, xlsx_text_cell
from infusionkit.episodes.columns import SPECS, TABLES
from infusionkit.episodes.model import Episodes

Format = Literal["csv", "parquet", "xlsx"]
FORMATS: tuple[str, ...] = ("csv", "parquet", "xlsx")


def write_episodes(episodes: Episodes, out_dir: Path, fmt: Format = "csv") -> list[Path]:
    """Write every table into ``out_dir`` (created); return the files written.

    CSV and Parquet: ``<table>.csv`` / ``<table>.parquet``; xlsx: ``episodes.xlsx`` with one sheet
    per table.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_tables(episodes, lambda name: out_dir / name, fmt)


def write_tables(episodes: Episodes, path_for: Callable[[str], Path], fmt: str) -> list[Path]:
    """Every table in format ``fmt`` (csv, parquet or xlsx) at the paths ``path_for`` gives a file
    name (e.g. :meth:`infusionkit.files.OutputSet.path`); returns the files written."""
    frames = {name: _writable(episodes.table(name)) for name in TABLES}
    if fmt == "csv":
        paths = []
        for name, frame in frames.items():
            path = path_for(f"{name}.csv")
            _text_frame(name, frame).to_csv(path, index=False, lineterminator="\n")
            paths.append(path)
        return paths
    if fmt == "parquet":
        return [
            _write_parquet(name, frame, path_for(f"{name}.parquet"))
            for name, frame in frames.items()
        ]
    if fmt == "xlsx":
        return [_write_xlsx(frames, path_for("episodes.xlsx"))]
    raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")


def _writable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in ("source_line",) if c in frame.columns])


def _kind(table: str, column: str) -> str:
    spec = SPECS[table]
    return spec.column(column).kind if column in spec.names else "text"


def _number_text(value: float) -> str:
    if math.isnan(value):
        return ""
    return str(int(value)) if value == int(value) else repr(value)


def _text_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, object] = {}
    for column in frame.columns:
        series = frame[column]
        kind = _kind(name, column)
        if kind == "date":
            out[column] = series.dt.strftime("%Y-%m-%d").fillna("")
        elif kind == "float":
            out[column] = [_number_text(float(v)) for v in series.to_numpy(dtype=np.float64)]
        elif kind == "int":
            out[column] = series.astype("int64").astype(str)
        elif kind == "decimal":
            out[column] = ["" if v is None else str(v) for v in series.to_numpy(dtype=object)]
        else:  # text is never a live formula when the CSV is opened in a spreadsheet
            values = series.astype(object).where(series.notna(), "")
            out[column] = [csv_text(v) if isinstance(v, str) else v for v in values]
    text = pd.DataFrame(out, columns=list(frame.columns))
    text.columns = [csv_text(str(c)) for c in text.columns]
    return text


def _write_parquet(name: str, frame: pd.DataFrame, path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = []
    for column in frame.columns:
        series = frame[column]
        kind = _kind(name, column)
        if kind == "date":
            arrays.append(
                pa.array(
                    series.to_numpy(dtype="datetime64[s]").astype("datetime64[D]"), pa.date32()
                )
            )
        elif kind == "float":
            arrays.append(
                pa.array(series.to_numpy(dtype=np.float64), pa.float64(), from_pandas=True)
            )
        elif kind == "int":
            arrays.append(pa.array(series.to_numpy(dtype=np.int64), pa.int64()))
        elif kind == "decimal":
            values = list(series.to_numpy(dtype=object))
            scale = max((_places(v) for v in values if v is not None), default=0)
            arrays.append(pa.array(values, pa.decimal128(28, scale)))
        else:
            arrays.append(pa.array(series.astype(object).where(series.notna(), None), pa.string()))
    pq.write_table(pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns]), path)
    return path


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(xlsx_row(sheet, [str(c) for c in frame.columns]))
        kinds = [_kind(name, str(c)) for c in frame.columns]
        columns = [_xlsx_values(frame[c], k) for c, k in zip(frame.columns, kinds, strict=True)]
        for row in zip(*columns, strict=True) if columns else ():
            cells = []
            for value, kind in zip(row, kinds, strict=True):
                if isinstance(value, str):
                    cell = xlsx_text_cell(sheet, value)  # text, never a formula
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                if kind == "date" and value is not None:
                    cell.number_format = "yyyy-mm-dd"
                elif kind in ("text", "code") and value is not None:
                    cell.number_format = "@"
                cells.append(cell)
            sheet.append(cells)
    book.save(path)
    return path


def _xlsx_values(series: pd.Series, kind: str) -> list[object]:
    if kind == "date":
        return [None if pd.isna(v) else pd.Timestamp(v).date() for v in series]
    if kind == "float":
        return [
            None if math.isnan(v) else (int(v) if v == int(v) else v)
            for v in series.to_numpy(dtype=np.float64)
        ]
    if kind == "int":
        return [int(v) for v in series.to_numpy(dtype=np.int64)]
    if kind == "decimal":
        return [
            None
            if v is None
            else (int(v) if v == v.to_integral_value() and _places(v) == 0 else float(v))
            for v in series.to_numpy(dtype=object)
        ]
    return [None if v is pd.NA or v is None else str(v) for v in series.astype(object)]


def write_atomically(episodes: Episodes, out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Like :func:`write_episodes`, but through :class:`infusionkit.files.OutputSet`: every file
    is written to a temporary name and renamed into place together, and tables of an earlier run
    in another format (e.g. Parquet beside new CSV files) are removed."""
    from infusionkit.files import OutputSet

    possible = [f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")]
    with OutputSet(out_dir, "synth", possible=[*possible, "episodes.xlsx"]) as out:
        write_tables(episodes, out.path, fmt)
    return out.written
