"""Relationships of a part, and importing ORIGINAL content into REVISED's package.

Deleted content is copied from ORIGINAL; the images, hyperlinks and other parts it points to are
imported with fresh relationship ids (media copied under a free name, content types declared),
so Reject All gives ORIGINAL back, images included.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
from collections.abc import Callable

from lxml import etree

from .ns import CT_NS, PKG_REL_NS, R_NS
from .package import Package, add_override, content_types

REL = f"{{{PKG_REL_NS}}}Relationship"
EXTERNAL = "External"


class Rels:
    """The relationships of one part (created on first :meth:`add` when missing)."""

    def __init__(self, package: Package, part: str):
        self.package = package
        self.part = part
        self.name = package.rels_part(part)
        self.root = package.xml(self.name) if self.name in package.parts else None
        self._by_id: dict[str, etree._Element] = {}
        if self.root is not None:
            self._by_id = {r.get("Id", ""): r for r in self.root.iter(REL)}

    def get(self, rid: str) -> etree._Element | None:
        return self._by_id.get(rid)

    def ids(self) -> set[str]:
        return set(self._by_id)

    def by_type(self, suffix: str) -> list[etree._Element]:
        return [r for r in self._by_id.values() if (r.get("Type") or "").endswith(suffix)]

    def target_part(self, rel: etree._Element) -> str:
        """Package name of the part an internal relationship points to."""
        target = rel.get("Target") or ""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.part), target))

    def find(self, kind: str, target: str, mode: str | None) -> str | None:
        for rid, rel in self._by_id.items():
            if (
                rel.get("Type") == kind
                and rel.get("Target") == target
                and (rel.get("TargetMode") == mode)
            ):
                return rid
        return None

    def add(self, kind: str, target: str, mode: str | None = None) -> str:
        if self.root is None:
            self.root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
            self.package.set_xml(self.name, self.root)
        n = len(self._by_id) + 1
        while f"rId{n}" in self._by_id:
            n += 1
        rid = f"rId{n}"
        rel = etree.SubElement(self.root, REL)
        rel.set("Id", rid)
        rel.set("Type", kind)
        rel.set("Target", target)
        if mode:
            rel.set("TargetMode", mode)
        self._by_id[rid] = rel
        return rid


def resolver(package: Package, part: str) -> Callable[[str], str]:
    """``rid -> identity`` of what it points to (an external URL or a hash of the part's bytes),
    used to compare objects across documents whose relationship ids differ."""
    rels = Rels(package, part)
    cache: dict[str, str] = {}

    def resolve(rid: str) -> str:
        if rid not in cache:
            rel = rels.get(rid)
            if rel is None:
                cache[rid] = f"missing:{rid}"
            elif rel.get("TargetMode") == EXTERNAL:
                cache[rid] = f"external:{rel.get('Target')}"
            else:
                data = package.parts.get(rels.target_part(rel), b"")
                cache[rid] = f"part:{hashlib.sha1(data).hexdigest()}"
        return cache[rid]

    return resolve


class Importer:
    """Makes copies of ORIGINAL's ``source_part`` content valid inside REVISED's ``target_part``."""

    def __init__(self, source: Package, source_part: str, target: Package, target_part: str):
        self.source, self.target = source, target
        self.src = Rels(source, source_part)
        self.dst = Rels(target, target_part)
        self._done: dict[str, str] = {}
        self._parts: dict[str, str] = {}  # ORIGINAL part -> its copy in REVISED
        self._next_drawing_id: int | None = None

    def fix(self, el: etree._Element) -> None:
        """Rewrite relationship ids (and drawing ids) in ``el``, importing what they point to."""
        for node in el.iter():
            if not isinstance(node.tag, str):
                continue
            for name, value in list(node.attrib.items()):
                if name.startswith(f"{{{R_NS}}}") and value:
                    node.set(name, self.rel(value))
            local = etree.QName(node).localname
            if local in ("docPr",) and node.get("id") is not None:
                node.set("id", str(self._drawing_id()))

    def rel(self, rid: str) -> str:
        if rid in self._done:
            return self._done[rid]
        rel = self.src.get(rid)
        if rel is None:
            return rid
        kind = rel.get("Type") or ""
        if rel.get("TargetMode") == EXTERNAL:
            target = rel.get("Target") or ""
            new = self.dst.find(kind, target, EXTERNAL) or self.dst.add(kind, target, EXTERNAL)
        else:
            name = self._import_part(self.src.target_part(rel))
            target = posixpath.relpath(name, posixpath.dirname(self.dst.part))
            new = self.dst.find(kind, target, None) or self.dst.add(kind, target)
        self._done[rid] = new
        return new

    def _import_part(self, name: str) -> str:
        """Copy ORIGINAL's part ``name`` (and, recursively, the parts its own relationships
        point to: a chart's workbook, a diagram's drawing) into REVISED; its name there."""
        if name in self._parts:
            return self._parts[name]
        data = self.source.parts.get(name)
        if data is None:
            return name
        if self.target.parts.get(name) == data and name not in self.target._xml:
            self._parts[name] = name
            return name
        final = name
        if final in self.target.parts:
            stem, ext = posixpath.splitext(name)
            n = 1
            while f"{stem}_{n}{ext}" in self.target.parts:
                n += 1
            final = f"{stem}_{n}{ext}"
        self.target.parts[final] = data
        self._parts[name] = final
        self._declare(name, final)
        self._import_rels(name, final)
        return final

    def _import_rels(self, name: str, final: str) -> None:
        source_rels = self.source.rels_part(name)
        if source_rels not in self.source.parts:
            return
        rels = copy.deepcopy(self.source.xml(source_rels))
        src = Rels(self.source, name)
        for rel in rels.iter(REL):
            if rel.get("TargetMode") == EXTERNAL:
                continue
            original = src.get(rel.get("Id", ""))
            if original is None:
                continue
            imported = self._import_part(src.target_part(original))
            rel.set("Target", posixpath.relpath(imported, posixpath.dirname(final)))
        self.target.set_xml(self.target.rels_part(final), rels)

    def _declare(self, source_name: str, name: str) -> None:
        """Declare the content type of an imported part as ORIGINAL declares it."""
        src_types = content_types(self.source)
        for el in src_types.iter(f"{{{CT_NS}}}Override"):
            if el.get("PartName") == "/" + source_name:
                add_override(self.target, name, el.get("ContentType") or "")
                return
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        dst_types = content_types(self.target)
        if any(
            (d.get("Extension") or "").lower() == ext for d in dst_types.iter(f"{{{CT_NS}}}Default")
        ):
            return
        for d in src_types.iter(f"{{{CT_NS}}}Default"):
            if (d.get("Extension") or "").lower() == ext:
                new = etree.SubElement(dst_types, f"{{{CT_NS}}}Default")
                new.set("Extension", d.get("Extension") or ext)
                new.set("ContentType", d.get("ContentType") or "application/octet-stream")
                dst_types.insert(0, new)
                return

    def _drawing_id(self) -> int:
        if self._next_drawing_id is None:
            best = 0
            for part in self.target.xml_parts():
                if not part.startswith("word/") or part.endswith(".rels"):
                    continue
                data = self.target.parts.get(part, b"")
                if part not in self.target._xml and b"docPr" not in data:
                    continue
                for node in self.target.xml(part).iter("{*}docPr"):
                    value = node.get("id", "")
                    if value.isdigit():
                        best = max(best, int(value))
            self._next_drawing_id = best + 1
        self._next_drawing_id += 1
        return self._next_drawing_id - 1
