"""Fixture documents for the redline's constructs, written as raw WordprocessingML in the tests.

:func:`make_docx` starts from python-docx's default document (styles, settings) and replaces the
body with paragraph XML, adding the parts the fragments use: footnotes, endnotes, images,
hyperlink targets, a header and a footer.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
NSDECL = (
    f'xmlns:w="{W}" xmlns:r="{R}" xmlns:m="{M}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def png(rgb: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    """A 1 x 1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def p(*content: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph holding ``content`` (runs or other paragraph content XML)."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(content)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def note_ref(kind: str, note_id: int) -> str:
    style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    return (
        f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        f'<w:{kind}Reference w:id="{note_id}"/></w:r>'
    )


def image(rid: str, n: int) -> str:
    """An inline picture run showing the image of relationship ``rid``."""
    return (
        "<w:r><w:drawing><wp:inline>"
        '<wp:extent cx="914400" cy="914400"/>'
        f'<wp:docPr id="{n}" name="Picture {n}"/>'
        "<a:graphic><a:graphicData "
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="{n}" name="image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def link(rid: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rid}">{r(text)}</w:hyperlink>'


def math(expr: str) -> str:
    return f"<m:oMath><m:r><m:t>{expr}</m:t></m:r></m:oMath>"


def simple_field(instr: str, result: str) -> str:
    return f'<w:fldSimple w:instr="{instr}">{r(result)}</w:fldSimple>'


def complex_field(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def sdt(tag: str, text: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/><w:id w:val="{abs(hash(tag)) % 9999}"/>'
        f"</w:sdtPr><w:sdtContent>{r(text)}</w:sdtContent></w:sdt>"
    )


def table(rows: list[list[str]], widths: int | None = None) -> str:
    """A table of plain-text cells; a cell given as raw XML (starting with ``<``) is used as is."""
    columns = widths or max(len(row) for row in rows)
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(columns))
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            out.append(cell if cell.startswith("<w:tc") else f"<w:tc>{p(r(cell))}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _notes_xml(kind: str, notes: dict[int, str]) -> bytes:
    body = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>",
    ]
    ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
    for note_id, text in notes.items():
        paragraphs = text.split("\n")
        inner = p(f"<w:r><w:{ref}/></w:r>", r(" " + paragraphs[0]))
        inner += "".join(p(r(t)) for t in paragraphs[1:])
        body.append(f'<w:{kind} w:id="{note_id}">{inner}</w:{kind}>')
    return f"<w:{kind}s {NSDECL}>{''.join(body)}</w:{kind}s>".encode()


def make_docx(
    body: list[str],
    *,
    footnotes: dict[int, str] | None = None,
    endnotes: dict[int, str] | None = None,
    images: dict[str, bytes] | None = None,
    links: dict[str, str] | None = None,
    header: str | None = None,
    footer: str | None = None,
) -> bytes:
    """A .docx whose body is ``body`` (block XML) plus the parts it refers to."""
    base = io.BytesIO()
    docx.Document().save(base)
    rels: list[str] = []
    types: list[str] = ['<Default Extension="png" ContentType="image/png"/>']
    extra: dict[str, bytes] = {}
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes is not None:
            extra[f"word/{kind}s.xml"] = _notes_xml(kind, notes)
            rels.append(f'<Relationship Id="rId{kind}s" Type="{REL}{kind}s" Target="{kind}s.xml"/>')
            types.append(f'<Override PartName="/word/{kind}s.xml" ContentType="{CT}{kind}s+xml"/>')
    for rid, data in (images or {}).items():
        extra[f"word/media/{rid}.png"] = data
        rels.append(f'<Relationship Id="{rid}" Type="{REL}image" Target="media/{rid}.png"/>')
    for rid, url in (links or {}).items():
        rels.append(
            f'<Relationship Id="{rid}" Type="{REL}hyperlink" Target="{url}" TargetMode="External"/>'
        )
    refs = ""
    for kind, text in (("header", header), ("footer", footer)):
        if text is not None:
            tag = "hdr" if kind == "header" else "ftr"
            extra[f"word/{kind}1.xml"] = f"<w:{tag} {NSDECL}>{p(r(text))}</w:{tag}>".encode()
            rels.append(f'<Relationship Id="rId{kind}1" Type="{REL}{kind}" Target="{kind}1.xml"/>')
            types.append(f'<Override PartName="/word/{kind}1.xml" ContentType="{CT}{kind}+xml"/>')
            refs += f'<w:{kind}Reference w:type="default" r:id="rId{kind}1"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                text = data.decode()
                sect = re.search(r"<w:sectPr[ >].*</w:sectPr>", text, re.S)
                sect_xml = sect.group(0) if sect else "<w:sectPr/>"
                sect_xml = re.sub(r"(<w:sectPr[^>]*>)", r"\1" + refs, sect_xml, count=1)
                data = (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f"<w:document {NSDECL}><w:body>{''.join(body)}{sect_xml}</w:body></w:document>"
                ).encode()
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>", "".join(rels).encode() + b"</Relationships>"
                )
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", "".join(types).encode() + b"</Types>")
            dst.writestr(name, data)
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()
