"""episodes from-claims (spec §7): the derivation rules, and re-coding gives back the history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from infusionkit.claims import ClaimLines, load_claims
from infusionkit.claims.derive import derive_episodes
from infusionkit.claims.validation import exact_column
from infusionkit.cli.main import app
from infusionkit.episodes import from_frames
from infusionkit.simulation import simulate
from infusionkit.simulation.claims_synth import claims_from_simulation
from infusionkit.simulation.reprice import reprice
from tests.claims.helpers import CURRENT, RATES, write_claims

ROWS = [
    "A1,1,P1,ACME,2025-01-01,2025-01-10,S9500,,10,1000,,",
    "A1,2,P1,ACME,2025-01-11,2025-01-20,S9500,,10,1000,,",  # touches line 1: one therapy
    "A1,3,P1,ACME,2025-01-25,2025-01-28,S9500,,4,400,,",  # a gap: another therapy
    "A1,4,P1,ACME,2025-01-05,2025-01-08,S9502,SH,4,400,,",
    "A1,5,P1,ACME,2025-01-01,,99601,,1,200,,",
    "A1,6,P1,ACME,2025-01-01,,99602,,2,100,,",
    "A1,7,P1,ACME,2025-01-02,,99601,,2,400,,",
    "A1,8,P1,ACME,2025-01-03,,99602,,1,50,,",  # no 99601 that date: not derived
    "A1,9,P1,ACME,2025-01-02,,J0696,,4,80,0409-6532-01,",
    "A2,1,P2,ACME,2025-02-01,2025-02-05,S9500,SS,5,500,,",
    "A3,1,P3,ACME,2025-01-01,,S9338,,1,300,,",
    "A3,2,P3,ACME,2025-01-15,,S9338,,1,300,,",
    "A3,3,P3,ACME,2025-02-01,,S9338,,1,300,,",  # three dates >= 7 days apart: infrequent
    "A3,4,P3,ACME,2025-03-01,,S9345,,1,300,,",
    "A3,5,P3,ACME,2025-03-04,,S9345,,1,300,,",  # 3 days apart: two one-day per diem therapies
    "A4,1,P4,ACME,2025-04-01,,S9338,,1,300,,infrequent",
    "A4,2,P4,ACME,2025-04-01,,S5498,,1,20,,",
]


@pytest.fixture()
def derived(tmp_path: Path) -> object:
    return derive_episodes(load_claims(write_claims(tmp_path, ROWS)))


def test_therapies_follow_the_rules(derived: object) -> None:
    episodes = derived.episodes  # type: ignore[attr-defined]
    t = episodes.therapies
    rows = {(r.patient_id, r.hcpcs, str(r.start_date.date())): r for r in t.itertuples(index=False)}
    merged = rows[("P1", "S9500", "2025-01-01")]
    assert str(merged.end_date.date()) == "2025-01-20" and merged.dosing_interval_hours == 24
    assert ("P1", "S9500", "2025-01-25") in rows
    assert rows[("P1", "S9502", "2025-01-05")].dosing_interval_hours == 8  # S9502 is q8h
    assert rows[("P2", "S9500", "2025-02-01")].site == "ais"
    ivig = rows[("P3", "S9338", "2025-01-01")]
    assert ivig.dosing_interval_hours == 168 and str(ivig.end_date.date()) == "2025-02-01"
    assert ("P3", "S9345", "2025-03-01") in rows and ("P3", "S9345", "2025-03-04") in rows
    assert rows[("P3", "S9345", "2025-03-01")].dosing_interval_hours == 24
    assert rows[("P4", "S9338", "2025-04-01")].dosing_interval_hours == 168
    admin = episodes.administrations
    ivig_dates = admin[admin["therapy_id"] == ivig.therapy_id]["date"].dt.strftime("%Y-%m-%d")
    assert list(ivig_dates) == ["2025-01-01", "2025-01-15", "2025-02-01"]
    assert len(t) == 8


def test_nursing_drugs_other_and_the_derivation(derived: object) -> None:
    episodes = derived.episodes  # type: ignore[attr-defined]
    visits = episodes.nursing.sort_values(["visit_date", "minutes"], ascending=[True, False])
    assert list(visits["minutes"]) == [240, 120, 120]  # 99601 + 2 × 99602; two 99601 units
    assert list(episodes.drugs["ndc"]) == ["00409653201"]
    assert list(episodes.drugs["line_id"]) == ["A1-9"]
    assert list(episodes.other["hcpcs"]) == ["S5498"]
    table = derived.derivation  # type: ignore[attr-defined]
    assert derived.not_derived == 1  # type: ignore[attr-defined]
    orphan = table[table["table"] == "not derived"].iloc[0]
    assert orphan["sources"] == "A1#8" and "without a 99601" in orphan["inferred"]
    sh = table[table["sources"] == "A1#4"].iloc[0]
    assert "SH dropped" in sh["inferred"] and "interval 8 h" in sh["inferred"]
    merged = table[table["sources"] == "A1#1 A1#2"].iloc[0]
    assert "merged" in merged["inferred"]
    assert "infrequent" in table[table["sources"] == "A3#1 A3#2 A3#3"].iloc[0]["inferred"]


def _history() -> object:
    """An NHIA-following history: concurrency, a suite therapy, a hold, an infrequent therapy,
    nursing with extra hours, drug and other lines (one therapy per patient and code)."""
    frames = {
        "therapies": pd.DataFrame(
            [
                ("T1", "E1", "P1", "ACME", "S9500", "2025-01-05", "2025-02-10", "24", "home"),
                ("T2", "E1", "P1", "ACME", "S9502", "2025-01-20", "2025-01-31", "8", "home"),
                ("T3", "E2", "P2", "ACME", "S9365", "2025-03-01", "2025-03-20", "24", "ais"),
                ("T4", "E2", "P2", "ACME", "S9338", "2025-01-01", "2025-03-26", "672", "home"),
                ("T5", "E3", "P3", "ACME", "S9494", "2025-04-01", "2025-04-15", "24", "home"),
                ("T6", "E4", "P4", "ACME", "S9500", "2025-05-01", "2025-05-01", "24", "home"),
            ],
            columns=[
                "therapy_id",
                "episode_id",
                "patient_id",
                "payer_id",
                "hcpcs",
                "start_date",
                "end_date",
                "dosing_interval_hours",
                "site",
            ],
        ),
        "holds": pd.DataFrame(
            [("P3", "T5", "2025-04-05", "2025-04-06", "inpatient")],
            columns=["patient_id", "therapy_id", "start_date", "end_date", "reason"],
        ),
        "administrations": pd.DataFrame(
            [("T4", d) for d in ("2025-01-01", "2025-01-29", "2025-02-26", "2025-03-26")],
            columns=["therapy_id", "date"],
        ),
        "nursing": pd.DataFrame(
            [
                ("V1", "E1", "P1", "2025-01-05", "150", "home"),
                ("V2", "E1", "P1", "2025-01-12", "200", "home"),
                ("V3", "E2", "P2", "2025-03-01", "240", "ais"),
            ],
            columns=["visit_id", "episode_id", "patient_id", "visit_date", "minutes", "site"],
        ),
        "drugs": pd.DataFrame(
            [("D1", "E1", "T1", "2025-01-05", "J0696", "", "4", "100.00")],
            columns=[
                "line_id",
                "episode_id",
                "therapy_id",
                "service_date",
                "hcpcs",
                "ndc",
                "units",
                "billed_charge",
            ],
        ),
        "other": pd.DataFrame(
            [("O1", "E1", "S5498", "2025-01-05", "20", "200.00")],
            columns=["line_id", "episode_id", "hcpcs", "service_date", "units", "billed_charge"],
        ),
    }
    return from_frames(**frames)


KEYS = ["line_type", "hcpcs", "modifiers", "service_from", "service_to", "units", "allowed"]


def test_from_claims_then_simulate_equals_reprice() -> None:
    sim = simulate(_history(), [CURRENT], rates=RATES, include_phi=True)  # type: ignore[arg-type]
    claims = claims_from_simulation(sim)
    frame = claims.copy()
    frame["units"] = exact_column(frame["units"], 3)
    frame["billed_charge"] = exact_column(frame["billed_charge"], 2)
    frame["source_line"] = range(2, len(frame) + 2)
    history = ClaimLines(frame)
    repriced = reprice(history, [CURRENT], include_phi=True)
    derived = derive_episodes(history)
    again = simulate(derived.episodes, [CURRENT], rates=RATES, include_phi=True)
    assert again.total_allowed() == repriced.total_allowed() == sim.total_allowed()
    assert sorted(map(str, again.table.select(KEYS).to_pylist())) == sorted(
        map(str, repriced.table.select(KEYS).to_pylist())
    )
    assert {"SH", "SS"} <= set(repriced.lines["modifiers"])  # the history exercises both
    assert derived.counts["infrequent"] == 1 and derived.not_derived == 0


def test_cli_writes_a_source_simulate_reads(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c", ROWS)
    out = tmp_path / "derived"
    runner = CliRunner()
    result = runner.invoke(app, ["episodes", "from-claims", str(claims), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Therapies derived from the claims" in result.output
    assert "1 claim line(s) could not be derived" in result.output
    names = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert {"therapies.csv", "nursing.csv", "derivation.csv", "administrations.csv"} <= names
    therapies = pd.read_csv(out / "therapies.csv", dtype=str)
    assert therapies["patient_id"].str.startswith("PT-").all()  # keyed pseudonyms, not P1
    simulated = runner.invoke(
        app,
        [
            "simulate",
            str(out),
            "-c",
            str(CURRENT),
            "--rates",
            str(RATES),
            "--out",
            str(tmp_path / "sim"),
        ],
    )
    assert simulated.exit_code == 0, simulated.output
