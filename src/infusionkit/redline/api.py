"""Compare two .docx files into one with Word tracked changes; read marked documents back."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from infusionkit.files import refuse_input_as_output, write_atomic

from ._common import DEFAULT_AUTHOR, Source, marker_for, open_package
from ._ooxml.blocks import Para
from ._ooxml.checks import change_counts, problems
from ._ooxml.comments import Comments
from ._ooxml.document import body_paragraphs, outline_level
from ._ooxml.package import Package
from ._ooxml.tracked import Writer
from ._ooxml.views import document_lines
from .engine import Comparer

_SIDE_PARTS = re.compile(r"word/comments\d*\.xml$")


@dataclass
class RedlineResult:
    """Outcome of :func:`redline`.

    ``changes`` counts the ``w:ins``/``w:del`` marks written. ``changed_paragraphs`` holds the
    indices (into REVISED's body-level paragraphs, as python-docx ``Document.paragraphs``) that
    were inserted or modified, or directly precede a deletion or a changed table.
    """

    docx_bytes: bytes
    changes: int
    warnings: list[str] = field(default_factory=list)
    changed_paragraphs: list[int] = field(default_factory=list)
    comment_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ChangeCounts:
    """Tracked changes in a document (all parts: body, notes, headers and footers).

    Insertions and deletions count ``w:ins``/``w:del`` marks (moves included), as Word's
    Reviewing Pane lists them; ``format_changes`` counts ``w:rPrChange``/``w:pPrChange`` and
    other property changes.
    """

    insertions: int
    deletions: int
    format_changes: int
    comments: int

    @property
    def marks(self) -> int:
        """Insertions plus deletions."""
        return self.insertions + self.deletions


def count_changes(docx: Source) -> ChangeCounts:
    """Count the tracked changes and comments of a .docx (path or bytes)."""
    return ChangeCounts(**change_counts(open_package(docx)))


def redline(
    original: Source,
    revised: Source,
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
    comments: Sequence[tuple[int, str]] = (),
) -> RedlineResult:
    """Compare ORIGINAL with REVISED; return REVISED's package with tracked changes.

    ``comments`` are ``(revised_paragraph_index, text)`` pairs anchored on those paragraphs.
    """
    old = open_package(original)
    new = open_package(revised)
    marker = marker_for(new, author, date)
    comparer = Comparer(Writer(marker, old, new))
    comparer.compare_packages(old, new)
    warnings = _side_part_warnings(old, new) + comparer.warnings
    changes = marker.count
    ids: list[int] = []
    if comments:
        writer = Comments(new, marker)
        for index, text in comments:
            anchor = comparer.anchors.get(index)
            if anchor is None:
                warnings.append(f"no REVISED paragraph {index} to comment on")
                continue
            ids.append(writer.anchor_paragraph(anchor, text))
    return RedlineResult(new.to_bytes(), changes, warnings, sorted(comparer.changed), ids)


def write_redline(
    original: Source,
    revised: Source,
    out_path: Path | str,
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
    comments: Sequence[tuple[int, str]] = (),
) -> RedlineResult:
    """:func:`redline` and write the result atomically to ``out_path``.

    An ``out_path`` that is ORIGINAL or REVISED is refused (input error) before any work.
    """
    sources = [s for s in (original, revised) if not isinstance(s, bytes | bytearray)]
    refuse_input_as_output([out_path], sources, option="-o/--out")
    result = redline(original, revised, author=author, date=date, comments=comments)
    write_atomic(out_path, result.docx_bytes)
    return result


def accept_all_text(docx: Source, *, everything: bool = False) -> str:
    """Body text with every change accepted (see :mod:`._ooxml.views` for the convention).

    ``everything`` adds the visible footnotes and endnotes and the headers and footers.
    """
    return "\n".join(document_lines(open_package(docx), accept=True, everything=everything))


def reject_all_text(docx: Source, *, everything: bool = False) -> str:
    """Body text with every change rejected (same convention as :func:`accept_all_text`)."""
    return "\n".join(document_lines(open_package(docx), accept=False, everything=everything))


def check(docx: Source) -> list[str]:
    """Problems in a marked-up document: duplicate ids, marks without author/date, ..."""
    return problems(open_package(docx))


def add_comments(
    docx: Source,
    comments: Sequence[tuple[int | str, str]],
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
) -> tuple[bytes, list[str]]:
    """Comment on body-level paragraphs given by index or by (first) contained text.

    Returns the new package and the anchors that matched no paragraph.
    """
    package = open_package(docx)
    marker = marker_for(package, author, date)
    paragraphs = body_paragraphs(package)
    writer = Comments(package, marker)
    missing: list[str] = []
    for anchor, text in comments:
        target = _find_paragraph(paragraphs, anchor)
        if target is None:
            missing.append(str(anchor))
        else:
            writer.anchor_paragraph(target.el, text)
    return package.to_bytes(), missing


def _find_paragraph(paragraphs: list[Para], anchor: int | str) -> Para | None:
    if isinstance(anchor, int):
        return paragraphs[anchor] if 0 <= anchor < len(paragraphs) else None
    for p in paragraphs:
        if anchor in p.text:
            return p
    return None


def is_heading_style(style: str) -> bool:
    """Default heading test: ``Heading1``..``Heading9`` and ``Title`` style ids."""
    return bool(re.fullmatch(r"(?i)(heading\s*\d|title)", style))


def changed_clause_headings(
    revised: Source,
    changed_paragraphs: Sequence[int],
    is_heading: Callable[[str, str], bool] | None = None,
) -> list[int]:
    """Indices of the heading paragraphs of the clauses that hold ``changed_paragraphs``.

    A clause is a heading paragraph plus the paragraphs up to the next heading.
    ``is_heading(style_id, text)`` defaults to heading styles or an outline level.
    Changes before the first heading map to themselves.
    """
    paragraphs = body_paragraphs(open_package(revised))
    heads: list[bool] = []
    for p in paragraphs:
        if is_heading is not None:
            heads.append(is_heading(p.style, p.text))
        else:
            heads.append(is_heading_style(p.style) or outline_level(p) is not None)
    found: set[int] = set()
    for index in changed_paragraphs:
        k = min(index, len(paragraphs) - 1)
        while k >= 0 and not heads[k]:
            k -= 1
        found.add(k if k >= 0 else index)
    return sorted(found)


def comment_changed_clauses(
    original: Source,
    revised: Source,
    rationale: Callable[[int, str], str | None],
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
    is_heading: Callable[[str, str], bool] | None = None,
) -> RedlineResult:
    """Redline, then comment each changed clause's heading with ``rationale(index, text)``.

    ``rationale`` returns ``None`` to leave a clause without a comment.
    """
    first = redline(original, revised, author=author, date=date)
    headings = changed_clause_headings(revised, first.changed_paragraphs, is_heading)
    paragraphs = body_paragraphs(open_package(revised))
    notes: list[tuple[int, str]] = []
    for index in headings:
        text = rationale(index, paragraphs[index].text)
        if text:
            notes.append((index, text))
    if not notes:
        return first
    return redline(original, revised, author=author, date=date, comments=notes)


def _side_part_warnings(old: Package, new: Package) -> list[str]:
    notes = []
    for name in sorted(set(old.parts) | set(new.parts)):
        if _SIDE_PARTS.match(name) and old.parts.get(name) != new.parts.get(name):
            notes.append(
                f"{name} differs between ORIGINAL and REVISED; REVISED's comments are kept"
            )
    return notes
