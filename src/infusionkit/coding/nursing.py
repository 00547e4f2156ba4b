"""Nursing units (spec §3 rule 6): 99601 per visit, 99602 per additional hour past 120 minutes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FIRST_VISIT_MINUTES = 120


def nursing_additional_hours(minutes: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """99602 units: ⌊extra/60⌋ plus one more when the remainder is more than 30 minutes."""
    extra = np.maximum(np.asarray(minutes, dtype=np.int64) - FIRST_VISIT_MINUTES, 0)
    return extra // 60 + (extra % 60 > 30).astype(np.int64)
