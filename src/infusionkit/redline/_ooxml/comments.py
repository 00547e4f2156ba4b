"""Word comments: the ``comments.xml`` part, its relationship and anchors in paragraphs."""

from __future__ import annotations

import posixpath

from lxml import etree

from .marks import Marker, xml_text
from .ns import CT_COMMENTS, PKG_REL_NS, PPR, REL_COMMENTS, W_AUTHOR, W_DATE, W_ID, W_NS, P, R, w
from .package import Package, add_override

_REL = f"{{{PKG_REL_NS}}}Relationship"


class Comments:
    """Adds comments to a package, creating ``word/comments.xml`` when needed."""

    def __init__(self, package: Package, marker: Marker, initials: str = ""):
        self.package = package
        self.marker = marker
        self.initials = initials
        self.part = self._ensure_part()

    def _ensure_part(self) -> str:
        pkg = self.package
        rels_name = pkg.rels_part(pkg.main_part)
        folder = posixpath.dirname(pkg.main_part)
        if rels_name in pkg.parts:
            rels = pkg.xml(rels_name)
        else:
            rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
            pkg.set_xml(rels_name, rels)
        for rel in rels.iter(_REL):
            if rel.get("Type") == REL_COMMENTS and rel.get("TargetMode") != "External":
                name = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                if name in pkg.parts:
                    return name
        name = posixpath.join(folder, "comments.xml")
        n = 1
        while name in pkg.parts:
            n += 1
            name = posixpath.join(folder, f"comments{n}.xml")
        pkg.set_xml(name, etree.Element(w("comments"), nsmap={"w": W_NS}))
        used = {rel.get("Id") for rel in rels.iter(_REL)}
        rid = next(f"rId{k}" for k in range(1, len(used) + 2) if f"rId{k}" not in used)
        rel = etree.SubElement(rels, _REL)
        rel.set("Id", rid)
        rel.set("Type", REL_COMMENTS)
        rel.set("Target", posixpath.relpath(name, folder))
        add_override(pkg, name, CT_COMMENTS)
        return name

    def new(self, text: str) -> int:
        """Create a comment holding ``text`` (one paragraph per line); return its id."""
        cid = self.marker.take_id()
        comment = etree.SubElement(self.package.xml(self.part), w("comment"))
        comment.set(W_ID, str(cid))
        comment.set(W_AUTHOR, self.marker.author)
        comment.set(W_DATE, self.marker.date)
        if self.initials:
            comment.set(w("initials"), self.initials)
        for n, line in enumerate(xml_text(text).split("\n") or [""]):
            p = etree.SubElement(comment, P)
            if n == 0:
                etree.SubElement(etree.SubElement(p, R), w("annotationRef"))
            t = etree.SubElement(etree.SubElement(p, R), w("t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return cid

    def anchor_paragraph(self, p: etree._Element, text: str) -> int:
        """Comment on the whole paragraph ``p``."""
        cid = self.new(text)
        start = _range(w("commentRangeStart"), cid)
        ppr = p.find(PPR)
        p.insert(1 if ppr is not None else 0, start)
        p.append(_range(w("commentRangeEnd"), cid))
        p.append(reference_run(cid))
        return cid

    def anchor_range(self, first: etree._Element, last: etree._Element, text: str) -> int:
        """Comment on the sibling range ``first`` .. ``last`` (inside one paragraph)."""
        cid = self.new(text)
        first.addprevious(_range(w("commentRangeStart"), cid))
        end = _range(w("commentRangeEnd"), cid)
        last.addnext(end)
        end.addnext(reference_run(cid))
        return cid


def _range(tag: str, cid: int) -> etree._Element:
    el = etree.Element(tag)
    el.set(W_ID, str(cid))
    return el


def reference_run(cid: int) -> etree._Element:
    run = etree.Element(R)
    ref = etree.SubElement(run, w("commentReference"))
    ref.set(W_ID, str(cid))
    return run
