"""Consistency checks of tracked changes and comments across a package."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from .ns import DEL, DELTEXT, PPR, RPR, SECTPR, TC, TR, TRPR, W_AUTHOR, W_DATE, W_ID, T, w
from .package import Package

CHANGE_TAGS = frozenset(
    w(t)
    for t in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)


def problems(package: Package) -> list[str]:
    """Problems Word or LibreOffice may stumble over, or that break our own contract."""
    found: list[str] = []
    change_ids: Counter[str] = Counter()
    bookmark_ids: Counter[str] = Counter()
    comment_ids: Counter[str] = Counter()
    anchored: set[str] = set()
    for name in package.xml_parts():
        if name.endswith(".rels") or not name.startswith("word/"):
            continue
        root = package.xml(name)
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag in CHANGE_TAGS:
                _check_mark(el, name, found, change_ids)
            elif tag == w("bookmarkStart"):
                bookmark_ids[el.get(W_ID, "")] += 1
            elif tag == w("comment"):
                comment_ids[el.get(W_ID, "")] += 1
            elif tag in (w("commentRangeStart"), w("commentReference")):
                anchored.add(el.get(W_ID, ""))
            elif tag == T and _inside(el, DEL):
                found.append(f"{name}: w:t inside a deletion (must be w:delText)")
            elif tag == DELTEXT and not _inside(el, DEL) and not _inside(el, w("moveFrom")):
                found.append(f"{name}: w:delText outside a deletion")
            elif tag == PPR:
                _check_ppr(el, name, found)
            elif tag == TR:
                _check_tr(el, name, found)
    for ident, n in change_ids.items():
        if n > 1:
            found.append(f"tracked-change id {ident} is used {n} times")
    for ident, n in bookmark_ids.items():
        if n > 1:
            found.append(f"bookmark id {ident} is used {n} times")
    for ident, n in comment_ids.items():
        if n > 1:
            found.append(f"comment id {ident} is used {n} times")
    clash = set(change_ids) & (set(bookmark_ids) | set(comment_ids))
    if clash:
        found.append(f"tracked-change ids also used by bookmarks/comments: {sorted(clash)[:10]}")
    missing = anchored - set(comment_ids)
    if missing:
        found.append(f"comment anchors without a comment: ids {sorted(missing)[:10]}")
    return found


def _check_mark(el: etree._Element, part: str, found: list[str], ids: Counter[str]) -> None:
    label = etree.QName(el).localname
    if el.get(W_AUTHOR) is None:
        found.append(f"{part}: w:{label} without w:author")
    if el.get(W_DATE) is None:
        found.append(f"{part}: w:{label} without w:date")
    ident = el.get(W_ID)
    if ident is None:
        found.append(f"{part}: w:{label} without w:id")
    else:
        ids[ident] += 1


def _inside(el: etree._Element, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None and parent.tag != w("p"):
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _check_ppr(ppr: etree._Element, part: str, found: list[str]) -> None:
    tags = [c.tag for c in ppr]
    if RPR in tags:
        after = tags[tags.index(RPR) + 1 :]
        if any(t not in (SECTPR, w("pPrChange")) for t in after):
            found.append(f"{part}: w:pPr has elements after w:rPr")
        rpr = ppr[tags.index(RPR)]
        kids = [c.tag for c in rpr]
        marks = [i for i, t in enumerate(kids) if t in (w("ins"), w("del"))]
        if marks and marks != list(range(len(marks))):
            found.append(f"{part}: paragraph-mark ins/del must come first in w:pPr/w:rPr")


def _check_tr(tr: etree._Element, part: str, found: list[str]) -> None:
    tags = [c.tag for c in tr]
    if TRPR in tags and TC in tags and tags.index(TRPR) > tags.index(TC):
        found.append(f"{part}: w:trPr after a cell")


_COUNTED = {
    w("ins"): "insertions",
    w("moveTo"): "insertions",
    w("del"): "deletions",
    w("moveFrom"): "deletions",
    w("rPrChange"): "format_changes",
    w("pPrChange"): "format_changes",
    w("tblPrChange"): "format_changes",
    w("trPrChange"): "format_changes",
    w("tcPrChange"): "format_changes",
    w("sectPrChange"): "format_changes",
    w("comment"): "comments",
}


def change_counts(package: Package) -> dict[str, int]:
    """Tracked insertions, deletions, format changes and comments across the ``word/`` parts."""
    counts = dict.fromkeys(("insertions", "deletions", "format_changes", "comments"), 0)
    for name in package.xml_parts():
        if name.endswith(".rels") or not name.startswith("word/"):
            continue
        for el in package.xml(name).iter(*_COUNTED):
            counts[_COUNTED[el.tag]] += 1  # type: ignore[index]
    return counts
