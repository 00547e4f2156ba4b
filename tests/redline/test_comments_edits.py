"""Comments, clause headings, tracked find/replace and table-cell edits, paragraph builder."""

from __future__ import annotations

from datetime import UTC, datetime

from infusionkit.redline import (
    CellEdit,
    ParagraphEdit,
    TextEdit,
    accept_all_text,
    add_comments,
    apply_edits,
    changed_clause_headings,
    check,
    comment_changed_clauses,
    redline,
    reject_all_text,
    set_table_cell,
    tracked_document,
)

from .corpus import Doc, P, Tbl, build, para
from .helpers import NS, all_ids, part, parts

DATE = datetime(2024, 5, 1, tzinfo=UTC)
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

ORIGINAL = Doc(
    [
        para("1. Payment", "Heading 1"),
        para("Payer shall pay clean claims within 45 days."),
        para("Interest accrues at 1% per month."),
        para("2. Rates", "Heading 1"),
        P(
            (
                ("Per diem S9500 is paid at ", False, False),
                ("$120.00", True, False),
                (" per day.", False, False),
            )
        ),
        Tbl(
            (
                ("Code", "Description", "Rate"),
                ("S9500", "Per diem", "120.00"),
                ("S9501", "Nursing visit", "90.00"),
            )
        ),
        para("3. Term", "Heading 1"),
        para("One year."),
    ]
)


def _assert_anchored(docx: bytes, count: int) -> None:
    doc = part(docx, "word/document.xml")
    comments = part(docx, "word/comments.xml")
    ids = comments.xpath("//w:comment/@w:id", namespaces=NS)
    assert len(ids) == count
    for cid in ids:
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            assert doc.xpath(f"//w:{tag}[@w:id='{cid}']", namespaces=NS), (tag, cid)
    rels = parts(docx)["word/_rels/document.xml.rels"].decode()
    assert "relationships/comments" in rels and 'Target="comments.xml"' in rels
    assert CT in parts(docx)["[Content_Types].xml"].decode()
    assert check(docx) == []


def test_redline_with_comments_and_clause_headings() -> None:
    revised = Doc(list(ORIGINAL.blocks))
    revised.blocks[1] = para("Payer shall pay clean claims within 30 days.")
    revised.blocks[7] = para("Two years.")
    a, b = build(ORIGINAL), build(revised)
    result = redline(a, b, date=DATE)
    assert result.changed_paragraphs == [1, 5, 6]  # 5 precedes the deleted "One year."
    assert changed_clause_headings(b, result.changed_paragraphs) == [0, 5]
    noted = comment_changed_clauses(a, b, lambda _i, text: f"Why: {text}", date=DATE)
    _assert_anchored(noted.docx_bytes, 2)
    assert accept_all_text(noted.docx_bytes) == accept_all_text(b)
    assert reject_all_text(noted.docx_bytes) == reject_all_text(a)
    ids = all_ids(noted.docx_bytes)
    assert len(ids) == len(set(ids))


def test_deletion_maps_to_its_clause() -> None:
    revised = Doc([b for n, b in enumerate(ORIGINAL.blocks) if n != 2])
    result = redline(build(ORIGINAL), build(revised), date=DATE)
    assert changed_clause_headings(build(revised), result.changed_paragraphs) == [0]


def test_add_comments_by_index_and_text() -> None:
    data, missing = add_comments(
        build(ORIGINAL), [(0, "first"), ("Interest", "second"), ("no such text", "x")], date=DATE
    )
    assert missing == ["no such text"]
    _assert_anchored(data, 2)


def test_apply_edits_text_and_cells() -> None:
    edits = [
        TextEdit("45 days", "30 days", comment="Prompt pay statute"),
        ("\\$120\\.00", "$135.00", True, None, "Rates"),
        TextEdit("One year", "Three years", under_heading="Payment"),  # wrong clause
        CellEdit("Code", "S9501", "Rate", "95.00", comment="Nursing cost"),
        CellEdit("Code", "S9999", "Rate", "1.00"),
    ]
    data, missing = apply_edits(build(ORIGINAL), edits, author="Provider", date=DATE)
    assert missing == ["One year", "Code=S9999 / Rate"]
    accepted = accept_all_text(data)
    assert "within 30 days." in accepted and "$135.00 per day" in accepted
    assert "S9501\tNursing visit\t95.00" in accepted
    assert reject_all_text(data) == reject_all_text(build(ORIGINAL))
    doc = part(data, "word/document.xml")
    bold = doc.xpath("//w:ins/w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    assert bold == ["$135.00"]
    _assert_anchored(data, 2)


def test_set_table_cell() -> None:
    data, found = set_table_cell(build(ORIGINAL), "code", "S9500", "rate", "135.00", date=DATE)
    assert found
    assert "S9500\tPer diem\t135.00" in accept_all_text(data)
    assert check(data) == []
    _, found = set_table_cell(build(ORIGINAL), "Code", "S9500", "Price", "1.00")
    assert not found


def test_two_edits_in_one_paragraph() -> None:
    doc = Doc([para("Pay within 45 days at 1% interest.")])
    data, missing = apply_edits(build(doc), [TextEdit("45", "30"), TextEdit("1%", "2%")])
    assert missing == []
    assert accept_all_text(data) == "Pay within 30 days at 2% interest."
    assert reject_all_text(data) == "Pay within 45 days at 1% interest."


def test_tracked_document_builder() -> None:
    data = tracked_document(
        [
            ParagraphEdit("Heading", "Heading", style="Heading1"),
            ParagraphEdit("Old clause text.", None),
            ParagraphEdit(None, "New clause text.", comment="Added"),
            ParagraphEdit("Pay in 45 days.", "Pay in 30 days."),
        ],
        author="Drafter",
        date=DATE,
    )
    assert accept_all_text(data) == "Heading\nNew clause text.\nPay in 30 days."
    assert reject_all_text(data) == "Heading\nOld clause text.\nPay in 45 days."
    _assert_anchored(data, 1)


def test_count_changes_counts_each_kind() -> None:
    from infusionkit.redline import count_changes

    revised = Doc(list(ORIGINAL.blocks))
    revised.blocks[1] = para("Payer shall pay clean claims within 30 days.")  # 1 del + 1 ins
    revised.blocks.insert(3, para("A new paragraph."))  # 1 ins (runs) + 1 ins (mark)
    a, b = build(ORIGINAL), build(revised)
    noted = comment_changed_clauses(a, b, lambda _i, _text: "Why", date=DATE)
    counts = count_changes(noted.docx_bytes)
    doc = part(noted.docx_bytes, "word/document.xml")
    assert counts.insertions == len(doc.xpath("//w:ins", namespaces=NS)) == 3
    assert counts.deletions == len(doc.xpath("//w:del", namespaces=NS)) == 1
    assert counts.marks == noted.changes == 4
    assert counts.comments == 1 and counts.format_changes == 0
    assert count_changes(a).marks == 0


def test_edits_beside_a_hyperlink_keep_it() -> None:
    from . import fixtures as fx

    data = fx.make_docx(
        [fx.p(fx.r("Pay in 45 days; see "), fx.link("rIdL1", "the policy"), fx.r(" for 45."))],
        links={"rIdL1": "https://payer.example/policy"},
    )
    edited, missing = apply_edits(data, [TextEdit("45 days", "30 days"), TextEdit("policy", "x")])
    assert missing == ["policy"]  # inside the link: never cut through it
    assert accept_all_text(edited) == "Pay in 30 days; see the policy for 45."
    assert reject_all_text(edited) == reject_all_text(data)
    doc = part(edited, "word/document.xml")
    assert len(doc.xpath("//w:hyperlink", namespaces=NS)) == 1
    assert check(edited) == []
