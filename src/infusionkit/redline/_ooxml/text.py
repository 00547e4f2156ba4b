"""Text of paragraph content under the accept-all or reject-all view of tracked changes."""

from __future__ import annotations

from lxml import etree

from .ns import M_NS, w

_CHAR_ELEMENTS = {
    w("tab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "\u2011",
    w("softHyphen"): "\u00ad",
}
_TEXT_ELEMENTS = {w("t"), w("delText"), f"{{{M_NS}}}t"}
_INSERTED = {w("ins"), w("moveTo")}
_DELETED = {w("del"), w("moveFrom")}
_SKIPPED = {
    w("pPr"),
    w("rPr"),
    w("instrText"),
    w("delInstrText"),
    w("drawing"),
    w("pict"),
    w("object"),
    w("sdtPr"),
    w("sdtEndPr"),
    w("footnoteReference"),
    w("endnoteReference"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}


def content_text(el: etree._Element, accept: bool, hidden: bool = False) -> str:
    """Visible text of the content of ``el`` (a paragraph or inline container).

    ``accept`` keeps insertions and drops deletions; ``not accept`` does the reverse.
    Field codes, drawings and footnote references contribute no text.
    """
    parts: list[str] = []
    _walk(el, accept, hidden, parts)
    return "".join(parts)


def _walk(el: etree._Element, accept: bool, hidden: bool, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _TEXT_ELEMENTS:
            if not hidden:
                out.append(child.text or "")
        elif tag in _CHAR_ELEMENTS:
            if not hidden:
                out.append(_CHAR_ELEMENTS[tag])
        elif tag in _INSERTED:
            _walk(child, accept, hidden or not accept, out)
        elif tag in _DELETED:
            _walk(child, accept, hidden or accept, out)
        elif len(child):
            _walk(child, accept, hidden, out)


_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}


def visible_notes(el: etree._Element, accept: bool) -> list[tuple[str, str]]:
    """``(kind, id)`` of the note references visible in ``el`` under the view, in order."""
    found: list[tuple[str, str]] = []
    _refs(el, accept, False, found)
    return found


def _refs(el: etree._Element, accept: bool, hidden: bool, out: list[tuple[str, str]]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in _REFS:
            if not hidden:
                out.append((_REFS[tag], child.get(w("id"), "")))
        elif tag in _INSERTED:
            _refs(child, accept, hidden or not accept, out)
        elif tag in _DELETED:
            _refs(child, accept, hidden or accept, out)
        elif len(child):
            _refs(child, accept, hidden, out)


def mark_state(p: etree._Element) -> str | None:
    """``"ins"``/``"del"`` when the paragraph mark itself is tracked, else ``None``."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        return None
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        return None
    if rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None:
        return "del"
    if rpr.find(w("ins")) is not None or rpr.find(w("moveTo")) is not None:
        return "ins"
    return None
