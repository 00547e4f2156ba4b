"""Negotiation analytics throughput on synthetic therapies (100k by default).

Prints the time of one full simulation, of preparing the what-if service, and of `solve` and
`sensitivity` through it (with the number of what-if evaluations), against the targets of the
negotiation issue: solve (~15 evaluations) <= 10 s and sensitivity over 40 terms <= 20 s on 100k
therapies. Run: `.venv/bin/python benchmarks/bench_negotiation.py [--therapies 100000]`.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from pathlib import Path

from infusionkit.contracts import load_contract
from infusionkit.episodes import synth_episodes
from infusionkit.negotiation import all_levers, apply, forecast, levers_for, sensitivity, solve
from infusionkit.pricing import load_price_book
from infusionkit.simulation import WhatIf, simulate

ROOT = Path(__file__).resolve().parents[1]
CURRENT = ROOT / "rate_models" / "acme_current.yaml"
PROPOSED = ROOT / "rate_models" / "acme_proposed.yaml"


def timed(label: str, work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    return result, seconds, label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--therapies", type=int, default=100_000)
    args = parser.parse_args()
    n = args.therapies
    contract, proposed = load_contract(CURRENT), load_contract(PROPOSED)
    prices = load_price_book(CURRENT.parent)
    episodes = synth_episodes(n, seed=7, months=24)  # a two-year export, as bench_simulate
    _, full_s, _ = timed("simulate", lambda: simulate(episodes, {"c": contract}, rates=prices))
    print(f"{n:,} therapies | one full simulation (lines table): {full_s:6.2f} s")
    service, prep_s, _ = timed("prepare", lambda: WhatIf(episodes, prices))
    _, first_s, _ = timed("first", lambda: service.total(contract))
    print(f"what-if service: prepare {prep_s:.2f} s, first total {first_s:.2f} s")
    for vary, target, match in (
        ("per_diem", "+6%", None),
        ("drugs", "+2%", None),
        ("per_diem", None, PROPOSED),
        ("S9500,S9502,S9365", "+1%", None),
    ):
        result, seconds, _ = timed(
            "solve", lambda v=vary, t=target, m=match: solve(service, contract, v, t, match=m)
        )
        what = f"--target {target}" if target else "--match acme_proposed"
        per = seconds / max(result.evaluations, 1)
        print(
            f"solve --vary {vary:<18} {what:<22} {seconds:6.2f} s | {result.evaluations:>2} "
            f"evaluations ({per:.3f} s each) | p = {result.p} (target <= 10 s)"
        )
    plain = WhatIf(service.prepared, prices)
    levers = levers_for(contract, "per_diem")
    _, seconds, _ = timed(
        "15 evaluations",
        lambda: [plain.total(apply(contract, levers, Decimal(k) / 4)) for k in range(1, 16)],
    )
    print(f"15 what-if evaluations (per_diem p = 0.25 .. 3.75): {seconds:6.2f} s (target <= 10 s)")
    terms = len(all_levers(contract))
    fresh = WhatIf(service.prepared, prices)  # no cached totals from the solves above
    result, seconds, _ = timed("sensitivity", lambda: sensitivity(fresh, contract))
    per40 = seconds / len(result.effects) * 40
    print(
        f"sensitivity over {terms} terms: {seconds:6.2f} s ({seconds / terms:.3f} s per term; "
        f"40 terms ~ {per40:.1f} s; target <= 20 s)"
    )
    _, seconds, _ = timed(
        "forecast",
        lambda: forecast(
            WhatIf(service.prepared, prices),
            {"current": contract, "proposed": proposed},
            years=5,
            volume_growth=Decimal(2),
        ),
    )
    print(f"forecast 2 contracts x 5 years: {seconds:6.2f} s")


if __name__ == "__main__":
    main()
