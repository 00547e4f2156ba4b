"""Each rule against its own pass/fail cases (cases/IKnnn.yaml), run one rule at a time."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from infusionkit.review import RULES, TOPICS, load_recommendations
from infusionkit.review.rules import RuleContext
from tests.review.conftest import CASES, contract_with

DEFAULTS = load_recommendations()


def _cases() -> list[Any]:
    params = []
    for file in sorted(CASES.glob("IK*.yaml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}: {case['name']}"))
    return params


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    rule = RULES[rule_id]
    entry = DEFAULTS.get(rule_id)
    assert entry is not None
    value = entry.recommended
    if "recommended" in case:
        value = rule.adapter().validate_python(case["recommended"])
    contract = contract_with(case["contract"])
    findings = rule.check(RuleContext(contract, entry, value))
    expected = case["expect"]
    assert len(findings) == len(expected), [f.message for f in findings]
    for finding, want in zip(findings, expected, strict=True):
        assert finding.rule == rule_id
        assert finding.topic == rule.topic
        assert finding.rationale == entry.rationale and finding.source == entry.source
        for key, value in want.items():
            assert getattr(finding, key) == value, (key, finding)


def test_every_rule_has_cases_and_a_default_entry() -> None:
    files = {path.stem for path in CASES.glob("IK*.yaml")}
    assert files == set(RULES)
    assert {entry.id for entry in DEFAULTS.recommendations} == set(RULES)


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_rule_unit_shape(rule: Any) -> None:
    assert re.fullmatch(r"IK\d{3}", rule.id)
    assert rule.topic in TOPICS
    doc = type(rule).__doc__ or ""
    assert "Problem:" in doc and "Fix:" in doc, "docstring states the problem and the fix"


def test_topics_are_covered() -> None:
    assert {rule.topic for rule in RULES.values()} == set(TOPICS)


def test_rules_never_raise_on_a_bare_contract() -> None:
    bare = contract_with(
        {"per_diem": None, "nursing": None, "drugs": None, "other": None, "terms": None}
    )
    for rule_id, rule in RULES.items():
        entry = DEFAULTS.get(rule_id)
        assert entry is not None
        rule.check(RuleContext(bare, entry, entry.recommended))


