"""Therapies that give no claim line under a contract, each with the reason (nothing is lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.coding.engine import PER_DIEM_MAX_INTERVAL_HOURS

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PricedLines
    from infusionkit.simulation.lines import PatientRefs

COLUMNS = ("scenario", "therapy_id", "episode_id", "patient_ref", "hcpcs", "reason", "source_line")


def unbilled_therapies(
    scenario: str, priced: PricedLines, episodes: Episodes, refs: PatientRefs, day_count: str
) -> pd.DataFrame:
    """Therapies with no per diem or administration line in ``priced``, and why."""
    therapies = episodes.therapies
    covered = np.zeros(len(therapies), dtype=bool)
    for name in ("per_diem", "infrequent"):
        if name in priced.blocks:
            covered[priced.blocks[name].block.row] = True
    missing = np.flatnonzero(~covered)
    if len(missing) == 0:
        return pd.DataFrame(columns=list(COLUMNS))
    rows = therapies.iloc[missing]
    hours = rows["dosing_interval_hours"].to_numpy(dtype=np.float64)
    dosed = (hours > 24) & (day_count == "administration_days")
    reasons = np.where(
        hours > PER_DIEM_MAX_INTERVAL_HOURS,
        "no administration date between start_date and end_date outside holds",
        np.where(
            dosed,
            "no dose date between start_date and end_date outside holds (administration_days)",
            "every day from start_date to end_date is on hold",
        ),
    )
    patients = refs.of_patients_list(rows["patient_id"].tolist())
    return pd.DataFrame(
        {
            "scenario": scenario,
            "therapy_id": rows["therapy_id"].tolist(),
            "episode_id": rows["episode_id"].tolist(),
            "patient_ref": patients,
            "hcpcs": rows["hcpcs"].tolist(),
            "reason": reasons,
            "source_line": rows["source_line"].to_numpy(dtype=np.int64),
        },
        columns=list(COLUMNS),
    )
