"""Pair deleted and inserted blocks of a replaced region as "modified" when they are similar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from .diff import matching_blocks
from .tokens import tokenize

T = TypeVar("T")
THRESHOLD = 0.5
_DP_LIMIT = 900  # regions up to 30 x 30 blocks are aligned optimally, larger ones greedily

Step = tuple[str, int | None, int | None]  # ("pair"|"delete"|"insert", i, j)


def words(text: str) -> list[str]:
    """Non-whitespace tokens of ``text`` (what similarity is measured on)."""
    return [t for t in tokenize(text) if not t.isspace()]


def similarity(
    a: Sequence[str],
    b: Sequence[str],
    count_a: Counter[str] | None = None,
    count_b: Counter[str] | None = None,
) -> float:
    """difflib-style ratio ``2 * matches / (len(a) + len(b))`` over tokens (1.0 if both empty).

    Pass precomputed ``Counter`` s of the tokens to make repeated calls cheap.
    """
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2 * min(len(a), len(b)) / total < THRESHOLD:
        return 0.0
    common = (count_a or Counter(a)) & (count_b or Counter(b))
    if 2 * sum(common.values()) / total < THRESHOLD:
        return 0.0  # quick upper bound already fails
    matched = sum(n for _, _, n in matching_blocks(a, b, max_cost=200))
    return 2 * matched / total


def pair_up(n: int, m: int, score: Callable[[int, int], float]) -> list[Step]:
    """Order-preserving pairing of ``n`` old and ``m`` new blocks; pairs need score >= 0.5."""
    if n * m <= _DP_LIMIT:
        return _pair_dp(n, m, score)
    return _pair_greedy(n, m, score)


def _pair_dp(n: int, m: int, score: Callable[[int, int], float]) -> list[Step]:
    sims = [[score(i, j) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if sims[i][j] >= THRESHOLD:
                options.append(best[i + 1][j + 1] + sims[i][j])
            best[i][j] = max(options)
    steps: list[Step] = []
    i = j = 0
    while i < n and j < m:
        if sims[i][j] >= THRESHOLD and best[i][j] == best[i + 1][j + 1] + sims[i][j]:
            steps.append(("pair", i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            steps.append(("delete", i, None))
            i += 1
        else:
            steps.append(("insert", None, j))
            j += 1
    steps.extend(("delete", k, None) for k in range(i, n))
    steps.extend(("insert", None, k) for k in range(j, m))
    return _deletes_first(steps)


def _pair_greedy(n: int, m: int, score: Callable[[int, int], float]) -> list[Step]:
    steps: list[Step] = []
    i = j = 0
    while i < n and j < m:
        if score(i, j) >= THRESHOLD:
            steps.append(("pair", i, j))
            i, j = i + 1, j + 1
        elif i + 1 < n and score(i + 1, j) >= THRESHOLD:
            steps.append(("delete", i, None))
            i += 1
        elif j + 1 < m and score(i, j + 1) >= THRESHOLD:
            steps.append(("insert", None, j))
            j += 1
        else:
            steps.extend([("delete", i, None), ("insert", None, j)])
            i, j = i + 1, j + 1
    steps.extend(("delete", k, None) for k in range(i, n))
    steps.extend(("insert", None, k) for k in range(j, m))
    return _deletes_first(steps)


def _deletes_first(steps: list[Step]) -> list[Step]:
    """Between pairs, put deletions before insertions (Word's usual order)."""
    out: list[Step] = []
    pending_ins: list[Step] = []
    for step in steps:
        if step[0] == "insert":
            pending_ins.append(step)
        elif step[0] == "delete":
            out.append(step)
        else:
            out.extend(pending_ins)
            pending_ins.clear()
            out.append(step)
    out.extend(pending_ins)
    return out
