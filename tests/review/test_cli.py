"""`infusionkit review` on the command line: formats, exit codes, errors, sample contracts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from tests.review.conftest import DATA, RATE_MODELS

runner = CliRunner()

FINDING_KEYS = {
    "rule",
    "topic",
    "severity",
    "title",
    "message",
    "key",
    "current",
    "recommended",
    "rationale",
    "source",
    "impact",
    "impact_basis",
    "details",
}


def _run(*args: str) -> Any:
    return runner.invoke(app, ["review", *args])


def _check_shape(doc: dict[str, Any]) -> None:
    """The documented JSON shape."""
    assert set(doc) == {"contract", "recommendations", "episodes", "summary", "findings"}
    assert set(doc["contract"]) == {"path", "payer", "name", "effective"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", doc["contract"]["effective"])
    assert set(doc["summary"]) == {"high", "medium", "low"}
    assert sum(doc["summary"].values()) == len(doc["findings"])
    ranks = {"high": 0, "medium": 1, "low": 2}
    order = [(ranks[f["severity"]], f["rule"]) for f in doc["findings"]]
    assert order == sorted(order)
    for f in doc["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["severity"] in ranks
        for key in ("rule", "topic", "title", "message", "recommended", "rationale", "source"):
            assert isinstance(f[key], str) and f[key]
        assert f["impact"] is None or re.fullmatch(r"-?\d+\.\d\d", f["impact"])
        assert f["impact_basis"] in (None, "allowed_difference", "billed_charges_at_risk")
        assert (f["impact"] is None) == (f["impact_basis"] is None)
    if doc["episodes"] is not None:
        assert set(doc["episodes"]) == {
            "source",
            "first",
            "last",
            "claim_lines",
            "allowed",
            "data_gaps",
        }


def test_json_with_episodes_matches_the_documented_shape() -> None:
    out = _run(
        str(DATA / "weak.yaml"),
        "--episodes",
        str(DATA / "history"),
        "--rates",
        str(DATA / "rates"),
        "--format",
        "json",
    )
    assert out.exit_code == 1, out.output
    doc = json.loads(out.stdout)
    _check_shape(doc)
    assert doc["contract"]["payer"] == "Test Plan"
    impacts = {f["rule"]: f["impact"] for f in doc["findings"]}
    assert impacts["IK110"] == "60.00" and impacts["IK103"] == "100.00"
    assert impacts["IK202"] is None
    assert doc["episodes"]["allowed"] == "2115.00"


def test_exit_codes_follow_fail_on() -> None:
    proposal = str(RATE_MODELS / "acme_proposed.yaml")
    assert _run(str(DATA / "compliant.yaml")).exit_code == 0
    assert _run(proposal).exit_code == 0  # the proposal meets every recommendation
    current = str(RATE_MODELS / "acme_current.yaml")
    assert _run(current, "--fail-on", "high").exit_code == 1
    low_only = str(DATA / "low_only.yaml")
    assert _run(low_only).exit_code == 1
    assert _run(low_only, "--fail-on", "medium").exit_code == 0
    assert _run(low_only, "--fail-on", "high").exit_code == 0


def test_bad_inputs_exit_2(tmp_path: Path) -> None:
    missing = _run(str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr
    assert _run(str(DATA / "compliant.yaml"), "--format", "xml").exit_code == 2
    assert _run(str(DATA / "compliant.yaml"), "--fail-on", "urgent").exit_code == 2
    bad = tmp_path / "recs.yaml"
    bad.write_text(
        "schema: infusionkit.recommendations/1\nrecommendations:\n  - id: IK103\n"
        "    topic: concurrent_therapy\n    severity: high\n    check: SH\n"
        "    recommended: fifty\n    rationale: r\n    source: s\n",
        encoding="utf-8",
    )
    out = _run(str(DATA / "compliant.yaml"), "--recommendations", str(bad))
    assert out.exit_code == 2
    assert str(bad) in out.stderr and "line 7" in out.stderr
    assert "recommendations[0].recommended" in out.stderr
    assert "Traceback" not in out.output


def test_recommendations_beside_the_contract_are_used(tmp_path: Path) -> None:
    contract = tmp_path / "c.yaml"
    contract.write_text((DATA / "compliant.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "recommendations.yaml").write_text(
        "schema: infusionkit.recommendations/1\nrecommendations:\n  - id: IK202\n"
        "    topic: timely_filing\n    severity: high\n    check: days\n"
        "    recommended: 365\n    rationale: r\n    source: infusionkit default (editable)\n",
        encoding="utf-8",
    )
    out = _run(str(contract), "--format", "json", "--fail-on", "high")
    assert out.exit_code == 1
    doc = json.loads(out.stdout)
    assert doc["recommendations"] == str(tmp_path / "recommendations.yaml")
    assert [(f["rule"], f["recommended"]) for f in doc["findings"]] == [("IK202", "≥ 365 days")]


def test_markdown_pastes_as_a_table_with_details() -> None:
    out = _run(
        str(DATA / "weak.yaml"),
        "--episodes",
        str(DATA / "history"),
        "--rates",
        str(DATA / "rates"),
        "--format",
        "md",
    )
    text = out.stdout
    assert text.startswith("## Contract review: Weak test contract")
    assert (
        "| Severity | Rule | Topic | Finding | Current | Recommended "
        "| Value of meeting the recommendation |"
    ) in text
    assert "|---|---|---|---|---|---|---:|" in text
    assert "| high | IK110 | lesser_of | Lesser-of-billed-charges clause |" in text
    assert "$60.00 |" in text and "$2,700.00* |" in text
    assert "### Details" in text
    assert "  - Source: infusionkit default (editable)" in text
    assert "  - nursing 99602: 1 line(s), $100.00 billed" in text


def test_table_output_is_readable() -> None:
    out = _run(
        str(DATA / "weak.yaml"),
        "--episodes",
        str(DATA / "history"),
        "--rates",
        str(DATA / "rates"),
    )
    assert out.exit_code == 1
    assert "IK110" in out.stdout and "$60.00" in out.stdout and "$2,700.00*" in out.stdout
    assert "finding(s)" in out.stdout


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_no_findings_output(fmt: str) -> None:
    out = _run(str(DATA / "compliant.yaml"), "--format", fmt)
    assert out.exit_code == 0
    if fmt == "json":
        assert json.loads(out.stdout)["findings"] == []
    else:
        assert "No findings" in out.stdout


def test_format_follows_the_one_convention() -> None:
    """--format as in every command: -f, any case, one name; two or an unknown are exit 2."""
    contract = str(DATA / "compliant.yaml")
    short = _run(contract, "-f", "JSON")
    assert short.exit_code == 0 and json.loads(short.stdout)["findings"] == []
    for bad in (["--format", "json,md"], ["--format", "json", "--format", "md"]):
        out = _run(contract, *bad)
        assert out.exit_code == 2 and "--format takes one of table, json, md" in out.stderr
    unknown = _run(contract, "--format", "xml")
    assert unknown.exit_code == 2 and "--format xml: use table, json, md" in unknown.stderr
    assert _run("--rules", "-f", "md,md").exit_code == 0  # a repeat is one name


def test_sample_contracts() -> None:
    current = json.loads(_run(str(RATE_MODELS / "acme_current.yaml"), "--format", "json").stdout)
    _check_shape(current)
    rules = {f["rule"] for f in current["findings"]}
    assert {
        "IK104",
        "IK105",
        "IK106",
        "IK109",
        "IK110",
        "IK202",
        "IK203",
        "IK204",
        "IK205",
        "IK206",
        "IK201",
    } <= rules
    assert current["recommendations"] == str(RATE_MODELS / "recommendations.yaml")
    proposed = json.loads(_run(str(RATE_MODELS / "acme_proposed.yaml"), "--format", "json").stdout)
    assert proposed["findings"] == []


def test_help_documents_the_rules() -> None:
    out = runner.invoke(app, ["review", "--help"])
    assert out.exit_code == 0
    for words in ("--episodes", "--recommendations", "--fail-on", "recommendations.yaml"):
        assert words in out.stdout


def test_rules_lists_every_rule_with_its_problem_and_fix() -> None:
    from infusionkit.review import RULES

    table = _run("--rules")
    assert table.exit_code == 0
    for rule in RULES.values():
        assert rule.id in table.stdout
    listed = json.loads(_run("--rules", "--format", "json").stdout)
    assert [item["id"] for item in listed] == list(RULES)
    for item in listed:
        rule = RULES[item["id"]]
        assert (item["title"], item["topic"]) == (rule.title, rule.topic)
        assert item["problem"].lower() == rule.problem.lower() and item["fix"]
        assert item["recommended"] is not None and item["severity"] in ("high", "medium", "low")
    md = _run("--rules", "--format", "md").stdout
    assert "## IK206 Most-favored-nation clause" in md and "**Fix:**" in md


def test_rules_use_the_recommendations_given(tmp_path: Path) -> None:
    edited = tmp_path / "recs.yaml"
    text = (RATE_MODELS / "recommendations.yaml").read_text(encoding="utf-8")
    edited.write_text(text.replace("recommended: 180", "recommended: 365"), encoding="utf-8")
    listed = json.loads(
        _run("--rules", "--format", "json", "--recommendations", str(edited)).stdout
    )
    assert next(i for i in listed if i["id"] == "IK202")["recommended"] == "365"


def test_no_contract_and_no_rules_is_a_usage_error() -> None:
    out = _run()
    assert out.exit_code == 2 and "CONTRACT" in out.stderr and "Traceback" not in out.output
