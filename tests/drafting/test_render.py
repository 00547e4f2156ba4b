"""Clause templates rendered for the sample contracts; strictness and the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SecurityError

from infusionkit.contracts import parse_contract
from infusionkit.drafting import render_addendum
from infusionkit.drafting.render import parse_blocks
from infusionkit.errors import InputErrors

from .conftest import CURRENT, MINIMAL, PROPOSED

TOPICS = {
    "per_diem_definition", "code_set", "concurrent_therapy", "infrequent_therapy", "ais",
    "nursing", "drugs", "lesser_of", "unpriced_codes", "escalator", "timely_filing",
    "prompt_payment", "recoupment", "termination", "most_favored_nation",
}  # fmt: skip


@pytest.fixture(scope="module")
def current():  # type: ignore[no-untyped-def]
    return render_addendum(CURRENT)


@pytest.fixture(scope="module")
def proposed():  # type: ignore[no-untyped-def]
    return render_addendum(PROPOSED)


def test_every_review_topic_has_a_clause(current) -> None:  # type: ignore[no-untyped-def]
    assert {clause.topic for clause in current.clauses} >= TOPICS
    assert [c.heading for c in current.clauses][:3] == [
        "Home Infusion Therapy Reimbursement Addendum",
        "1. Definitions",
        "2. Coding",
    ]
    assert current.clause("concurrent").heading == "4. Concurrent Therapies"


def test_definitions_follow_nhia(proposed) -> None:  # type: ignore[no-untyped-def]
    text = proposed.clause("definitions").text()  # the proposal counts access days
    assert "from the day the therapy is initiated through the day it is permanently" in text
    assert "Days between doses are per diem days." in text
    assert "every seventy-two (72) hours or more often" in text
    assert "under Section 5." in text  # the infrequent-therapy clause's number


def test_coding_clause(current) -> None:  # type: ignore[no-untyped-def]
    text = current.clause("coding").text()
    assert "National Coding Standard for Home Infusion Therapy Claims" in text
    for modifier in ("Modifier SH", "modifier SJ", "modifier SS"):
        assert modifier in text


def test_current_values(current) -> None:  # type: ignore[no-untyped-def]
    text = current.text()
    assert "paid at fifty percent (50%) of its per diem rate" in text
    assert "billed with modifier SJ and is not separately paid" in text
    assert "paid at seventy-five percent (75%) of the per diem rate" in text
    assert "average wholesale price (AWP) minus twenty-two percent (22%)" in text
    assert "the lesser of Provider's billed charges or the contract rate" in text
    assert "No escalator applies" in text
    assert "within ninety (90) days of the date of service" in text
    assert "within forty-five (45) days of receiving it" in text
    assert "more than twenty-four (24) months after" in text
    assert "at least sixty (60) days in advance" in text
    assert "shall not exceed the lowest rate Provider accepts" in text
    assert "It takes effect on January 1, 2024" in text


def test_proposed_values(proposed) -> None:  # type: ignore[no-untyped-def]
    text = proposed.text()
    assert "paid at seventy-five percent (75%) of its per diem rate" in text
    assert "SJ and paid at fifty percent (50%) of its per diem rate" in text
    assert "paid in full: one hundred percent (100%)" in text
    assert "minus eighteen percent (18%)" in text
    assert "Drug J1561 is paid at average sales price (ASP) plus six percent (6%)" in text
    assert "No lesser-of clause applies" in text
    assert "increases by three percent (3%)" in text
    assert "within one hundred eighty (180) days of the date of service" in text
    assert "within thirty (30) days" in text
    assert "more than twelve (12) months after" in text
    assert "No most-favored-nation clause applies" in text
    assert "are paid at sixty percent (60%) of Provider's billed charges" in text


def test_fee_schedule_exhibit(current, proposed) -> None:  # type: ignore[no-untyped-def]
    table, drugs = proposed.clause("fee_schedule").tables
    assert table[0] == ("Code", "Descriptor", "Unit", "Rate")
    rows = {(row[0], row[2], row[3]) for row in table[1:]}
    assert ("S9500", "per day", "$95.00") in rows
    assert ("99601", "per visit", "$190.00") in rows
    assert ("99602", "per additional hour", "$85.00") in rows
    # a code listed twice is told apart by its unit
    assert ("S9338", "per day", "$160.00") in rows
    assert ("S9338", "per administration", "$450.00") in rows
    s9500 = next(row for row in table if row[0] == "S9500")
    assert s9500[1].startswith("Home infusion therapy, antibiotic, antiviral, or antifungal")
    assert ("S9500", "per day", "$85.00") in {
        (r[0], r[2], r[3]) for r in current.clause("fee_schedule").tables[0]
    }
    assert len(table) - 1 == len(proposed.fee_rows)
    # drug terms stated beside the rates
    assert drugs[0] == ("Drugs", "Unit", "Payment")
    assert drugs[1] == (
        "All drugs not listed below",
        "per billing unit",
        "average wholesale price (AWP) minus eighteen percent (18%)",
    )
    assert drugs[2][0].startswith("J1561: Immune globulin (Gamunex-C/Gammaked)")
    assert drugs[2][2] == "average sales price (ASP) plus six percent (6%)"


def test_absent_subjects_render_the_contracts_position() -> None:
    addendum = render_addendum(parse_contract(MINIMAL))
    text = addendum.text()
    assert "No per diem reimbursement applies under this Addendum" in text
    assert "No lesser-of clause applies" in text
    assert "states no timely filing limit" in text
    assert "states no rate escalator" in text
    assert "states no most-favored-nation term" in text
    assert "sets no reimbursement for drugs" in text
    assert "This Addendum lists no rates." in text
    assert addendum.clause("fee_schedule").tables == ()


def test_custom_templates_dir(templates: Path) -> None:
    (templates / "09_lesser_of.j2").write_text("## {{ number }}. Our words\n\nCustom text.\n")
    clause = render_addendum(CURRENT, templates).clause("lesser_of")
    assert clause.heading == "9. Our words"
    assert clause.paragraphs == ("Custom text.",)


def test_missing_value_names_template_and_variable(templates: Path) -> None:
    (templates / "12_prompt_payment.j2").write_text(
        "## {{ number }}. {{ title }}\n\nPaid within {{ terms.payment_days|days }}.\n"
    )
    (templates / "13_audits.j2").write_text("## {{ number }}. {{ title }}\n\n{{ no_such }}\n")
    with pytest.raises(InputErrors) as caught:
        render_addendum(CURRENT, templates)
    errors = caught.value.errors
    assert [Path(e.file).name for e in errors] == ["12_prompt_payment.j2", "13_audits.j2"]
    assert [e.column for e in errors] == ["payment_days", "no_such"]
    assert errors[0].line == 3


def test_printing_an_unstated_value_is_an_error(templates: Path) -> None:
    (templates / "11_claims.j2").write_text(
        "## {{ number }}. {{ title }}\n\nWithin {{ terms.timely_filing_days }} days.\n"
    )
    with pytest.raises(InputErrors) as caught:
        render_addendum(parse_contract(MINIMAL), templates)
    (error,) = caught.value.errors
    assert Path(error.file).name == "11_claims.j2"
    assert "does not state" in error.message


def test_sandbox_refuses_python_internals(templates: Path) -> None:
    (templates / "09_lesser_of.j2").write_text(
        "## {{ number }}. {{ title }}\n\n{{ ''.__class__.__mro__ }}\n"
    )
    with pytest.raises(InputErrors) as caught:
        render_addendum(CURRENT, templates)
    assert isinstance(caught.value.__cause__, SecurityError)
    (error,) = caught.value.errors
    assert Path(error.file).name == "09_lesser_of.j2"
    assert "sandbox" in error.message


def test_syntax_error_and_missing_heading(templates: Path) -> None:
    (templates / "06_ais.j2").write_text("## {{ number }}. {{ title }}\n{% if %}\n")
    (templates / "07_nursing.j2").write_text("No heading here.\n")
    with pytest.raises(InputErrors) as caught:
        render_addendum(CURRENT, templates)
    first, second = caught.value.errors
    assert Path(first.file).name == "06_ais.j2" and first.line == 2
    assert Path(second.file).name == "07_nursing.j2" and "heading" in second.message


def test_manifest_problems(templates: Path) -> None:
    (templates / "05_infrequent.j2").unlink()
    with pytest.raises(InputErrors) as caught:
        render_addendum(CURRENT, templates)
    (error,) = caught.value.errors
    assert error.file.endswith("addendum.yaml") and "05_infrequent.j2" in error.message
    (templates / "addendum.yaml").write_text("title: x\nclauses: []\n")
    with pytest.raises(InputErrors):
        render_addendum(CURRENT, templates)


def test_parse_blocks() -> None:
    blocks = parse_blocks(
        "## 1. Title\n\nfirst line\nsecond line\n\n| A | B |\n|---|---|\n| 1 | 2 |\nafter\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "1. Title"),
        ("paragraph", "first line second line"),
        ("table", ""),
        ("paragraph", "after"),
    ]
    assert blocks[0].level == 2
    assert blocks[2].rows == (("A", "B"), ("1", "2"))
