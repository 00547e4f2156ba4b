"""Benchmark the redline engine end to end (read both .docx, compare, write the result).

Prints the median seconds per small pair (~2-3 pages; target <= 0.3 s) and the time for a
200-page contract (~5,000 paragraphs, 2 % edited; target <= 5 s).

    .venv/bin/python benchmarks/bench_redline.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "redline"))

from corpus import pair  # noqa: E402

from infusionkit.redline import accept_all_text, reject_all_text, write_redline  # noqa: E402


def _run(a: bytes, b: bytes, folder: Path, name: str) -> tuple[float, int]:
    pa, pb, out = folder / f"{name}-a.docx", folder / f"{name}-b.docx", folder / f"{name}.docx"
    pa.write_bytes(a)
    pb.write_bytes(b)
    start = time.perf_counter()
    result = write_redline(pa, pb, out)
    elapsed = time.perf_counter() - start
    assert accept_all_text(out) == accept_all_text(pb), name
    assert reject_all_text(out) == reject_all_text(pa), name
    return elapsed, result.changes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = [
            _run(*pair(seed, paragraphs=50, rate=0.1), folder, f"s{seed}") for seed in range(20)
        ]
        times = [t for t, _ in small]
        print(
            f"small pairs (20 x ~50 paragraphs + table): median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s per pair (target <= 0.3 s)"
        )
        a, b = pair(1000, paragraphs=5000, rate=0.02)
        elapsed, changes = _run(a, b, folder, "large")
        print(
            f"200-page contract (~5,000 paragraphs, 2 % edited, {changes} marks): "
            f"{elapsed:.2f} s (target <= 5 s)"
        )


if __name__ == "__main__":
    main()
