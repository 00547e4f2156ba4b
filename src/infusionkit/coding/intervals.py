"""Integer day intervals: hold subtraction and dose schedules, vectorised with numpy.

Days are integers (days since 1970-01-01); intervals are inclusive ``[first, last]``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def dates_to_days(values: object) -> IntArray:
    """``datetime64`` values (any unit) → integer days since the epoch."""
    return np.asarray(values).astype("datetime64[D]").astype(np.int64)


def segment_offsets(counts: IntArray) -> tuple[IntArray, IntArray]:
    """For groups of ``counts`` items: each item's owner index and position in its group."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    position = np.arange(len(owner), dtype=np.int64) - np.take(starts, owner)
    return owner, position


def compact_keys(keys: IntArray) -> tuple[IntArray, IntArray]:
    """Distinct keys (sorted) and, for each element, the index of its key (linear time).

    Keys are small non-negative integers (codes × modifiers × site × units), so a presence
    table replaces hashing or sorting.
    """
    if len(keys) == 0:
        return keys.astype(np.int64), keys.astype(np.int64)
    present = np.zeros(int(keys.max()) + 1, dtype=bool)
    present[keys] = True
    uniques = np.flatnonzero(present)
    position = np.cumsum(present) - 1
    return uniques.astype(np.int64), np.take(position, keys)


def sorted_unique(values: IntArray) -> tuple[IntArray, IntArray]:
    """Sorted distinct values and the index of each one's first occurrence (sort-based; fast)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first], order[first]


def merge_intervals(owner: IntArray, first: IntArray, last: IntArray) -> tuple[IntArray, ...]:
    """Merge overlapping or adjacent intervals of one owner; returns sorted (owner, first, last)."""
    if len(owner) == 0:
        return owner, first, last
    order = np.lexsort((first, owner))
    owner, first, last = owner[order], first[order], last[order]
    # running max of `last` within each owner, to detect overlap with any earlier interval
    run_last = last.copy()
    new_owner = np.ones(len(owner), dtype=bool)
    new_owner[1:] = owner[1:] != owner[:-1]
    # cumulative max per owner group via offsetting by a large per-group base
    group = np.cumsum(new_owner) - 1
    base = group.astype(np.int64) * (1 << 40)
    run_last = np.maximum.accumulate(last + base) - base
    starts_new = np.ones(len(owner), dtype=bool)
    starts_new[1:] = new_owner[1:] | (first[1:] > run_last[:-1] + 1)
    idx = np.flatnonzero(starts_new)
    ends = np.append(idx[1:], len(owner)) - 1
    return owner[idx], first[idx], run_last[ends]


def subtract_holds(
    first: IntArray, last: IntArray, hold_owner: IntArray, hold_first: IntArray, hold_last: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Remove hold intervals from each owner's interval ``[first[i], last[i]]``.

    Returns (owner, first, last) of the remaining pieces, ordered by owner then date.
    """
    n = len(first)
    if len(hold_owner) == 0:
        return np.arange(n, dtype=np.int64), first.copy(), last.copy()
    h_owner, h_first, h_last = merge_intervals(hold_owner, hold_first, hold_last)
    h_first = np.maximum(h_first, first[h_owner])
    h_last = np.minimum(h_last, last[h_owner])
    keep = h_first <= h_last
    h_owner, h_first, h_last = h_owner[keep], h_first[keep], h_last[keep]
    # candidate gaps: before each hold (from the previous hold's end or the interval start)
    prev_same = np.zeros(len(h_owner), dtype=bool)
    prev_same[1:] = h_owner[1:] == h_owner[:-1]
    gap_first = np.where(prev_same, np.roll(h_last, 1) + 1, first[h_owner])
    gap_last = h_first - 1
    # the tail after each owner's last hold
    is_last = np.ones(len(h_owner), dtype=bool)
    is_last[:-1] = h_owner[:-1] != h_owner[1:]
    tail_owner = h_owner[is_last]
    tail_first = h_last[is_last] + 1
    tail_last = last[tail_owner]
    # owners without holds keep their whole interval
    has_hold = np.zeros(n, dtype=bool)
    has_hold[h_owner] = True
    free = np.flatnonzero(~has_hold)
    owner = np.concatenate([h_owner, tail_owner, free])
    out_first = np.concatenate([gap_first, tail_first, first[free]])
    out_last = np.concatenate([gap_last, tail_last, last[free]])
    nonempty = out_first <= out_last
    owner, out_first, out_last = owner[nonempty], out_first[nonempty], out_last[nonempty]
    order = np.lexsort((out_first, owner))
    return owner[order], out_first[order], out_last[order]


def scheduled_doses(
    first: IntArray, last: IntArray, step_days: IntArray
) -> tuple[IntArray, IntArray]:
    """Dose days ``first + k·step`` up to ``last`` for each owner. Returns (owner, day)."""
    step = np.maximum(step_days, 1)
    counts = np.where(last >= first, (last - first) // step + 1, 0)
    owner, k = segment_offsets(counts)
    return owner, first[owner] + k * step[owner]


def in_holds(
    owner: IntArray, day: IntArray, hold_owner: IntArray, hold_first: IntArray, hold_last: IntArray
) -> npt.NDArray[np.bool_]:
    """Whether each (owner, day) falls inside one of that owner's holds."""
    if len(hold_owner) == 0 or len(owner) == 0:
        return np.zeros(len(owner), dtype=bool)
    h_owner, h_first, h_last = merge_intervals(hold_owner, hold_first, hold_last)
    scale = np.int64(1 << 24)
    hold_keys = h_owner * scale + h_first
    keys = owner * scale + day
    pos = np.searchsorted(hold_keys, keys, side="right") - 1
    valid = pos >= 0
    pos_c = np.clip(pos, 0, None)
    return valid & (h_owner[pos_c] == owner) & (h_last[pos_c] >= day)
