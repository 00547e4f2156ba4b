"""Shared fixtures: one small simulation and one written report (built once per session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infusionkit.episodes import synth_episodes
from infusionkit.reporting import Report, build_report, write_report
from infusionkit.simulation import Simulation, simulate

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "rate_models"
CURRENT = MODELS / "acme_current.yaml"
PROPOSED = MODELS / "acme_proposed.yaml"
SAMPLE = MODELS / "sample_episodes"


@pytest.fixture(scope="session")
def sim() -> Simulation:
    return simulate(synth_episodes(60, seed=7), [CURRENT, PROPOSED])


@pytest.fixture(scope="session")
def report(sim: Simulation) -> Report:
    return build_report(sim, title="Acme test report", generated=date(2025, 3, 1))


@pytest.fixture(scope="session")
def written(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report")
    paths = write_report(report, out)
    return {p.suffix.lstrip("."): p for p in paths}
