"""Money and units text survive loading and writing exactly (property-based)."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from infusionkit.bounds import MAX_MONEY, MAX_UNITS
from infusionkit.episodes import from_frames, load_episodes, write_episodes

THERAPIES = pd.DataFrame(
    {
        "therapy_id": ["T1"],
        "episode_id": ["E1"],
        "patient_id": ["P1"],
        "hcpcs": ["S9500"],
        "start_date": ["2025-01-01"],
        "end_date": ["2025-01-02"],
        "dosing_interval_hours": ["24"],
    }
)


def amount(places: int, high: int) -> st.SearchStrategy[str]:
    """Exact amounts from 0 to below ``high`` (the column's bound, infusionkit.bounds)."""
    whole = st.integers(min_value=0, max_value=high - 1)
    fraction = st.integers(min_value=0, max_value=10**places - 1)
    digits = st.integers(min_value=0, max_value=places)
    return st.builds(
        lambda w, f, d: f"{w}" if d == 0 else f"{w}.{str(f).zfill(places)[:d]}",
        whole,
        fraction,
        digits,
    )


@settings(max_examples=8, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(amount(3, int(MAX_UNITS)), amount(2, int(MAX_MONEY))), min_size=1, max_size=25
    ),
)
def test_money_and_units_text_round_trip(pairs: list[tuple[str, str]]) -> None:
    units = [u for u, _ in pairs]
    charges = [c for _, c in pairs]
    drugs = pd.DataFrame(
        {
            "line_id": [f"D{i}" for i in range(len(pairs))],
            "episode_id": "E1",
            "service_date": "2025-01-01",
            "hcpcs": "J0696",
            "units": units,
            "billed_charge": charges,
        }
    )
    episodes = from_frames(therapies=THERAPIES, drugs=drugs)
    assert list(episodes.drugs["units"]) == [Decimal(u) for u in units]
    assert [str(u) for u in episodes.drugs["units"]] == units
    assert [str(c) for c in episodes.drugs["billed_charge"]] == charges
    with tempfile.TemporaryDirectory() as folder:
        write_episodes(episodes, Path(folder), "csv")
        lines = (Path(folder) / "drugs.csv").read_text().splitlines()[1:]
        assert [line.split(",")[-2:] for line in lines] == [list(p) for p in pairs]
        again = load_episodes(folder).drugs
    assert [str(u) for u in again["units"]] == units
    assert [str(c) for c in again["billed_charge"]] == charges
