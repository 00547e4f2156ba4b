"""Money and number helpers, checked against plain Decimal (or integer) computations."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.money import (
    CENT,
    ZERO_CENTS,
    MoneyError,
    format_money,
    from_cents,
    multiply,
    parse_decimal,
    parse_money,
    percent_change,
    percent_text,
    plain_number,
    round_cents,
    round_half_up,
    signed_money,
    to_cents,
)

CENTS = st.integers(-(10**13), 10**13)
DECIMALS = st.decimals(
    min_value=Decimal(-(10**9)), max_value=Decimal(10**9), places=4, allow_nan=False
)


def _half_up(fraction: Fraction) -> int:
    """``fraction`` rounded half away from zero, with integers only."""
    magnitude = abs(fraction)
    whole = (2 * magnitude.numerator + magnitude.denominator) // (2 * magnitude.denominator)
    return whole if fraction >= 0 else -whole


def _decimal_round(num: int, den: int) -> int:
    return int((Decimal(num) / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- reading money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("$95", Decimal(95)),
        (" -3.2 ", Decimal("-3.2")),
        ("-$12.00", Decimal("-12.00")),
        (".5", Decimal("0.5")),
        (7, Decimal(7)),
        (Decimal("2.25"), Decimal("2.25")),
    ],
)
def test_money_is_read_exactly_from_text(text: object, value: Decimal) -> None:
    assert parse_money(text) == value


@pytest.mark.parametrize("bad", [1.5, True, "1e3", "12,34.5.6", "abc", "", None, [1]])
def test_floats_and_other_forms_are_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        parse_money(bad)


def test_places_and_finiteness() -> None:
    with pytest.raises(MoneyError, match="more than 2 decimal places"):
        parse_money("1.005")
    assert parse_decimal("1.00005", places=5) == Decimal("1.00005")
    with pytest.raises(MoneyError, match="finite"):
        parse_decimal(Decimal("Infinity"))


@given(CENTS)
def test_written_money_reads_back(cents: int) -> None:
    amount = Decimal(cents) / 100
    assert parse_money(format_money(amount)) == amount
    assert parse_money(format(amount, "f")) == amount


# --- rounding and cents ---------------------------------------------------------------------------


@given(st.integers(-(10**15), 10**15))
def test_round_cents_is_half_up_on_mills(mills: int) -> None:
    assert round_cents(Decimal(mills) / 1000) * 100 == _half_up(Fraction(mills, 10))


def test_round_cents_examples() -> None:
    assert round_cents(Decimal("0.005")) == Decimal("0.01")
    assert round_cents(Decimal("-0.005")) == Decimal("-0.01")
    assert round_cents(Decimal("2.675")) == Decimal("2.68")  # half-even would give 2.68 too
    assert round_cents(Decimal("2.665")) == Decimal("2.67")  # half-even would give 2.66


@given(CENTS)
def test_cents_round_trip(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents
    assert from_cents(cents).as_tuple().exponent == -2


def test_fractions_of_a_cent_are_not_cents() -> None:
    with pytest.raises(MoneyError):
        to_cents(Decimal("0.001"))
    assert str(ZERO_CENTS) == "0.00"
    assert ZERO_CENTS == 0
    assert str(CENT) == "0.01"


# --- showing money and numbers ------------------------------------------------------------------


def test_format_and_signed_money() -> None:
    assert format_money(Decimal("12345.675")) == "$12,345.68"
    assert format_money(Decimal("-12")) == "-$12.00"
    assert format_money(None) == ""
    assert format_money(Decimal("5"), dollar_sign=False) == "5.00"
    assert signed_money(Decimal("1234.56")) == "+$1,234.56"
    assert signed_money(Decimal("-12")) == "-$12.00"
    assert signed_money(ZERO_CENTS) == "$0.00"


@given(CENTS)
def test_signed_money_reads_back_with_its_sign(cents: int) -> None:
    amount = Decimal(cents) / 100
    text = signed_money(amount)
    assert text.startswith("+") == (amount > 0)
    assert parse_money(text.removeprefix("+")) == amount


def test_plain_numbers() -> None:
    assert plain_number(Decimal("50.00")) == "50"
    assert plain_number(Decimal("62.50")) == "62.5"
    assert plain_number(Decimal("-18")) == "-18"
    assert plain_number(Decimal("1E+2")) == "100"
    assert plain_number(1000) == "1000"
    assert plain_number(1000, grouping=True) == "1,000"
    assert plain_number(Decimal("-12345.50"), grouping=True) == "-12,345.5"


@given(DECIMALS)
def test_plain_number_is_the_same_number_without_noise(value: Decimal) -> None:
    text = plain_number(value)
    assert Decimal(text) == value
    assert "E" not in text and "e" not in text
    assert not ("." in text and text.endswith(("0", ".")))
    assert plain_number(value, grouping=True).replace(",", "") == text


def test_percent_text() -> None:
    assert percent_text(Decimal("50.00")) == "50%"
    assert percent_text(Decimal("62.5")) == "62.5%"
    assert percent_text(Decimal("-22"), signed=True) == "-22%"
    assert percent_text(Decimal("6"), signed=True) == "+6%"
    assert percent_text(Decimal("0"), signed=True) == "0%"


# --- percent change -----------------------------------------------------------------------------


def test_percent_change_rounds_half_up() -> None:
    assert percent_change(Decimal(800), Decimal(801)) == Decimal("0.13")  # 0.125 %
    assert percent_change(Decimal(800), Decimal(799)) == Decimal("-0.13")
    assert percent_change(Decimal(8000), Decimal(8001), places=1) == Decimal("0.0")  # 0.0125 %
    assert percent_change(Decimal(400), Decimal(401), places=1) == Decimal("0.3")  # 0.25 %
    assert percent_change(Decimal(0), Decimal(5)) is None


@given(CENTS.filter(lambda c: c != 0), CENTS, st.integers(0, 4))
def test_percent_change_matches_exact_fractions(base: int, new: int, places: int) -> None:
    change = percent_change(Decimal(base) / 100, Decimal(new) / 100, places)
    exact = Fraction(new - base, base) * 100 * 10**places
    assert change == Decimal(_half_up(exact)).scaleb(-places)


# --- arrays of integer cents --------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.integers(-(10**12), 10**12), st.integers(1, 10**9)), min_size=1, max_size=30
    )
)
def test_round_half_up_matches_decimal(pairs: list[tuple[int, int]]) -> None:
    num = np.array([p[0] for p in pairs], dtype=np.int64)
    den = np.array([p[1] for p in pairs], dtype=np.int64)
    assert round_half_up(num, den).tolist() == [_decimal_round(n, d) for n, d in pairs]


def test_half_cent_goes_away_from_zero() -> None:
    assert round_half_up(np.array([5, 15, -5, 25]), np.array([10, 10, 10, 10])).tolist() == [
        1,
        2,
        -1,
        3,
    ]
    assert round_half_up(np.zeros(0, np.int64), np.ones(0, np.int64)).tolist() == []


@given(
    st.lists(st.integers(0, 10**15), min_size=1, max_size=10),
    st.lists(st.integers(0, 10**15), min_size=1, max_size=10),
)
def test_products_that_would_overflow_int64_stay_exact(a: list[int], b: list[int]) -> None:
    n = min(len(a), len(b))
    left, right = np.array(a[:n], dtype=np.int64), np.array(b[:n], dtype=np.int64)
    product = multiply(left, right)
    assert [int(v) for v in product] == [x * y for x, y in zip(a[:n], b[:n], strict=True)]
    denominators = np.full(n, 10**12, dtype=np.int64)
    rounded = round_half_up(product, denominators)
    assert rounded.tolist() == [
        _decimal_round(x * y, 10**12) for x, y in zip(a[:n], b[:n], strict=True)
    ]


@given(st.lists(st.tuples(CENTS, st.integers(1, 10**6)), min_size=1, max_size=20))
def test_array_and_scalar_rounding_agree(pairs: list[tuple[int, int]]) -> None:
    """The array form rounds ``num / den`` cents exactly as round_cents rounds the dollars."""
    num = np.array([p[0] for p in pairs], dtype=np.int64)
    den = np.array([p[1] for p in pairs], dtype=np.int64)
    dollars = [round_cents(Decimal(n) / Decimal(d) / 100) for n, d in pairs]
    assert [from_cents(int(c)) for c in round_half_up(num, den)] == dollars
