"""Tracked find/replace and table-cell edits inside a payer's own document."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from lxml import etree

from ._common import DEFAULT_AUTHOR, Source, marker_for, open_package
from ._ooxml.blocks import Para, paragraph_style, read_para
from ._ooxml.comments import Comments
from ._ooxml.marks import Marker, runs_from_atoms, text_run
from ._ooxml.ns import BODY, DEL, INS, PPR, RPR, TBL, TC, TR, P, w
from ._ooxml.text import content_text
from .engine import Comparer


class TextEdit(NamedTuple):
    """Replace the first match of ``find`` (in the clause under ``under_heading``, if given)."""

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


@dataclass
class _Hit:
    para: Para
    start: int
    end: int
    replacement: str
    comment: str | None


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
    body = package.document().find(BODY)
    assert body is not None
    paragraphs = [read_para(p, f"paragraph {n + 1}") for n, p in enumerate(_paragraphs(body))]
    not_found: list[str] = []
    hits: dict[int, list[_Hit]] = {}
    cells: list[CellEdit] = []
    for raw in edits:
        if isinstance(raw, CellEdit):
            cells.append(raw)
            continue
        edit = TextEdit(*raw)
        hit = _locate(paragraphs, edit, hits)
        if hit is None:
            not_found.append(edit.find)
        else:
            hits.setdefault(id(hit.para), []).append(hit)
    comments = Comments(package, marker) if _wants_comments(edits) else None
    for group in hits.values():
        _rewrite(group, marker, comments)
    for cell in cells:
        if not _set_cell(body, cell, marker, comments):
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


def _paragraphs(container: etree._Element) -> Iterator[etree._Element]:
    for child in container:
        if child.tag == P:
            yield child
        elif child.tag == TBL:
            for tr in child.iter(TR):
                for tc in tr.findall(TC):
                    if tr.getparent() is child:
                        yield from _paragraphs(tc)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _paragraphs(content)


def _heading_level(p: etree._Element) -> int | None:
    style = paragraph_style(p)
    match = re.fullmatch(r"(?i)heading\s*(\d)", style)
    if match:
        return int(match.group(1))
    if style.lower() == "title":
        return 0
    ppr = p.find(PPR)
    outline = None if ppr is None else ppr.find(w("outlineLvl"))
    if outline is not None:
        return int(outline.get(w("val"), "0")) + 1
    return None


def _scope(paragraphs: list[Para], heading: str | None) -> list[Para]:
    if heading is None:
        return paragraphs
    needle = heading.casefold()
    for n, para in enumerate(paragraphs):
        level = _heading_level(para.el)
        if level is None or needle not in para.text.casefold():
            continue
        end = n + 1
        while end < len(paragraphs):
            other = _heading_level(paragraphs[end].el)
            if other is not None and other <= level:
                break
            end += 1
        return paragraphs[n:end]
    return []


def _locate(paragraphs: list[Para], edit: TextEdit, taken: dict[int, list[_Hit]]) -> _Hit | None:
    for para in _scope(paragraphs, edit.under_heading):
        if not para.simple:
            continue
        for start, end, replacement in _matches(para.text, edit):
            busy = taken.get(id(para), [])
            if end > start and all(end <= h.start or start >= h.end for h in busy):
                return _Hit(para, start, end, replacement, edit.comment)
    return None


def _matches(text: str, edit: TextEdit) -> Iterator[tuple[int, int, str]]:
    if edit.is_regex:
        for match in re.finditer(edit.find, text):
            yield match.start(), match.end(), match.expand(edit.replace)
        return
    start = text.find(edit.find)
    while start >= 0 and edit.find:
        yield start, start + len(edit.find), edit.replace
        start = text.find(edit.find, start + 1)


def _rewrite(hits: list[_Hit], marker: Marker, comments: Comments | None) -> None:
    """Rebuild one paragraph with each hit as deletion + insertion (markers kept in place)."""
    para = hits[0].para
    atoms, markers = para.atoms()
    p = para.el
    for child in list(p):
        if child.tag != PPR:
            p.remove(child)
    pending = list(markers)

    def plain(start: int, end: int) -> None:
        cuts = sorted({off for off, _ in pending if start < off < end} | {end})
        pos = start
        while pending and pending[0][0] <= start:
            p.append(pending.pop(0)[1])
        for cut in cuts:
            p.extend(runs_from_atoms(atoms, pos, cut, deleted=False))
            while pending and pending[0][0] <= cut and cut < end:
                p.append(pending.pop(0)[1])
            pos = cut

    pos = 0
    for hit in sorted(hits, key=lambda h: h.start):
        plain(pos, hit.start)
        first = last = marker.wrap(DEL, runs_from_atoms(atoms, hit.start, hit.end, deleted=True))
        p.append(first)
        if hit.replacement:
            rpr = _rpr_at(atoms, hit.start)
            last = marker.wrap(INS, [text_run(hit.replacement, rpr)])
            p.append(last)
        if hit.comment and comments is not None:
            comments.anchor_range(first, last, hit.comment)
        pos = hit.end
    plain(pos, len(para.text))
    for _, el in pending:
        p.append(el)


def _rpr_at(atoms: list, offset: int) -> etree._Element | None:  # type: ignore[type-arg]
    pos = 0
    for atom in atoms:
        if pos + len(atom.text) > offset:
            return atom.rpr  # type: ignore[no-any-return]
        pos += len(atom.text)
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _set_cell(
    body: etree._Element, edit: CellEdit, marker: Marker, comments: Comments | None
) -> bool:
    for tbl in body.iter(TBL):
        rows = [tr for tr in tbl.findall(TR)]
        if len(rows) < 2:
            continue
        header = [_norm(content_text(tc, True)) for tc in rows[0].findall(TC)]
        key_i = _column(header, edit.key_column)
        target_i = _column(header, edit.target_column)
        if key_i is None or target_i is None:
            continue
        for tr in rows[1:]:
            tcs = tr.findall(TC)
            if max(key_i, target_i) >= len(tcs):
                continue
            if _norm(content_text(tcs[key_i], True)) == _norm(edit.key_value):
                return _replace_cell_text(tcs[target_i], edit, marker, comments)
    return False


def _column(header: list[str], name: str) -> int | None:
    wanted = _norm(name)
    for i, text in enumerate(header):
        if text == wanted:
            return i
    for i, text in enumerate(header):
        if wanted in text:
            return i
    return None


def _replace_cell_text(
    tc: etree._Element, edit: CellEdit, marker: Marker, comments: Comments | None
) -> bool:
    paras = tc.findall(P)
    if not paras:
        return False
    old = read_para(paras[0], "cell")
    if not old.simple:
        return False
    comparer = Comparer(marker)
    new_el = copy.deepcopy(paras[0])
    for child in list(new_el):
        if child.tag != PPR:
            new_el.remove(child)
    first_rpr = paras[0].find(f"{w('r')}/{RPR}")
    if edit.new_text:
        new_el.append(text_run(edit.new_text, first_rpr))
    new = read_para(new_el, "cell")
    old_el = paras[0]
    old_el.addprevious(new_el)
    tc.remove(old_el)
    old.el = copy.deepcopy(old_el)
    result = comparer.modified_para(old, new)
    for extra in paras[1:]:
        for el in comparer.deleted(read_para(extra, "cell")):
            extra.addprevious(el)
        tc.remove(extra)
    if edit.comment and comments is not None:
        comments.anchor_paragraph(result, edit.comment)
    return True
