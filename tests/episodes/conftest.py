"""A small valid episodes source as CSV text, written into a temporary folder per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

VALID: dict[str, str] = {
    "therapies": (
        "therapy_id,episode_id,patient_id,payer_id,hcpcs,start_date,end_date,"
        "dosing_interval_hours,site,daily_volume_ml\n"
        "T1,E1,P1,ACME,S9500,2025-01-01,2025-01-10,24,,\n"
        "T2,E1,P1,ACME,s9365 ,2025-01-05,2025-01-20,24,AIS,1500\n"
        "T3,E2,P2,OTHER,S9338,2025-02-01,2025-03-31,672,home,\n"
    ),
    "holds": (
        "patient_id,therapy_id,start_date,end_date,reason\n"
        "P1,,2025-01-07,2025-01-08,inpatient\n"
        "P2,T3,2025-02-10,2025-02-11,hold\n"
    ),
    "administrations": "therapy_id,date\nT3,2025-02-01\nT3,2025-03-01\n",
    "nursing": (
        "visit_id,episode_id,patient_id,visit_date,minutes,site\n"
        "V1,E1,P1,2025-01-01,150,\n"
        "V2,E2,P2,2025-02-01,151,home\n"
    ),
    "drugs": (
        "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
        'D1,E1,T1,2025-01-01,J0696,00409733701,8.125,"1,234.50"\n'
        "D2,E2,,2025-02-01,j1569,,40,\n"
    ),
    "other": (
        "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
        "O1,E1,S5498,2025-01-01,10,150.00\n"
        "O2,E2,A4222,2025-02-01,1.5,\n"
    ),
}

WriteSource = Callable[..., Path]


@pytest.fixture
def write_source(tmp_path: Path) -> WriteSource:
    """Write the valid tables, with replacements (``name=text``) or removals (``name=None``)."""

    def write(**changes: str | None) -> Path:
        folder = tmp_path / "episodes"
        folder.mkdir(exist_ok=True)
        tables = {**VALID, **changes}
        for name, text in tables.items():
            if text is not None:
                (folder / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
        return folder

    return write
