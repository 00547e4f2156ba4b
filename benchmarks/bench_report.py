"""Benchmark the rate-comparison report: 10,000 therapies, 3 scenarios, docx + pdf + html.

Prints the seconds to build the report from a simulation and write all three formats
(target <= 15 s), with the simulation time shown separately.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from pathlib import Path

from infusionkit.contracts import load_contract, with_changes
from infusionkit.episodes import synth_episodes
from infusionkit.reporting import build_report, write_report
from infusionkit.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "rate_models"
TARGET_SECONDS = 15.0


def main() -> None:
    episodes = synth_episodes(10_000, seed=1)
    current = load_contract(MODELS / "acme_current.yaml")
    proposed = load_contract(MODELS / "acme_proposed.yaml")
    counter = with_changes(
        proposed,
        **{"per_diem.concurrent.SJ": Decimal(25), "lesser_of_billed_charges": True},
    )
    started = time.perf_counter()
    sim = simulate(
        episodes,
        {"current": current, "proposed": proposed, "counter": counter},
        rates=MODELS,
    )
    simulated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = build_report(sim)
        built = time.perf_counter() - started
        written = write_report(report, Path(tmp))
        total = time.perf_counter() - started
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in written)
    print(f"simulation: {sim.table.num_rows:,} claim lines in {simulated:.2f} s (not counted)")
    print(f"report build (waterfalls, review, tables): {built:.2f} s")
    print(f"report build + docx + pdf + html: {total:.2f} s (target <= {TARGET_SECONDS:.0f} s)")
    print(f"outputs: {sizes}")


if __name__ == "__main__":
    main()
