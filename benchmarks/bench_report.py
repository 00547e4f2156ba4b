"""Benchmark the proposal package on 10,000 therapies: the one valuation of the changes, the
rate-comparison report (3 and 6 scenarios; docx + pdf + html + json; payer and internal), and
propose with the internal brief (fallbacks from solve).

Prints seconds per step (report target <= 15 s), with the simulation time shown separately.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from pathlib import Path

from infusionkit.contracts import Contract, load_contract, with_changes
from infusionkit.drafting import propose
from infusionkit.episodes import synth_episodes
from infusionkit.reporting import build_report, write_report
from infusionkit.simulation import simulate
from infusionkit.simulation.changes import compare_scenarios

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "rate_models"
TARGET_SECONDS = 15.0


def _options(proposed: Contract, n: int) -> dict[str, Contract]:
    result = {}
    for i in range(n):
        rates = {
            code: (rate * (100 + 3 * i) / 100).quantize(Decimal("0.01"))
            for code, rate in proposed.per_diem.rates.items()  # type: ignore[union-attr]
        }
        result[f"option{i + 1}"] = with_changes(proposed, **{"per_diem.rates": rates})
    return result


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
    print(f"simulation: {sim.table.num_rows:,} claim lines in {simulated:.2f} s (not counted)")
    started = time.perf_counter()
    comparisons = compare_scenarios(sim)
    changes = sum(len(c.changes) for c in comparisons)
    print(
        f"valuation: {changes} changes alone + waterfalls of 2 scenarios in "
        f"{time.perf_counter() - started:.2f} s ({sim.what_if.evaluations} what-if evaluations)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for audience in ("payer", "internal"):
            started = time.perf_counter()
            report = build_report(sim, audience=audience, comparisons=comparisons)
            built = time.perf_counter() - started
            written = write_report(report, Path(tmp) / audience)
            total = time.perf_counter() - started
            sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in written)
            print(f"report ({audience}) build: {built:.2f} s")
            print(
                f"report ({audience}) build + docx + pdf + html + json: {total:.2f} s "
                f"(target <= {TARGET_SECONDS:.0f} s); {sizes}"
            )
        six = simulate(episodes, {"current": current, **_options(proposed, 5)}, rates=MODELS)
        started = time.perf_counter()
        written = write_report(build_report(six), Path(tmp) / "six")
        pages = ""
        try:
            from pypdf import PdfReader

            pages = f", {len(PdfReader(Path(tmp) / 'six' / 'report.pdf').pages)} PDF pages"
        except ImportError:  # pragma: no cover - pypdf comes with the test extra
            pass
        print(f"report, 6 scenarios, all formats: {time.perf_counter() - started:.2f} s{pages}")
        started = time.perf_counter()
        result = propose(
            current, proposed, out_dir=Path(tmp) / "propose", episodes=sim, audience="internal"
        )
        asks = len(result.brief.asks) if result.brief else 0
        print(
            f"propose --audience internal (redline, changes.json, brief of {asks} asks with "
            f"fallbacks from solve): {time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    main()
