"""Simulation engine throughput: synthetic 10k / 100k / 1M therapies under one contract.

Prints therapies/s, per diem days/s and peak memory (RSS) for each size, plus the day-length check
(365-day therapies vs 5-day therapies, same count). Run: `make bench` or
`.venv/bin/python benchmarks/bench_simulate.py [--sizes 10000 100000]`.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.contracts import load_contract
from infusionkit.episodes import from_frames, synth_episodes
from infusionkit.pricing import load_price_book, price_episodes
from infusionkit.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "rate_models" / "acme_current.yaml"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def engine_run(n: int) -> None:
    """Synthesize n therapies, then time coding + pricing + claim-line assembly."""
    contract = load_contract(CONTRACT)
    prices = load_price_book(CONTRACT.parent)
    t0 = time.perf_counter()
    episodes = synth_episodes(n, seed=7, months=24)  # a two-year export: ≈24 per diem days each
    synth_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    sim = simulate(episodes, {"current": contract}, rates=prices, key=b"bench")
    engine_s = time.perf_counter() - t1
    table = sim.table
    per_diem = table.filter(table["line_type"].to_numpy(zero_copy_only=False) == "per_diem")
    days = (
        int(pd.Series(per_diem["units"].to_pylist()).sum()) if per_diem.num_rows < 5_000_000 else -1
    )
    print(
        f"{n:>9,} therapies | synth {synth_s:6.2f} s | engine {engine_s:6.2f} s | "
        f"{n / engine_s:>10,.0f} therapies/s | {days:>12,} per diem days | "
        f"{days / engine_s:>12,.0f} days/s | {table.num_rows:>10,} lines | "
        f"peak RSS {peak_rss_mb():,.0f} MB"
    )


def length_check(n: int) -> None:
    """Same number of therapies, 5 days vs 365 days each: code + price time ratio.

    The two sets are timed in alternation, best of nine, so that a shared machine's drift
    affects both alike.
    """
    contract = load_contract(CONTRACT)
    prices = load_price_book(CONTRACT.parent)
    rng = np.random.default_rng(3)
    sets = {}
    for days in (5, 365):
        start = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
        frame = pd.DataFrame(
            {
                "therapy_id": [f"T{i:07d}" for i in range(n)],
                "episode_id": [f"E{i // 2:07d}" for i in range(n)],
                "patient_id": [f"P{i // 2:07d}" for i in range(n)],
                "hcpcs": rng.choice(["S9500", "S9502", "S9365", "S9348"], n),
                "start_date": start.strftime("%Y-%m-%d"),
                "end_date": (start + pd.Timedelta(days=days - 1)).strftime("%Y-%m-%d"),
                "dosing_interval_hours": "24",
            }
        )
        sets[days] = from_frames(therapies=frame)
    best = {5: float("inf"), 365: float("inf")}
    for _ in range(9):
        for days, episodes in sets.items():
            t0 = time.perf_counter()
            price_episodes(episodes, contract, prices)
            best[days] = min(best[days], time.perf_counter() - t0)
    print(
        f"length check ({n:,} therapies, code+price): 5-day {best[5]:.3f} s, "
        f"365-day {best[365]:.3f} s, ratio {best[365] / best[5]:.2f}x (target <= 1.5x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--length-check", type=int, default=100_000)
    args = parser.parse_args()
    for n in args.sizes:
        engine_run(n)
    if args.length_check:
        length_check(args.length_check)


if __name__ == "__main__":
    main()
