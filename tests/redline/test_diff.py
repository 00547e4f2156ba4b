"""Myers diff: reconstructs the target and is minimal (LCS length)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from infusionkit.redline.diff import matching_blocks, opcodes
from infusionkit.redline.tokens import tokenize


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


seqs = st.lists(st.sampled_from("abcd"), max_size=25)


@settings(max_examples=300, deadline=None)
@given(seqs, seqs)
def test_opcodes_rebuild_b_and_are_minimal(a: list[str], b: list[str]) -> None:
    rebuilt: list[str] = []
    covered = 0
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        assert i1 == covered
        covered = i2
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt += b[j1:j2]
    assert covered == len(a)
    assert rebuilt == b
    assert sum(n for _, _, n in matching_blocks(a, b)) == _lcs(a, b)


def test_long_sequences_with_few_edits_are_fast() -> None:
    a = [f"p{i}" for i in range(20000)]
    b = list(a)
    for k in range(0, 20000, 97):
        b[k] = "changed"
    ops = opcodes(a, b)
    assert sum(1 for op in ops if op[0] == "replace") == len(range(0, 20000, 97))


def test_cost_cap_uses_unique_anchors() -> None:
    a = [f"a{i}" for i in range(400)] + ["anchor"] + [f"a{i}" for i in range(400, 800)]
    b = [f"b{i}" for i in range(400)] + ["anchor"] + [f"b{i}" for i in range(400, 800)]
    ops = opcodes(a, b, max_cost=50)
    assert ("equal", 400, 401, 400, 401) in ops


@settings(max_examples=200, deadline=None)
@given(seqs, seqs)
def test_capped_opcodes_still_rebuild_b(a: list[str], b: list[str]) -> None:
    rebuilt: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b, max_cost=1):
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt += b[j1:j2]
    assert rebuilt == b


def test_cost_cap_falls_back_to_replace() -> None:
    a = [str(i) for i in range(3000)]
    b = [f"x{i}" for i in range(3000)]
    assert opcodes(a, b, max_cost=50) == [("replace", 0, 3000, 0, 3000)]


def test_tokenize_round_trips() -> None:
    text = "Net 45 days, per diem S9500 ($120.00)\tpaid."
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert "45" in tokens and "," in tokens and "\t" in tokens
