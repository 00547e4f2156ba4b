"""Tracked find/replace and table-cell edits inside a payer's own document."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import regex

from infusionkit.errors import InputErrors, input_error

from ._common import DEFAULT_AUTHOR, Source, marker_for, open_package
from ._ooxml.blocks import OBJECT, Para
from ._ooxml.comments import Comments
from ._ooxml.document import (
    Hit,
    all_paragraphs,
    find_cell,
    heading_level,
    retyped,
    rewrite_paragraph,
)
from ._ooxml.package import Package
from ._ooxml.tracked import Writer
from .engine import Comparer

REGEX_SECONDS = 0.5  # the regex engine may overrun its timeout up to twice


class TextEdit(NamedTuple):
    """Replace the first match of ``find`` (in the clause under ``under_heading``, if given).

    With ``is_regex`` ``find`` is a regular expression (``re`` syntax, run by the ``regex``
    engine) and ``replace`` may use ``\\1``; the search is bounded to :data:`REGEX_SECONDS`
    over the whole document, after which the edit is an input error.
    """

    find: str
    replace: str
    is_regex: bool = False
    comment: str | None = None
    under_heading: str | None = None


@dataclass(frozen=True)
class CellEdit:
    """Set the ``target_column`` cell of the row whose ``key_column`` cell is ``key_value``."""

    key_column: str
    key_value: str
    target_column: str
    new_text: str
    comment: str | None = None

    def describe(self) -> str:
        return f"{self.key_column}={self.key_value} / {self.target_column}"


def apply_edits(
    docx: Source,
    edits: Sequence[TextEdit | CellEdit | tuple[str, str, bool, str | None, str | None]],
    *,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
) -> tuple[bytes, list[str]]:
    """Apply edits as tracked changes; return the package and the edits that found nothing.

    Text edits are located on the untouched document first (first match in reading order,
    body paragraphs and table cells) and must fall inside one paragraph without fields,
    images or existing tracked changes. Missing edits are named by their ``find`` text.
    """
    package = open_package(docx)
    marker = marker_for(package, author, date)
    paragraphs = all_paragraphs(package)
    not_found: list[str] = []
    hits: dict[int, list[Hit]] = {}
    cells: list[CellEdit] = []
    for raw in edits:
        if isinstance(raw, CellEdit):
            cells.append(raw)
            continue
        edit = TextEdit(*raw)
        hit = _locate(paragraphs, edit, hits, package.name)
        if hit is None:
            not_found.append(edit.find)
        else:
            hits.setdefault(id(hit.para), []).append(hit)
    comments = Comments(package, marker) if _wants_comments(edits) else None
    writer = Writer(marker)
    comparer = Comparer(writer)
    for group in hits.values():
        rewrite_paragraph(group, writer, comments)
    for cell in cells:
        if not _set_cell(package, cell, comparer, comments):
            not_found.append(cell.describe())
    return package.to_bytes(), not_found


def set_table_cell(
    docx: Source,
    key_column: str,
    key_value: str,
    target_column: str,
    new_text: str,
    *,
    comment: str | None = None,
    author: str = DEFAULT_AUTHOR,
    date: datetime | None = None,
) -> tuple[bytes, bool]:
    """Tracked change of one table cell (e.g. the rate of code S9500); ``False`` if not found."""
    edit = CellEdit(key_column, key_value, target_column, new_text, comment)
    data, missing = apply_edits(docx, [edit], author=author, date=date)
    return data, not missing


def _wants_comments(edits: Sequence[object]) -> bool:
    for e in edits:
        note = e.comment if isinstance(e, CellEdit | TextEdit) else e[3]  # type: ignore[index]
        if note:
            return True
    return False


def _scope(paragraphs: list[Para], heading: str | None) -> list[Para]:
    if heading is None:
        return paragraphs
    needle = heading.casefold()
    for n, para in enumerate(paragraphs):
        level = heading_level(para)
        if level is None or needle not in para.text.casefold():
            continue
        end = n + 1
        while end < len(paragraphs):
            other = heading_level(paragraphs[end])
            if other is not None and other <= level:
                break
            end += 1
        return paragraphs[n:end]
    return []


def _locate(
    paragraphs: list[Para], edit: TextEdit, taken: dict[int, list[Hit]], file: str
) -> Hit | None:
    budget = _Budget(file)
    for para in _scope(paragraphs, edit.under_heading):
        if not para.simple:
            continue
        for start, end, replacement in _matches(para.flat, edit, budget):
            busy = taken.get(id(para), [])
            if OBJECT in para.flat[start:end]:
                continue  # never cut through a link, field or image
            if end > start and all(end <= h.start or start >= h.end for h in busy):
                return Hit(para, start, end, replacement, edit.comment)
    return None


def _matches(text: str, edit: TextEdit, budget: _Budget) -> Iterator[tuple[int, int, str]]:
    if edit.is_regex:
        pattern = budget.compile(edit.find)
        try:
            found = list(pattern.finditer(text, timeout=budget.left()))
            for match in found:
                yield match.start(), match.end(), match.expand(edit.replace)
        except TimeoutError:
            raise budget.too_slow(edit.find) from None
        except (regex.error, IndexError) as exc:
            raise budget.bad(edit.find, f"replacement {edit.replace!r}: {exc}") from None
        return
    start = text.find(edit.find)
    while start >= 0 and edit.find:
        yield start, start + len(edit.find), edit.replace
        start = text.find(edit.find, start + 1)


class _Budget:
    """The time one regex edit may take over the whole document (:data:`REGEX_SECONDS`).

    User patterns run on the ``regex`` engine with a timeout, so a catastrophic pattern such as
    ``^(a|a)*$`` fails fast with an input error instead of running for minutes.
    """

    def __init__(self, file: str):
        self.file = file
        self.deadline = time.monotonic() + REGEX_SECONDS

    def left(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    def compile(self, pattern: str) -> regex.Pattern[str]:
        try:
            return regex.compile(pattern)
        except regex.error as exc:
            raise self.bad(pattern, str(exc)) from None

    def too_slow(self, pattern: str) -> InputErrors:
        return self.bad(
            pattern,
            f"the pattern ran longer than {REGEX_SECONDS:g} s (catastrophic backtracking?); "
            "simplify it or use a literal find",
        )

    def bad(self, pattern: str, why: str) -> InputErrors:
        return input_error(self.file, f"edit find {pattern!r}: {why}", column="find")


def _set_cell(
    package: Package, edit: CellEdit, comparer: Comparer, comments: Comments | None
) -> bool:
    cell = find_cell(package, edit.key_column, edit.key_value, edit.target_column)
    if cell is None:
        return False
    paras = [b for b in cell.blocks if isinstance(b, Para)]
    if not paras or not paras[0].simple:
        return False
    out = []
    for block in cell.blocks:
        if block is paras[0]:
            changed = comparer.modified_para(block, retyped(block, edit.new_text))
            out.append(changed)
        elif isinstance(block, Para):
            out.extend(comparer.w.deleted(block))
        else:
            out.append(comparer.w.keep(None, block))
    comparer.w.fill(cell.el, out)
    if edit.comment and comments is not None:
        comments.anchor_paragraph(changed, edit.comment)
    return True
