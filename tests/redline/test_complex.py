"""Complex paragraphs (images, hyperlinks, math, content controls, tracked changes) survive."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from lxml import etree

from infusionkit.redline import accept_all_text, check, redline, reject_all_text

from .helpers import NS, part, parts

W = NS["w"]
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _xml(fragment: str) -> etree._Element:
    return etree.fromstring(f'<root xmlns:w="{W}" xmlns:m="{M}" xmlns:r="{R}">{fragment}</root>')[0]


def _doc(variant: str, tmp_path: Path) -> bytes:
    d = docx.Document()
    d.add_paragraph("Opening paragraph stays the same.")
    img = tmp_path / "dot.png"
    img.write_bytes(_png())
    p = d.add_paragraph(f"Logo {variant} ")
    p.add_run().add_picture(str(img))
    rid = d.part.relate_to(
        "https://example.com", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    p = d.add_paragraph(f"See {variant} ")
    p._p.append(_xml(f'<w:hyperlink r:id="{rid}"><w:r><w:t>the site</w:t></w:r></w:hyperlink>'))
    p = d.add_paragraph(f"Formula {variant} ")
    p._p.append(_xml("<m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath>"))
    p = d.add_paragraph(f"Control {variant} ")
    p._p.append(
        _xml(
            '<w:sdt><w:sdtPr><w:id w:val="5"/></w:sdtPr><w:sdtContent><w:r>'
            "<w:t>value</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    p = d.add_paragraph(f"Tracked {variant} ")
    p._p.append(
        _xml(
            '<w:ins w:id="900" w:author="Payer" w:date="2023-01-01T00:00:00Z">'
            "<w:r><w:t>old insertion</w:t></w:r></w:ins>"
        )
    )
    d.add_paragraph("Closing paragraph stays the same.")
    if variant == "two":
        d.add_paragraph("Added plain paragraph.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_complex_paragraphs_are_compared_not_corrupted(tmp_path: Path) -> None:
    a, b = _doc("one", tmp_path), _doc("two", tmp_path)
    result = redline(a, b)
    out = result.docx_bytes
    assert check(out) == []
    assert accept_all_text(out) == accept_all_text(b)
    # only the paragraph holding the payer's own tracked changes cannot be compared
    assert result.warnings == [
        "could not compare paragraph 6: contains tracked changes; kept the revised version"
    ]
    doc = part(out, "word/document.xml")
    # image, link, formula and control are unchanged tokens beside the changed word
    assert len(doc.xpath("//w:drawing", namespaces=NS)) == 1
    assert len(doc.xpath("//w:hyperlink", namespaces=NS)) == 1
    assert len(doc.xpath("//m:oMath", namespaces={"m": M})) == 1
    assert len(doc.xpath("//w:sdt", namespaces=NS)) == 1
    assert not doc.xpath("//w:ins//w:drawing | //w:del//w:drawing", namespaces=NS)
    assert "".join(doc.xpath("//w:del//w:delText/text()", namespaces=NS)).count("one") == 4
    assert doc.xpath("//w:ins[@w:author='Payer']", namespaces=NS)
    assert "word/media/image1.png" in parts(out)
    etree.fromstring(parts(out)["word/document.xml"])  # well-formed


def test_identical_complex_documents_are_untouched(tmp_path: Path) -> None:
    a = _doc("one", tmp_path)
    result = redline(a, a)
    assert result.changes == 0 and result.warnings == []
    assert accept_all_text(result.docx_bytes) == accept_all_text(a)
    assert reject_all_text(result.docx_bytes) == reject_all_text(a)


def _field_doc(label: str, balanced: bool = True) -> bytes:
    d = docx.Document()
    d.add_paragraph("Intro.")
    p = d.add_paragraph(f"{label} ")
    runs = [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>May 1</w:t></w:r>",
    ]
    if balanced:
        runs.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    for run in runs:
        p._p.append(_xml(run))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_complex_field_is_one_token() -> None:
    a, b = _field_doc("Dated"), _field_doc("Signed on")
    out = redline(a, b).docx_bytes
    assert check(out) == []
    assert accept_all_text(out) == accept_all_text(b)
    assert reject_all_text(out) == reject_all_text(a)
    doc = part(out, "word/document.xml")
    assert not doc.xpath("//w:del//w:delInstrText", namespaces=NS)  # the field is unchanged
    assert len(doc.xpath("//w:fldChar[@w:fldCharType='begin']", namespaces=NS)) == 1
    assert "".join(doc.xpath("//w:del//w:delText/text()", namespaces=NS)).strip() == "Dated"


def test_unbalanced_field_deleted_as_text() -> None:
    a, b = _field_doc("Dated", balanced=False), _field_doc("Signed on")
    result = redline(a, b)
    assert check(result.docx_bytes) == []
    doc = part(result.docx_bytes, "word/document.xml")
    assert len(doc.xpath("//w:fldChar[@w:fldCharType='begin']", namespaces=NS)) == 1
    assert any("field" in w for w in result.warnings)
