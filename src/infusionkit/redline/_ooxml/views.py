"""Accept-all and reject-all text of a document body.

Convention (same for both views): one line per paragraph; a table row is one line with its
cells joined by a tab, and the paragraphs inside one cell joined by a space. A paragraph whose
mark is deleted (accept view) or inserted (reject view) merges with the next paragraph; an empty
paragraph left pending at the end of a body or cell, or before a table, is dropped.
"""

from __future__ import annotations

from lxml import etree

from .notes import note, section_parts
from .ns import BODY, SECTPR, TBL, TC, TR, TRPR, P, w
from .package import Package
from .text import content_text, mark_state, visible_notes


def document_lines(package: Package, accept: bool, everything: bool = False) -> list[str]:
    """Lines of the main document body under the chosen view.

    With ``everything`` the body is followed by each visible note (in reference order, one line
    ``[footnote] ...``) and each header and footer (``[header] ...``, in section order); notes,
    headers and footers without text in the view are left out.
    """
    body = package.document().find(BODY)
    lines = [] if body is None else container_lines(body, accept)
    if not everything or body is None:
        return lines
    for kind, note_id in visible_notes(body, accept):
        el = note(package, kind, note_id)
        text = " ".join(container_lines(el, accept)) if el is not None else ""
        if text.strip():
            lines.append(f"[{kind}] {text}")
    seen: set[str] = set()
    for (_, kind, _), part in section_parts(package).items():
        if part not in seen:
            seen.add(part)
            text = " ".join(container_lines(package.xml(part), accept))
            if text.strip():
                lines.append(f"[{kind}] {text}")
    return lines


def container_lines(container: etree._Element, accept: bool) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    for child in _block_children(container):
        if child.tag == P:
            buf.append(content_text(child, accept))
            state = mark_state(child)
            if (accept and state == "del") or (not accept and state == "ins"):
                continue
            out.append("".join(buf))
            buf = []
        elif child.tag == TBL:
            if "".join(buf):
                out.append("".join(buf))
            buf = []
            out.extend(table_lines(child, accept))
    if "".join(buf):
        out.append("".join(buf))
    return out


def _block_children(container: etree._Element) -> list[etree._Element]:
    children: list[etree._Element] = []
    for child in container:
        if child.tag in (P, TBL):
            children.append(child)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                children.extend(_block_children(content))
        elif child.tag == w("customXml"):
            children.extend(_block_children(child))
        elif child.tag == SECTPR:
            continue
    return children


def table_lines(tbl: etree._Element, accept: bool) -> list[str]:
    lines: list[str] = []
    for tr in _rows(tbl):
        trpr = tr.find(TRPR)
        if trpr is not None:
            if accept and trpr.find(w("del")) is not None:
                continue
            if not accept and trpr.find(w("ins")) is not None:
                continue
        cells = [" ".join(container_lines(tc, accept)) for tc in tr.findall(TC)]
        lines.append("\t".join(cells))
    return lines


def _rows(tbl: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in tbl:
        if child.tag == TR:
            rows.append(child)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                rows.extend(_rows(content))
        elif child.tag == w("customXml"):
            rows.extend(_rows(child))
    return rows
