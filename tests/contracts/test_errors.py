"""Bad contract files: every problem reported at once with file, line, key path and allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.contracts import load_contract, parse_contract
from infusionkit.errors import InputError, InputErrors

from .samples import MINIMAL


def errors_of(text: str, source: str = "c.yaml") -> list[InputError]:
    with pytest.raises(InputErrors) as caught:
        parse_contract(text, source=source)
    return list(caught.value.errors)


def one(text: str, column: str) -> InputError:
    found = [error for error in errors_of(text) if error.column == column]
    assert len(found) == 1, errors_of(text)
    return found[0]


def test_unknown_key_names_line_path_and_allowed_keys() -> None:
    text = MINIMAL + "per_diem:\n  rates: {S9500: 95}\n  concurent: {SH: 50}\n"
    error = one(text, "per_diem.concurent")
    assert error.file == "c.yaml"
    assert error.line == 6
    assert "unknown key" in error.message
    assert error.allowed is not None and "concurrent" in error.allowed


def test_top_level_unknown_key() -> None:
    error = one(MINIMAL + "rate: 5\n", "rate")
    assert error.line == 4
    assert error.allowed is not None and "per_diem" in error.allowed


def test_money_with_three_decimals() -> None:
    text = MINIMAL + "per_diem:\n  rates:\n    S9500: 95.00\n    S9502: 12.345\n"
    error = one(text, "per_diem.rates.S9502")
    assert error.line == 7
    assert "12.345" in error.message and "decimals" in error.message
    assert error.allowed is not None and "2 decimals" in error.allowed


def test_negative_rate_and_percent_bounds() -> None:
    text = (
        MINIMAL
        + "per_diem:\n  rates: {S9500: -1}\n  concurrent: {SH: 1000.5, SJ: 0.12345}\n"
        + "  ais_percent: 150\n"
        + "drugs: {basis: AWP, percent: -100.5}\n"
    )
    errors = {error.column: error for error in errors_of(text)}
    assert set(errors) == {
        "per_diem.rates.S9500",
        "per_diem.concurrent.SH",
        "per_diem.concurrent.SJ",
        "drugs.percent",
    }
    assert errors["per_diem.concurrent.SJ"].line == 6
    assert errors["drugs.percent"].line == 8


def test_wrong_code_kind_in_each_section() -> None:
    text = (
        MINIMAL
        + "per_diem:\n"
        + "  rates: {S5498: 10}\n"  # line 5
        + "  infrequent: {rates: {J1569: 10}}\n"  # line 6
        + "nursing: {rates: {S9500: 10}}\n"  # line 7
        + "other: {rates: {S9500: 10, SH: 1, '123': 1}}\n"  # line 8
        + "drugs: {basis: AWP, overrides: {ABC: {basis: ASP, percent: 6}}}\n"  # line 9
    )
    errors = {error.column: error for error in errors_of(text)}
    assert {column: error.line for column, error in errors.items()} == {
        "per_diem.rates.S5498": 5,
        "per_diem.infrequent.rates.J1569": 6,
        "nursing.rates.S9500": 7,
        "other.rates.S9500": 8,
        "other.rates.SH": 8,
        "other.rates.123": 8,
        "drugs.overrides.ABC": 9,
    }
    assert "catheter_care" in errors["per_diem.rates.S5498"].message
    assert "99601" in (errors["nursing.rates.S9500"].allowed or "")
    assert "per_diem.rates" in errors["other.rates.S9500"].message


def test_unknown_code_reported_together_with_other_problems() -> None:
    text = MINIMAL + "per_diem: {rates: {S9999: 10}, day_count: weekly}\n"
    columns = {error.column for error in errors_of(text)}
    assert columns == {"per_diem.rates.S9999", "per_diem.day_count"}


def test_bad_enum() -> None:
    error = one(MINIMAL + "drugs: {basis: AWQ}\n", "drugs.basis")
    assert error.line == 4
    assert "AWQ" in error.message
    assert error.allowed is not None and "AWP" in error.allowed and "ASP" in error.allowed


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "soon", "2025"])
def test_bad_date(value: str) -> None:
    text = f"schema: infusionkit.contract/1\npayer: Acme\neffective: {value}\n"
    error = one(text, "effective")
    assert error.line == 3
    assert error.allowed is not None and "YYYY-MM-DD" in error.allowed


def test_wrong_schema_and_missing_keys() -> None:
    errors = {error.column: error for error in errors_of("schema: infusionkit.contract/2\n")}
    assert set(errors) == {"schema", "payer", "effective"}
    assert errors["schema"].line == 1
    assert errors["schema"].allowed == "infusionkit.contract/1"
    assert "missing" in errors["payer"].message


def test_yaml_syntax_error_has_line() -> None:
    text = MINIMAL + "per_diem:\n  rates: {S9500: 95\n  default: unpriced\n"
    (error,) = errors_of(text)
    assert error.file == "c.yaml"
    assert error.line is not None and error.line >= 5
    assert "YAML syntax error" in error.message


def test_not_a_mapping() -> None:
    (error,) = errors_of("- a\n- b\n")
    assert "mapping" in error.message
    (error,) = errors_of("")
    assert "mapping" in error.message


def test_duplicate_key() -> None:
    error = one(MINIMAL + "payer: Again\n", "payer")
    assert error.line == 4
    assert "twice" in error.message


def test_escalator_rules() -> None:
    error = one(MINIMAL + "terms:\n  escalator: {type: fixed_percent}\n", "terms.escalator")
    assert error.line == 5
    assert "percent" in error.message
    one(MINIMAL + "terms: {escalator: {type: cpi, percent: 2}}\n", "terms.escalator")


def test_bad_price_rule_and_edit_regex() -> None:
    text = (
        MINIMAL
        + "other: {default: cheap}\n"
        + "nursing: {default: {rate: 1.005}}\n"
        + "edits:\n  - find: '('\n    replace: x\n    regex: true\n"
    )
    errors = {error.column: error for error in errors_of(text)}
    assert set(errors) == {"other.default", "nursing.default", "edits[0]"}
    assert errors["other.default"].allowed is not None
    assert "percent_of_charges" in errors["other.default"].allowed
    assert errors["nursing.default"].line == 5
    assert errors["edits[0]"].line == 7


def test_every_problem_at_once_sorted_by_line() -> None:
    text = (
        "schema: infusionkit.contract/1\n"
        "payer: Acme\n"
        "effective: 2025-01-01\n"
        "per_diem: {rates: {S9500: 1.234}}\n"
        "lesser_of_billed_charges: maybe\n"
        "terms: {timely_filing_days: ninety, bogus: 1}\n"
    )
    errors = errors_of(text)
    assert [(error.line, error.column) for error in errors] == [
        (4, "per_diem.rates.S9500"),
        (5, "lesser_of_billed_charges"),
        (6, "terms.bogus"),
        (6, "terms.timely_filing_days"),
    ]
    rendered = str(InputErrors(errors))
    assert "c.yaml, line 4, per_diem.rates.S9500:" in rendered


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputErrors) as caught:
        load_contract(missing)
    (error,) = caught.value.errors
    assert error.file == str(missing)
    assert "not found" in error.message


def test_load_contract_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL + "nursing: {rates: {99601: 12.345}}\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_contract(path)
    (error,) = caught.value.errors
    assert (error.file, error.line, error.column) == (str(path), 4, "nursing.rates.99601")
