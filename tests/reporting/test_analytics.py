"""The report's negotiation analytics, read back: the sensitivity (internal version only) and
the multi-year forecast (``--years``) carry the numbers of ``negotiation.sensitivity`` and
``negotiation.forecast``; with more than two contracts the rates carry the rate matrix's
lowest and highest marks."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.money import format_money, signed_money
from infusionkit.negotiation import Forecast, Sensitivity, forecast, rate_matrix, sensitivity
from infusionkit.reporting import build_report, write_report
from infusionkit.reporting.render_html import render_html
from infusionkit.reporting.tables import HIGH_MARK, LOW_MARK, rate_tables
from infusionkit.simulation import Simulation

from .conftest import CURRENT, PROPOSED, SAMPLE

YEARS = 2
HEADING = "What each term is worth"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, _attrs: object) -> None:
        self._skip += tag in ("style", "svg")
        if tag in ("tr", "p", "h2", "figcaption", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "svg")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.strip() + " " if data.strip() else "")


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def docx_rows(path: Path, first_header: str) -> list[list[str]]:
    """The rows of every table whose first header cell is ``first_header``."""
    rows: list[list[str]] = []
    for table in Document(str(path)).tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if cells and cells[0][0] == first_header:
            rows += cells[1:]
    return rows


@pytest.fixture(scope="module")
def expected(sim: Simulation) -> tuple[Sensitivity, Forecast]:
    contracts = {s.name: s.contract for s in sim.scenarios}
    return sensitivity(sim, sim.scenarios[0].contract), forecast(sim, contracts, years=YEARS)


@pytest.fixture(scope="module")
def analysed(sim: Simulation, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    report = build_report(sim, generated=date(2025, 3, 1), audience="internal", years=YEARS)
    paths = write_report(report, tmp_path_factory.mktemp("analytics"))
    return {p.suffix.lstrip("."): p for p in paths}


def test_tornado_table_top_term_is_the_sensitivity(
    analysed: dict[str, Path], expected: tuple[Sensitivity, Forecast]
) -> None:
    top = expected[0].effects[0]
    amount = signed_money(top.effect)
    first = docx_rows(analysed["docx"], "#")[0]
    assert (first[0], first[1], first[-1]) == ("1", top.label, amount)
    html = html_text(analysed["html"].read_text("utf-8"))
    section = html[html.index(HEADING) :]
    assert re.search(rf"^1 {re.escape(top.label)} .*{re.escape(amount)}", section, re.M)
    pdf = pdf_text(analysed["pdf"])
    section = pdf[pdf.index(HEADING) :]
    assert re.search(rf"^\s*1\s+{re.escape(top.label)}\s.*{re.escape(amount)}\s*$", section, re.M)
    effects = json.loads(analysed["json"].read_text("utf-8"))["sensitivity"]["effects"]
    assert effects == [e.to_dict() for e in expected[0].effects]


def test_years_table_totals_are_the_forecast(
    analysed: dict[str, Path], expected: tuple[Sensitivity, Forecast]
) -> None:
    result = expected[1]
    terms = [format_money(s.term_total) for s in result.scenarios]
    year2 = [format_money(s.years[1].total) for s in result.scenarios]
    rows = {row[0]: row[2:] for row in docx_rows(analysed["docx"], "Contract year")}
    assert rows["Term total"] == terms and rows["Year 2"] == year2
    for text in (html_text(analysed["html"].read_text("utf-8")), pdf_text(analysed["pdf"])):
        assert re.search(r"Term total\s+" + r"\s+".join(map(re.escape, terms)), text)
        assert re.search(r"Year 2\s+\S+\s+" + r"\s+".join(map(re.escape, year2)), text)
    data = json.loads(analysed["json"].read_text("utf-8"))["forecast"]
    assert data["rows"] == result.rows() and data["years"] == YEARS


def test_payer_version_has_forecast_but_no_sensitivity(
    sim: Simulation, written: dict[str, Path], expected: tuple[Sensitivity, Forecast]
) -> None:
    payer = build_report(sim, generated=date(2025, 3, 1), years=YEARS)
    assert "sensitivity" not in payer.data and "forecast" in payer.data
    assert [s.key for s in payer.sections].count("forecast") == 1
    html = html_text(render_html(payer, {c.key: "" for c in payer.charts}))
    assert "Multi-year view" in html and HEADING not in html
    assert format_money(expected[1].scenarios[0].term_total) in html
    texts = (
        "\n".join(p.text for p in Document(str(written["docx"])).paragraphs),
        pdf_text(written["pdf"]),
        written["html"].read_text("utf-8"),
    )
    for text in texts:
        assert HEADING not in text and "+1 point" not in text


def test_report_rejects_a_bad_cpi_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["report", str(SAMPLE), "-c", str(CURRENT), "-c", str(PROPOSED), "--years", "2",
         "--cpi", "three", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--cpi" in result.output and not out.exists()


def test_rates_of_many_contracts_mark_the_rate_matrix_extremes(
    six: tuple[Simulation, object, Path],
) -> None:
    sim, _, pdf = six
    matrix = rate_matrix({s.name: s.contract for s in sim.scenarios})
    row = next(r for r in matrix.rows if r.section == "per_diem" and r.code == "S9338")
    (low,) = [i for i, c in enumerate(row.cells) if c.low]
    (high,) = [i for i, c in enumerate(row.cells) if c.high]
    table = rate_tables(sim)[0]
    group, found = "", []
    for r in table.rows:
        group = r.cells[0] if r.kind == "group" else group
        if group == "Per diem" and r.cells[0] == "S9338":
            found.append(r.cells)
    (cells,) = found
    rates = cells[3:]
    assert rates[low] == f"{row.cells[low].text} {LOW_MARK}"
    assert rates[high] == f"{row.cells[high].text} {HIGH_MARK}"
    assert sum(LOW_MARK in c or HIGH_MARK in c for c in rates) == 2
    text = pdf_text(pdf)
    assert f"{row.cells[high].text} {HIGH_MARK}" in text and "lowest rate of the code" in text
