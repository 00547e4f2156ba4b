"""Each rule against its own pass/fail cases (cases/IKnnn.yaml), run one rule at a time.

A case gives ``contract`` changes merged into data/compliant.yaml, optionally its own
``recommended`` value, and optionally a ``history``: episode tables written inline (rows as
mappings; ``episode_id`` E1 and ``patient_id`` P1 unless given), priced with the prices in
data/rates, so the case can check the finding's dollar ``impact``. ``expect`` lists the rule's
findings with the fields the case names.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from infusionkit.review import RULES, TOPICS, load_recommendations, review
from infusionkit.review.rules import RuleContext
from tests.coding.tables import episodes_of, load_case_file
from tests.review.conftest import CASES, DATA, contract_with

DEFAULTS = load_recommendations()
CASE_KEYS = {"name", "contract", "recommended", "history", "expect"}


def _cases() -> list[Any]:
    params = []
    for file in sorted(CASES.glob("IK*.yaml")):
        spec = load_case_file(file)
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}: {case['name']}"))
    return params


def _only(rule_id: str, recommended: Any) -> Any:
    """The default recommendation set reduced to one rule's entry (its value replaced if given)."""
    entry = DEFAULTS.get(rule_id)
    assert entry is not None
    if recommended is not None:
        value = RULES[rule_id].adapter().validate_python(recommended)
        entry = entry.model_copy(update={"recommended": value})
    return DEFAULTS.model_copy(update={"recommendations": (entry,)}), entry


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    rule = RULES[rule_id]
    recommendations, entry = _only(rule_id, case.get("recommended"))
    contract = contract_with(case["contract"])
    history = episodes_of(case["history"]) if "history" in case else None
    result = review(
        contract, recommendations=recommendations, episodes=history, rates=DATA / "rates"
    )
    findings = result.findings
    expected = case["expect"]
    assert len(findings) == len(expected), [f.message for f in findings]
    for finding, want in zip(findings, expected, strict=True):
        assert finding.rule == rule_id
        assert (finding.topic, finding.title) == (rule.topic, rule.title)
        assert finding.rationale == entry.rationale and finding.source == entry.source
        for key, value in want.items():
            actual = getattr(finding, key)
            if key == "impact" and value is not None:
                value = Decimal(str(value))
            assert actual == value, (key, finding)
    if history is None:  # the rule alone gives the same findings as the review
        alone = rule.check(RuleContext(contract, entry, entry.recommended))
        assert sorted(alone, key=lambda f: f.sort_key) == list(findings)


def test_every_rule_has_cases_and_a_default_entry() -> None:
    files = {path.stem for path in CASES.glob("IK*.yaml")}
    assert files == set(RULES)
    assert {entry.id for entry in DEFAULTS.recommendations} == set(RULES)


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_rule_unit_shape(rule: Any) -> None:
    assert re.fullmatch(r"IK\d{3}", rule.id)
    assert rule.topic in TOPICS
    assert rule.title and rule.doc.summary, "a title and a one-line statement of the rule"
    assert rule.problem and rule.fix, "docstring states the problem and the fix"


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
