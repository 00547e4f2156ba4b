"""Build a tracked-change document directly from a list of paragraph edits."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ._common import DEFAULT_AUTHOR, Source, marker_for, open_package
from ._ooxml.comments import Comments
from ._ooxml.document import clear_body, new_para
from ._ooxml.tracked import Out, Writer
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
    body = clear_body(package)
    marker = marker_for(package, author, date)
    writer = Writer(marker)
    comparer = Comparer(writer)
    notes: list[tuple[Out, str]] = []
    out: list[Out] = []
    for n, edit in enumerate(edits):
        label = f"edit {n + 1}"
        old = new_para(edit.old, edit.style, label) if edit.old is not None else None
        new = new_para(edit.new, edit.style, label) if edit.new is not None else None
        if old is not None and new is not None:
            elements = [comparer.modified_para(old, new)]
        elif old is not None:
            elements = writer.deleted(old)
        elif new is not None:
            elements = writer.inserted(new)
        else:
            continue
        out.extend(elements)
        if edit.comment:
            notes.append((elements[-1], edit.comment))
    writer.fill(body, out)
    if notes:
        comments = Comments(package, marker)
        for p, text in notes:
            comments.anchor_paragraph(p, text)
    return package.to_bytes()


def _blank_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


__all__ = ["ParagraphEdit", "tracked_document"]
