"""Hostile Word documents and redline options: VBA under other names, zip paths, DTDs anywhere,
catastrophic regex edits, control characters in --author, an output that is an input."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from . import builders
from .harness import Case, Run, problems_of

KLASS = "redline_inputs"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
DTD = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'


def _docx(*paragraphs: str) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _rewrite(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            new = change(name, src.read(name))
            if new is not None:
                dst.writestr(name, new)
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def _vba_by_relationship(data: bytes) -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            rel = f'<Relationship Id="rId99" Type="{VBA_REL}" Target="macros.bin"/>'
            return body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return body

    return _rewrite(data, change, {"word/macros.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60})


def _vba_by_content_type(data: bytes) -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "[Content_Types].xml":
            over = (
                '<Override PartName="/word/macros.bin" '
                'ContentType="application/vnd.ms-office.vbaProject"/>'
            )
            return body.replace(b"</Types>", over.encode() + b"</Types>")
        return body

    return _rewrite(data, change, {"word/macros.bin": b"\0" * 64})


def _member(name: str) -> Callable[[bytes], bytes]:
    return lambda data: _rewrite(data, lambda _n, b: b, {name: b"<x/>"})


def _dtd_in(part: str, utf16: bool = False) -> Callable[[bytes], bytes]:
    def make(data: bytes) -> bytes:
        def change(name: str, body: bytes) -> bytes:
            if name != part:
                return body
            text = DTD + body.split(b"?>", 1)[1]
            if utf16:
                return b"\xff\xfe" + text.decode().replace(
                    '"1.0"', '"1.0" encoding="UTF-16"'
                ).encode("utf-16-le")
            return text

        return _rewrite(data, change, {})

    return make


def _bad_document(make: Callable[[bytes], bytes], mention: str) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        (tmp / "good.docx").write_bytes(_docx("Payer shall pay.", "Rates follow."))
        (tmp / "payer.docx").write_bytes(make(_docx("Payer shall pay.", "Rates follow.")))
        args = [
            "redline",
            str(tmp / "payer.docx"),
            str(tmp / "good.docx"),
            "-o",
            str(tmp / "o.docx"),
        ]
        return Run(args, mentions=("payer.docx", mention))

    return build


def _output_is_input(tmp: Path) -> Run:
    (tmp / "a.docx").write_bytes(_docx("Payer shall pay in 45 days."))
    (tmp / "b.docx").write_bytes(_docx("Payer shall pay in 30 days."))
    return Run(
        ["redline", str(tmp / "a.docx"), str(tmp / "b.docx"), "-o", str(tmp / "b.docx")],
        mentions=("b.docx", "is also an input"),
    )


def _author(name: str) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        (tmp / "a.docx").write_bytes(_docx("Payer shall pay in 45 days."))
        (tmp / "b.docx").write_bytes(_docx("Payer shall pay in 30 days."))
        args = [
            "redline",
            str(tmp / "a.docx"),
            str(tmp / "b.docx"),
            "-o",
            str(tmp / "out.docx"),
            "--author",
            name,
        ]
        return Run(args, mentions=("--author", "control characters"))

    return build


def _regex_edit(pattern: str) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        builders.rates(tmp)
        current = builders.contract(tmp)
        proposal = builders.contract(
            tmp,
            builders.CONTRACT
            + f"edits:\n  - find: '{pattern}'\n    replace: 'x'\n    regex: true\n",
            name="proposal.yaml",
        )
        (tmp / "payer.docx").write_bytes(_docx("Intro.", "a" * 40 + "!", "b" * 30))
        args = [
            "propose",
            str(current),
            "--proposal",
            str(proposal),
            "--docx",
            str(tmp / "payer.docx"),
            "--out",
            str(tmp / "out"),
        ]
        return Run(args, mentions=("payer.docx", "find", "longer than"), seconds=8.0)

    return build


CASES = [
    Case(KLASS, "VBA project by relationship", _bad_document(_vba_by_relationship, "VBA")),
    Case(KLASS, "VBA project by content type", _bad_document(_vba_by_content_type, "VBA")),
    Case(KLASS, "zip member ../", _bad_document(_member("../evil.xml"), "climbs out")),
    Case(KLASS, "zip member nested ..", _bad_document(_member("word/../../x.xml"), "climbs out")),
    Case(KLASS, "zip member absolute", _bad_document(_member("/etc/evil.xml"), "absolute")),
    Case(KLASS, "zip member drive", _bad_document(_member("C:\\evil.xml"), "absolute")),
    Case(KLASS, "DTD in _rels/.rels", _bad_document(_dtd_in("_rels/.rels"), "DTD")),
    Case(
        KLASS,
        "DTD in document rels",
        _bad_document(_dtd_in("word/_rels/document.xml.rels"), "DTD"),
    ),
    Case(KLASS, "DTD in styles.xml", _bad_document(_dtd_in("word/styles.xml"), "DTD")),
    Case(KLASS, "DTD in UTF-16 part", _bad_document(_dtd_in("word/styles.xml", utf16=True), "DTD")),
    Case(KLASS, "redline -o REVISED", _output_is_input),
    Case(KLASS, "author with \\x01", _author("Ann\x01Lee")),
    Case(KLASS, "author with \\x0b", _author("Ann\x0bLee")),
    Case(KLASS, "catastrophic regex edit", _regex_edit("^(a|a)*$")),
    Case(KLASS, "nested-quantifier regex edit", _regex_edit("^(a|aa)+$")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_output_is_input_leaves_revised_untouched(tmp_path: Path) -> None:
    run = _output_is_input(tmp_path)
    before = (tmp_path / "b.docx").read_bytes()
    problems_of(Case(KLASS, "again", lambda _tmp: run), tmp_path)
    assert (tmp_path / "b.docx").read_bytes() == before


def test_control_characters_in_comment_text_are_visible_not_fatal() -> None:
    from infusionkit.redline import accept_all_text, add_comments, apply_edits

    data, missing = apply_edits(
        _docx("Pay in 45 days."), [("45", "3\x010", False, "note\x02here", None)]
    )
    assert missing == []
    assert accept_all_text(data) == "Pay in 3\ufffd0 days."
    commented, _ = add_comments(data, [(0, "a\x0bb")])
    assert b"note\xef\xbf\xbdhere" in zipfile.ZipFile(io.BytesIO(commented)).read(
        "word/comments.xml"
    )
