"""Exact integer money arithmetic agrees with Decimal half-up rounding, at any magnitude."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.pricing.exact import multiply, round_half_up


def _decimal_round(num: int, den: int) -> int:
    return int((Decimal(num) / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
