"""Footnote and endnote parts, and the header/footer parts of each section."""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from .ns import BODY, W_ID, W_NS, w
from .package import Package, add_override
from .relations import Rels

KINDS = ("footnote", "endnote")
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def notes_part(package: Package, kind: str) -> str | None:
    """The part holding ``kind`` notes (``word/footnotes.xml``), if the document has one."""
    for rel in Rels(package, package.main_part).by_type(f"/{kind}s"):
        if rel.get("TargetMode") != "External":
            name = Rels(package, package.main_part).target_part(rel)
            if name in package.parts:
                return name
    return None


def note(package: Package, kind: str, note_id: str) -> etree._Element | None:
    part = notes_part(package, kind)
    if part is None:
        return None
    for el in package.xml(part).iter(w(kind)):
        if el.get(W_ID) == note_id:
            return el
    return None


def ensure_notes_part(target: Package, source: Package, kind: str) -> str:
    """REVISED's ``kind`` notes part, created from ORIGINAL's separators when missing."""
    part = notes_part(target, kind)
    if part is not None:
        return part
    part = f"word/{kind}s.xml"
    src_part = notes_part(source, kind)
    if src_part is not None:
        root = copy.deepcopy(source.xml(src_part))
        for el in list(root):
            if el.get(w("type")) not in ("separator", "continuationSeparator"):
                root.remove(el)
    else:
        root = etree.Element(w(f"{kind}s"), nsmap={"w": W_NS})
    target.set_xml(part, root)
    Rels(target, target.main_part).add(_REL + f"{kind}s", f"{kind}s.xml")
    add_override(target, part, _CT + f"{kind}s+xml")
    return part


def new_note_id(target: Package, part: str, kind: str) -> str:
    ids = [int(v) for el in target.xml(part).iter(w(kind)) if (v := el.get(W_ID, "")).isdigit()]
    return str(max([0, *ids]) + 1)


def section_parts(package: Package) -> dict[tuple[int, str, str], str]:
    """``(section number, "header"|"footer", type) -> part`` for every section of the body."""
    body = package.document().find(BODY)
    if body is None:
        return {}
    rels = Rels(package, package.main_part)
    sections = [ppr for ppr in body.iter(w("sectPr"))]
    out: dict[tuple[int, str, str], str] = {}
    for n, sect in enumerate(sections):
        for kind in ("header", "footer"):
            for ref in sect.findall(w(f"{kind}Reference")):
                rel = rels.get(ref.get(f"{{{_R_NS}}}id", ""))
                if rel is not None:
                    name = rels.target_part(rel)
                    if name in package.parts:
                        out[(n, kind, ref.get(w("type"), "default"))] = name
    return out


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_section_part(
    target: Package, source: Package, source_part: str, key: tuple[int, str, str]
) -> str | None:
    """Give REVISED's section ``key[0]`` ORIGINAL's header or footer ``source_part`` (emptied:
    the caller fills it with the deleted content); its part name, or None without that section."""
    body = target.document().find(BODY)
    sections = [] if body is None else list(body.iter(w("sectPr")))
    section, kind, variant = key
    if section >= len(sections):
        return None
    name = f"word/{kind}{len(target.parts)}.xml"
    n = 1
    while name in target.parts:
        n += 1
        name = f"word/{kind}{n}.xml"
    root = copy.deepcopy(source.xml(source_part))
    for child in list(root):
        root.remove(child)
    target.set_xml(name, root)
    add_override(target, name, _CT + f"{kind}+xml")
    rid = Rels(target, target.main_part).add(_REL + kind, posixpath.basename(name))
    ref = etree.Element(w(f"{kind}Reference"))
    ref.set(w("type"), variant)
    ref.set(f"{{{_R_NS}}}id", rid)
    sections[section].insert(0, ref)
    return name


__all__ = [
    "KINDS",
    "add_section_part",
    "ensure_notes_part",
    "new_note_id",
    "note",
    "notes_part",
    "section_parts",
]
