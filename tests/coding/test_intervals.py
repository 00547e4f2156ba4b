"""Interval primitives: hold subtraction, dose schedules, concurrency sweep, month split."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.coding.concurrency import merge_runs, rank_pieces, split_by_month
from infusionkit.coding.intervals import in_holds, scheduled_doses, subtract_holds
from infusionkit.coding.nursing import nursing_additional_hours


def a(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_subtract_holds_splits_interval_and_keeps_unheld_owners() -> None:
    owner, first, last = subtract_holds(a(0, 100), a(9, 104), a(0, 0), a(3, 5), a(4, 6))
    assert list(zip(owner.tolist(), first.tolist(), last.tolist(), strict=True)) == [
        (0, 0, 2),
        (0, 7, 9),
        (1, 100, 104),
    ]


def test_hold_covering_whole_interval_leaves_nothing() -> None:
    owner, _, _ = subtract_holds(a(10), a(12), a(0), a(1), a(50))
    assert len(owner) == 0


@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(0, 10)), max_size=6),
)
def test_subtract_holds_equals_day_set_difference(start: int, length: int, holds: list) -> None:
    end = start + length
    h_first = a(*[h[0] for h in holds])
    h_last = a(*[h[0] + h[1] for h in holds])
    owner, first, last = subtract_holds(
        a(start), a(end), np.zeros(len(holds), np.int64), h_first, h_last
    )
    got = {d for f, l_ in zip(first, last, strict=True) for d in range(f, l_ + 1)}
    held = {d for f, l_ in zip(h_first, h_last, strict=True) for d in range(f, l_ + 1)}
    assert got == set(range(start, end + 1)) - held
    assert all(owner == 0)


def test_scheduled_doses_every_k_days_up_to_end() -> None:
    owner, day = scheduled_doses(a(0, 10), a(6, 10), a(3, 2))
    assert owner.tolist() == [0, 0, 0, 1]
    assert day.tolist() == [0, 3, 6, 10]


def test_in_holds_by_owner() -> None:
    flags = in_holds(a(0, 0, 1), a(5, 9, 5), a(0), a(4), a(6))
    assert flags.tolist() == [True, False, False]


def test_rank_pieces_second_and_third_concurrent_therapy() -> None:
    # patient 0: A days 0-9 (priority 0), B days 3-5 (priority 1), C days 4-4 (priority 2)
    interval, first, last, level = rank_pieces(a(0, 0, 0), a(0, 3, 4), a(9, 5, 4), a(0, 1, 2))
    pieces = sorted(
        zip(interval.tolist(), first.tolist(), last.tolist(), level.tolist(), strict=True)
    )
    assert pieces == [
        (0, 0, 2, 0),
        (0, 3, 3, 0),
        (0, 4, 4, 0),
        (0, 5, 5, 0),
        (0, 6, 9, 0),
        (1, 3, 3, 1),
        (1, 4, 4, 1),
        (1, 5, 5, 1),
        (2, 4, 4, 2),
    ]


def test_other_patients_do_not_interact() -> None:
    _, _, _, level = rank_pieces(a(0, 1), a(0, 0), a(5, 5), a(1, 0))
    assert level.tolist() == [0, 0]


def test_merge_runs_and_month_split() -> None:
    owner, first, last, level = merge_runs(a(0, 0, 0), a(0, 3, 5), a(2, 4, 6), a(0, 0, 1))
    assert list(zip(first.tolist(), last.tolist(), level.tolist(), strict=True)) == [
        (0, 4, 0),
        (5, 6, 1),
    ]
    jan30 = int(np.datetime64("2025-01-30", "D").astype(np.int64))
    mar2 = int(np.datetime64("2025-03-02", "D").astype(np.int64))
    of, f, l_ = split_by_month(a(jan30), a(mar2))
    dates = list(
        zip(
            f.astype("datetime64[D]").astype(str),
            l_.astype("datetime64[D]").astype(str),
            strict=True,
        )
    )
    assert dates == [
        ("2025-01-30", "2025-01-31"),
        ("2025-02-01", "2025-02-28"),
        ("2025-03-01", "2025-03-02"),
    ]
    assert owner.tolist() == [0, 0] and of.tolist() == [0, 0, 0]


def test_nursing_additional_hours_midpoint_rule() -> None:
    minutes = [60, 120, 150, 151, 180, 181, 210, 211, 300]
    assert nursing_additional_hours(minutes).tolist() == [0, 0, 0, 1, 1, 1, 1, 2, 3]
