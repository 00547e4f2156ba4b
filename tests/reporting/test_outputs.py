"""The written report read back: exact totals, charts, header rows, no patient identifiers."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pypdf import PdfReader

from infusionkit.files import MANIFEST
from infusionkit.money import format_money
from infusionkit.reporting import Report
from infusionkit.simulation import Simulation


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts).replace("\u200b", "")


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        )


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _patient_strings(sim: Simulation) -> set[str]:
    ids = set(sim.episodes.therapies["patient_id"].dropna().astype(str))
    refs = {str(r) for r in sim.lines["patient_ref"].dropna().unique()}
    return ids | refs


def test_all_three_formats_written(written: dict[str, Path]) -> None:
    assert set(written) == {"docx", "pdf", "html", "json"}
    assert all(p.stat().st_size > 1000 for p in written.values())
    folder = next(iter(written.values())).parent
    assert not [p for p in folder.iterdir() if p.name.startswith(".") and p.name != MANIFEST]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_scenario_totals_appear_exactly(
    sim: Simulation, written: dict[str, Path], fmt: str
) -> None:
    path = written[fmt]
    text = {
        "docx": _docx_text,
        "pdf": _pdf_text,
        "html": lambda p: p.read_text("utf-8"),
    }[fmt](path)
    for name in sim.names:
        assert format_money(sim.total_allowed(name)) in text, (fmt, name)
    delta = sim.total_allowed("acme_proposed") - sim.total_allowed("acme_current")
    assert "+" + format_money(delta) in text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_no_patient_identifier_anywhere(
    sim: Simulation, written: dict[str, Path], fmt: str
) -> None:
    path = written[fmt]
    text = {"docx": _docx_xml, "pdf": _pdf_text, "html": lambda p: p.read_text("utf-8")}[fmt](path)
    assert "P000" not in text
    assert not [s for s in _patient_strings(sim) if s in text]


def test_docx_charts_tables_and_alignment(report: Report, written: dict[str, Path]) -> None:
    doc = Document(str(written["docx"]))
    assert len(doc.inline_shapes) == len(report.charts) == 3
    xml = _docx_xml(written["docx"])
    assert xml.count("<w:tblHeader") >= len(doc.tables) > 5
    assert "NUMPAGES" in xml and "PAGE" in xml
    summary = next(
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == "Scenario" and "Total allowed" in t.rows[0].cells[3].text
    )
    money_cell = summary.rows[1].cells[3].paragraphs[0]
    assert money_cell.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert summary.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    section = doc.sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)


def test_html_is_self_contained_with_inline_svg(report: Report, written: dict[str, Path]) -> None:
    html = written["html"].read_text("utf-8")
    parser = _Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert tags.count("svg") == len(report.charts) == 3
    assert "link" not in tags and "script" not in tags
    assert not [a for _, a in parser.tags if (a.get("src") or "").startswith("http")]
    assert "<style>" in html and "table-header-group" in html
    assert re.search(r'<td class="num">\$[\d,]+\.\d\d</td>', html)


def test_pdf_pages_numbered_with_running_header(report: Report, written: dict[str, Path]) -> None:
    reader = PdfReader(written["pdf"])
    pages = len(reader.pages)
    assert pages >= 5
    last = reader.pages[-1].extract_text()
    assert f"Page {pages} of {pages}" in last
    assert report.title in reader.pages[1].extract_text()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_rate_table_effects_add_up_to_total_change(sim: Simulation, report: Report) -> None:
    (rates,) = next(s for s in report.sections if s.key == "rates").tables
    total = rates.rows[-1]
    delta = sim.total_allowed("acme_proposed") - sim.total_allowed("acme_current")
    assert total.kind == "total" and total.cells[-1] == "+" + format_money(delta)
    s9500 = next(r for r in rates.rows if r.cells[0] == "S9500")
    assert s9500.cells[2] == "per day"
    assert s9500.cells[4:7] == ("$85.00", "$95.00", "+11.76%")
    j3370 = next(r for r in rates.rows if r.cells[0] == "J3370")
    assert j3370.cells[1] == "Vancomycin hydrochloride injection; 500 mg"
    assert j3370.cells[4:7] == ("AWP \u221222%", "AWP \u221218%", "\u221222% \u2192 \u221218%")


def test_internal_provenance_hashes_every_input(sim: Simulation, internal: Report) -> None:
    import hashlib

    import infusionkit

    cover = internal.cover
    assert cover.version == infusionkit.__version__
    roles = {f.role for f in cover.inputs}
    assert {"contract acme_current", "contract acme_proposed", "prices"} <= roles
    for f in cover.inputs:
        assert f.sha256 == hashlib.sha256(Path(f.path).read_bytes()).hexdigest()  # cwd-relative
    assert cover.period == sim.period
