"""Simulation outputs read back: NDC on lines, summary totals that do not add unlike units,
billed charges from the chargemaster, and a lines.xlsx a manager opens as it is."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from infusionkit.episodes import synth_episodes
from infusionkit.money import ZERO
from infusionkit.pricing import load_price_book
from infusionkit.simulation import Simulation, simulate
from infusionkit.simulation.outputs import MONEY_FORMAT, write_simulation

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "rate_models"
CONTRACTS = [MODELS / "acme_current.yaml", MODELS / "acme_proposed.yaml"]


@pytest.fixture(scope="module")
def sim() -> Simulation:
    return simulate(synth_episodes(20, seed=9), CONTRACTS)


@pytest.fixture(scope="module")
def written(sim: Simulation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(sim, out, ("csv", "xlsx"))
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_lines_carry_the_ndc(sim: Simulation, written: Path) -> None:
    lines = _rows(written / "lines.csv")
    assert "ndc" in lines[0]
    drugs = sim.episodes.drugs
    given = {int(r.source_line): r.ndc for r in drugs.itertuples() if isinstance(r.ndc, str)}
    drug_lines = [r for r in lines if r["line_type"] == "drug"]
    assert drug_lines and any(r["ndc"] for r in drug_lines)
    for row in drug_lines:
        assert row["ndc"] == given.get(int(row["source_line"]), "")
    assert all(r["ndc"] == "" for r in lines if r["line_type"] != "drug")


def test_summary_all_row_adds_no_unlike_units(written: Path) -> None:
    rows = _rows(written / "summary.csv")
    totals = [r for r in rows if r["section"] == "totals"]
    assert {r["units"] for r in totals if r["line_type"] == "all"} == {""}
    assert all(r["units"] for r in totals if r["line_type"] != "all")


def test_billed_charges_include_the_chargemaster(sim: Simulation, written: Path) -> None:
    """Per diem lines carry no billed charge of their own: summary.csv's billed charges are the
    chargemaster charge × units, computed here from the chargemaster file by hand."""
    prices = load_price_book(MODELS)
    lines = sim.scenario_lines("acme_current").to_pylist()
    expected = sum(
        (
            (prices.unit_charge(r["hcpcs"]) * r["units"]).quantize(Decimal("0.01"))
            for r in lines
            if r["line_type"] == "per_diem" and prices.unit_charge(r["hcpcs"]) is not None
        ),
        ZERO,
    )
    assert expected > 0
    row = next(
        r
        for r in _rows(written / "summary.csv")
        if r["section"] == "totals"
        and r["scenario"] == "acme_current"
        and r["line_type"] == "per_diem"
    )
    assert Decimal(row["billed_charge"]) == expected


def test_lines_xlsx_opens_as_a_worksheet(sim: Simulation, written: Path) -> None:
    book = openpyxl.load_workbook(written / "lines.xlsx")
    assert book.sheetnames == ["summary", "lines"]
    lines = book["lines"]
    header = [c.value for c in lines[1]]
    assert header[:7] == ["scenario", "episode_id", "patient_ref", "therapy_id", "line_type",
                          "hcpcs", "ndc"]  # fmt: skip
    assert lines.freeze_panes == "A2"
    assert (
        lines.auto_filter.ref
        == f"A1:{lines.cell(1, len(header)).column_letter}{sim.table.num_rows + 1}"
    )
    allowed = header.index("allowed") + 1
    priced = next(r for r in range(2, 50) if lines.cell(r, allowed).value is not None)
    assert lines.cell(priced, allowed).number_format == MONEY_FORMAT
    assert lines.cell(1, 1).font.bold
    summary = book["summary"]
    assert summary.freeze_panes == "A2"
    first = [c.value for c in summary[2]]
    assert first[:3] == ["totals", "acme_current", "per_diem"]
    units = [c.value for c in summary[1]].index("units")
    all_row = next(row for row in summary.iter_rows(values_only=True) if row[2] == "all")
    assert all_row[units] is None
