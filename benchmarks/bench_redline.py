"""Benchmark the redline engine end to end (read both .docx, compare, write the result).

Prints the median seconds per small pair (~2-3 pages; target <= 0.3 s), the median over the
test suite's construct fixtures (footnotes, images, links, fields, math, formatting, headers,
merged and nested tables) and the time for a 200-page contract (~5,000 paragraphs, 2 % edited;
target <= 1 s).

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

sys.path.insert(0, str(ROOT))
from tests.redline.test_constructs import CASES  # noqa: E402

from infusionkit.redline import accept_all_text, reject_all_text, write_redline  # noqa: E402


def _run(
    a: bytes, b: bytes, folder: Path, name: str, everything: bool = False
) -> tuple[float, int]:
    pa, pb, out = folder / f"{name}-a.docx", folder / f"{name}-b.docx", folder / f"{name}.docx"
    pa.write_bytes(a)
    pb.write_bytes(b)
    start = time.perf_counter()
    result = write_redline(pa, pb, out)
    elapsed = time.perf_counter() - start
    for view in (accept_all_text, reject_all_text):
        source = pb if view is accept_all_text else pa
        assert view(out, everything=everything) == view(source, everything=everything), name
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
        constructs = [
            _run(*make(), folder, f"c{n}", everything=True)[0]
            for n, make in enumerate(CASES.values())
        ]
        print(
            f"construct pairs ({len(constructs)} fixtures: notes, images, links, fields, math, "
            f"formatting, headers, tables): median {statistics.median(constructs):.3f} s, "
            f"max {max(constructs):.3f} s per pair"
        )
        a, b = pair(1000, paragraphs=5000, rate=0.02)
        elapsed, changes = _run(a, b, folder, "large")
        print(
            f"200-page contract (~5,000 paragraphs, 2 % edited, {changes} marks): "
            f"{elapsed:.2f} s (target <= 1 s)"
        )


if __name__ == "__main__":
    main()
