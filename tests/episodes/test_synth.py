"""Synthetic episodes: deterministic, valid, realistic mix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from infusionkit.episodes import TABLES, load_episodes, synth_episodes, write_episodes


def test_same_seed_same_tables_other_seed_differs() -> None:
    a = synth_episodes(120, seed=11)
    b = synth_episodes(120, seed=11)
    for name in TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name))
    c = synth_episodes(120, seed=12)
    assert not a.therapies.equals(c.therapies)


def test_row_counts_and_ids() -> None:
    episodes = synth_episodes(500, seed=2025)
    counts = episodes.counts()
    assert counts["therapies"] == 500
    assert all(counts[name] > 0 for name in TABLES)
    t = episodes.therapies
    assert t["therapy_id"].iloc[0] == "T0000001" and t["therapy_id"].iloc[-1] == "T0000500"
    assert t["therapy_id"].is_unique
    assert t["patient_id"].str.fullmatch(r"P\d{6}").all()
    assert t["episode_id"].str.fullmatch(r"E\d{6}").all()
    per_patient = t.groupby("patient_id").size()
    assert per_patient.between(1, 4).all()
    assert episodes.drugs["line_id"].is_unique and episodes.nursing["visit_id"].is_unique


def test_empty_synth_has_every_table() -> None:
    episodes = synth_episodes(0)
    assert episodes.counts() == dict.fromkeys(TABLES, 0)


def test_synth_passes_validation(tmp_path: Path) -> None:
    episodes = synth_episodes(400, seed=5, start=date(2024, 7, 1), months=6)
    write_episodes(episodes, tmp_path, "csv")
    loaded = load_episodes(tmp_path)
    for name in TABLES:
        pd.testing.assert_frame_equal(loaded.table(name), episodes.table(name))
    assert loaded.therapies["start_date"].min() >= pd.Timestamp("2024-07-01")


def test_realistic_mix() -> None:
    t = synth_episodes(5000, seed=2025).therapies
    anti_infective = t["hcpcs"].isin(
        ["S9500", "S9501", "S9502", "S9503", "S9504", "S9497", "S9494"]
    )
    assert 0.40 < anti_infective.mean() < 0.50
    assert (t.loc[t["hcpcs"] == "S9494", "dosing_interval_hours"].isin([48, 72])).all()
    assert 0.05 < (t["site"] == "ais").mean() < 0.11
    assert 0.10 < (t["payer_id"] == "OTHER").mean() < 0.20
    ivig = t[t["hcpcs"] == "S9338"]
    assert ivig["dosing_interval_hours"].between(504, 672).all()
    tpn = t[t["hcpcs"].isin(["S9364", "S9365", "S9366", "S9367", "S9368"])]
    assert tpn["daily_volume_ml"].notna().all()
    assert (tpn["hcpcs"] == "S9364").any()  # general code: will be recoded by volume
    per_diem = t[t["dosing_interval_hours"] <= 72]
    days = (per_diem["end_date"] - per_diem["start_date"]).dt.days + 1
    assert 20 < days.mean() < 32 and 8 <= days.median() <= 20 and days.max() <= 365
    minutes = synth_episodes(2000, seed=1).nursing["minutes"]
    assert {150, 151}.issubset(set(minutes)) and minutes.between(60, 300).all()
