"""Exact integer arithmetic on arrays of money: no binary float touches an amount.

An amount is ``base × num / den`` cents with integer arrays; :func:`round_half_up` rounds it once,
half away from zero (``decimal.ROUND_HALF_UP``). When a product could overflow 64-bit integers the
computation switches to Python integers, so the result is exact whatever the magnitudes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
_SAFE = 1 << 61


def _max_abs(values: np.ndarray) -> int:
    if not len(values):
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def multiply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact elementwise product; int64 when it cannot overflow, else Python integers."""
    if _max_abs(a) * _max_abs(b) < _SAFE:
        return a.astype(np.int64) * b.astype(np.int64)
    return a.astype(object) * b.astype(object)


def round_half_up(numerator: np.ndarray, denominator: np.ndarray) -> IntArray:
    """``numerator / denominator`` rounded half away from zero to an integer, exactly."""
    den = np.asarray(denominator)
    num = np.asarray(numerator)
    if num.dtype == object or _max_abs(num) * 2 + _max_abs(den) >= _SAFE:
        num, den = num.astype(object), den.astype(object)
    if len(num) == 0 or num.min() >= 0:
        return np.asarray((2 * num + den) // (2 * den), dtype=np.int64)
    sign = np.where(num < 0, -1, 1)
    result = (2 * np.abs(num) + den) // (2 * den) * sign
    return np.asarray(result, dtype=np.int64)
