"""Property: random edits of a random paragraph list round-trip through the redline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infusionkit.redline import accept_all_text, check, redline, reject_all_text

from .corpus import Doc, P, build

WORD = st.sampled_from(["pay", "per", "diem", "rate", "45", "days", "S9500", "net", "%", ","])
TEXT = st.lists(WORD, max_size=8).map(" ".join)
RUN = st.tuples(TEXT, st.booleans(), st.booleans())
PARA = st.builds(
    lambda runs, style: P(tuple(runs), style),
    st.lists(RUN, min_size=1, max_size=3),
    st.sampled_from([None, None, "Heading 1", "List Number"]),
)


@st.composite
def doc_pairs(draw: st.DrawFn) -> tuple[list[P], list[P]]:
    original = draw(st.lists(PARA, min_size=1, max_size=8))
    revised = list(original)
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["insert", "delete", "replace", "edit"]))
        if action == "insert" or not revised:
            revised.insert(draw(st.integers(0, len(revised))), draw(PARA))
        elif action == "delete" and len(revised) > 1:
            revised.pop(draw(st.integers(0, len(revised) - 1)))
        else:
            k = draw(st.integers(0, len(revised) - 1))
            if action == "replace":
                revised[k] = draw(PARA)
            else:
                runs = list(revised[k].runs)
                runs[-1] = (runs[-1][0] + " " + draw(TEXT), runs[-1][1], runs[-1][2])
                revised[k] = P(tuple(runs), revised[k].style)
    return original, revised


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_pairs())
def test_accept_gives_revised_and_reject_gives_original(pair: tuple[list[P], list[P]]) -> None:
    a, b = build(Doc(list(pair[0]))), build(Doc(list(pair[1])))
    out = redline(a, b).docx_bytes
    assert accept_all_text(out) == accept_all_text(b)
    assert reject_all_text(out) == reject_all_text(a)
    assert check(out) == []
