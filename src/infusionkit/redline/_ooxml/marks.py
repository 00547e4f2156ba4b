"""Write tracked-change marks: ``w:ins``/``w:del`` around runs, paragraph marks, row marks."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

from .blocks import CHAR_OF, MARKERS
from .ns import (
    DEL,
    DELINSTRTEXT,
    DELTEXT,
    INS,
    INSTRTEXT,
    PPR,
    PPRCHANGE,
    RPR,
    SECTPR,
    TRPR,
    W_AUTHOR,
    W_DATE,
    W_ID,
    XML_SPACE,
    R,
    T,
    w,
)

# Containers whose direct runs may be wrapped in w:ins / w:del (EG_PContent holders).
RUN_CONTAINERS = frozenset(
    w(t) for t in ("p", "hyperlink", "fldSimple", "sdtContent", "smartTag", "customXml")
)
_TRPR_TAIL = (w("ins"), w("del"), w("trPrChange"))


class Marker:
    """Creates marks with unique ids, one author and one date; counts what it wrote."""

    def __init__(self, author: str, date: str, first_id: int):
        self.author = author
        self.date = date
        self.next_id = first_id
        self.count = 0

    def mark(self, tag: str) -> etree._Element:
        el = etree.Element(tag)
        el.set(W_ID, str(self.next_id))
        el.set(W_AUTHOR, self.author)
        el.set(W_DATE, self.date)
        self.next_id += 1
        self.count += 1
        return el

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def wrap(self, tag: str, runs: Iterable[etree._Element]) -> etree._Element:
        el = self.mark(tag)
        for run in runs:
            el.append(run)
        return el

    def mark_paragraph(self, p: etree._Element, tag: str) -> None:
        """Track the paragraph mark as inserted (``INS``) or deleted (``DEL``)."""
        rpr = paragraph_mark_rpr(p)
        rpr.insert(0, self.mark(tag))

    def mark_row(self, tr: etree._Element, tag: str) -> None:
        trpr = tr.find(TRPR)
        if trpr is None:
            trpr = etree.Element(TRPR)
            index = 1 if len(tr) and tr[0].tag == w("tblPrEx") else 0
            tr.insert(index, trpr)
        tail = next((c for c in trpr if c.tag in _TRPR_TAIL), None)
        el = self.mark(tag)
        if tail is None:
            trpr.append(el)
        else:
            tail.addprevious(el)

    def ppr_change(self, p: etree._Element, old_ppr: etree._Element | None) -> None:
        """Record the original paragraph properties (``w:pPrChange``) on ``p``."""
        ppr = p.find(PPR)
        if ppr is None:
            ppr = etree.Element(PPR)
            p.insert(0, ppr)
        change = self.mark(PPRCHANGE)
        self.count -= 1  # a property change is not counted as a text change
        inner = etree.SubElement(change, PPR)
        if old_ppr is not None:
            for child in old_ppr:
                if child.tag not in (RPR, SECTPR, PPRCHANGE):
                    inner.append(copy.deepcopy(child))
        ppr.append(change)


def paragraph_mark_rpr(p: etree._Element) -> etree._Element:
    """The ``w:pPr/w:rPr`` of ``p`` (created in schema order when missing)."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        tail = next((c for c in ppr if c.tag in (SECTPR, PPRCHANGE)), None)
        if tail is None:
            ppr.append(rpr)
        else:
            tail.addprevious(rpr)
    return rpr


def xml_char_ok(ch: str) -> bool:
    """True for characters XML 1.0 can hold."""
    code = ord(ch)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def xml_text(text: str) -> str:
    """``text`` fit for XML: vertical tab and form feed become line breaks, other control
    characters U+FFFD (visible, never dropped silently)."""
    if all(xml_char_ok(c) for c in text):
        return text
    return "".join(c if xml_char_ok(c) else "\n" if c in "\x0b\x0c" else "\ufffd" for c in text)


def text_run(text: str, rpr: etree._Element | None, deleted: bool = False) -> etree._Element:
    """A run with ``text`` (tabs and line breaks become ``w:tab``/``w:br``; see
    :func:`xml_text` for control characters)."""
    text = xml_text(text)
    run = etree.Element(R)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    chars = {v: k for k, v in CHAR_OF.items() if k != w("cr")}
    buf: list[str] = []

    def flush() -> None:
        if buf:
            t = etree.SubElement(run, DELTEXT if deleted else T)
            t.text = "".join(buf)
            _preserve(t)
            buf.clear()

    for ch in text:
        if ch in chars:
            flush()
            etree.SubElement(run, chars[ch])
        else:
            buf.append(ch)
    flush()
    return run


def _preserve(t: etree._Element) -> None:
    text = t.text or ""
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def to_deleted_run(run: etree._Element) -> None:
    """Turn ``w:t``/``w:instrText`` in ``run`` into their deleted forms, in place."""
    for child in run:
        if child.tag == T:
            child.tag = DELTEXT
        elif child.tag == INSTRTEXT:
            child.tag = DELINSTRTEXT


def wrap_runs(marker: Marker, container: etree._Element, tag: str) -> None:
    """Wrap every run of ``container`` (recursing into hyperlinks, fields, ...) in marks."""
    group: list[etree._Element] = []

    def flush() -> None:
        if group:
            wrapper = marker.mark(tag)
            group[0].addprevious(wrapper)
            wrapper.extend(group)
            group.clear()

    for child in list(container):
        if child.tag == R:
            if tag == DEL:
                to_deleted_run(child)
            group.append(child)
            continue
        flush()
        if child.tag in RUN_CONTAINERS:
            wrap_runs(marker, child, tag)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                wrap_runs(marker, content, tag)
    flush()


def strip_markers(el: etree._Element) -> None:
    """Remove bookmarks, comment ranges and similar id-carrying markers under ``el``."""
    doomed = [e for e in el.iter() if e.tag in MARKERS or e.tag == w("commentReference")]
    for e in doomed:
        parent = e.getparent()
        if parent is not None:
            parent.remove(e)


def sanitize_ppr(ppr: etree._Element | None) -> etree._Element | None:
    """A copy of an original paragraph's properties fit for the revised package."""
    if ppr is None:
        return None
    ppr = copy.deepcopy(ppr)
    for child in list(ppr):
        if child.tag in (SECTPR, PPRCHANGE):
            ppr.remove(child)
    rpr = ppr.find(RPR)
    if rpr is not None:
        for child in list(rpr):
            if child.tag in (INS, DEL, w("moveFrom"), w("moveTo"), w("rPrChange")):
                rpr.remove(child)
    return ppr
