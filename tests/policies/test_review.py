"""The payer-policy review rules' fixes keep the accepted part of a policy, and measure it."""

from __future__ import annotations

from infusionkit.review import RULES, load_recommendations, review
from tests.review.conftest import contract_with


def _findings(change: dict, rule_id: str, recommended: object = None) -> list:
    recs = load_recommendations()
    entry = recs.get(rule_id)
    assert entry is not None
    if recommended is not None:
        value = RULES[rule_id].adapter().validate_python(recommended)
        entry = entry.model_copy(update={"recommended": value})
    only = recs.model_copy(update={"recommendations": (entry,)})
    return list(review(contract_with(change), recommendations=only).findings)


def test_bundled_codes_fix_keeps_the_accepted_codes_in_order() -> None:
    (finding,) = _findings({"policies": {"bundled_codes": ["S5498", "S9810", "S5497"]}}, "IK302")
    assert dict(finding.fix) == {"policies.bundled_codes": ["S9810"]}


def test_not_concurrent_fix_keeps_the_accepted_entries() -> None:
    entries = [{"code": "hydration", "with": ["tpn"]}, {"code": "S9500", "with": ["S9494"]}]
    (finding,) = _findings(
        {"policies": {"not_concurrent": entries}}, "IK303", [{"code": "hydration", "with": ["tpn"]}]
    )
    assert dict(finding.fix) == {"policies.not_concurrent": [entries[0]]}


def test_each_policy_fix_is_a_valid_contract_change() -> None:
    from infusionkit.contracts import with_changes

    change = {
        "per_diem": {"day_count": "service_days", "concurrent": {"modifier_59": True}},
        "nursing": {"ais_percent": 50},
        "policies": {
            "bundled_codes": ["S5498"],
            "not_concurrent": [{"code": "hydration", "with": ["tpn"]}],
        },
    }
    contract = contract_with(change)
    found = {f.rule: f for f in review(contract).findings}
    assert {"IK301", "IK302", "IK303", "IK304", "IK305"} <= set(found)
    fixed = contract
    for rule_id in ("IK301", "IK302", "IK303", "IK304", "IK305"):
        fixed = with_changes(fixed, **dict(found[rule_id].fix))
    assert not {f.rule for f in review(fixed).findings} & set(found)
