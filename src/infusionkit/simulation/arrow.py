"""Exact numpy integer arrays → Arrow decimal columns (no float on the way)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa


def decimal_from_scaled(
    values: npt.NDArray[np.int64],
    valid: npt.NDArray[np.bool_] | None,
    scale: int,
    precision: int = 18,
) -> pa.Array:
    """Integers holding value × 10**scale → ``decimal128(precision, scale)``; invalid → null."""
    values = np.ascontiguousarray(values, dtype="<i8")
    n = len(values)
    words = np.empty(2 * n, dtype="<i8")
    words[0::2] = values
    words[1::2] = np.where(values < 0, -1, 0)
    buffers: list[pa.Buffer | None] = [None, pa.py_buffer(words.tobytes())]
    null_count = 0
    if valid is not None and not valid.all():
        buffers[0] = pa.py_buffer(np.packbits(valid.astype(bool), bitorder="little").tobytes())
        null_count = int(n - valid.sum())
    return pa.Array.from_buffers(pa.decimal128(precision, scale), n, buffers, null_count=null_count)


def dates_from_days(days: npt.NDArray[np.int64]) -> pa.Array:
    """Integer days since the epoch → ``date32``."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.int32()).cast(pa.date32())
