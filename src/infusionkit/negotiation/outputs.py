"""Files of the negotiation commands, each set written atomically (``infusionkit.files``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusionkit.cells import csv_text, xml_text
from infusionkit.files import OutputSet
from infusionkit.money import format_money, percent_text

if TYPE_CHECKING:
    from infusionkit.negotiation.forecast import Forecast
    from infusionkit.negotiation.rate_matrix import RateCell, RateMatrix
    from infusionkit.negotiation.sensitivity import Sensitivity
    from infusionkit.negotiation.solve import SolveResult

SOLVE_FILES = ("solved.yaml", "solve.json")
SENSITIVITY_FILES = ("sensitivity.csv", "tornado.png")
FORECAST_FILES = ("forecast.csv",)
RATES_FORMATS = ("csv", "xlsx")
RATES_FILES = tuple(f"rates.{fmt}" for fmt in RATES_FORMATS)


def csv_document(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV text of ``rows`` (header and text fields neutralised so no spreadsheet runs them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(name) for name in columns])
    for row in rows:
        values = (row.get(name, "") for name in columns)
        writer.writerow([csv_text(v) if isinstance(v, str) else v for v in values])
    return buffer.getvalue()


def write_solve(result: SolveResult, out_dir: str | Path) -> list[Path]:
    """``solve.json`` always; ``solved.yaml`` (the contract with the new values) when reached."""
    from infusionkit.contracts import contract_to_yaml

    with OutputSet(out_dir, "solve", possible=SOLVE_FILES) as out:
        if result.reached:
            out.write_text("solved.yaml", contract_to_yaml(result.contract))
        out.write_text("solve.json", json.dumps(result.to_dict(), indent=2) + "\n")
    return out.written


SENSITIVITY_COLUMNS = ["rank", "key", "label", "step", "before", "after", "effect"]


def sensitivity_csv(result: Sensitivity) -> str:
    """Every effect, largest first; amounts as exact numbers."""
    rows = [
        {
            "rank": i,
            "key": e.key,
            "label": e.label,
            "step": "1%" if e.kind == "rate" else "1 point",
            "before": e.before,
            "after": e.after,
            "effect": e.effect,
        }
        for i, e in enumerate(result.effects, start=1)
    ]
    return csv_document(rows, SENSITIVITY_COLUMNS)


def write_sensitivity(result: Sensitivity, out_dir: str | Path, top: int = 15) -> list[Path]:
    """``sensitivity.csv`` (every effect, largest first) and ``tornado.png`` (the top ones)."""
    from infusionkit.negotiation.charts import tornado_png

    with OutputSet(out_dir, "sensitivity", possible=SENSITIVITY_FILES) as out:
        out.write_text("sensitivity.csv", sensitivity_csv(result))
        out.write_bytes("tornado.png", tornado_png(result, top))
    return out.written


FORECAST_COLUMNS = [
    "scenario",
    "year",
    "starts",
    "escalator",
    "rate_change_pct",
    "volume_factor",
    "history_total",
    "total",
]


def write_forecast(result: Forecast, out_dir: str | Path) -> list[Path]:
    """``forecast.csv``: one row per scenario and contract year, then the term total."""
    with OutputSet(out_dir, "forecast", possible=FORECAST_FILES) as out:
        out.write_text("forecast.csv", csv_document(result.rows(), FORECAST_COLUMNS))
    return out.written


def write_rate_matrix(
    matrix: RateMatrix, out_dir: str | Path, formats: tuple[str, ...] = RATES_FORMATS
) -> list[Path]:
    """``rates.csv`` and/or ``rates.xlsx`` (currency and percent formats, lowest/highest filled,
    frozen header, filters; text always stored as text)."""
    records = matrix.records()
    columns = list(records[0]) if records else ["section", "code", "unit"]
    with OutputSet(out_dir, "rates", possible=RATES_FILES) as out:
        for fmt in formats:
            if fmt == "csv":
                out.write_text("rates.csv", csv_document(records, columns))
            else:
                _rates_xlsx(matrix, out.path("rates.xlsx"))
    return out.written


_MONEY_FORMAT = '"$"#,##0.00'
_PERCENT_FORMAT = '0.####"%"'
_LOW_FILL, _HIGH_FILL = "F8D7DA", "D4EDDA"


def _text_cell(cell: Any, value: str) -> None:
    """Store ``value`` as text, never as a formula."""
    cell.value = xml_text(value)
    cell.data_type = "s"
    if value.startswith(("=", "+", "-", "@", "\t", "\r")):
        cell.quotePrefix = True


def _rates_xlsx(matrix: RateMatrix, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "rates"
    head = ["section", "code", "unit"]
    if matrix.has_volumes:
        head += ["volume", "volume unit"]
    head += [*matrix.labels, "lowest", "highest"]
    for col, name in enumerate(head, start=1):
        _text_cell(sheet.cell(row=1, column=col), name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    fills = {
        "low": PatternFill("solid", fgColor=_LOW_FILL),
        "high": PatternFill("solid", fgColor=_HIGH_FILL),
    }
    for r, row in enumerate(matrix.rows, start=2):
        col = 1
        for text in (row.section, row.code, row.unit):
            _text_cell(sheet.cell(row=r, column=col), text)
            col += 1
        if matrix.has_volumes:
            volume = sheet.cell(row=r, column=col, value=row.volume)
            volume.number_format = "#,##0.###"
            _text_cell(sheet.cell(row=r, column=col + 1), row.volume_unit)
            col += 2
        for cell in row.cells:
            target = sheet.cell(row=r, column=col)
            number_format = _number_format(cell)
            if number_format:
                target.value = cell.value
                target.number_format = number_format
            else:
                _text_cell(target, cell.text)
            if cell.low:
                target.fill = fills["low"]
            elif cell.high:
                target.fill = fills["high"]
            col += 1
        _text_cell(sheet.cell(row=r, column=col), " ".join(row.marked(matrix.labels, "low")))
        _text_cell(sheet.cell(row=r, column=col + 1), " ".join(row.marked(matrix.labels, "high")))
    sheet.freeze_panes = "C2"
    last = get_column_letter(len(head))
    sheet.auto_filter.ref = f"A1:{last}{max(len(matrix.rows) + 1, 1)}"
    for col, name in enumerate(head, start=1):
        width = max(
            [len(name)]
            + [
                len(_shown(sheet.cell(row=r, column=col).value))
                for r in range(2, len(matrix.rows) + 2)
            ]
        )
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 48)
    book.save(path)


def _number_format(cell: RateCell) -> str | None:
    """The Excel format of a cell that is just a number (a rate, a percentage), else None."""
    if cell.value is None:
        return None
    if cell.kind == "rate" and cell.text == format_money(cell.value):
        return _MONEY_FORMAT
    if cell.kind == "percent" and cell.text == percent_text(cell.value):
        return _PERCENT_FORMAT
    return None


def _shown(value: Any) -> str:
    return "" if value is None else str(value)
