"""Build a tracked-change document directly from a list of paragraph edits."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from ._common import DEFAULT_AUTHOR, Source, marker_for, open_package
from ._ooxml.blocks import Para, read_para
from ._ooxml.comments import Comments
from ._ooxml.marks import text_run
from ._ooxml.ns import BODY, PPR, PSTYLE, SECTPR, W_VAL, P
from .engine import Comparer


@dataclass(frozen=True)
class ParagraphEdit:
    """One paragraph of the result: ``old`` only = deleted, ``new`` only = inserted, both =
    compared word by word (unchanged when equal). ``style`` is a paragraph style id."""

    old: str | None
    new: str | None
    style: str | None = None
    comment: str | None = None


def tracked_document(
    edits: Sequence[ParagraphEdit],
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
    template: Source | None = None,
) -> bytes:
    """A .docx whose body is ``edits`` as tracked changes (styles etc. from ``template``)."""
    package = open_package(template if template is not None else _blank_docx())
    body = package.document().find(BODY)
    assert body is not None
    for child in list(body):
        if child.tag != SECTPR:
            body.remove(child)
    marker = marker_for(package, author, date)
    comparer = Comparer(marker)
    notes: list[tuple[etree._Element, str]] = []
    tail = body.find(SECTPR)
    for n, edit in enumerate(edits):
        old = _para(edit.old, edit.style, n) if edit.old is not None else None
        new = _para(edit.new, edit.style, n) if edit.new is not None else None
        if old is not None and new is not None:
            elements = [comparer.modified_para(old, new)]
        elif old is not None:
            elements = comparer.deleted(old)
        elif new is not None:
            elements = comparer.inserted(new)
        else:
            continue
        for el in elements:
            if tail is None:
                body.append(el)
            else:
                tail.addprevious(el)
        if edit.comment:
            notes.append((elements[-1], edit.comment))
    if notes:
        writer = Comments(package, marker)
        for p, text in notes:
            writer.anchor_paragraph(p, text)
    return package.to_bytes()


def _para(text: str, style: str | None, n: int) -> Para:
    p = etree.Element(P)
    if style:
        etree.SubElement(etree.SubElement(p, PPR), PSTYLE).set(W_VAL, style)
    if text:
        p.append(text_run(text, None))
    return read_para(p, f"edit {n + 1}")


def _blank_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


__all__ = ["ParagraphEdit", "tracked_document"]
