"""Reports for 2 to 6 contracts: every table fits its page (landscape or split), money never
runs together, codes and headers are not broken, no near-empty pages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from infusionkit.episodes import synth_episodes
from infusionkit.reporting import Report, build_report, layout
from infusionkit.simulation import Simulation, simulate

from .conftest import MODELS, variants

MONEY = r"[+\-]?\$[\d,]+\.\d\d"


def _fits(report: Report) -> None:
    limit = layout.content_width(report.landscape)
    for section in report.sections:
        for table in section.tables:
            assert layout.width(table) <= limit + 1e-9, (section.key, table.caption)


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_every_table_fits_its_page(n: int) -> None:
    sim = simulate(synth_episodes(12, seed=2), list(variants(n).values()), rates=MODELS)
    report = build_report(sim)
    assert report.landscape == (n >= 5)  # up to four contracts fit portrait pages
    _fits(report)
    rates = [t for s in report.sections if s.key == "rates" for t in s.tables]
    # 2 contracts: one table of rates, rate changes and effects; more: rates, then effects
    assert len(rates) == (1 if n == 2 else 2)
    assert all([c.header for c in t.columns[:2]] == ["Code", "Description"] for t in rates)
    assert all(not t.caption.endswith("of 2)") for s in report.sections for t in s.tables)


def _layout_text(pdf: Path) -> list[str]:
    pages = []
    count = len(PdfReader(pdf).pages)
    for page in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        pages.append(out.stdout)
    return pages


def test_six_contracts_pdf_reads_cleanly(six: tuple[Simulation, Report, Path]) -> None:
    sim, report, pdf = six
    reader = PdfReader(pdf)
    box = reader.pages[1].mediabox
    assert float(box.width) > float(box.height)  # landscape
    pages = _layout_text(pdf)
    text = "\n".join(pages)
    assert not re.search(MONEY + r"\$", text), "two money amounts run together"
    assert not re.search(r"\d\.\d\d[+\-]?\$", text)
    assert not re.search(r"charges[a-z$+\-\u2212]|unpriced[a-z$]|\d%[a-z$]", text), (
        "cells run together"
    )
    for scenario in sim.scenarios:
        assert scenario.label in text
    codes = {r.cells[0] for s in report.sections if s.key == "rates" for t in s.tables
             for r in t.rows if r.kind == "body"}  # fmt: skip
    assert codes and all(re.search(rf"\b{code}\b", text) for code in codes)
    assert "Cod\ne" not in text and "Code" in text
    for number, page in enumerate(pages[1:-1], start=2):  # the cover and last page may be short
        assert len([line for line in page.splitlines() if line.strip()]) >= 12, number


def test_two_contracts_pdf_has_no_near_empty_page(written: dict[str, Path]) -> None:
    pages = _layout_text(written["pdf"])
    text = "\n".join(pages)
    assert not re.search(MONEY + r"\$", text)
    assert not re.search(r"charges[a-z$+\-\u2212]|unpriced[a-z$]|\d%[a-z$]", text), (
        "cells run together"
    )
    for number, page in enumerate(pages[1:-1], start=2):
        assert len([line for line in page.splitlines() if line.strip()]) >= 12, number
    box = PdfReader(written["pdf"]).pages[0].mediabox
    assert float(box.width) < float(box.height)  # portrait for two contracts
