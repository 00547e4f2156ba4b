"""`infusionkit propose` end to end: three documents, tracked changes, comments, dollar effects."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.contracts import contract_to_yaml, load_contract, with_changes
from infusionkit.drafting import propose
from infusionkit.redline import accept_all_text, check, reject_all_text

from .conftest import CURRENT, PROPOSED, payer_docx

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# 29 per diem + S9359 per administration + 2 nursing + 6 other; S9338 and S9345 per
# administration added; S9325 and S9329 (general codes) dropped by the proposal.
FEE_SUMMARY = "Exhibit A: 38 rate(s) changed, 2 code(s) added, 2 code(s) removed, as proposed."


def comments_by_paragraph(docx: Path) -> dict[str, str]:
    """Text of the paragraph each comment is anchored on -> the comment's text."""
    with zipfile.ZipFile(docx) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    texts = {c.get(f"{W}id"): "".join(c.itertext()) for c in comments.iter(f"{W}comment")}
    anchored = {}
    for start in body.iter(f"{W}commentRangeStart"):
        para = next(a for a in start.iterancestors() if a.tag == f"{W}p")
        words = "".join(t.text or "" for t in para.iter(f"{W}t"))
        anchored[words] = texts[start.get(f"{W}id")]
    return anchored


def run(*args: str) -> object:
    return runner.invoke(
        app, ["propose", str(CURRENT), "--proposal", str(PROPOSED), "--date", "2025-02-01", *args]
    )


def test_propose_writes_addenda_and_redline(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("--out", str(out))
    assert result.exit_code == 0, result.output
    for name in ("current.docx", "proposed.docx", "redline.docx"):
        assert (out / name).is_file()
    redline = out / "redline.docx"
    assert accept_all_text(redline) == accept_all_text(out / "proposed.docx")
    assert reject_all_text(redline) == accept_all_text(out / "current.docx")
    assert check(redline) == []
    assert "within one hundred eighty (180) days" in accept_all_text(redline)
    assert "within ninety (90) days" in reject_all_text(redline)
    comments = comments_by_paragraph(redline)
    assert len(comments) == 15  # every clause but Definitions and Coding changed
    assert "1. Definitions" not in comments and "2. Coding" not in comments
    assert comments["Exhibit A. Fee Schedule"] == FEE_SUMMARY
    concurrent = comments["4. Concurrent Therapies"]
    assert concurrent != "Proposed change to Concurrent Therapies."  # from the review
    assert "concurrent" in concurrent.lower()
    assert "Simulated effect" not in concurrent
    assert "addendum: 15 changed clause(s)" in result.output


def test_propose_with_episodes_gives_dollar_effects(tmp_path: Path, episodes: Path) -> None:
    out = tmp_path / "out"
    result = run("--out", str(out), "--episodes", str(episodes))
    assert result.exit_code == 0, result.output
    comments = comments_by_paragraph(out / "redline.docx")
    # S9502 3 days is primary; S9500 3 days is SH: 85 x 50% -> 85 x 75% = +3 x 21.25
    assert comments["4. Concurrent Therapies"].endswith(
        "Simulated effect on 2025 history: +$63.75."
    )
    # rates only: 3 x (130 - 115) + 3 x (95 - 85) x 50% = 45 + 15
    assert comments["Exhibit A. Fee Schedule"] == (
        f"{FEE_SUMMARY} Simulated effect on 2025 history: +$60.00."
    )
    assert comments["9. Payment of Contract Rates"].endswith("history: $0.00.")
    assert "Simulated effect" not in comments["11. Claims Submission and Timely Filing"]
    # current 3 x 115 + 3 x 42.50 = 472.50; proposed 3 x 130 + 3 x 71.25 = 603.75
    assert "current $472.50, proposed $603.75 (+$131.25)" in result.output


def test_propose_library(tmp_path: Path, episodes: Path) -> None:
    result = propose(
        CURRENT,
        load_contract(PROPOSED),
        out_dir=tmp_path,
        episodes=episodes,
        rationales={"concurrent_therapy": "Second and third therapies cost money."},
        author="Provider counsel",
    )
    assert result.effects is not None
    assert result.effects.by_clause["concurrent"] == Decimal("63.75")
    assert result.effects.by_clause["fee_schedule"] == Decimal("60.00")
    assert result.effects.total == Decimal("131.25")
    assert "definitions" not in result.changed_clauses
    comment = next(c for c in result.comments if c.clause_id == "concurrent")
    assert comment.text.startswith("Second and third therapies cost money. Simulated effect")
    assert comment.effect == Decimal("63.75")
    assert set(result.paths) == {"current", "proposed", "redline"}
    assert result.changes > 0
    with zipfile.ZipFile(result.paths["redline"]) as package:
        body = package.read("word/document.xml").decode()
    assert 'w:author="Provider counsel"' in body


def test_payer_document_gets_edits_and_rate_cells(tmp_path: Path) -> None:
    payer = payer_docx(tmp_path / "payer.docx")
    original = accept_all_text(payer)
    out = tmp_path / "out"
    result = run("--out", str(out), "--docx", str(payer))
    assert result.exit_code == 0, result.output
    redline = out / "redline.docx"
    accepted, rejected = accept_all_text(redline), reject_all_text(redline)
    assert rejected == original
    assert check(redline) == []
    assert "Payer shall pay the rates in Exhibit A." in accepted
    assert "Rates shall be the rates set out in Exhibit A." in accepted
    assert "within one hundred eighty (180) days of service" in accepted
    lines = accepted.splitlines()
    assert "S9500\tAntibiotic q24h per diem\t$95.00" in lines
    assert "S9502\tAntibiotic q8h per diem\t$130.00 per day" in lines
    assert "99601\tNursing visit\t$190.00" in lines
    assert "S9999\tNot in the proposal\t$10.00" in lines
    assert "S9500\tAntibiotic q24h per diem\t$85.00" in rejected.splitlines()
    with zipfile.ZipFile(redline) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = package.read("word/comments.xml").decode()
    rows = {"".join(tr.find(f"{W}tc").itertext()): tr for tr in body.iter(f"{W}tr")}
    rate_cell = rows["S9500"].findall(f"{W}tc")[2]
    assert "".join(t.text for t in rate_cell.iter(f"{W}delText")) == "85"
    assert "".join(t.text for i in rate_cell.iter(f"{W}ins") for t in i.iter(f"{W}t")) == "95"
    assert rows["S9999"].find(f".//{W}ins") is None
    assert "Timely filing: 180 days from the date of service." in notes
    assert "Exhibit A: 38 rate(s) changed" in notes
    assert "rate cells changed" in result.output and "S9500, S9502, 99601" in result.output
    assert (out / "current.docx").is_file() and (out / "proposed.docx").is_file()


def test_payer_document_without_fee_table_warns(tmp_path: Path) -> None:
    payer = payer_docx(tmp_path / "payer.docx", table=False)
    result = run("--out", str(tmp_path / "out"), "--docx", str(payer))
    assert result.exit_code == 0, result.output
    assert "no fee-schedule table" in result.output


def test_edit_not_found_is_bad_input(tmp_path: Path) -> None:
    proposal = with_changes(
        load_contract(PROPOSED),
        edits=[{"find": "within ninety (90) days", "replace": "within 180 days"},
               {"find": "no such clause text", "replace": "x"}],
    )  # fmt: skip
    proposal_file = tmp_path / "proposal.yaml"
    proposal_file.write_text(contract_to_yaml(proposal), encoding="utf-8")
    payer = payer_docx(tmp_path / "payer.docx")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["propose", str(CURRENT), "--proposal", str(proposal_file), "--docx", str(payer),
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "edits[1].find" in result.output
    assert "'no such clause text' not found in payer.docx" in result.output
    assert "edits[0]" not in result.output
    assert "Traceback" not in result.output
    assert not (out / "redline.docx").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not a zip file", "payer.docx"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512, "payer.docx"),
        (b"PK\x03\x04 truncated", "payer.docx"),
    ],
)
def test_bad_payer_document_is_bad_input(tmp_path: Path, content: bytes, expected: str) -> None:
    payer = tmp_path / "payer.docx"
    payer.write_bytes(content)
    result = run("--out", str(tmp_path / "out"), "--docx", str(payer))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_macro_enabled_payer_document_is_bad_input(tmp_path: Path) -> None:
    payer = payer_docx(tmp_path / "plain.docx")
    macro = tmp_path / "payer.docx"
    with zipfile.ZipFile(payer) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\0" * 16)
    result = run("--out", str(tmp_path / "out"), "--docx", str(macro))
    assert result.exit_code == 2, result.output
    assert "payer.docx" in result.output


def test_missing_contract_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["propose", str(tmp_path / "nope.yaml"), "--proposal", str(PROPOSED)]
    )
    assert result.exit_code == 2
    assert "nope.yaml" in result.output


def test_bad_date_is_bad_input(tmp_path: Path) -> None:
    result = run("--out", str(tmp_path), "--date", "yesterday")
    assert result.exit_code == 2


def test_templates_option_errors_name_the_template(tmp_path: Path, templates: Path) -> None:
    (templates / "04_concurrent.j2").write_text("## {{ number }}. {{ title }}\n\n{{ sh_rate }}\n")
    result = run("--out", str(tmp_path / "out"), "--templates", str(templates))
    assert result.exit_code == 2, result.output
    assert "04_concurrent.j2" in result.output and "sh_rate" in result.output
    assert not (tmp_path / "out").exists()
