"""Fixtures for the drafting tests: sample contracts, a tiny history, payer documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RATE_MODELS = ROOT / "rate_models"
CURRENT = RATE_MODELS / "acme_current.yaml"
PROPOSED = RATE_MODELS / "acme_proposed.yaml"
TEMPLATES = ROOT / "contract_templates"

MINIMAL = """\
schema: infusionkit.contract/1
payer: Beta Health
effective: 2025-01-01
"""

# One patient, two concurrent per diem therapies on 2025-03-01..03 (3 days each).
THERAPIES = """\
therapy_id,episode_id,patient_id,hcpcs,start_date,end_date,dosing_interval_hours
T1,E1,P1,S9502,2025-03-01,2025-03-03,8
T2,E1,P1,S9500,2025-03-01,2025-03-03,24
"""


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """An editable copy of the bundled clause templates."""
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


@pytest.fixture
def episodes(tmp_path: Path) -> Path:
    folder = tmp_path / "episodes"
    folder.mkdir()
    (folder / "therapies.csv").write_text(THERAPIES, encoding="utf-8")
    return folder


def payer_docx(path: Path, *, table: bool = True) -> Path:
    """A payer's agreement written with python-docx: clauses the sample edits target, and a
    fee-schedule table keyed by code."""
    import docx

    document = docx.Document()
    document.add_paragraph("Acme Provider Agreement", style="Title")
    document.add_paragraph("Article 2. Reimbursement", style="Heading 1")
    document.add_paragraph(
        "Payer shall pay the lesser of Provider's billed charges or the rates in Exhibit A."
    )
    document.add_paragraph(
        "Rates shall not exceed the lowest rate Provider accepts from any other payer."
    )
    document.add_paragraph("Article 3. Claims Submission", style="Heading 1")
    document.add_paragraph("Provider shall submit claims within ninety (90) days of service.")
    if table:
        document.add_paragraph("Exhibit A. Rates", style="Heading 1")
        rows = [
            ("Code", "Description", "Rate"),
            ("S9500", "Antibiotic q24h per diem", "$85.00"),
            ("S9502", "Antibiotic q8h per diem", "$115.00 per day"),
            ("99601", "Nursing visit", "$150.00"),
            ("S9999", "Not in the proposal", "$10.00"),
        ]
        grid = document.add_table(rows=len(rows), cols=3)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(path))
    return path
