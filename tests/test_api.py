"""The public Python API: importable from `infusionkit`, usable in a notebook."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd

import infusionkit
from infusionkit import (
    build_report,
    load_contract,
    load_episodes,
    redline_documents,
    review_contract,
    simulate,
)

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


def test_review_and_redline_are_functions_of_the_package() -> None:
    from infusionkit.redline import redline
    from infusionkit.review import review

    assert review_contract(PROPOSED).findings == ()
    assert review_contract is review and redline_documents is redline
    assert callable(build_report)


def test_no_public_name_is_a_subpackage() -> None:
    import importlib

    for name in infusionkit.__all__:
        value = getattr(infusionkit, name)
        assert not isinstance(value, type(importlib)), name
    assert set(infusionkit.__all__) - {"__version__"} == set(infusionkit._PUBLIC)


def test_importing_the_cli_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, infusionkit.cli.main; "
        "heavy = [m for m in ('pandas', 'pyarrow', 'docx', 'matplotlib', 'weasyprint') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
