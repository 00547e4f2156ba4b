"""The recommendation file: shipped copies, sources, editing, and located errors."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from infusionkit.errors import InputErrors
from infusionkit.review import (
    DEFAULT_FILE,
    RULES,
    load_recommendations,
    parse_recommendations,
    resolve_recommendations,
    review,
)
from tests.review.conftest import RATE_MODELS, contract_with

TOOLKIT = "infusionkit default (editable)"


def test_repo_copy_equals_packaged_default() -> None:
    shipped = (RATE_MODELS / "recommendations.yaml").read_text(encoding="utf-8")
    assert shipped == DEFAULT_FILE.read_text(encoding="utf-8")


def test_default_set_loads_with_every_field() -> None:
    recs = load_recommendations()
    assert recs.path == DEFAULT_FILE
    for entry in recs.recommendations:
        assert entry.severity in ("high", "medium", "low")
        assert entry.check and entry.rationale and entry.source and entry.title


def _has_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | Decimal):
        return True
    if isinstance(value, dict):
        return any(_has_number(v) for v in value.values())
    if hasattr(value, "model_dump"):
        return _has_number(value.model_dump())
    return False


def test_numbers_are_toolkit_defaults_never_nhia() -> None:
    for entry in load_recommendations().recommendations:
        if _has_number(entry.recommended):
            assert entry.source == TOOLKIT or entry.source.startswith(TOOLKIT), entry.id
            assert "NHIA" not in entry.source, entry.id
        if "NHIA" in entry.rationale:
            assert not re.search(r"NHIA[^.]*\d+ ?%", entry.rationale), entry.id


def test_nhia_cited_where_public_text_supports_it() -> None:
    recs = load_recommendations()
    for rule_id in ("IK101", "IK105", "IK107", "IK108"):
        entry = recs.get(rule_id)
        assert entry is not None and entry.source.startswith("NHIA"), rule_id


def test_edited_threshold_is_used() -> None:
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    edited = text.replace(
        "second therapy of a day)\n    recommended: 50",
        "second therapy of a day)\n    recommended: 60",
    )
    assert edited != text
    recs = parse_recommendations(edited)
    contract = contract_with({"per_diem": {"concurrent": {"SH": 50}}})
    result = review(contract, recommendations=recs)
    assert [(f.rule, f.recommended) for f in result.findings] == [("IK103", "≥ 60%")]


def test_disabled_and_missing_entries_do_not_run() -> None:
    text = DEFAULT_FILE.read_text(encoding="utf-8").replace(
        "  - id: IK206\n", "  - id: IK206\n    enabled: false\n"
    )
    contract = contract_with({"terms": {"most_favored_nation": True}})
    assert review(contract, recommendations=parse_recommendations(text)).findings == ()


def _errors(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputErrors) as info:
        parse_recommendations(text, source="recs.yaml")
    assert all(e.file == "recs.yaml" for e in info.value.errors)
    return [(e.line, e.column, e.message) for e in info.value.errors]


ENTRY = """schema: infusionkit.recommendations/1
recommendations:
  - id: IK103
    topic: concurrent_therapy
    severity: high
    check: SH
    recommended: 50
    rationale: why
    source: infusionkit default (editable)
"""


def test_minimal_file_is_valid() -> None:
    assert parse_recommendations(ENTRY).get("IK103") is not None


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [
        ("recommended: 50", "recommended: lots", 7, "recommendations[0].recommended", "lots"),
        ("severity: high", "severity: urgent", 5, "recommendations[0].severity", "urgent"),
        ("topic: concurrent_therapy", "topic: nursing", 4, "recommendations[0].topic", "about"),
        ("topic: concurrent_therapy", "topic: pricing", 4, "recommendations[0].topic", "pricing"),
        ("id: IK103", "id: IK999", 3, "recommendations[0].id", "IK999"),
        ("    rationale: why\n", "", 3, "recommendations[0].rationale", "missing"),
        ("check: SH", "check: SH\n    colour: red", 7, "recommendations[0].colour", "unknown"),
        ("schema: infusionkit.recommendations/1", "schema: x/1", 1, "schema", "x/1"),
    ],
)
def test_located_errors(old: str, new: str, line: int, key: str, words: str) -> None:
    errors = _errors(ENTRY.replace(old, new))
    assert any(n == line and k == key and words in m for n, k, m in errors), errors


def test_duplicate_rule_and_bad_yaml() -> None:
    twice = ENTRY + ENTRY.split("recommendations:\n", 1)[1]
    assert any("listed twice" in m for _, _, m in _errors(twice))
    assert any("YAML syntax" in m for _, _, m in _errors("schema: [unclosed"))


def test_bad_code_in_a_code_list() -> None:
    text = ENTRY.replace("IK103", "IK105").replace("concurrent_therapy", "infrequent_therapy")
    errors = _errors(text.replace("recommended: 50", "recommended: [S9338, J1561]"))
    assert any("J1561" in m for _, _, m in errors)


def test_resolution_order(tmp_path: Path) -> None:
    contract = tmp_path / "c.yaml"
    assert resolve_recommendations(None, contract) == DEFAULT_FILE
    (tmp_path / "recommendations.yaml").write_text(ENTRY, encoding="utf-8")
    assert resolve_recommendations(None, contract) == tmp_path / "recommendations.yaml"
    assert resolve_recommendations("x.yaml", contract) == Path("x.yaml")
    assert resolve_recommendations(None, None) == DEFAULT_FILE


def test_every_rule_accepts_its_default_value() -> None:
    for entry in load_recommendations().recommendations:
        RULES[entry.id].adapter().validate_python(entry.recommended)


def test_topic_and_title_come_from_the_rule() -> None:
    text = ENTRY.replace("    topic: concurrent_therapy\n", "")
    entry = parse_recommendations(text).get("IK103")
    assert entry is not None
    assert (entry.topic, entry.title) == (RULES["IK103"].topic, RULES["IK103"].title)
    shipped = DEFAULT_FILE.read_text(encoding="utf-8")
    assert "\n    topic:" not in shipped and "\n    title:" not in shipped


def test_a_title_other_than_the_rules_is_an_error() -> None:
    same = ENTRY.replace("check: SH", f"title: {RULES['IK103'].title}\n    check: SH")
    assert parse_recommendations(same).get("IK103") is not None
    errors = _errors(ENTRY.replace("check: SH", "title: SH days\n    check: SH"))
    assert any(k == "recommendations[0].title" and "belongs to the rule" in m for _, k, m in errors)
