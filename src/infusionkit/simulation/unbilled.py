"""Therapies that give no claim line under a contract, each with the reason (nothing is lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.coding.engine import no_line_reasons

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PricedLines
    from infusionkit.simulation.lines import PatientRefs

COLUMNS = ("scenario", "therapy_id", "episode_id", "patient_ref", "hcpcs", "reason", "source_line")


def unbilled_therapies(
    scenario: str, priced: PricedLines, episodes: Episodes, refs: PatientRefs, day_count: str
) -> pd.DataFrame:
    """Therapies with no per diem or administration line in ``priced``, with coding's reason."""
    therapies = episodes.therapies
    covered = np.zeros(len(therapies), dtype=bool)
    for name in ("per_diem", "infrequent"):
        if name in priced.blocks:
            covered[priced.blocks[name].block.row] = True
    missing = np.flatnonzero(~covered)
    if len(missing) == 0:
        return pd.DataFrame(columns=list(COLUMNS))
    rows = therapies.iloc[missing]
    reasons = no_line_reasons(rows["dosing_interval_hours"].to_numpy(dtype=np.float64), day_count)
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
