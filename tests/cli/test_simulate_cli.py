"""`infusionkit simulate` end to end: files written, totals, formats, errors (exit 2, no output)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.simulation import simulate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "rate_models" / "sample_episodes"
CURRENT = ROOT / "rate_models" / "acme_current.yaml"
PROPOSED = ROOT / "rate_models" / "acme_proposed.yaml"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFUSIONKIT_PSEUDONYM_KEY", "cli-test-key")


def _invoke(*args: str) -> object:
    return runner.invoke(app, ["simulate", *args])


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_simulate_writes_lines_and_summary_for_each_contract(tmp_path: Path) -> None:
    result = _invoke(str(SAMPLE), "-c", str(CURRENT), "-c", str(PROPOSED), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = _read(tmp_path / "lines.csv")
    assert {line["scenario"] for line in lines} == {"acme_current", "acme_proposed"}
    required = {
        "scenario",
        "episode_id",
        "patient_ref",
        "therapy_id",
        "line_type",
        "hcpcs",
        "modifiers",
        "service_from",
        "service_to",
        "units",
        "billed_charge",
        "allowed",
        "flags",
        "rule",
    }
    assert required <= set(lines[0])
    sim = simulate(SAMPLE, [CURRENT, PROPOSED])
    for name in ("acme_current", "acme_proposed"):
        total = sum(Decimal(r["allowed"]) for r in lines if r["scenario"] == name and r["allowed"])
        assert total == sim.total_allowed(name)
        assert f"{total:,.2f}" in result.output
    assert (tmp_path / "unbilled.csv").exists()
    summary = _read(tmp_path / "summary.csv")
    sections = {row["section"] for row in summary}
    assert sections == {"totals", "by_code", "delta"}
    all_rows = {
        r["scenario"]: r for r in summary if r["section"] == "totals" and r["line_type"] == "all"
    }
    assert Decimal(all_rows["acme_current"]["allowed"]) == sim.total_allowed("acme_current")
    delta = next(r for r in summary if r["section"] == "delta" and r["line_type"] == "all")
    assert Decimal(delta["delta"]) == sim.total_allowed("acme_proposed") - sim.total_allowed(
        "acme_current"
    )


def test_lines_hold_no_raw_patient_ids_unless_asked(tmp_path: Path) -> None:
    raw_ids = set((SAMPLE / "therapies.csv").read_text().split())
    patients = {row["patient_id"] for row in _read(SAMPLE / "therapies.csv")}
    assert _invoke(str(SAMPLE), "-c", str(CURRENT), "--out", str(tmp_path / "a")).exit_code == 0
    text = (tmp_path / "a" / "lines.csv").read_text()
    assert not any(pid in text for pid in patients)
    assert raw_ids  # the sample has content
    assert (
        _invoke(
            str(SAMPLE), "-c", str(CURRENT), "--out", str(tmp_path / "b"), "--include-phi"
        ).exit_code
        == 0
    )
    refs = {row["patient_ref"] for row in _read(tmp_path / "b" / "lines.csv")}
    assert refs <= patients and refs


def test_parquet_and_xlsx_formats_hold_the_same_lines(tmp_path: Path) -> None:
    result = _invoke(
        str(SAMPLE),
        "-c",
        str(CURRENT),
        "--out",
        str(tmp_path),
        "--format",
        "parquet",
        "--format",
        "xlsx",
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "lines.parquet")
    book = load_workbook(tmp_path / "lines.xlsx", read_only=True)
    rows = list(book["lines"].iter_rows(values_only=True))
    book.close()
    assert len(rows) == table.num_rows + 1
    allowed_at = rows[0].index("allowed")
    xlsx_total = sum(Decimal(str(r[allowed_at])) for r in rows[1:] if r[allowed_at] is not None)
    parquet_total = sum(v for v in table["allowed"].to_pylist() if v is not None)
    assert parquet_total == xlsx_total == simulate(SAMPLE, CURRENT).total_allowed()
    assert not (tmp_path / "lines.csv").exists()


def test_payer_filter_keeps_only_that_payers_therapies(tmp_path: Path) -> None:
    therapies = _read(SAMPLE / "therapies.csv")
    acme = {t["therapy_id"] for t in therapies if t["payer_id"] == "ACME"}
    assert (
        _invoke(
            str(SAMPLE), "-c", str(CURRENT), "--payer", "ACME", "--out", str(tmp_path)
        ).exit_code
        == 0
    )
    seen = {r["therapy_id"] for r in _read(tmp_path / "lines.csv") if r["line_type"] == "per_diem"}
    assert seen and seen <= acme


def test_bad_episodes_exit_2_and_write_nothing(tmp_path: Path) -> None:
    source = tmp_path / "eps"
    source.mkdir()
    (source / "therapies.csv").write_text(
        "therapy_id,episode_id,patient_id,hcpcs,start_date,end_date,dosing_interval_hours\n"
        "T1,E1,P1,S9500,2025-02-10,2025-02-01,24\n"
    )
    out = tmp_path / "out"
    result = _invoke(str(source), "-c", str(CURRENT), "--out", str(out))
    assert result.exit_code == 2
    assert (
        "therapies.csv" in result.output
        and "line 2" in result.output
        and "end_date" in result.output
    )
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_bad_contract_exit_2_names_file_line_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: infusionkit.contract/1\npayer: X\neffective: 2025-01-01\n"
        "per_diem:\n  rates: {S9500: 12.345}\n"
    )
    result = _invoke(str(SAMPLE), "-c", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert (
        "bad.yaml" in result.output
        and "line 5" in result.output
        and "per_diem.rates.S9500" in result.output
    )


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = _invoke(str(SAMPLE), "-c", str(CURRENT), "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["simulate", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_unknown_payer_is_an_error_naming_the_known_ones(tmp_path: Path) -> None:
    result = _invoke(
        str(SAMPLE), "-c", str(CURRENT), "--payer", "NOPE", "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 2
    assert "no therapy has payer_id 'NOPE'" in result.output and "ACME" in result.output
    assert not (tmp_path / "o").exists()


def test_too_many_lines_for_excel_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infusionkit.simulation.outputs.XLSX_MAX_ROWS", 10)
    out = tmp_path / "o"
    result = _invoke(str(SAMPLE), "-c", str(CURRENT), "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 2
    assert "do not fit in one Excel sheet" in result.output
    assert not any(out.glob("*.xlsx")) and not any(out.glob("*.tmp"))
