"""Writing reprice and variance results (atomically, one output set per command).

``reprice``: ``lines.<fmt>`` and ``summary.csv`` as ``simulate`` writes them (plus claim ids).
``variance``: ``variance.csv``, ``variance_summary.csv``, ``unmatched_remits.csv`` (always written,
with a header only when every payment matched) and ``worklist.xlsx`` — the underpaid and denied
lines, largest shortfall first, with filters, a frozen header, currency formats, and text cells
that are always text.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from infusionkit.cells import csv_text, xlsx_value
from infusionkit.files import OutputSet
from infusionkit.money import CENT, plain_number
from infusionkit.simulation.outputs import FORMATS, write_lines, write_summary
from infusionkit.simulation.variance import (
    AMOUNT_COLUMNS,
    COLUMNS,
    LINE_COLUMNS,
    MONEY_COLUMNS,
    SUMMARY_COLUMNS,
)

if TYPE_CHECKING:
    from infusionkit.simulation.reprice import Repricing
    from infusionkit.simulation.variance import Variance

CURRENCY = '"$"#,##0.00;[Red]-"$"#,##0.00'
UNMATCHED_COLUMNS = (
    "file",
    "segment",
    "claim_id",
    "hcpcs",
    "modifiers",
    "service_from",
    "service_to",
    "units",
    "charge",
    "paid",
    "patient_responsibility",
    "carc",
    "rarc",
    "line_control",
    "reason",
)
WORKLIST_COLUMNS = (
    *LINE_COLUMNS,
    *AMOUNT_COLUMNS,
    "shortfall",
    "status",
    "carc",
    "carc_meaning",
    "rarc",
    "rarc_meaning",
    "rule",
    "remittance",
)
_WIDTHS = {"carc_meaning": 48, "rarc_meaning": 40, "rule": 44, "remittance": 30}


def write_repricing(
    rep: Repricing, out_dir: str | Path, formats: tuple[str, ...] = ("csv",)
) -> list[Path]:
    """``lines.<fmt>`` for each format and ``summary.csv``; returns the paths written."""
    possible = [f"lines.{fmt}" for fmt in FORMATS] + ["summary.csv"]
    with OutputSet(out_dir, "reprice", possible=possible) as out:
        for fmt in formats:
            write_lines(rep, out.path(f"lines.{fmt}"), fmt)
        write_summary(rep, out.path("summary.csv"))
    return out.written


def _cell(value: object, money: bool = False) -> str:
    """CSV text of one value: money with 2 decimals, other numbers without trailing zeros,
    dates ISO, text never a formula, blanks empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, Decimal):
        return format(value.quantize(CENT), "f") if money else plain_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


_CSV_MONEY = frozenset(MONEY_COLUMNS) | {"charge", "paid", "patient_responsibility"}


def _write_csv(path: Path, rows: pd.DataFrame, columns: tuple[str, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        values = [rows[c].tolist() if c in rows.columns else [None] * len(rows) for c in columns]
        money = [c in _CSV_MONEY for c in columns]
        for row in zip(*values, strict=True):
            writer.writerow([_cell(v, m) for v, m in zip(row, money, strict=True)])


def write_worklist(result: Variance, path: Path) -> None:
    """``worklist.xlsx``: sheet ``worklist`` (underpaid and denied lines) and ``summary``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = result.worklist
    book = Workbook(write_only=True)
    sheet = book.create_sheet("worklist")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(WORKLIST_COLUMNS, start=1):
        width = _WIDTHS.get(column, 16 if column in MONEY_COLUMNS else 12)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)

    def header(names: tuple[str, ...], target: object) -> list[object]:
        cells = []
        for name in names:
            cell = WriteOnlyCell(target, value=name)
            cell.font = bold
            cells.append(cell)
        return cells

    sheet.append(header(WORKLIST_COLUMNS, sheet))
    values = [rows[c].tolist() for c in WORKLIST_COLUMNS]
    for record in zip(*values, strict=True):
        sheet.append(
            [
                _xlsx(sheet, column, value)
                for column, value in zip(WORKLIST_COLUMNS, record, strict=True)
            ]
        )
    last = get_column_letter(len(WORKLIST_COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    summary = book.create_sheet("summary")
    summary.freeze_panes = "A2"
    summary.append(header(SUMMARY_COLUMNS, summary))
    frame = result.summary
    for record in frame.itertuples(index=False):
        summary.append([_xlsx(summary, c, v) for c, v in zip(SUMMARY_COLUMNS, record, strict=True)])
    summary.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_COLUMNS))}{len(frame) + 1}"
    book.save(path)


def _xlsx(sheet: object, column: str, value: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value is pd.NA:
        return None
    if column in MONEY_COLUMNS or column in SUMMARY_COLUMNS[4:]:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = CURRENCY
        return cell
    if column in ("service_from", "service_to"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return xlsx_value(sheet, value)


def write_variance(result: Variance, out_dir: str | Path) -> list[Path]:
    """Every variance output; returns the paths written."""
    names = ["variance.csv", "variance_summary.csv", "unmatched_remits.csv", "worklist.xlsx"]
    with OutputSet(out_dir, "variance", possible=names) as out:
        _write_csv(out.path("variance.csv"), result.frame, COLUMNS)
        _write_csv(out.path("variance_summary.csv"), result.summary, SUMMARY_COLUMNS)
        _write_csv(out.path("unmatched_remits.csv"), result.unmatched, UNMATCHED_COLUMNS)
        write_worklist(result, out.path("worklist.xlsx"))
    return out.written
