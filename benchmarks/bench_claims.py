"""Claims benchmarks: reprice 1M claim lines (target ≤ 5 s); parse 100k 835 service lines (≤ 10 s).

Run: .venv/bin/python benchmarks/bench_claims.py [--lines N] [--services N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.claims import ClaimLines
from infusionkit.claims.validation import default_line_type, exact_column
from infusionkit.claims.x12_write import RemitClaim, RemitService, write_835
from infusionkit.claims.x835 import load_remits
from infusionkit.contracts import load_contract
from infusionkit.pricing import load_price_book
from infusionkit.simulation.reprice import reprice

RATES = Path(__file__).resolve().parents[1] / "rate_models"
CODES = ("S9500", "S9494", "S9502", "S9365", "99601", "99602", "J1569", "J3370", "S5498", "S9338")
MODIFIERS = ("", "", "", "SH", "SS", "SJ", "SH SS")


def claim_lines(n: int, seed: int = 1) -> ClaimLines:
    """``n`` claim lines typed as the loader types them (Arrow decimals for units and money),
    with a realistic mix of codes, modifiers, units and charges."""
    rng = np.random.default_rng(seed)
    code = np.array(CODES, dtype=object)[rng.integers(0, len(CODES), n)]
    kinds = {c: default_line_type(c) for c in CODES}
    line_type = np.array([kinds[c] for c in code], dtype=object)
    per_diem = line_type == "per_diem"
    modifiers = np.where(per_diem, np.array(MODIFIERS, dtype=object)[rng.integers(0, 7, n)], "")
    start = np.datetime64("2025-01-01") + rng.integers(0, 330, n).astype("timedelta64[D]")
    days = np.where(per_diem, rng.integers(1, 31, n), 1)
    units = [Decimal(int(d)) for d in days]
    charge_cents = rng.integers(1_000, 500_000, n)
    charges = [Decimal(int(c)).scaleb(-2) for c in charge_cents]
    frame = pd.DataFrame(
        {
            "claim_id": pd.Series([f"C{i // 8:07d}" for i in range(n)], dtype="string"),
            "line_number": (np.arange(n) % 8 + 1).astype(np.int64),
            "patient_id": pd.Series([f"P{i // 40:06d}" for i in range(n)], dtype="string"),
            "payer_id": pd.Series(["ACME"] * n, dtype="string"),
            "service_from": start.astype("datetime64[s]"),
            "service_to": (start + (days - 1).astype("timedelta64[D]")).astype("datetime64[s]"),
            "hcpcs": pd.Series(code, dtype="string"),
            "modifiers": pd.Series(modifiers, dtype="string").replace("", pd.NA),
            "units": exact_column(pd.Series(units, dtype=object), 3),
            "billed_charge": exact_column(pd.Series(charges, dtype=object), 2),
            "ndc": pd.Series([pd.NA] * n, dtype="string"),
            "line_type": pd.Series(line_type, dtype="string"),
            "source_line": np.arange(2, n + 2, dtype=np.int64),
        }
    )
    return ClaimLines(frame)


def remittance_text(services: int) -> str:
    """An 835 with ``services`` SVC loops, 10 per claim."""
    claims = []
    day = date(2025, 1, 1)
    for c in range(services // 10):
        lines = tuple(
            RemitService(
                "S9500",
                ("SH",) if k % 3 == 0 else (),
                Decimal("1200.00"),
                Decimal("850.00"),
                Decimal(10),
                day + timedelta(days=k),
                day + timedelta(days=k + 9),
                (("CO", "45", Decimal("330.00")), ("PR", "2", Decimal("20.00"))),
                str(k + 1),
                Decimal("870.00"),
            )
            for k in range(10)
        )
        claims.append(
            RemitClaim(
                f"C{c:07d}",
                "1",
                Decimal("12000.00"),
                Decimal("8500.00"),
                Decimal("200.00"),
                f"P{c}",
                services=lines,
            )
        )
    return write_835(claims)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=100_000)
    args = parser.parse_args()
    contract = load_contract(RATES / "acme_current.yaml")
    prices = load_price_book(RATES)

    claims = claim_lines(args.lines)
    started = time.perf_counter()
    result = reprice(claims, [contract], rates=prices, key=b"benchmark-key-0123456789")
    seconds = time.perf_counter() - started
    total = result.total_allowed()
    print(
        f"reprice {args.lines:,} claim lines, one contract: {seconds:.2f} s "
        f"({args.lines / seconds:,.0f} lines/s; total allowed ${total:,.2f}; target <= 5 s)"
    )

    text = remittance_text(args.services)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.835"
        path.write_text(text)
        started = time.perf_counter()
        remits = load_remits(path)
        seconds = time.perf_counter() - started
    print(
        f"parse 835, {len(remits):,} service lines ({len(text) / 1e6:.1f} MB): {seconds:.2f} s "
        f"({len(remits) / seconds:,.0f} service lines/s; target <= 10 s)"
    )


if __name__ == "__main__":
    main()
