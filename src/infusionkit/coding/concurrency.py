"""Concurrency ranking (spec §3 rule 4) as a sweep over interval boundaries per patient.

On each date the patient's per diem therapies are ranked by a fixed priority; rank 1 has no
modifier, rank 2 gets SH, rank 3 and later SJ. Because the priority of a therapy does not change
from day to day, the rank is constant between consecutive boundaries (interval starts and ends) of
the patient, so the work is proportional to the number of boundaries, not of days.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from infusionkit.coding.intervals import IntArray, segment_offsets


class Level(IntEnum):
    """The concurrency level of a per diem day: the one definition of 0, 1 and 2."""

    PRIMARY = 0  # rank 1: no modifier
    SECOND = 1  # rank 2: SH
    THIRD_OR_LATER = 2  # rank 3 and later: SJ

    @property
    def modifier(self) -> str:
        """``""``, ``"SH"`` or ``"SJ"``."""
        return LEVEL_MODIFIERS[self]


LEVEL_MODIFIERS = ("", "SH", "SJ")
"""The HCPCS modifier of each :class:`Level`, by level."""


def split_pieces(
    patient: IntArray, first: IntArray, last: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Split day intervals where the patient's set of active intervals changes.

    Returns (interval index, piece first day, piece last day, slot) with the pieces of each
    interval in date order; pieces with the same slot are the same dates of the same patient
    (the set of active intervals is constant inside a slot). Work grows with the boundaries.
    """
    n = len(first)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    day0 = int(first.min())
    width = np.int64(int(last.max()) - day0 + 2)
    key_first = patient * width + (first - day0)
    key_end = patient * width + (last + 1 - day0)
    bounds = np.sort(np.concatenate([key_first, key_end]))
    keep = np.ones(len(bounds), dtype=bool)
    keep[1:] = bounds[1:] != bounds[:-1]
    bounds = bounds[keep]
    lo = np.searchsorted(bounds, key_first)
    hi = np.searchsorted(bounds, key_end)
    interval, position = segment_offsets(hi - lo)
    slot = lo[interval] + position
    piece_first = bounds[slot] - patient[interval] * width + day0
    piece_last = bounds[slot + 1] - patient[interval] * width + day0 - 1
    return interval, piece_first, piece_last, slot


def rank_pieces(
    patient: IntArray, first: IntArray, last: IntArray, priority: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Split day intervals where the patient's set of active intervals changes, and rank them.

    ``patient``, ``first``, ``last`` (inclusive) and ``priority`` (lower = ranks first)
    describe each interval. Returns (interval index, piece first day, piece last day, level) with
    the pieces of each interval in date order; level is a :class:`Level`.
    """
    interval, piece_first, piece_last, slot = split_pieces(patient, first, last)
    if len(interval) == 0:
        return interval, piece_first, piece_last, slot
    # rank within each slot (same patient, same boundary) by priority
    order = np.argsort(slot * np.int64(int(priority.max()) + 1) + priority[interval], kind="stable")
    sorted_slot = slot[order]
    group_start = np.ones(len(order), dtype=bool)
    group_start[1:] = sorted_slot[1:] != sorted_slot[:-1]
    start_pos = np.maximum.accumulate(np.where(group_start, np.arange(len(order)), 0))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - start_pos
    level = np.minimum(rank, Level.THIRD_OR_LATER)
    return interval, piece_first, piece_last, level


def merge_runs(
    owner: IntArray, first: IntArray, last: IntArray, level: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Join consecutive pieces of one owner that have the same level and touch (ordered input)."""
    if len(owner) == 0:
        return owner, first, last, level
    new_run = np.ones(len(owner), dtype=bool)
    new_run[1:] = (
        (owner[1:] != owner[:-1]) | (level[1:] != level[:-1]) | (first[1:] != last[:-1] + 1)
    )
    starts = np.flatnonzero(new_run)
    ends = np.append(starts[1:], len(owner)) - 1
    return owner[starts], first[starts], last[ends], level[starts]


def _month_index(days: IntArray) -> IntArray:
    """Calendar month number (months since 1970-01) of each day."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def split_by_month(first: IntArray, last: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Split inclusive day intervals at calendar-month boundaries. Returns (owner, first, last).

    Month arithmetic is done once per interval. Each piece is a calendar month (a slot in a
    small table of month start days) clipped by its interval's own first and last day, which are
    written only into the first and last piece of each interval.
    """
    if len(first) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    first_month = _month_index(first)
    last_month = _month_index(last)
    base = int(first_month.min())
    months = np.arange(base, int(last_month.max()) + 2, dtype=np.int64)
    month_start = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    counts = last_month - first_month + 1
    ends = np.cumsum(counts)
    starts = ends - counts
    owner = np.repeat(np.arange(len(first), dtype=np.int64), counts)
    # slot of each piece: +1 per piece, jumping at each interval's first piece to its first month
    step = np.ones(int(ends[-1]), dtype=np.int64)
    step[starts] = first_month - base
    step[starts[1:]] -= last_month[:-1] - base
    slot = np.cumsum(step, out=step)
    piece_first = np.take(month_start, slot)
    piece_first[starts] = first
    slot += 1
    piece_last = np.take(month_start, slot)
    piece_last -= 1
    piece_last[ends - 1] = last
    return owner, piece_first, piece_last
