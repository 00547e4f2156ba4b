"""The hostile-input corpus: every case of every class, and a count of how many are handled.

Each ``test_<class>.py`` module of this package defines ``CASES`` (class, name, builder); the
tests run them one by one. Run ``python -m tests.hostile.corpus`` from the repository root to try
every case and print, per class, how many were tried and how many were handled as the spec asks.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import time
from pathlib import Path

from .harness import Case, problems_of

PACKAGE = Path(__file__).resolve().parent


def all_cases() -> list[Case]:
    """Every case of every class module, in module then definition order."""
    cases: list[Case] = []
    for path in sorted(PACKAGE.glob("test_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        cases.extend(getattr(module, "CASES", ()))
    return cases


def main() -> int:
    import os

    os.environ.setdefault("INFUSIONKIT_PSEUDONYM_KEY", "infusionkit-hostile-corpus-key")
    cases = all_cases()
    tried: dict[str, int] = {}
    handled: dict[str, int] = {}
    failures: list[tuple[str, list[str]]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as config:
        os.environ.setdefault("XDG_CONFIG_HOME", config)
        for case in cases:
            with tempfile.TemporaryDirectory() as tmp:
                problems = problems_of(case, Path(tmp))
            tried[case.klass] = tried.get(case.klass, 0) + 1
            if problems:
                failures.append((case.id, problems))
            else:
                handled[case.klass] = handled.get(case.klass, 0) + 1
    width = max(len(name) for name in tried)
    print(f"{'class':<{width}}  tried  handled")
    for name, count in tried.items():
        print(f"{name:<{width}}  {count:>5}  {handled.get(name, 0):>7}")
    total = sum(handled.values())
    seconds = time.perf_counter() - started
    print(f"{'total':<{width}}  {len(cases):>5}  {total:>7}   ({seconds:.1f} s)")
    for case_id, problems in failures:
        print(f"NOT HANDLED {case_id}: " + "; ".join(problems), file=sys.stderr)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
