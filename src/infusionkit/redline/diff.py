"""Sequence diff: Myers' O(ND) algorithm in linear space (middle-snake divide and conquer).

Returns difflib-style opcodes. Common prefixes and suffixes are trimmed at every level, so
typical edits of long documents cost O(N + D^2). Regions whose edit distance exceeds
``max_cost`` are split at patience anchors (elements unique in both sides) and searched again;
without anchors they are reported as a plain replace.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Opcode = tuple[str, int, int, int, int]
DEFAULT_MAX_COST = 500


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], max_cost: int = DEFAULT_MAX_COST
) -> list[tuple[int, int, int]]:
    """Equal runs ``(i, j, n)`` in increasing order, ending with ``(len(a), len(b), 0)``."""
    pairs: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        start = 0
        while a0 + start < a1 and b0 + start < b1 and a[a0 + start] == b[b0 + start]:
            start += 1
        if start:
            pairs.append((a0, b0, start))
            a0 += start
            b0 += start
        end = 0
        while a1 - end > a0 and b1 - end > b0 and a[a1 - end - 1] == b[b1 - end - 1]:
            end += 1
        if end:
            pairs.append((a1 - end, b1 - end, end))
            a1 -= end
            b1 -= end
        if a0 == a1 or b0 == b1:
            continue
        snake = _middle_snake(a, a0, a1 - a0, b, b0, b1 - b0, max_cost)
        if snake is None:
            anchors = _unique_anchors(a, a0, a1, b, b0, b1)
            prev_i, prev_j = a0, b0
            for i, j in anchors:
                pairs.append((i, j, 1))
                stack.append((prev_i, i, prev_j, j))
                prev_i, prev_j = i + 1, j + 1
            if anchors:
                stack.append((prev_i, a1, prev_j, b1))
            continue
        x, y, u, v = snake
        if u > x:
            pairs.append((a0 + x, b0 + y, u - x))
        stack.append((a0, a0 + x, b0, b0 + y))
        stack.append((a0 + u, a1, b0 + v, b1))
    pairs.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, n in pairs:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            pi, pj, pn = merged[-1]
            merged[-1] = (pi, pj, pn + n)
        else:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


def _unique_anchors(
    a: Sequence[Hashable], a0: int, a1: int, b: Sequence[Hashable], b0: int, b1: int
) -> list[tuple[int, int]]:
    """Patience anchors: the longest increasing run of elements unique in both ranges."""
    seen_a: dict[Hashable, int] = {}
    for i in range(a0, a1):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict[Hashable, int] = {}
    for j in range(b0, b1):
        seen_b[b[j]] = -1 if b[j] in seen_b else j
    candidates = [(i, seen_b[x]) for x, i in seen_a.items() if i >= 0 and seen_b.get(x, -1) >= 0]
    candidates.sort()
    tails: list[int] = []  # index into candidates of the smallest tail per length
    back: list[int] = []
    for n, (_, j) in enumerate(candidates):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if candidates[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back.append(tails[lo - 1] if lo else -1)
        if lo == len(tails):
            tails.append(n)
        else:
            tails[lo] = n
    out: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(candidates[k])
        k = back[k]
    return out[::-1]


def _middle_snake(
    a: Sequence[Hashable], a0: int, n: int, b: Sequence[Hashable], b0: int, m: int, max_cost: int
) -> tuple[int, int, int, int] | None:
    """The middle snake ``(x, y, u, v)`` of an optimal path, relative to ``(a0, b0)``."""
    delta = n - m
    odd = delta & 1
    limit = min((n + m + 1) // 2, max_cost)
    offset = limit + 1
    vf = [0] * (2 * limit + 3)
    vb = [0] * (2 * limit + 3)
    for d in range(limit + 1):
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and vf[offset + k - 1] < vf[offset + k + 1]):
                x = vf[offset + k + 1]
            else:
                x = vf[offset + k - 1] + 1
            y = x - k
            x_start, y_start = x, y
            while x < n and y < m and a[a0 + x] == b[b0 + y]:
                x += 1
                y += 1
            vf[offset + k] = x
            kb = delta - k
            if odd and -(d - 1) <= kb <= d - 1 and x + vb[offset + kb] >= n:
                return x_start, y_start, x, y
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and vb[offset + k - 1] < vb[offset + k + 1]):
                x = vb[offset + k + 1]
            else:
                x = vb[offset + k - 1] + 1
            y = x - k
            x_start, y_start = x, y
            while x < n and y < m and a[a0 + n - 1 - x] == b[b0 + m - 1 - y]:
                x += 1
                y += 1
            vb[offset + k] = x
            kf = delta - k
            if not odd and -d <= kf <= d and x + vf[offset + kf] >= n:
                return n - x, m - y, n - x_start, m - y_start
    return None


def opcodes(
    a: Sequence[Hashable], b: Sequence[Hashable], max_cost: int = DEFAULT_MAX_COST
) -> list[Opcode]:
    """difflib-compatible opcodes (equal/replace/delete/insert) turning ``a`` into ``b``."""
    ops: list[Opcode] = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b, max_cost):
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            ops.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            ops.append(("equal", ai, i, bj, j))
    return ops
