"""`infusionkit propose` end to end: documents read back, payer and internal comments,
changes.json as the one valuation, the brief, Exhibit A row changes, payers' own documents."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.contracts import contract_to_yaml, load_contract, with_changes
from infusionkit.drafting import propose, render_addendum
from infusionkit.redline import accept_all_text, check, reject_all_text
from infusionkit.simulation import simulate

from .conftest import CURRENT, PROPOSED, RATE_MODELS, payer_docx

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE = RATE_MODELS / "sample_episodes"
INTERNAL = re.compile(r"\$|infusionkit|editable|IK\d{3}|[Ss]imulated|standalone|\bkey\b")


def comments_by_paragraph(path: Path) -> dict[str, str]:
    """Text of the paragraph each comment is anchored on -> the comment's text."""
    with zipfile.ZipFile(path) as package:
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


def test_payer_redline_reads_as_a_document_to_send(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("--out", str(out))
    assert result.exit_code == 0, result.output
    redline = out / "redline.docx"
    assert accept_all_text(redline) == accept_all_text(out / "proposed.docx")
    assert reject_all_text(redline) == accept_all_text(out / "current.docx")
    assert check(redline) == []
    assert "within one hundred eighty (180) days" in accept_all_text(redline)
    comments = comments_by_paragraph(redline)
    changed = re.search(r"addendum: (\d+) changed clause", result.output)
    assert changed and len(comments) == int(changed.group(1)) >= 15
    assert "2. Coding" not in comments
    for heading, text in comments.items():
        assert not INTERNAL.search(text), (heading, text)
        assert not text.startswith("Proposed change to"), heading
    assert "National Home Infusion Association" in comments["1. Definitions"]
    assert comments["Exhibit A. Fee Schedule"].startswith(
        "Exhibit A: 38 rates changed; added S9338 per administration, S9345 per administration; "
        "removed S9325 per day, S9329 per day."
    )
    with zipfile.ZipFile(redline) as package:
        xml = b"".join(package.read(n) for n in package.namelist() if n.endswith(".xml"))
    assert b"infusionkit" not in xml
    data = json.loads((out / "changes.json").read_text("utf-8"))
    assert data["audience"] == "payer" and data["changes"]
    assert all(c["effect"] is None for c in data["changes"])  # no history: nothing valued
    assert not (out / "brief.md").exists()


def test_internal_comments_and_brief_carry_standalone_values(
    tmp_path: Path, episodes: Path
) -> None:
    out = tmp_path / "out"
    result = run("--out", str(out), "--episodes", str(episodes), "--audience", "internal")
    assert result.exit_code == 0, result.output
    comments = comments_by_paragraph(out / "redline.docx")
    # S9502 3 days is primary; S9500 3 days is SH: 85 x 50% -> 85 x 75% = +3 x 21.25
    assert (
        "Second therapy of a day (SH): +$63.75 standalone on the 2025 history"
        in comments["4. Concurrent Therapies"]
    )
    # rates alone: 3 x (130 - 115) + 3 x (95 - 85) x 50% = 45 + 15
    assert "Per diem rates: +$60.00 standalone" in comments["Exhibit A. Fee Schedule"]
    assert "Lesser of billed charges: $0.00 standalone" in comments["9. Payment of Contract Rates"]
    assert "not priced" in comments["11. Claims Submission and Timely Filing"]
    # current 3 x 115 + 3 x 42.50 = 472.50; proposed 3 x 130 + 3 x 71.25 = 603.75
    assert "current $472.50, proposed $603.75 (+$131.25)" in result.output
    data = json.loads((out / "changes.json").read_text("utf-8"))
    effects = {c["key"]: c["effect"] for c in data["changes"]}
    assert effects["per_diem.concurrent.SH"] == "63.75"
    assert effects["per_diem.rates"] == "60.00"
    assert sum(Decimal(s["amount"]) for s in data["waterfall"]) == Decimal("131.25")
    brief = (out / "brief.md").read_text("utf-8")
    assert brief.startswith("# Negotiation brief: Acme Health Plan")
    assert "INTERNAL: not for the payer." in brief
    assert "| Second therapy of a day (SH) | 50% \u2192 75% | +$63.75 |" in brief
    words = "\n".join(p.text for p in docx.Document(str(out / "brief.docx")).paragraphs)
    assert "Negotiation brief: Acme Health Plan" in words and "Fallback" in words


def test_internal_needs_a_history(tmp_path: Path) -> None:
    result = run("--out", str(tmp_path / "out"), "--audience", "internal")
    assert result.exit_code == 2
    assert "--episodes" in result.output
    assert not (tmp_path / "out").exists()


def test_payer_option_changes_the_totals(tmp_path: Path) -> None:
    acme, everyone = tmp_path / "acme", tmp_path / "all"
    assert run("--out", str(acme), "-e", str(SAMPLE), "--payer", "ACME").exit_code == 0
    assert run("--out", str(everyone), "-e", str(SAMPLE)).exit_code == 0
    sim = simulate(SAMPLE, [CURRENT, PROPOSED], payer="ACME")
    totals = [
        s["total_allowed"] for s in json.loads((acme / "changes.json").read_text())["scenarios"]
    ]
    assert totals == [f"{sim.total_allowed(n):.2f}" for n in sim.names]
    other = [
        s["total_allowed"] for s in json.loads((everyone / "changes.json").read_text())["scenarios"]
    ]
    assert other != totals
    assert run("--out", str(tmp_path / "x"), "-e", str(SAMPLE), "--payer", "NOPE").exit_code == 2


def test_brief_fallbacks_reach_the_goal(tmp_path: Path) -> None:
    """A fallback trades a refused ask against the per diem rates: re-simulated, the trade
    reaches the goal (the proposal's total) and one grid step less does not."""
    from infusionkit.negotiation import apply, levers_for

    sim = simulate(SAMPLE, [CURRENT, PROPOSED], payer="ACME")
    result = propose(CURRENT, PROPOSED, out_dir=tmp_path, episodes=sim, audience="internal")
    assert result.brief is not None
    ask = next(a for a in result.brief.asks if a.key == "lesser_of_billed_charges")
    found = re.search(r"per diem rates ([+-]\d+\.\d\d) %", ask.fallback)
    assert found, ask.fallback
    p = Decimal(found.group(1))
    proposal = load_contract(PROPOSED)
    refused = with_changes(proposal, lesser_of_billed_charges=True)
    levers = levers_for(refused, "per_diem")
    check_sim = simulate(
        sim.episodes,
        {"at": apply(refused, levers, p), "below": apply(refused, levers, p - Decimal("0.01"))},
        rates=RATE_MODELS,
    )
    goal = result.brief.goal
    assert goal == sim.total_allowed("acme_proposed")
    assert check_sim.total_allowed("at") >= goal > check_sim.total_allowed("below")
    standalone = {c.key: c.effect for c in result.proposal_changes}
    assert all(a.value == standalone[a.key] for a in result.brief.asks)


def _exhibit_rows(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(code, unit) of every Exhibit A row, and of the rows holding a tracked change."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    tables = list(body.iter(f"{W}tbl"))
    fee = next(t for t in tables if "Descriptor" in "".join(t.find(f"{W}tr").itertext()))
    every, changed = set(), set()
    for tr in fee.findall(f"{W}tr")[1:]:
        cells = ["".join(t.text or "" for t in tc.iter(f"{W}t", f"{W}delText"))
                 for tc in tr.findall(f"{W}tc")]  # fmt: skip
        key = (cells[0], cells[2])
        every.add(key)
        if tr.find(f".//{W}ins") is not None or tr.find(f".//{W}del") is not None:
            changed.add(key)
    return every, changed


def test_exhibit_a_shows_only_true_row_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("--out", str(out)).exit_code == 0
    old, new = render_addendum(CURRENT), render_addendum(PROPOSED)
    before = {(r.code, r.unit): r.rate for r in old.fee_rows}
    after = {(r.code, r.unit): r.rate for r in new.fee_rows}
    expected = {k for k in before | after if before.get(k) != after.get(k)}
    every, changed = _exhibit_rows(out / "redline.docx")
    assert every == set(before) | set(after)
    assert changed == expected
    assert ("S9338", "per day") in changed and ("S9338", "per administration") in changed
    assert ("99602", "per additional hour") in changed


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
    with zipfile.ZipFile(redline) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = package.read("word/comments.xml").decode()
    rows = {"".join(tr.find(f"{W}tc").itertext()): tr for tr in body.iter(f"{W}tr")}
    rate_cell = rows["S9500"].findall(f"{W}tc")[2]
    assert "".join(t.text for t in rate_cell.iter(f"{W}delText")) == "85"
    assert "".join(t.text for i in rate_cell.iter(f"{W}ins") for t in i.iter(f"{W}t")) == "95"
    assert rows["S9999"].find(f".//{W}ins") is None
    assert "Timely filing: 180 days from the date of service." in notes
    # the comment says what changed in this document, not in the tool's own addendum
    assert (
        "Rates changed in this fee schedule to the proposed rates: S9500 $85.00 \u2192 $95.00; "
        "S9502 $115.00 per day \u2192 $130.00 per day; 99601 $150.00 \u2192 $190.00."
    ) in notes
    assert "Exhibit A:" not in notes
    assert "rate cells changed" in result.output and "S9500, S9502, 99601" in result.output


def _fee_document(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    document = docx.Document()
    document.add_paragraph("Schedule 1. Compensation", style="Heading 1")
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    for r, row in enumerate([header, *rows]):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        (("HCPCS", "Service", "Allowable"),
         [("S9500", "q24h", "$85.00"), ("99601", "RN", "$150.00")]),
        (("Service code", "Fee"), [("S9500", "85.00"), ("99601", "150")]),
        (("Item", "Description", "Units", "Reimbursement"),
         [("S9500", "q24h", "1", "USD 85.00"), ("99601", "RN", "1", "$150.00 per visit")]),
        (("Svc", "Amount"), [("s9500", "$85"), ("99601", "$150.00")]),
    ],
)  # fmt: skip
def test_fee_tables_found_by_content(
    tmp_path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]
) -> None:
    proposal = with_changes(load_contract(PROPOSED), edits=[])
    path = tmp_path / "proposal.yaml"
    path.write_text(contract_to_yaml(proposal), encoding="utf-8")
    payer = _fee_document(tmp_path / "payer.docx", header, rows)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["propose", str(CURRENT), "-p", str(path), "--docx", str(payer), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    accepted = accept_all_text(out / "redline.docx")
    assert re.search(r"S9500\t.*95(\.00)?", accepted, re.IGNORECASE), accepted
    assert re.search(r"99601\t.*190(\.00)?", accepted), accepted


def test_payer_document_without_fee_table_is_bad_input(tmp_path: Path) -> None:
    payer = payer_docx(tmp_path / "payer.docx", table=False)
    out = tmp_path / "out"
    result = run("--out", str(out), "--docx", str(payer))
    assert result.exit_code == 2, result.output
    assert "payer.docx" in result.output and "no fee-schedule table found" in result.output
    assert not (out / "redline.docx").exists()


def test_payer_document_where_nothing_applies_is_bad_input(tmp_path: Path) -> None:
    proposal = with_changes(load_contract(CURRENT), edits=[])  # same rates, no edits
    path = tmp_path / "same.yaml"
    path.write_text(contract_to_yaml(proposal), encoding="utf-8")
    payer = payer_docx(tmp_path / "payer.docx")
    result = runner.invoke(
        app, ["propose", str(CURRENT), "-p", str(path), "--docx", str(payer), "--out",
              str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "nothing of the proposal could be applied" in result.output


def test_propose_library_with_own_rationales(tmp_path: Path, episodes: Path) -> None:
    result = propose(
        CURRENT,
        load_contract(PROPOSED),
        out_dir=tmp_path,
        episodes=episodes,
        rationales={"concurrent": "Second and third therapies cost money."},
        author="Provider counsel",
    )
    assert result.effects is not None
    assert result.effects.total == Decimal("131.25")
    comment = next(c for c in result.comments if c.clause_id == "concurrent")
    assert comment.text == "Second and third therapies cost money."
    assert [c.key for c in comment.changes] == ["per_diem.concurrent.SH", "per_diem.concurrent.SJ"]
    assert set(result.paths) == {"current", "proposed", "redline", "changes"}
    assert result.changes > 0
    with zipfile.ZipFile(result.paths["redline"]) as package:
        body = package.read("word/document.xml").decode()
    assert 'w:author="Provider counsel"' in body


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
