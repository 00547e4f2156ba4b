"""The addendum as .docx: built-in styles, one heading per clause, the fee table."""

from __future__ import annotations

import io

import docx

from infusionkit.drafting import addendum_docx, render_addendum
from infusionkit.drafting.docx_out import build_addendum_docx

from .conftest import PROPOSED


def test_addendum_docx_structure() -> None:
    addendum = render_addendum(PROPOSED)
    built = build_addendum_docx(addendum)
    document = docx.Document(io.BytesIO(built.data))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Heading 1"
    assert paragraphs[0].text == "Home Infusion Therapy Reimbursement Addendum"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings[3] == "4. Concurrent Therapies"
    assert headings[-1] == "Exhibit A. Fee Schedule"
    assert len(headings) == len(addendum.clauses) - 1
    assert {p.style.name for p in paragraphs} == {"Heading 1", "Heading 2", "Normal"}
    for clause in addendum.clauses:
        assert paragraphs[built.heading_index[clause.id]].text == clause.heading
    table, drugs = document.tables
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["Code", "Descriptor", "Unit", "Rate"]
    s9500 = next(row for row in table.rows if row.cells[0].text == "S9500")
    assert [s9500.cells[2].text, s9500.cells[3].text] == ["per day", "$95.00"]
    assert len(table.rows) == len(addendum.fee_rows) + 1
    widths = [c.width for c in table.rows[1].cells]
    assert widths[1] > widths[0] and widths[1] > widths[3]  # the descriptor gets the room
    assert [c.text for c in drugs.rows[0].cells] == ["Drugs", "Unit", "Payment"]
    props = document.core_properties
    assert "infusionkit" not in f"{props.author} {props.last_modified_by} {props.comments}"
    assert addendum_docx(addendum) == built.data  # deterministic bytes
