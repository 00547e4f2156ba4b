"""Round trips: accept-all gives REVISED, reject-all gives ORIGINAL (our reader and pandoc)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from infusionkit.redline import accept_all_text, check, redline, reject_all_text

from .corpus import P, Tbl, build, contract, mutate, pair, para
from .helpers import NS, W, all_ids, marks, pandoc_words, part

DATE = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def _case(old: list[P | Tbl], new: list[P | Tbl]) -> tuple[bytes, bytes, bytes]:
    from .corpus import Doc

    a, b = build(Doc(old)), build(Doc(new))
    result = redline(a, b, author="Tester", date=DATE)
    return a, b, result.docx_bytes


def _assert_round_trip(a: bytes, b: bytes, out: bytes) -> None:
    assert accept_all_text(out) == accept_all_text(b)
    assert reject_all_text(out) == reject_all_text(a)
    assert check(out) == []


BASE = [
    para("Agreement", "Title"),
    para("1. Payment", "Heading 1"),
    para("Payer shall pay clean claims within 45 days of receipt."),
    para("Per diem rates are listed in Exhibit A."),
    para("2. Term", "Heading 1"),
    para("This agreement renews every year unless terminated."),
]

CASES = {
    "edit-start": [para("Agreement between parties", "Title"), *BASE[1:]],
    "edit-middle": [*BASE[:2], para("Payer shall pay clean claims within 30 days."), *BASE[3:]],
    "edit-end": [*BASE[:-1], para("This agreement renews every two years unless ended.")],
    "add-paragraphs": [
        *BASE[:3],
        para("Interest accrues on late payments."),
        *BASE[3:],
        para("Either party may terminate on 90 days notice."),
    ],
    "remove-paragraphs": [BASE[0], *BASE[2:4], BASE[5]],
    "replace-paragraph": [*BASE[:3], para("Completely different words here now."), *BASE[4:]],
    "style-change": [*BASE[:1], para("1. Payment", "Heading 2"), *BASE[2:]],
    "empty-revised": [para("")],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_paragraph_cases(name: str) -> None:
    a, b, out = _case(list(BASE), CASES[name])
    _assert_round_trip(a, b, out)


def test_every_mark_has_author_date_and_unique_id() -> None:
    a, b, out = _case(list(BASE), CASES["add-paragraphs"] + [para("x")])
    found = marks(out)
    assert found
    for el in found:
        assert el.get(f"{{{W}}}author") == "Tester"
        assert el.get(f"{{{W}}}date") == "2024-05-01T10:00:00Z"
    ids = all_ids(out)
    assert len(ids) == len(set(ids))


def test_whole_paragraph_marks_include_the_paragraph_mark() -> None:
    _, _, out = _case(list(BASE), CASES["add-paragraphs"])
    doc = part(out, "word/document.xml")
    inserted = doc.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)
    assert len(inserted) == 2
    _, _, out = _case(list(BASE), CASES["remove-paragraphs"])
    doc = part(out, "word/document.xml")
    deleted = doc.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    assert len(deleted) == 2
    assert doc.xpath("//w:del//w:t", namespaces=NS) == []
    assert doc.xpath("//w:del//w:delText", namespaces=NS)


def test_word_level_changes() -> None:
    _, _, out = _case(list(BASE), CASES["edit-middle"])
    doc = part(out, "word/document.xml")
    deleted = "".join(doc.xpath("//w:del//w:delText/text()", namespaces=NS))
    inserted = "".join(doc.xpath("//w:ins//w:t/text()", namespaces=NS))
    assert deleted.split() == ["45", "of", "receipt"]
    assert inserted.strip() == "30"


def test_formatting_is_kept() -> None:
    old = [
        P((("Rates are ", False, False), ("final", True, False), (" and binding.", False, True)))
    ]
    new = [
        P(
            (
                ("Rates are ", False, False),
                ("final", True, False),
                (" and binding today.", False, True),
            )
        )
    ]
    a, b, out = _case(old, new)
    _assert_round_trip(a, b, out)
    doc = part(out, "word/document.xml")
    assert doc.xpath("//w:r[w:rPr/w:b][w:t='final']", namespaces=NS)
    inserted = doc.xpath("//w:ins/w:r", namespaces=NS)
    assert inserted and all(r.find("w:rPr/w:i", NS) is not None for r in inserted)


def test_numbered_list_and_bookmark_survive() -> None:
    old = [
        para("Intro"),
        para("first item", "List Number"),
        para("second item", "List Number"),
        P((("See section A here", False, False),), bookmark="sectionA"),
    ]
    new = [
        para("Intro"),
        para("first item changed", "List Number"),
        P((("See section B here", False, False),), bookmark="sectionA"),
    ]
    a, b, out = _case(old, new)
    _assert_round_trip(a, b, out)
    doc = part(out, "word/document.xml")
    assert len(doc.xpath("//w:bookmarkStart[@w:name='sectionA']", namespaces=NS)) == 1
    assert len(doc.xpath("//w:bookmarkEnd", namespaces=NS)) == 1


def test_field_paragraph_is_atomic() -> None:
    old = [para("Intro"), P((("Page ", False, False),), field="PAGE")]
    new = [para("Intro"), P((("Sheet ", False, False),), field="PAGE")]
    a, b, out = _case(old, new)
    _assert_round_trip(a, b, out)
    doc = part(out, "word/document.xml")
    assert len(doc.xpath("//w:fldSimple", namespaces=NS)) == 1  # an unchanged token
    assert not doc.xpath("//w:fldSimple//w:ins | //w:fldSimple//w:del", namespaces=NS)


def test_tables_cells_and_rows() -> None:
    header = ("Code", "Description", "Rate")
    old = [
        para("Fees"),
        Tbl(
            (
                header,
                ("S9500", "Per diem", "120.00"),
                ("S9501", "Nursing", "90.00"),
                ("S9502", "Drug", "10.00"),
            )
        ),
    ]
    new = [
        para("Fees"),
        Tbl(
            (
                header,
                ("S9500", "Per diem", "135.00"),
                ("S9502", "Drug", "10.00"),
                ("S9503", "Supply", "5.00"),
            )
        ),
    ]
    a, b, out = _case(old, new)
    _assert_round_trip(a, b, out)
    doc = part(out, "word/document.xml")
    assert len(doc.xpath("//w:tr[w:trPr/w:ins]", namespaces=NS)) == 1
    assert len(doc.xpath("//w:tr[w:trPr/w:del]", namespaces=NS)) == 1
    assert "".join(doc.xpath("//w:tc//w:del//w:delText/text()", namespaces=NS)).count("120") == 1
    for tr in doc.xpath("//w:tr[w:trPr]", namespaces=NS):
        tags = [c.tag.split("}")[1] for c in tr]
        assert tags.index("trPr") < tags.index("tc")


def test_added_and_removed_tables() -> None:
    table = Tbl((("Code", "Rate"), ("S9500", "1.00")))
    a, b, out = _case([para("A"), table, para("B")], [para("A"), para("B")])
    _assert_round_trip(a, b, out)
    a, b, out = _case([para("A"), para("B")], [para("A"), table, para("B")])
    _assert_round_trip(a, b, out)


@pytest.mark.parametrize("seed", range(12))
def test_generated_corpus(seed: int) -> None:
    a, b = pair(seed, paragraphs=40, rate=0.2)
    out = redline(a, b, date=DATE).docx_bytes
    _assert_round_trip(a, b, out)
    ids = all_ids(out)
    assert len(ids) == len(set(ids))


def test_existing_ids_are_not_reused() -> None:
    a, b = pair(3, paragraphs=20, rate=0.3)
    out = redline(a, b, date=DATE).docx_bytes
    doc = part(out, "word/document.xml")
    bookmark_ids = {int(x) for x in doc.xpath("//w:bookmarkStart/@w:id", namespaces=NS)}
    mark_ids = [int(x) for x in doc.xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)]
    assert mark_ids and min(mark_ids) > max(bookmark_ids)


def test_identical_documents_have_no_marks() -> None:
    a, _ = pair(5)
    result = redline(a, a)
    assert result.changes == 0
    assert marks(result.docx_bytes) == []


def test_default_author_and_date_format() -> None:
    a, b = pair(1, paragraphs=10, rate=0.5)
    el = marks(redline(a, b).docx_bytes)[0]
    assert el.get(f"{{{W}}}author") == "infusionkit"
    assert datetime.strptime(el.get(f"{{{W}}}date"), "%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("seed", [7])
def test_pandoc_agrees(seed: int, tmp_path: Path) -> None:
    import random

    rng = random.Random(seed)
    doc = contract(rng, 30)
    a, b = build(doc), build(mutate(rng, doc, 0.25))
    out = redline(a, b, date=DATE).docx_bytes
    assert pandoc_words(out, "accept", tmp_path) == pandoc_words(b, "accept", tmp_path)
    assert pandoc_words(out, "reject", tmp_path) == pandoc_words(a, "reject", tmp_path)


@pytest.mark.parametrize("name", ["add-paragraphs", "remove-paragraphs"])
def test_pandoc_paragraph_cases(name: str, tmp_path: Path) -> None:
    a, b, out = _case(list(BASE), CASES[name])
    assert pandoc_words(out, "accept", tmp_path) == pandoc_words(b, "accept", tmp_path)
    assert pandoc_words(out, "reject", tmp_path) == pandoc_words(a, "reject", tmp_path)
    assert pandoc_words(out, "accept", tmp_path) == accept_all_text(out).split()
    assert pandoc_words(out, "reject", tmp_path) == reject_all_text(out).split()


def test_headers_are_compared(tmp_path: Path) -> None:
    import io

    import docx
    from typer.testing import CliRunner

    from infusionkit.cli.main import app

    def doc(header: str) -> bytes:
        d = docx.Document()
        d.sections[0].header.paragraphs[0].text = header
        d.add_paragraph("Body text.")
        out = io.BytesIO()
        d.save(out)
        return out.getvalue()

    (tmp_path / "a.docx").write_bytes(doc("Old header"))
    (tmp_path / "b.docx").write_bytes(doc("New header"))
    result = CliRunner().invoke(
        app,
        [
            "redline",
            str(tmp_path / "a.docx"),
            str(tmp_path / "b.docx"),
            "-o",
            str(tmp_path / "o.docx"),
        ],
    )
    assert result.exit_code == 0
    assert "warning" not in result.output
    out = (tmp_path / "o.docx").read_bytes()
    header = part(out, "word/header1.xml")
    assert header.xpath("//w:del//w:delText/text()", namespaces=NS) == ["Old"]
    assert header.xpath("//w:ins//w:t/text()", namespaces=NS) == ["New"]
    assert accept_all_text(out, everything=True).endswith("[header] New header")
    assert reject_all_text(out, everything=True).endswith("[header] Old header")
