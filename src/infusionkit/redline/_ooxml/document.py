"""The main document as paragraphs and cells: finding, building and rewriting them in place.

Used by the public functions (comments on clauses, tracked find/replace, table-cell edits, the
paragraph builder) so that none of them handles XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from infusionkit.errors import input_error

from .blocks import Atom, Cell, Para, read_blocks, read_para
from .comments import Comments
from .marks import text_run
from .ns import BODY, DEL, INS, PPR, PSTYLE, RPR, SECTPR, TBL, TC, TR, W_VAL, P, w
from .package import Package
from .text import content_text
from .tracked import Writer, flush_markers


def body(package: Package) -> etree._Element:
    """The ``w:body`` of the main document (input error when missing)."""
    found = package.document().find(BODY)
    if found is None:
        raise input_error(package.name, "main document part has no w:body")
    return found


def body_paragraphs(package: Package) -> list[Para]:
    """Body-level paragraphs, as python-docx ``Document.paragraphs`` counts them."""
    return [read_para(p, f"paragraph {n + 1}", n) for n, p in enumerate(body(package).findall(P))]


def all_paragraphs(package: Package) -> list[Para]:
    """Every paragraph in reading order: body, table cells and content controls."""
    return [read_para(p, f"paragraph {n + 1}") for n, p in enumerate(_paragraphs(body(package)))]


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


def outline_level(para: Para) -> int | None:
    """The paragraph's own ``w:outlineLvl`` (0-based), if any."""
    ppr = para.el.find(PPR)
    outline = None if ppr is None else ppr.find(w("outlineLvl"))
    if outline is None:
        return None
    value = outline.get(W_VAL, "0")
    return int(value) if value.isdigit() else 0


def heading_level(para: Para) -> int | None:
    """1-9 for ``HeadingN`` styles, 0 for ``Title``, outline level + 1, else ``None``."""
    match = re.fullmatch(r"(?i)heading\s*(\d)", para.style)
    if match:
        return int(match.group(1))
    if para.style.lower() == "title":
        return 0
    level = outline_level(para)
    return None if level is None else level + 1


# -- building ---------------------------------------------------------------------------------
def new_para(text: str, style: str | None, label: str) -> Para:
    """A fresh paragraph holding ``text`` in one run, with paragraph style ``style``."""
    p = etree.Element(P)
    if style:
        etree.SubElement(etree.SubElement(p, PPR), PSTYLE).set(W_VAL, style)
    if text:
        p.append(text_run(text, None))
    return read_para(p, label)


def clear_body(package: Package) -> etree._Element:
    """Remove every block of the body (the final section properties stay); return the body."""
    found = body(package)
    for child in list(found):
        if child.tag != SECTPR:
            found.remove(child)
    return found


# -- tracked find/replace ---------------------------------------------------------------------
@dataclass
class Hit:
    """A tracked replacement of characters ``start:end`` of a simple paragraph."""

    para: Para
    start: int
    end: int
    replacement: str
    comment: str | None


def rewrite_paragraph(hits: Sequence[Hit], writer: Writer, comments: Comments | None) -> None:
    """Rebuild one paragraph with each hit as deletion + insertion (markers kept in place)."""
    para = hits[0].para
    atoms, pending = para.emptied()
    p = para.el
    pos = 0
    for hit in sorted(hits, key=lambda h: h.start):
        writer._emit_into(p, atoms, pos, hit.start, None, pending)
        flush_markers(p, pending, hit.start)
        deleted = writer.emit(atoms, hit.start, hit.end, DEL)
        p.extend(deleted)
        first = last = deleted[0]
        if hit.replacement:
            last = writer.m.wrap(INS, [text_run(hit.replacement, _rpr_at(atoms, hit.start))])
            p.append(last)
        if hit.comment and comments is not None:
            comments.anchor_range(first, last, hit.comment)
        pos = hit.end
    writer._emit_into(p, atoms, pos, len(para.flat), None, pending)
    flush_markers(p, pending, len(para.flat) + 1)


def _rpr_at(atoms: list[Atom], offset: int) -> etree._Element | None:
    pos = 0
    for atom in atoms:
        if pos + len(atom.text) > offset:
            return atom.rpr
        pos += len(atom.text)
    return None


# -- table cells --------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_cell(package: Package, key_column: str, key_value: str, target_column: str) -> Cell | None:
    """The ``target_column`` cell of the first row whose ``key_column`` cell is ``key_value``
    (columns found by header text: exact, else contained)."""
    for tbl in body(package).iter(TBL):
        rows = tbl.findall(TR)
        if len(rows) < 2:
            continue
        header = [_norm(content_text(tc, True)) for tc in rows[0].findall(TC)]
        key_i = _column(header, key_column)
        target_i = _column(header, target_column)
        if key_i is None or target_i is None:
            continue
        for tr in rows[1:]:
            tcs = tr.findall(TC)
            if max(key_i, target_i) >= len(tcs):
                continue
            if _norm(content_text(tcs[key_i], True)) == _norm(key_value):
                tc = tcs[target_i]
                return Cell(tc, read_blocks(tc, "cell"))
    return None


def _column(header: list[str], name: str) -> int | None:
    wanted = _norm(name)
    for i, text in enumerate(header):
        if text == wanted:
            return i
    for i, text in enumerate(header):
        if wanted in text:
            return i
    return None


def retyped(para: Para, text: str) -> Para:
    """A copy of ``para`` (same paragraph properties) holding only ``text``, in the formatting
    of its first run."""
    el = etree.Element(P)
    ppr = para.el.find(PPR)
    if ppr is not None:
        import copy

        el.append(copy.deepcopy(ppr))
    if text:
        el.append(text_run(text, para.el.find(f"{w('r')}/{RPR}")))
    return read_para(el, para.label)
