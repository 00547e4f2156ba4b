"""Each coding and pricing rule against its own cases (cases/<id>.yaml), through a real simulation.

A case file names its rule and lists cases. A case gives episode tables (rows as mappings;
``episode_id`` E1 and ``patient_id`` P1 unless given), optional ``contract`` changes merged into
data/contract.yaml (``null`` deletes a key), whether the rule ``applies``, and ``expect``: every
claim line the simulation makes, in table order, with the columns the case names.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from infusionkit.coding.rules import RULES, LineRule, doc_parts
from infusionkit.contracts import parse_contract
from infusionkit.episodes import TABLES
from infusionkit.simulation import simulate
from infusionkit.yaml_files import dump_yaml, read_yaml
from tests.coding.tables import episodes_of, load_case_file, text
from tests.review.conftest import merge

HERE = Path(__file__).parent
CASES = HERE / "cases"
DATA = HERE / "data"
CASE_KEYS = {"name", "contract", "applies", "expect", *TABLES}
# Rules that write no id on lines (pricing is in the rule text; C09 groups every per diem line)
UNTAGGED = {
    rule_id
    for rule_id, rule in RULES.items()
    if not rule.line_types and type(rule).marks is LineRule.marks
}


def _cases() -> list[Any]:
    params = []
    for file in sorted(CASES.glob("*.yaml")):
        spec = load_case_file(file)
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}: {case['name']}"))
    return params


def _contract(change: dict[str, Any] | None) -> Any:
    base = read_yaml((DATA / "contract.yaml").read_text(encoding="utf-8")).data
    return parse_contract(dump_yaml(merge(base, change or {})), source="<case>")


def _same(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, Decimal):
        return wanted is not None and actual == Decimal(str(wanted))
    if isinstance(actual, date):
        return actual.isoformat() == text(wanted)
    return actual == wanted


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    sim = simulate(episodes_of(case), {"case": _contract(case.get("contract"))}, rates=DATA)
    lines = sim.scenario_lines("case").to_pylist()
    expected = case["expect"]
    shown = [
        {k: line[k] for k in ("line_type", "hcpcs", "modifiers", "units", "rule")} for line in lines
    ]
    assert len(lines) == len(expected), shown
    for number, (line, want) in enumerate(zip(lines, expected, strict=True), start=1):
        for column, value in want.items():
            assert _same(line[column], value), (number, column, line[column], value)
    if rule_id not in UNTAGGED:
        tagged = any(rule_id in str(line["rule"]).split() for line in lines)
        assert tagged == case["applies"], "lines carry the rule id exactly when it applies"


def test_untagged_rules_are_the_pricing_rules_and_grouping() -> None:
    assert {r for r in UNTAGGED if RULES[r].stage == "coding"} == {"C09"}
    assert all(RULES[r].stage == "pricing" for r in UNTAGGED - {"C09"})


def test_every_rule_has_a_cases_file_with_both_outcomes() -> None:
    files = {path.stem: load_case_file(path) for path in CASES.glob("*.yaml")}
    assert set(files) == set(RULES)
    for rule_id, spec in files.items():
        assert spec["rule"] == rule_id
        outcomes = {case["applies"] for case in spec["cases"]}
        assert outcomes == {True, False}, f"{rule_id}: a case where it applies and one where not"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_rule_unit_shape(rule: Any) -> None:
    prefix = "C" if rule.stage == "coding" else "P"
    assert re.fullmatch(prefix + r"\d\d", rule.id)
    doc = doc_parts(type(rule).__doc__)
    assert rule.title and doc.summary.endswith((".", ")"))
    assert doc.body, "the docstring says how the rule is applied"
    assert doc.sections.get("Source"), "the docstring names the rule's source"


def test_doc_parts_reads_summary_body_and_sections() -> None:
    parts = doc_parts(
        """Summary line
        continued.

        Body ``key`` here.

        Problem: one
        two.
        Fix: three.
        """
    )
    assert parts.summary == "Summary line continued."
    assert parts.body == ("Body `key` here.",)
    assert parts.sections == {"Problem": "one two.", "Fix": "three."}
