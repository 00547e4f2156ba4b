"""Input error records and the exception that carries them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.errors import (
    MAX_REPORTED,
    InputError,
    InputErrors,
    input_error,
    raise_if_any,
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


@given(st.integers(0, 3 * MAX_REPORTED))
def test_shown_errors_are_capped_with_a_count(count: int) -> None:
    errors = [InputError("t.csv", f"problem {n}", line=n + 2) for n in range(count)]
    lines = InputErrors(errors).render().splitlines()
    shown = min(count, MAX_REPORTED)
    assert lines[:shown] == [str(e) for e in errors[:shown]]
    if count > MAX_REPORTED:
        assert lines[shown:] == [f"... and {count - MAX_REPORTED} more problem(s)"]
    else:
        assert len(lines) == count
