"""Writing simulation results: lines (csv/parquet/xlsx) and summary.csv, atomically.

Every file is written to a temporary name in the output folder and renamed into place only after
all of them are written (:class:`infusionkit.files.OutputSet`), so a failure never leaves a
partial output, and outputs of an earlier run that this one did not write are removed.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.cells import csv_safe_frame, csv_safe_table, csv_text, xlsx_column, xlsx_value
from infusionkit.errors import InputError, InputErrors
from infusionkit.files import OutputSet

if TYPE_CHECKING:
    from infusionkit.simulation.run import Simulation
    from infusionkit.simulation.totals import PricedScenarios

FORMATS = ("csv", "parquet", "xlsx")
SUMMARY_COLUMNS = (
    "section",
    "scenario",
    "line_type",
    "hcpcs",
    "modifiers",
    "lines",
    "units",
    "billed_charge",
    "allowed",
    "unpriced_lines",
    "unpriced_billed",
    "baseline",
    "delta",
    "delta_pct",
)
XLSX_MAX_ROWS = 1_048_575


def _plain_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
    return str(value)


def _csv_cell(value: object) -> str:
    return csv_text(value) if isinstance(value, str) else _plain_text(value)


def csv_ready(table: pa.Table) -> pa.Table:
    """Units without trailing zeros ("5", "2.5"); money with 2 decimals; text never a formula."""
    table = csv_safe_table(table)
    units = pc.cast(table["units"], pa.string())
    units = pc.replace_substring_regex(units, r"\.?0+$", "")
    return table.set_column(table.schema.get_field_index("units"), "units", units)


def write_lines(sim: PricedScenarios, path: Path, fmt: str) -> None:
    """The claim-line table as CSV, Parquet or XLSX (with a summary sheet, currency formats,
    filters and a frozen header)."""
    table = sim.table
    if fmt == "csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(csv_ready(table), path)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    elif fmt == "xlsx":
        _write_xlsx(table, path, sim)
    else:  # pragma: no cover - validated by callers
        raise ValueError(fmt)


MONEY_FORMAT = '"$"#,##0.00;-"$"#,##0.00'
UNITS_FORMAT = "#,##0.###"
MONEY_COLUMNS = ("billed_charge", "allowed", "unpriced_billed", "baseline", "delta")
_WIDTHS = {"rule": 48, "reason": 36, "flags": 16, "patient_ref": 16}


def _new_sheet(book: Any, name: str, header: list[str], rows: int) -> Any:
    """A write-only sheet with a bold, frozen header row and filters over ``rows`` rows."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{max(rows + 1, 2)}"
    for index, column in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(
            column, 14 if column in MONEY_COLUMNS else max(10, len(column) + 2)
        )
    bold = Font(bold=True)
    cells = []
    for column in header:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _append(sheet: Any, header: list[str], rows: Any) -> None:
    """Rows with money as currency and units with their decimals (other values as given)."""
    from openpyxl.cell import WriteOnlyCell

    formats = {
        i: MONEY_FORMAT if column in MONEY_COLUMNS else UNITS_FORMAT
        for i, column in enumerate(header)
        if column in MONEY_COLUMNS or column == "units"
    }
    for values in rows:
        out = list(values)
        for i, number_format in formats.items():
            if isinstance(out[i], Decimal | int) and not isinstance(out[i], bool):
                cell = WriteOnlyCell(sheet, value=out[i])
                cell.number_format = number_format
                out[i] = cell
        sheet.append(out)


def _write_xlsx(table: pa.Table, path: Path, sim: PricedScenarios | None = None) -> None:
    """``lines`` (every claim line) and, with the simulation, a ``summary`` sheet first."""
    from openpyxl import Workbook

    if table.num_rows > XLSX_MAX_ROWS:
        raise InputErrors(
            [
                InputError(
                    file=str(path.parent / "lines.xlsx"),
                    message=f"{table.num_rows:,} claim lines do not fit in one Excel sheet",
                    allowed=f"at most {XLSX_MAX_ROWS:,} lines in xlsx; use --format csv or parquet",
                )
            ]
        )
    book = Workbook(write_only=True)
    if sim is not None:
        header = list(SUMMARY_COLUMNS)
        summary = summary_rows(sim)
        sheet = _new_sheet(book, "summary", header, len(summary))
        _append(sheet, header, ([xlsx_value(sheet, r.get(k)) for k in header] for r in summary))
    header = table.column_names
    sheet = _new_sheet(book, "lines", header, table.num_rows)
    for batch in table.to_batches(50_000):
        # text stays text (never a formula); Decimals as their exact decimal value
        columns = [
            xlsx_column(sheet, batch.column(i).to_pylist()) for i in range(batch.num_columns)
        ]
        _append(sheet, header, zip(*columns, strict=True))
    book.save(path)


def summary_rows(sim: PricedScenarios) -> list[dict[str, object]]:
    """Totals by scenario and line type, by code, and deltas between scenarios."""
    rows: list[dict[str, object]] = []
    for record in sim.totals.to_dict("records"):
        rows.append({"section": "totals", **record})
    for record in sim.by_code.to_dict("records"):
        rows.append({"section": "by_code", **record})
    for record in sim.comparison.to_dict("records"):
        rows.append(
            {
                "section": "delta",
                "scenario": record["scenario"],
                "line_type": record["line_type"],
                "allowed": record["allowed"],
                "baseline": record["baseline"],
                "delta": record["delta"],
                "delta_pct": record["delta_pct"],
            }
        )
    return rows


def write_summary(sim: PricedScenarios, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in summary_rows(sim):
            writer.writerow({k: _csv_cell(row.get(k)) for k in SUMMARY_COLUMNS})


def write_simulation(
    sim: Simulation, out_dir: str | Path, formats: tuple[str, ...] = ("csv",)
) -> list[Path]:
    """Write ``lines.<fmt>`` for each format, ``summary.csv`` and ``unbilled.csv`` (therapies
    that give no claim line, with the reason); returns the paths written."""
    possible = [f"lines.{fmt}" for fmt in FORMATS] + ["summary.csv", "unbilled.csv"]
    with OutputSet(out_dir, "simulate", possible=possible) as out:
        for fmt in formats:
            write_lines(sim, out.path(f"lines.{fmt}"), fmt)
        write_summary(sim, out.path("summary.csv"))
        csv_safe_frame(sim.unbilled).to_csv(out.path("unbilled.csv"), index=False)
    return out.written
