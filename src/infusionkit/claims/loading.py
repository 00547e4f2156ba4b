"""Load a claims source: a ``claim_lines`` table (CSV / Parquet / XLSX) or X12 837P files.

A source is a folder holding ``claim_lines.csv`` or ``claim_lines.parquet``, a ``.xlsx``
workbook with a ``claim_lines`` sheet, one such CSV or Parquet file, one 837P file, or a folder
of 837P files (every file whose content starts with ``ISA``). Every problem is reported at once,
with its file and row (or X12 segment) and column (or element); nothing partial is returned.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.claims.columns import SPEC, TABLE
from infusionkit.claims.model import ClaimLines
from infusionkit.claims.validation import normalise_claim_lines
from infusionkit.claims.x12 import looks_like_x12
from infusionkit.claims.x837 import COLUMNS as X12_COLUMNS
from infusionkit.claims.x837 import ELEMENTS, ParsedRows, read_837
from infusionkit.episodes.mapping import ExportMapping, apply_mapping, load_mapping
from infusionkit.episodes.readers import (
    RawSource,
    RawTable,
    read_csv,
    read_parquet_folder,
    read_source,
)
from infusionkit.episodes.validation import Problems
from infusionkit.errors import InputError, InputErrors

_ALLOWED = (
    "a folder with claim_lines.csv or claim_lines.parquet, an .xlsx workbook with a "
    "claim_lines sheet, such a CSV/Parquet file, or X12 837P files (a file, or a folder of files "
    "starting with ISA)"
)


def load_claims(
    source: str | Path, mapping: ExportMapping | str | Path | None = None
) -> ClaimLines:
    """Read and validate a claims source; raises :class:`InputErrors` listing every problem.

    ``mapping`` (an export mapping or its file) renames a billing export's own file, columns,
    date format and values (tables only; X12 files follow the standard).
    """
    path = Path(source)
    if mapping is not None and not isinstance(mapping, ExportMapping):
        mapping = load_mapping(mapping)
    if not path.exists():
        raise InputErrors([InputError(file=str(path), message="claims source not found")])
    if path.is_file():
        if looks_like_x12(path):
            return _from_x12([path], path)
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return _from_table(path, path, mapping)
        if suffix in (".csv", ".parquet"):
            return _from_table(path, path, mapping, single=True)
        raise InputErrors(
            [InputError(file=str(path), message="not a claims source", allowed=_ALLOWED)]
        )
    names = mapping.names((TABLE,)) if mapping else {}
    if names or any((path / f"{TABLE}{s}").is_file() for s in (".csv", ".parquet")):
        return _from_table(path, path, mapping)
    return _from_x12(_x12_files(path), path)


def _note(path: Path) -> bool:
    """README files and notes may sit beside X12 files."""
    name = path.name.lower()
    return path.is_file() and (name.startswith("readme") or name.endswith((".md", ".rst", ".txt")))


def _x12_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    x12 = [p for p in files if p.is_file() and looks_like_x12(p)]
    others = [p for p in files if p not in x12 and not _note(p)]
    if not x12:
        raise InputErrors(
            [
                InputError(
                    file=str(folder),
                    message="no claim_lines table and no X12 file (content starting with ISA)",
                    allowed=_ALLOWED,
                )
            ]
        )
    if others:
        raise InputErrors(
            [
                InputError(
                    file=str(p),
                    message="not an X12 file, in a folder of X12 claims files",
                    allowed="only 837P files (content starting with ISA) in an X12 folder",
                )
                for p in others
            ]
        )
    return x12


def _single_file(path: Path) -> RawSource:
    """One claim_lines CSV or Parquet file, whatever else its folder holds."""
    if path.suffix.lower() == ".csv":
        return RawSource({TABLE: read_csv(TABLE, path)}, (path,), str(path))
    return read_parquet_folder(path.parent, {TABLE: path}, TABLE)


def _from_table(
    source: Path, shown: Path, mapping: ExportMapping | None, single: bool = False
) -> ClaimLines:
    if single:
        raw = _single_file(source)
    else:
        names = mapping.names((TABLE,)) if mapping else {}
        raw = read_source(source, tables=(TABLE,), names=names)
    if TABLE not in raw.tables:
        raise InputErrors(
            [InputError(file=raw.location, message="missing table 'claim_lines'", allowed=_ALLOWED)]
        )
    if mapping is not None:
        raw = apply_mapping(raw, mapping, {TABLE: SPEC})
    table = raw.tables[TABLE]
    problems = Problems()
    frame = normalise_claim_lines(table, problems)
    problems.raise_if_any()
    assert frame is not None
    frame["source_file"] = pd.Series([table.file] * len(frame), dtype=pd.StringDtype())
    if "line_control" not in frame.columns:
        frame["line_control"] = pd.Series([pd.NA] * len(frame), dtype=pd.StringDtype())
    return ClaimLines(frame, source=shown, files=raw.files, kind="table")


def _from_x12(files: list[Path], source: Path) -> ClaimLines:
    parsed = read_837(files)
    rows = pd.DataFrame(parsed.rows, columns=list(X12_COLUMNS), dtype=pd.StringDtype()).fillna("")
    raw = RawTable(TABLE, rows, "837P", np.arange(1, len(rows) + 1, dtype=np.int64), 0)
    problems = Problems()
    frame = normalise_claim_lines(raw, problems)
    errors = list(parsed.errors)
    try:
        problems.raise_if_any()
    except InputErrors as exc:
        errors.extend(_located(error, parsed) for error in exc.errors)
    if errors:
        raise InputErrors(sorted(errors, key=lambda e: (e.file, e.segment or 0)))
    assert frame is not None
    frame["source_line"] = np.array([where["hcpcs"] for where in parsed.positions], np.int64)
    frame["source_file"] = pd.Series(parsed.files, dtype=pd.StringDtype())
    frame["line_control"] = frame["line_control"].replace("", pd.NA)
    return ClaimLines(frame, source=source, files=tuple(files), kind="x12")


def _located(error: InputError, parsed: ParsedRows) -> InputError:
    """A validation error on an X12 row, named by the segment and element it came from."""
    if error.line is None or not 1 <= error.line <= len(parsed.rows):
        return error
    row = error.line - 1
    where = parsed.positions[row]
    column = error.column or ""
    element = ELEMENTS.get(column)
    return InputError(
        file=parsed.files[row],
        segment=where.get(column, where["hcpcs"]),
        column=f"{element[1]} ({column})" if element else column or None,
        row_id=error.row_id,
        message=error.message,
        allowed=error.allowed,
    )
