"""Each payer policy has a clause: its wording when the contract applies it and when it does
not, and the redline between the two (read back from the .docx)."""

from __future__ import annotations

import pytest

from infusionkit.contracts import Contract, with_changes
from infusionkit.drafting import addendum_docx, render_addendum
from infusionkit.redline import accept_all_text, redline, reject_all_text
from tests.simulation.helpers import contract

ON = {
    "per_diem.day_count": "service_days",
    "per_diem.concurrent.modifier_59": True,
    "nursing.ais_percent": 80,
    "policies.bundled_codes": ["S5497", "S5498"],
    "policies.not_concurrent": [{"code": "hydration", "with": ["tpn", "enteral"]}],
}
POLICY_CLAUSES = ("service_days", "bundled_codes", "not_concurrent", "modifier_59", "nursing_suite")


@pytest.fixture(scope="module")
def applied() -> Contract:
    return with_changes(contract(), **ON)


def test_each_policy_clause_states_the_policy(applied: Contract) -> None:
    addendum = render_addendum(applied)
    text = {cid: addendum.clause(cid).text() for cid in POLICY_CLAUSES}
    assert (
        "only on a day on which a dose of that therapy is administered or on which "
        in (text["service_days"])
    )
    assert (
        "not separately payable on a day on which the Member has a per diem day"
        in (text["bundled_codes"])
    )
    assert "S5497, S5498" in text["bundled_codes"]
    assert (
        "hydration therapy on a day on which the Member also receives parenteral nutrition "
        "(TPN) or enteral nutrition" in text["not_concurrent"]
    )
    assert "together with modifier 59" in text["modifier_59"]
    assert "paid at eighty percent (80%) of the amount otherwise payable" in text["nursing_suite"]
    definitions = addendum.clause("definitions").text()
    number = addendum.clause("service_days").number
    assert f"as Section {number} states" in definitions


def test_without_the_policies_the_clauses_state_the_standard() -> None:
    addendum = render_addendum(contract())
    assert "whether or not a dose is administered" in addendum.clause("service_days").text()
    assert "billed and paid beside the per diem" in addendum.clause("bundled_codes").text()
    assert "no therapy is excluded from payment" in addendum.clause("not_concurrent").text()
    assert "no further modifier is required" in addendum.clause("modifier_59").text()
    assert "same rates as a visit in the Member's home" in addendum.clause("nursing_suite").text()


def test_full_suite_percentage_and_no_per_diem_wording() -> None:
    full = render_addendum(with_changes(contract(), **{"nursing.ais_percent": 100}))
    assert "billed with modifier SS and paid in full" in full.clause("nursing_suite").text()
    bare = render_addendum(with_changes(contract(), per_diem=None))
    assert "pays no per diem" in bare.clause("service_days").text()


def test_the_redline_shows_each_policy_removed(applied: Contract) -> None:
    current = addendum_docx(render_addendum(applied))
    proposed = addendum_docx(render_addendum(contract()))
    result = redline(current, proposed)
    before, after = reject_all_text(result.docx_bytes), accept_all_text(result.docx_bytes)
    for wording in (
        "together with modifier 59",
        "S5497, S5498",
        "hydration therapy on a day on which the Member also receives",
        "paid at eighty percent (80%)",
    ):
        assert wording in before and wording not in after, wording
    assert "no therapy is excluded from payment" in after
    assert "no therapy is excluded from payment" not in before
