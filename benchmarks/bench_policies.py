"""Payer policies' cost: code + price throughput with every policy off, each one alone, all on.

The contract is ``rate_models/acme_current.yaml`` with its payer policies removed ("off": the
national standard, what ``bench_simulate.py`` measured before the sample contract applied
policies), then with one policy at a time and with all of them. Each variant is timed on the same
synthetic history, best of ``--repeat`` runs in alternation (a shared machine's drift affects all
alike). The day-length check repeats ``bench_simulate.py``'s (365-day vs 5-day therapies) with
every policy on: interval work must not grow with the days.
Run: ``.venv/bin/python benchmarks/bench_policies.py [--sizes 100000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from infusionkit.contracts import Contract, load_contract, with_changes
from infusionkit.episodes import from_frames, synth_episodes
from infusionkit.pricing import load_price_book, price_episodes

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "rate_models" / "acme_current.yaml"
OFF: dict[str, Any] = {"per_diem.day_count": "access_days", "policies": None}
POLICIES: dict[str, dict[str, Any]] = {
    "service_days": {"per_diem.day_count": "service_days"},
    "bundled_codes": {"policies.bundled_codes": ["S5497", "S5498", "S5501", "S5502", "S9810"]},
    "not_concurrent": {
        "policies.not_concurrent": [{"code": "hydration", "with": ["tpn", "enteral"]}]
    },
    "modifier_59": {"per_diem.concurrent.modifier_59": True},
    "nursing_suite": {"nursing.ais_percent": 80},
}


def variants() -> dict[str, Contract]:
    off = with_changes(load_contract(CONTRACT), **OFF)
    result = {"off": off}
    for name, change in POLICIES.items():
        result[name] = with_changes(off, **change)
    everything: dict[str, Any] = {}
    for change in POLICIES.values():
        everything.update(change)
    result["all on"] = with_changes(off, **everything)
    return result


def time_variants(episodes: Any, contracts: dict[str, Contract], repeat: int) -> dict[str, float]:
    prices = load_price_book(CONTRACT.parent)
    best = dict.fromkeys(contracts, float("inf"))
    for _ in range(repeat):
        for name, contract in contracts.items():
            t0 = time.perf_counter()
            price_episodes(episodes, contract, prices)
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def engine_run(n: int, repeat: int) -> None:
    episodes = synth_episodes(n, seed=7, months=24)
    counts = episodes.counts()
    print(
        f"{n:,} therapies ({counts['nursing']:,} visits, {counts['other']:,} other lines), "
        f"code + price, best of {repeat}:"
    )
    best = time_variants(episodes, variants(), repeat)
    off = best["off"]
    for name, seconds in best.items():
        print(
            f"  {name:<15} {seconds:7.3f} s  {n / seconds:>10,.0f} therapies/s  "
            f"{seconds / off:5.2f}x off"
        )


def _day_length_sets(n: int, hours: str) -> dict[int, Any]:
    """n therapies of 5 and of 365 days (pairs of therapies per patient, TPN beside hydration
    among them), two catheter-care lines per patient: the same input size for both lengths."""
    rng = np.random.default_rng(3)
    sets = {}
    for days in (5, 365):
        start = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
        frame = pd.DataFrame(
            {
                "therapy_id": [f"T{i:07d}" for i in range(n)],
                "episode_id": [f"E{i // 2:07d}" for i in range(n)],
                "patient_id": [f"P{i // 2:07d}" for i in range(n)],
                "hcpcs": rng.choice(["S9500", "S9494", "S9365", "S9374"], n),
                "start_date": start.strftime("%Y-%m-%d"),
                "end_date": (start + pd.Timedelta(days=days - 1)).strftime("%Y-%m-%d"),
                "dosing_interval_hours": hours,
            }
        )
        other = pd.DataFrame(
            {
                "line_id": [f"O{i:07d}" for i in range(n)],
                "episode_id": [f"E{i // 2:07d}" for i in range(n)],
                "hcpcs": "S5498",
                "service_date": (start + pd.Timedelta(days=2)).strftime("%Y-%m-%d"),
                "units": "1",
                "billed_charge": "",
            }
        )
        sets[days] = from_frames(therapies=frame, other=other)
    return sets


def length_check(n: int, repeat: int) -> None:
    """5-day vs 365-day therapies (same count), every policy on: code+price time ratio.

    Daily therapies: per diem days are intervals under every policy, so the time must not grow
    with the days. Therapies dosed every 48 hours under service days are paid on dose dates
    (plus visit dates), as under administration_days (C02): their claim lines, one per dose
    date, grow with the days, and so does the time; the two are printed side by side.
    """
    contracts = variants()
    daily = _day_length_sets(n, "24")
    best = {
        d: time_variants(e, {"all": contracts["all on"]}, repeat)["all"] for d, e in daily.items()
    }
    print(
        f"length check, all policies on ({n:,} daily therapies, code+price): 5-day "
        f"{best[5]:.3f} s, 365-day {best[365]:.3f} s, ratio {best[365] / best[5]:.2f}x "
        "(target <= 1.5x)"
    )
    dosed = _day_length_sets(n // 10, "48")
    admin = with_changes(contracts["off"], **{"per_diem.day_count": "administration_days"})
    pair = {"service_days": contracts["service_days"], "administration_days": admin}
    short, long = time_variants(dosed[5], pair, repeat), time_variants(dosed[365], pair, repeat)
    print(
        f"  {n // 10:,} therapies every 48 h (one line per dose date): service days ratio "
        f"{long['service_days'] / short['service_days']:.1f}x, administration days ratio "
        f"{long['administration_days'] / short['administration_days']:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--length-check", type=int, default=100_000)
    args = parser.parse_args()
    for n in args.sizes:
        engine_run(n, args.repeat)
    if args.length_check:
        length_check(args.length_check, args.repeat)


if __name__ == "__main__":
    main()
