"""Input error records and the exception that carries them."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infusionkit.errors import (
    MAX_SHOWN,
    InputError,
    InputErrors,
    input_error,
    join_path,
    key_path,
    raise_if_any,
    validation_errors,
)


def test_an_error_names_where_and_what() -> None:
    assert str(InputError("c.yaml", "bad")) == "c.yaml: bad"
    full = InputError("t.csv", "unknown code", line=3, row_id="T2", column="hcpcs", allowed="S9500")
    assert str(full) == "t.csv, line 3, id T2, hcpcs: unknown code (allowed: S9500)"
    at_key = InputError("c.yaml", "x", line=0, column="per_diem")
    assert str(at_key) == "c.yaml, line 0, per_diem: x"


def test_errors_are_kept_in_order_and_rendered_as_the_message() -> None:
    errors = [InputError("a.csv", "one", line=2), InputError("b.csv", "two")]
    raised = InputErrors(errors)
    assert raised.errors == tuple(errors)
    assert str(raised) == raised.render() == "a.csv, line 2: one\nb.csv: two"


def test_raise_if_any() -> None:
    raise_if_any([])
    raise_if_any(iter(()))
    with pytest.raises(InputErrors) as caught:
        raise_if_any(InputError("f", str(n)) for n in range(3))
    assert [e.message for e in caught.value.errors] == ["0", "1", "2"]


def test_single_error_shorthand() -> None:
    raised = input_error("out/report.pdf", "cannot write", column="--out")
    assert raised.errors == (InputError("out/report.pdf", "cannot write", column="--out"),)


@given(st.integers(0, 3 * MAX_SHOWN), st.integers(0, 500))
def test_shown_errors_are_capped_with_a_count(count: int, unstored: int) -> None:
    """Every problem is counted; at most MAX_SHOWN are shown, the rest in one count line."""
    errors = [InputError("t.csv", f"problem {n}", line=n + 2) for n in range(count)]
    raised = InputErrors(errors, total=count + unstored)
    assert raised.total == count + unstored
    lines = raised.render().splitlines()
    shown = min(count, MAX_SHOWN)
    assert lines[:shown] == [str(e) for e in errors[:shown]]
    hidden = count + unstored - shown
    assert lines[shown:] == ([f"... and {hidden} more problem(s)"] if hidden else [])


def test_total_is_never_below_the_errors_given() -> None:
    assert InputErrors([InputError("f", "x")] * 3, total=1).total == 3
    assert InputErrors([]).total == 0


# --- pydantic validation errors as located input errors ------------------------------------------


class _Rate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Decimal = Field(ge=0)
    note: str | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: Literal["x/1"] = Field(alias="schema")
    rates: dict[str, _Rate] = {}
    items: tuple[_Rate, ...] = ()
    count: int = 0
    secret: str | None = Field(default=None, exclude=True)


def _errors(data: object, allowed_for: dict[str, str] | None = None) -> dict[str, InputError]:
    lines = {"schema": 1, "rates.S9500.amount": 3, "rates.S9500.colour": 4}
    with pytest.raises(ValidationError) as caught:
        _File.model_validate(data)
    found = validation_errors(
        caught.value,
        "f.yaml",
        line_of=lines.get,
        model=_File,
        allowed_for=allowed_for,
    )
    assert all(e.file == "f.yaml" for e in found)
    return {e.column or "": e for e in found}


def test_key_paths() -> None:
    assert join_path("", "per_diem") == "per_diem"
    assert join_path("per_diem", "rates") == "per_diem.rates"
    assert join_path("edits", 0) == "edits[0]"
    assert key_path(("rates", "S9500", "[key]")) == "rates.S9500"
    assert key_path(("default", "function-after[check(), _Rate]", "amount")) == "default.amount"
    assert key_path((2, "find"), prefix="edits") == "edits[2].find"
    assert key_path((), prefix="recommended") == "recommended"


def test_each_kind_of_problem_is_named_and_located() -> None:
    found = _errors(
        {
            "schema": "y/1",
            "rates": {"S9500": {"amount": -1, "colour": "red"}},
            "items": [{"amount": 1}, {}],
            "count": "many",
            "extra": 1,
        },
        allowed_for={"schema": "x/1 (the schema id)"},
    )
    assert set(found) == {
        "schema",
        "rates.S9500.amount",
        "rates.S9500.colour",
        "items[1].amount",
        "count",
        "extra",
    }
    assert (found["schema"].line, found["schema"].message) == (1, "'y/1' is not allowed")
    assert found["schema"].allowed == "x/1 (the schema id)"
    assert [found[k].line for k in ("rates.S9500.amount", "rates.S9500.colour")] == [3, 4]
    assert found["rates.S9500.colour"].message == "unknown key 'colour'"
    assert found["rates.S9500.colour"].allowed == "amount, note"
    assert found["items[1].amount"].message == "required key 'amount' is missing"
    assert found["items[1].amount"].line is None
    assert found["count"].allowed == "a whole number"
    assert found["extra"].allowed == "schema, rates, items, count"  # excluded fields are no keys


def test_one_value_validated_alone_at_a_prefix() -> None:
    with pytest.raises(ValidationError) as caught:
        _Rate.model_validate({"amount": "x"})
    (error,) = validation_errors(
        caught.value, "r.yaml", prefix="recommendations[0].recommended", allowed="a rate"
    )
    assert error.column == "recommendations[0].recommended.amount"
    assert (error.line, error.allowed) == (None, "a rate")
