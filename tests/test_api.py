"""The public Python API: importable from `infusionkit`, usable in a notebook."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd

import infusionkit
from infusionkit import build_report, load_contract, load_episodes, redline, review, simulate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rate_models" / "sample_episodes"
CURRENT = ROOT / "rate_models" / "acme_current.yaml"
PROPOSED = ROOT / "rate_models" / "acme_proposed.yaml"


def test_simulate_from_the_top_level_api() -> None:
    episodes = load_episodes(SAMPLE)
    contracts = {"current": load_contract(CURRENT), "proposed": load_contract(PROPOSED)}
    sim = simulate(episodes, contracts, rates=ROOT / "rate_models")
    assert sim.names == ["current", "proposed"]
    assert isinstance(sim.lines, pd.DataFrame)
    total = sum(v for v in sim.scenario_lines("current")["allowed"].to_pylist() if v is not None)
    assert isinstance(total, Decimal) and total == sim.total_allowed("current")
    delta = sim.comparison.set_index("line_type").loc["all", "delta"]
    assert delta == sim.total_allowed("proposed") - sim.total_allowed("current")


def test_review_and_redline_are_callable_from_the_package() -> None:
    assert review(PROPOSED).findings == ()
    assert callable(redline) and callable(build_report)
    assert infusionkit.review is review  # the subpackage itself is callable


def test_importing_the_cli_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, infusionkit.cli.main; "
        "heavy = [m for m in ('pandas', 'pyarrow', 'docx', 'matplotlib', 'weasyprint') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
