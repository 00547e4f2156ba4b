"""Excel fee schedules (spec §7): export, import exactly as typed, cells named in errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.contracts import fee_sheet as fees
from infusionkit.contracts import load_contract, parse_contract
from infusionkit.errors import InputErrors
from tests.claims.helpers import CURRENT


@pytest.fixture()
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "fees.xlsx"
    fees.export_fees(load_contract(CURRENT), path)
    return path


def test_export_lists_every_rate_with_formats_and_notes(exported: Path) -> None:
    contract = load_contract(CURRENT)
    book = load_workbook(exported)
    assert book.sheetnames == ["fee_schedule", "notes"]
    sheet = book["fee_schedule"]
    assert [c.value for c in sheet[1]] == list(fees.HEADER)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(fees.fee_rows(contract)) == 40
    by_code = {(r[0], r[1]): Decimal(str(r[3])) for r in rows}
    assert by_code[("per_diem", "S9500")] == contract.per_diem.rates["S9500"]  # type: ignore[union-attr]
    assert by_code[("infrequent", "S9359")] == Decimal("200.00")
    assert by_code[("nursing", "99602")] == Decimal("60.00")
    assert sheet["D2"].number_format == fees.CURRENCY
    assert sheet.freeze_panes == "A2"
    notes = dict(book["notes"].iter_rows(min_row=2, values_only=True))
    assert notes["per_diem.concurrent.SH"] == "50%"
    assert notes["drugs"] == "AWP -22%"
    assert book["notes"].protection.sheet


def test_units_are_the_rate_units_of_the_documents(exported: Path) -> None:
    """One wording of what a rate is paid per (contracts.sections.unit_of), as in reports."""
    rows = load_workbook(exported)["fee_schedule"].iter_rows(min_row=2, values_only=True)
    units = {(r[0], r[1]): r[4] for r in rows}
    assert units[("per_diem", "S9500")] == "per day"
    assert units[("infrequent", "S9359")] == "per administration"
    assert units[("nursing", "99601")] == "per visit"
    assert units[("nursing", "99602")] == "per additional hour"
    assert units[("other", "S5498")] == "per day"  # catheter care: its descriptor says per diem
    assert units[("other", "S5035")] == "per unit"
    contract = parse_contract(
        "schema: infusionkit.contract/1\nname: n\npayer: p\neffective: 2025-01-01\n"
        "nursing:\n  rates:\n    S9123: 70.00\n"
    )
    assert fees.fee_rows(contract)[0][4] == "per hour"


def test_round_trip_changes_nothing(exported: Path) -> None:
    contract = load_contract(CURRENT)
    result = fees.import_fees(exported, contract)
    assert not result.added and not result.changed and result.unchanged == 40
    assert parse_contract(result.yaml) == contract


def test_edits_are_read_exactly(exported: Path, tmp_path: Path) -> None:
    book = load_workbook(exported)
    sheet = book["fee_schedule"]
    sheet["D2"] = 81.5  # a number cell with whole cents: $81.50
    sheet["D3"] = "$165.00"  # text as typed
    sheet.append(["other", "S5517", "", 16.25, ""])
    path = tmp_path / "edited.xlsx"
    book.save(path)
    result = fees.import_fees(path, load_contract(CURRENT))
    new = parse_contract(result.yaml)
    assert new.per_diem.rates["S9494"] == Decimal("81.50")  # type: ignore[union-attr]
    assert new.per_diem.rates["S9497"] == Decimal("165.00")  # type: ignore[union-attr]
    assert new.other.rates["S5517"] == Decimal("16.25")  # type: ignore[union-attr]
    assert [(s, c) for s, c, _ in result.added] == [("other", "S5517")]
    assert len(result.changed) == 2


@pytest.mark.parametrize(
    ("cell", "value", "expect"),
    [
        ("D7", 95.123, "D7: 95.123 is not a whole number of cents"),
        ("D7", "ninety", "D7: 'ninety' is not a dollar amount"),
        ("D7", -5, "D7: rate must not be negative"),
        ("D7", None, "D7: no rate for"),
        ("B7", "J1569", "B7: J1569 is not a per diem code"),
        ("A7", "dialysis", "B7: unknown section 'dialysis'"),
    ],
)
def test_bad_cells_are_named(
    exported: Path, tmp_path: Path, cell: str, value: object, expect: str
) -> None:
    book = load_workbook(exported)
    book["fee_schedule"][cell] = value
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(InputErrors) as caught:
        fees.import_fees(path, load_contract(CURRENT))
    assert expect in caught.value.render()


def test_a_float_formula_result_is_not_whole_cents(exported: Path, tmp_path: Path) -> None:
    """Excel stores a computed 95 × 1.1 as 104.50000000000001: refused, never rounded."""
    import zipfile

    book = load_workbook(exported)
    book["fee_schedule"]["D7"] = 95.123
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "computed.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"<v>95.123</v>", b"<v>104.50000000000001</v>")
            target.writestr(item, data)
    with pytest.raises(InputErrors, match="D7: 104.50000000000001 is not a whole number of cents"):
        fees.import_fees(path, load_contract(CURRENT))


def test_duplicates_are_errors(exported: Path, tmp_path: Path) -> None:
    book = load_workbook(exported)
    book["fee_schedule"].append(["per_diem", "S9500", "", 90, ""])
    path = tmp_path / "dup.xlsx"
    book.save(path)
    with pytest.raises(InputErrors, match="per_diem S9500 is listed twice"):
        fees.import_fees(path, load_contract(CURRENT))


def _payer_sheet(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Acme 2026"
    sheet.append(["Acme Health Plan home infusion fee schedule 2026"])
    sheet.append([])
    sheet.append(["HCPCS", "Description", "Allowable"])
    sheet.append(["s9500", "q24h", 99.99])
    sheet.append(["99601", "visit", "175"])
    sheet.append(["S5501", "catheter care", "16.00"])
    book.save(path)


def test_payer_sheet_with_other_headers(tmp_path: Path) -> None:
    path = tmp_path / "payer.xlsx"
    _payer_sheet(path)
    with pytest.raises(InputErrors, match="--code-column"):
        fees.import_fees(path, load_contract(CURRENT))
    result = fees.import_fees(
        path, load_contract(CURRENT), code_column="hcpcs", rate_column="Allowable"
    )
    new = result.contract
    assert new.per_diem.rates["S9500"] == Decimal("99.99")  # type: ignore[union-attr]
    assert new.nursing.rates["99601"] == Decimal("175.00")  # type: ignore[union-attr]
    assert new.other.rates["S5501"] == Decimal("16.00")  # type: ignore[union-attr]
    assert len(result.kept) == 37  # rates the payer's sheet does not list stay as they were
    replaced = fees.import_fees(
        path, load_contract(CURRENT), code_column="HCPCS", rate_column="allowable", replace=True
    )
    assert replaced.contract.per_diem.rates == {"S9500": Decimal("99.99")}  # type: ignore[union-attr]


def test_untrusted_workbooks_are_bounded(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_xlsx = tmp_path / "n.xlsx"
    not_xlsx.write_text("not a zip")
    with pytest.raises(InputErrors, match="not an .xlsx workbook"):
        fees.import_fees(not_xlsx, load_contract(CURRENT))
    monkeypatch.setattr(fees, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputErrors, match="unpacks to"):
        fees.import_fees(exported, load_contract(CURRENT))
    monkeypatch.setattr(fees, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputErrors, match="bytes"):
        fees.import_fees(exported, load_contract(CURRENT))


def test_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "fees.xlsx"
    assert runner.invoke(app, ["fees", "export", str(CURRENT), "-o", str(out)]).exit_code == 0
    payer = tmp_path / "payer.xlsx"
    _payer_sheet(payer)
    new = tmp_path / "offer.yaml"
    result = runner.invoke(
        app,
        [
            "fees",
            "import",
            str(payer),
            "--into",
            str(CURRENT),
            "-o",
            str(new),
            "--code-column",
            "HCPCS",
            "--rate-column",
            "Allowable",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "changed per_diem S9500 $85.00 -> $99.99" in result.output
    assert load_contract(new).per_diem.rates["S9500"] == Decimal("99.99")  # type: ignore[union-attr]
    same = runner.invoke(
        app,
        [
            "fees",
            "import",
            str(payer),
            "--into",
            str(new),
            "-o",
            str(new),
            "--code-column",
            "HCPCS",
            "--rate-column",
            "Allowable",
        ],
    )
    assert same.exit_code == 2  # the output would overwrite an input
    bad = runner.invoke(
        app, ["fees", "import", str(payer), "--into", str(CURRENT), "-o", str(tmp_path / "x.yaml")]
    )
    assert bad.exit_code == 2 and not (tmp_path / "x.yaml").exists()
