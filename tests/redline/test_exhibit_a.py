"""The demo's Exhibit A: rows paired by content, so only true row changes are marked."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from infusionkit.redline import check

from .helpers import NS, part


def _text(el: etree._Element, tag: str) -> str:
    return " ".join("".join(el.xpath(f".//w:{tag}/text()", namespaces=NS)).split())


def _rows(docx: bytes) -> list[tuple[str, etree._Element]]:
    """(mark, row) for every fee-table row (first cell a HCPCS/CPT code): 'ins', 'del' or ''."""
    doc = part(docx, "word/document.xml")
    out = []
    for tr in doc.xpath("//w:tbl/w:tr", namespaces=NS):
        first = "".join(tr.xpath("w:tc[1]//w:t/text() | w:tc[1]//w:delText/text()", namespaces=NS))
        if not re.fullmatch(r"[A-Z0-9]\d{4}", first.strip()):
            continue
        mark = "del" if tr.xpath("w:trPr/w:del", namespaces=NS) else ""
        mark = "ins" if tr.xpath("w:trPr/w:ins", namespaces=NS) else mark
        out.append((mark, tr))
    return out


def _cells(tr: etree._Element, view: str) -> tuple[str, ...]:
    """Cell texts of a row in the accept ('t') or reject view."""
    cells = []
    for tc in tr.xpath("w:tc", namespaces=NS):
        if view == "accept":
            kept = tc.xpath(".//w:t[not(ancestor::w:del)]/text()", namespaces=NS)
        else:
            kept = tc.xpath(
                ".//w:t[not(ancestor::w:ins)]/text() | .//w:delText/text()", namespaces=NS
            )
        cells.append(" ".join("".join(kept).split()))
    return tuple(cells)


def _key(cells: tuple[str, ...]) -> tuple[str, ...]:
    """What a row is about: its cells that are not amounts (code, descriptor, unit)."""
    return tuple(c for c in cells if not re.fullmatch(r"[\s$%+\-\u2212.,0-9()]*", c))


def _table_rows(docx: bytes) -> dict[tuple[str, ...], tuple[str, ...]]:
    rows = {}
    for _, tr in _rows(docx):
        cells = _cells(tr, "accept")
        assert _key(cells) not in rows, f"two rows about {_key(cells)}"
        rows[_key(cells)] = cells
    return rows


def test_exhibit_a_marks_only_true_row_changes(proposal: Path) -> None:
    current = _table_rows((proposal / "current.docx").read_bytes())
    proposed = _table_rows((proposal / "proposed.docx").read_bytes())
    red = (proposal / "redline.docx").read_bytes()
    assert check(red) == []
    removed = set(current) - set(proposed)
    added = set(proposed) - set(current)
    assert removed and added  # the sample proposal drops and adds codes
    deleted, inserted, kept = set(), set(), 0
    for mark, tr in _rows(red):
        before, after = _cells(tr, "reject"), _cells(tr, "accept")
        if mark == "del":
            deleted.add(_key(before))
            continue
        if mark == "ins":
            inserted.add(_key(after))
            continue
        kept += 1
        key = _key(after)
        assert _key(before) == key, f"row {key} pairs two different rows: {_key(before)}"
        assert after == proposed[key] and before == current[key]
        code_cell = tr.xpath("w:tc", namespaces=NS)[0]
        assert not code_cell.xpath(".//w:ins | .//w:del", namespaces=NS), key
    assert deleted == removed
    assert inserted == added
    assert kept == len(set(current) & set(proposed))
    changed = [k for k in set(current) & set(proposed) if current[k] != proposed[k]]
    assert len(changed) > 10  # most rates change: each inside its own row
