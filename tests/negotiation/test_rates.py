"""rates: the code × contract matrix, lowest and highest marked, volumes from the history."""

from __future__ import annotations

from decimal import Decimal

from infusionkit.contracts import Contract, with_changes
from infusionkit.episodes import Episodes
from infusionkit.negotiation import rate_matrix
from infusionkit.negotiation.outputs import write_rate_matrix
from infusionkit.pricing import PriceBook
from infusionkit.simulation import WhatIf, simulate


def _row(matrix, section: str, code: str):  # type: ignore[no-untyped-def]
    return next(r for r in matrix.rows if r.section == section and r.code == code)


def test_lowest_and_highest_marked_per_code(current: Contract, proposed: Contract) -> None:
    third = with_changes(current, **{"per_diem.rates.S9500": Decimal("90.00")})
    matrix = rate_matrix({"a": current, "b": proposed, "c": third})
    row = _row(matrix, "per_diem", "S9500")
    assert [c.text for c in row.cells] == ["$85.00", "$95.00", "$90.00"]
    assert row.marked(matrix.labels, "low") == ["a"]
    assert row.marked(matrix.labels, "high") == ["b"]
    sh = _row(matrix, "per_diem", "SH")
    assert [c.text for c in sh.cells] == ["50%", "75%", "50%"]
    assert sh.marked(matrix.labels, "low") == ["a", "c"]


def test_unlisted_codes_show_the_section_default(current: Contract, proposed: Contract) -> None:
    matrix = rate_matrix({"a": current, "b": proposed})
    row = _row(matrix, "per_diem", "S9325")  # listed in a only
    assert [c.text for c in row.cells] == ["$90.00", "60% of charges (default)"]
    assert not any(c.low or c.high for c in row.cells)
    drugs = _row(matrix, "drugs", "J1561")
    assert [c.text for c in drugs.cells] == ["AWP -22%", "ASP +6%"]
    assert not any(c.low or c.high for c in drugs.cells)  # different bases are not compared


def test_volumes_equal_the_simulated_units(
    history: Episodes, prices: PriceBook, service: WhatIf, current: Contract, proposed: Contract
) -> None:
    matrix = rate_matrix({"a": current, "b": proposed}, history=service)
    sim = simulate(history, {"a": current}, rates=prices)
    by_code = sim.by_code.groupby(["line_type", "hcpcs"])["units"].sum()
    for section, line_type in (
        ("per_diem", "per_diem"),
        ("nursing", "nursing"),
        ("other", "other"),
    ):
        rows = [r for r in matrix.rows if r.section == section and r.code[:1] in ("S", "9")]
        for row in (r for r in rows if r.code not in ("SH", "SJ")):
            expected = by_code.get((line_type, row.code), Decimal(0))
            assert row.volume == expected, (section, row.code)
    assert _row(matrix, "per_diem", "S9500").volume > 0


def test_xlsx_and_csv_read_back(tmp_path, current: Contract, proposed: Contract) -> None:  # type: ignore[no-untyped-def]
    import csv

    from openpyxl import load_workbook

    matrix = rate_matrix({"=HYPERLINK(1)": current, "b": proposed})
    write_rate_matrix(matrix, tmp_path)
    sheet = load_workbook(tmp_path / "rates.xlsx")["rates"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:G{len(matrix.rows) + 1}"
    header = [c.value for c in sheet[1]]
    assert header[3] == "=HYPERLINK(1)" and sheet.cell(row=1, column=4).data_type == "s"
    cells = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    s9500 = cells[("per_diem", "S9500")]
    assert s9500[3].value == 85 and s9500[3].number_format == '"$"#,##0.00'
    assert s9500[3].fill.fgColor.rgb.endswith("F8D7DA")  # lowest
    assert s9500[4].fill.fgColor.rgb.endswith("D4EDDA")  # highest
    assert cells[("per_diem", "SH")][3].number_format == '0.####"%"'
    with (tmp_path / "rates.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "'=HYPERLINK(1)" in rows[0]  # the label is text, never a formula
    assert next(r for r in rows if r["code"] == "S9500")["lowest"] == "'=HYPERLINK(1)"
