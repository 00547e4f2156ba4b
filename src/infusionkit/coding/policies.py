"""Payer policies on date intervals: service days, bundled codes, therapies not paid concurrently.

Like the rest of coding, these work on day intervals and points (dose and visit dates), never on
one row per day: service days join each therapy to its patient's nursing dates, bundling tests
points against the patient's merged per diem intervals, and ``not_concurrent`` splits intervals
at the patient's boundaries (as concurrency ranking does) and counts, per piece, the other
therapies of a ``with`` family on those dates. Rule units: C10-C14 in
:mod:`infusionkit.coding.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from infusionkit import catalog
from infusionkit.coding.concurrency import split_pieces
from infusionkit.coding.intervals import IntArray, in_holds, segment_offsets

NotConcurrentTerms = tuple[tuple[str, tuple[str, ...]], ...]
"""``policies.not_concurrent`` as plain data: (code or family, (codes or families, ...))."""

DAY_WIDTH = np.int64(1 << 24)  # patient × width + day keys (days since 1970 fit in 24 bits)


def matches(codes: Sequence[str], terms: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Per code: is it one of ``terms`` (codes or family names of per diem codes)?"""
    wanted = set(terms)
    result = np.zeros(len(codes), dtype=bool)
    for i, code in enumerate(codes):
        info = catalog.get(code)
        result[i] = code in wanted or (info is not None and info.family in wanted)
    return result


def day_keys(patient: IntArray, day: IntArray) -> IntArray:
    """Sorted distinct ``patient × width + day`` keys of (patient, date) points."""
    keys = patient.astype(np.int64) * DAY_WIDTH + day
    return np.unique(keys[patient >= 0])


def dates_within(
    keys: IntArray, patient: IntArray, first: IntArray, last: IntArray
) -> tuple[IntArray, IntArray]:
    """The points of ``keys`` (see :func:`day_keys`) of each interval's patient inside
    ``first..last``. Returns (interval index, day), ordered by interval then day."""
    lo = np.searchsorted(keys, patient * DAY_WIDTH + first, side="left")
    hi = np.searchsorted(keys, patient * DAY_WIDTH + last, side="right")
    owner, position = segment_offsets(np.maximum(hi - lo, 0))
    return owner, keys[lo[owner] + position] - patient[owner] * DAY_WIDTH


def on_days(
    patient: IntArray, day: IntArray, d_patient: IntArray, d_first: IntArray, d_last: IntArray
) -> npt.NDArray[np.bool_]:
    """Whether each (patient, day) point falls inside one of that patient's day intervals."""
    known = patient >= 0
    result = np.zeros(len(patient), dtype=bool)
    result[known] = in_holds(patient[known], day[known], d_patient, d_first, d_last)
    return result


def not_concurrent(
    patient: IntArray,
    first: IntArray,
    last: IntArray,
    code: IntArray,
    codes: Sequence[str],
    terms: NotConcurrentTerms,
) -> tuple[npt.NDArray[np.bool_], IntArray, IntArray, IntArray]:
    """Split per diem day intervals into pieces and say which pieces a policy removes.

    Interval i belongs to ``patient[i]`` and has code ``codes[code[i]]``. A piece of an interval
    whose code matches an entry's ``code`` is removed when another interval of the same patient
    whose code matches the entry's ``with`` covers the same dates (all entries are tested against
    the days before any removal). Returns (removed, interval index, first, last) per piece, the
    pieces of each interval in date order (intervals in input order). Only patients with
    intervals on both sides of an entry are split; other intervals stay whole.
    """
    n = len(first)
    sides = [
        (matches(codes, (term,))[code], matches(codes, others)[code]) for term, others in terms
    ]
    width = int(patient.max()) + 1 if n else 0
    candidate = np.zeros(n, dtype=bool)
    for is_a, is_b in sides:
        with_a = np.zeros(width, dtype=bool)
        with_a[patient[is_a]] = True
        with_b = np.zeros(width, dtype=bool)
        with_b[patient[is_b]] = True
        candidate |= (with_a & with_b)[patient] & (is_a | is_b)
    which = np.flatnonzero(candidate)
    local, c_first, c_last, slot = split_pieces(patient[which], first[which], last[which])
    removed_c = np.zeros(len(local), dtype=bool)
    for is_a, is_b in sides:
        a, b = is_a[which][local], is_b[which][local]
        if not a.any() or not b.any():
            continue
        count_b = np.bincount(slot[b], minlength=int(slot.max()) + 1)
        removed_c |= a & (count_b[slot] - b.astype(np.int64) >= 1)
    # every interval keeps its place: whole intervals one piece each, split ones their pieces
    counts = np.ones(n, dtype=np.int64)
    counts[which] = np.bincount(local, minlength=len(which))
    offset = np.cumsum(counts) - counts
    interval = np.repeat(np.arange(n, dtype=np.int64), counts)
    out_first, out_last = first[interval], last[interval]
    removed = np.zeros(len(interval), dtype=bool)
    if len(local):
        _, position = segment_offsets(counts[which])
        at = offset[which][local] + position
        out_first[at], out_last[at], removed[at] = c_first, c_last, removed_c
    return removed, interval, out_first, out_last


__all__ = ["NotConcurrentTerms", "dates_within", "day_keys", "matches", "not_concurrent", "on_days"]
