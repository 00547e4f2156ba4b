"""Shared fixtures: small simulations and written reports (built once per session)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from infusionkit.contracts import Contract, load_contract, with_changes
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
def internal(sim: Simulation) -> Report:
    return build_report(
        sim, title="Acme test report", generated=date(2025, 3, 1), audience="internal"
    )


@pytest.fixture(scope="session")
def written(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report")
    paths = write_report(report, out)
    return {p.suffix.lstrip("."): p for p in paths}


@pytest.fixture(scope="session")
def written_internal(internal: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("internal")
    paths = write_report(internal, out, formats=("docx", "html"))
    return {p.suffix.lstrip("."): p for p in paths}


def variants(n: int) -> dict[str, Contract]:
    """``n`` contracts: the current one, then the proposal with per diem rates raised 0, 5 …%,
    each with a name of its own (labels from the short form of ``name:``)."""
    current = load_contract(CURRENT)
    proposed = load_contract(PROPOSED)
    result = {"current": with_changes(current, name="Acme agreement (current terms)")}
    for i in range(1, n):
        rates = {
            code: (rate * (100 + 5 * (i - 1)) / 100).quantize(Decimal("0.01"))
            for code, rate in proposed.per_diem.rates.items()  # type: ignore[union-attr]
        }
        result[f"option{i}"] = with_changes(
            proposed, name=f"Acme agreement (option {i}, per diem +{5 * (i - 1)}%)",
            **{"per_diem.rates": rates},
        )  # fmt: skip
    return result


@pytest.fixture(scope="session")
def six(tmp_path_factory: pytest.TempPathFactory) -> tuple[Simulation, Report, Path]:
    """Six contracts side by side, written as PDF."""
    sim = simulate(synth_episodes(30, seed=3), list(variants(6).values()), rates=MODELS)
    report = build_report(sim, generated=date(2025, 3, 1))
    out = tmp_path_factory.mktemp("six")
    (pdf,) = write_report(report, out, formats=("pdf",))[:1]
    return sim, report, pdf
