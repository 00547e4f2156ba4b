"""Coding's own constants: concurrency levels, therapy kinds and why a therapy gave no line."""

from __future__ import annotations

import numpy as np
import pytest

from infusionkit.coding.concurrency import LEVEL_MODIFIERS, Level
from infusionkit.coding.engine import (
    ADMINISTRATIONS,
    DOSE_DAYS,
    EVERY_DAY,
    NO_INTERVAL,
    NO_LINE_REASONS,
    SERVICE_DAYS_REASON,
    no_line_reasons,
    therapy_kinds,
)
from infusionkit.simulation.lines import MODIFIERS
from tests.simulation.helpers import contract, episodes, rows, run, therapy


def test_levels_and_their_modifiers() -> None:
    assert [int(level) for level in Level] == [0, 1, 2]
    assert [level.modifier for level in Level] == ["", "SH", "SJ"] == list(LEVEL_MODIFIERS)
    assert MODIFIERS[:6] == ("", "SH", "SJ", "SS", "SH SS", "SJ SS")
    # modifier_59 (C13): 59 after the others, used on SH/SJ lines only
    assert MODIFIERS[6:] == ("59", "SH 59", "SJ 59", "SS 59", "SH SS 59", "SJ SS 59")


@pytest.mark.parametrize(
    ("hours", "access", "administration"),
    [
        (0, EVERY_DAY, EVERY_DAY),
        (24, EVERY_DAY, EVERY_DAY),
        (24.5, EVERY_DAY, DOSE_DAYS),
        (72, EVERY_DAY, DOSE_DAYS),
        (72.5, ADMINISTRATIONS, ADMINISTRATIONS),
        (672, ADMINISTRATIONS, ADMINISTRATIONS),
        (float("nan"), NO_INTERVAL, NO_INTERVAL),
    ],
)
def test_therapy_kinds(hours: float, access: int, administration: int) -> None:
    interval = np.array([hours])
    assert therapy_kinds(interval).tolist() == [access]
    assert therapy_kinds(interval, "administration_days").tolist() == [administration]
    assert no_line_reasons(interval, "administration_days") == [NO_LINE_REASONS[administration]]
    assert therapy_kinds(interval, "service_days").tolist() == [administration]
    (reason,) = no_line_reasons(interval, "service_days")
    assert reason == (
        SERVICE_DAYS_REASON if administration == DOSE_DAYS else NO_LINE_REASONS[administration]
    )


def test_every_dose_date_on_hold_is_reported_with_codings_reason() -> None:
    eps = episodes(
        [therapy("T1", "S9500", "2025-03-01", "2025-03-05", 48)],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "T1",
                "start_date": "2025-03-01",
                "end_date": "2025-03-05",
            }
        ],
    )
    sim = run(eps, contract(**{"per_diem.day_count": "administration_days"}))
    assert rows(sim) == []
    (reason,) = sim.unbilled["reason"].tolist()
    assert reason == NO_LINE_REASONS[DOSE_DAYS]
    assert "(administration_days)" in reason


def test_service_days_report_their_own_reason() -> None:
    eps = episodes(
        [therapy("T1", "S9500", "2025-03-01", "2025-03-05", 48)],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "T1",
                "start_date": "2025-03-01",
                "end_date": "2025-03-05",
            }
        ],
    )
    sim = run(eps, contract(**{"per_diem.day_count": "service_days"}))
    assert rows(sim) == []
    (reason,) = sim.unbilled["reason"].tolist()
    assert reason == SERVICE_DAYS_REASON and "(service_days)" in reason
