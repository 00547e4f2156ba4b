"""Consistency checks of tracked changes and comments across a package."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from .notes import KINDS, notes_part
from .ns import DEL, DELTEXT, PPR, R_NS, RPR, SECTPR, TC, TR, TRPR, W_AUTHOR, W_DATE, W_ID, T, w
from .package import Package
from .relations import Rels

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
    found.extend(_relationship_problems(package))
    found.extend(_note_problems(package))
    found.extend(_cell_mark_problems(package))
    orphans = set(comment_ids) - anchored
    if orphans:
        found.append(f"comments without an anchor in the document: ids {sorted(orphans)[:10]}")
    clash = set(change_ids) & (set(bookmark_ids) | set(comment_ids))
    if clash:
        found.append(f"tracked-change ids also used by bookmarks/comments: {sorted(clash)[:10]}")
    missing = anchored - set(comment_ids)
    if missing:
        found.append(f"comment anchors without a comment: ids {sorted(missing)[:10]}")
    return found


def _relationship_problems(package: Package) -> list[str]:
    """Relationship ids used in a part that its relationships part does not define."""
    found = []
    for name in package.xml_parts():
        if name.endswith(".rels") or not name.startswith("word/"):
            continue
        data = package.parts.get(name, b"")
        if name not in package._xml and R_NS.encode() not in data:
            continue
        defined = Rels(package, name).ids()
        used = {
            value
            for el in package.xml(name).iter()
            if isinstance(el.tag, str)
            for attr, value in el.attrib.items()
            if attr.startswith(f"{{{R_NS}}}") and value
        }
        missing = sorted(used - defined)
        if missing:
            found.append(f"{name}: relationship ids without a relationship: {missing[:10]}")
    return found


def _note_problems(package: Package) -> list[str]:
    """Notes referenced twice, or references to notes that do not exist."""
    found = []
    for kind in KINDS:
        refs: Counter[str] = Counter()
        for name in package.xml_parts():
            if name.startswith("word/") and not name.endswith(".rels"):
                data = package.parts.get(name, b"")
                if name in package._xml or f"{kind}Reference".encode() in data:
                    for ref in package.xml(name).iter(w(f"{kind}Reference")):
                        refs[ref.get(W_ID, "")] += 1
        if not refs:
            continue
        part = notes_part(package, kind)
        defined = set()
        if part is not None:
            defined = {el.get(W_ID, "") for el in package.xml(part).iter(w(kind))}
        twice = sorted(i for i, n in refs.items() if n > 1)
        if twice:
            found.append(f"{kind}s referenced more than once: ids {twice[:10]}")
        missing = sorted(set(refs) - defined)
        if missing:
            found.append(f"{kind} references to missing {kind}s: ids {missing[:10]}")
    return found


def _cell_mark_problems(package: Package) -> list[str]:
    """A tracked mark on a table cell's last paragraph mark (Word cannot delete it)."""
    found = 0
    for name in package.xml_parts():
        if not name.startswith("word/") or name.endswith(".rels"):
            continue
        if name not in package._xml and b":tc>" not in package.parts.get(name, b""):
            continue
        for tc in package.xml(name).iter(TC):
            paragraphs = tc.findall(w("p"))
            if not paragraphs:
                continue
            rpr = paragraphs[-1].find(f"{PPR}/{RPR}")
            if rpr is not None and (rpr.find(w("ins")) is not None or rpr.find(DEL) is not None):
                found += 1
    if found:
        return [f"{found} table cell(s) with a tracked mark on their last paragraph mark"]
    return []


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
            counts[_COUNTED[el.tag]] += 1
    return counts
