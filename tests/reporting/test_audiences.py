"""Payer and internal versions of the report, read back; report.json is the one valuation."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from infusionkit.money import ZERO, format_money
from infusionkit.reporting import Report
from infusionkit.simulation import Simulation
from infusionkit.simulation.changes import STANDALONE_NOTE

INTERNAL_WORDS = ("infusionkit", "editable", "SHA-256", "Contract review findings", "IK1", "IK2")


def _docx_all_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith(".xml")
        )


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_payer_version_has_no_internal_material(written: dict[str, Path]) -> None:
    texts = {
        "docx": _docx_all_text(written["docx"]),
        "pdf": _pdf_text(written["pdf"]),
        "html": written["html"].read_text("utf-8"),
    }
    for fmt, text in texts.items():
        for word in INTERNAL_WORDS:
            assert word not in text, (fmt, word)
        assert not re.search(r"\b[0-9a-f]{64}\b", text), fmt  # no digests


def test_internal_version_adds_findings_and_provenance(
    internal: Report, written_internal: dict[str, Path]
) -> None:
    html = written_internal["html"].read_text("utf-8")
    assert "Contract review findings" in html
    assert "Value of meeting the recommendation" in html
    assert "Appendix: provenance" in html and "infusionkit" in html
    assert re.search(r"\b[0-9a-f]{64}\b", html)
    assert internal.findings_included
    docx_text = "\n".join(p.text for p in Document(str(written_internal["docx"])).paragraphs)
    assert "Contract review findings" in docx_text


def test_report_explains_standalone_and_sequential(written: dict[str, Path]) -> None:
    html = written["html"].read_text("utf-8")
    assert STANDALONE_NOTE.replace("'", "&#39;") in html or STANDALONE_NOTE in html
    assert "What drives the change, step by step" in html


def test_report_json_is_the_valuation(sim: Simulation, written: dict[str, Path]) -> None:
    data = json.loads(written["json"].read_text("utf-8"))
    assert [(s["name"], s["label"]) for s in data["scenarios"]] == [
        ("acme_current", "Current"),
        ("acme_proposed", "Provider proposal"),
    ]
    for scenario in data["scenarios"]:
        assert Decimal(scenario["total_allowed"]) == sim.total_allowed(scenario["name"])
    steps = sum((Decimal(s["amount"]) for s in data["waterfall"]), ZERO)
    total = sim.total_allowed("acme_proposed") - sim.total_allowed("acme_current")
    assert steps == total == Decimal(data["total_change"][0]["amount"])
    keys = {c["key"]: c for c in data["changes"]}
    assert keys["lesser_of_billed_charges"]["effect"] is not None
    assert keys["terms.timely_filing_days"]["effect"] is None
    assert data["audience"] == "payer"
    assert data["provenance"] and all(len(f["sha256"]) == 64 for f in data["provenance"])


def test_change_table_shows_the_same_numbers_as_report_json(
    report: Report, written: dict[str, Path]
) -> None:
    data = json.loads(written["json"].read_text("utf-8"))
    (table,) = next(s for s in report.sections if s.key == "changes").tables
    shown = {row.cells[0]: row.cells[-1] for row in table.rows}
    for change in data["changes"]:
        expected = "not priced" if change["effect"] is None else _signed(change["effect"])
        assert shown[change["title"]] == expected, change["key"]


def _signed(text: str) -> str:
    amount = Decimal(text)
    return ("+" if amount > 0 else "") + format_money(amount)
