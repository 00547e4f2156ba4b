"""Body content as small objects: paragraphs (text atoms and atomic objects), tables, opaque blocks.

A paragraph is read into *atoms*: characters of its runs (with their run properties) and
**objects** compared as one unit: note references, drawings and images, symbols, complex fields
(begin ... end), and paragraph-level containers (hyperlinks, simple fields, content controls,
smart tags, math). Each object stands for one placeholder character (:data:`OBJECT`) in the
paragraph's ``flat`` text and has a key (its identity across documents: a hyperlink's target and
text, an image's bytes, a field's instruction and result). Bookmarks and comment anchors are
zero-width markers. Paragraph identity covers text, objects, style, paragraph properties,
character formatting and bookmark names, so "Video [1]provides" differs from "V[1]ideo
[2]provides" and a bold word differs from a plain one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .ns import (
    BR,
    CR,
    FLDCHAR,
    FLDCHARTYPE,
    LASTRENDERED,
    M_NS,
    NOBREAKHYPHEN,
    PPR,
    PPRCHANGE,
    PSTYLE,
    R_NS,
    RPR,
    SECTPR,
    SOFTHYPHEN,
    TAB,
    TBL,
    TC,
    TR,
    W_ID,
    W_VAL,
    P,
    R,
    T,
    w,
)
from .text import content_text

OBJECT = "\ufffc"
MARKERS = frozenset(
    w(t)
    for t in (
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "permStart",
        "permEnd",
        "commentRangeStart",
        "commentRangeEnd",
    )
)
CHAR_OF = {TAB: "\t", BR: "\n", CR: "\n", NOBREAKHYPHEN: "\u2011", SOFTHYPHEN: "\u00ad"}
TRACKED = "tracked changes"
FIELD = "a field"
OPEN_FIELD = "a field that spans paragraphs"
MATH_TAGS = frozenset({f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"})

# Run children compared as one unit (inline objects), with the label used in warnings.
_INLINE = {
    w("drawing"): "an image",
    w("pict"): "an image",
    w("object"): "an embedded object",
    w("footnoteReference"): "a footnote reference",
    w("endnoteReference"): "an endnote reference",
    w("footnoteRef"): "a note number",
    w("endnoteRef"): "a note number",
    w("sym"): "a symbol",
    w("ptab"): "a tab",
    w("pgNum"): "a page number",
    w("separator"): "a note separator",
    w("continuationSeparator"): "a note separator",
    w("annotationRef"): "a comment mark",
}
_TRACKED_RUN = {w("delText"), w("delInstrText")}
# Paragraph children compared as one unit (containers), with their labels.
_CONTAINERS = {
    w("hyperlink"): "a hyperlink",
    w("fldSimple"): "a field",
    w("sdt"): "a content control",
    w("smartTag"): "a smart tag",
    w("customXml"): "custom XML",
    w("dir"): "bidirectional text",
    w("bdo"): "bidirectional text",
    f"{{{M_NS}}}oMath": "math",
    f"{{{M_NS}}}oMathPara": "math",
}
_TRACKED_PARA = {
    w(t)
    for t in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
_PPR_TRACKED = {w("ins"), w("del"), w("rPrChange"), w("moveFrom"), w("moveTo")}
_RPR_IGNORED = {
    w(t) for t in ("rPrChange", "ins", "del", "moveFrom", "moveTo", "lang", "noProof", "webHidden")
}
_ON = {"1", "true", "on"}

Resolver = Callable[[str], str]  # relationship id -> a stable identity of what it points to


@dataclass(slots=True)
class Obj:
    """An atomic object of a paragraph."""

    key: tuple[object, ...]
    kind: str  # "inline" (one run child), "runs" (a complex field), "container" (a p child)
    els: list[etree._Element]
    label: str
    note: tuple[str, str] | None = None  # ("footnote" | "endnote", note id) of a reference


@dataclass(slots=True)
class Atom:
    """A piece of paragraph content: text from one ``w:t``, one special character, or an object.

    ``element`` is the source element of a special character or of an inline object.
    """

    text: str
    rpr: etree._Element | None
    element: etree._Element | None = None
    obj: Obj | None = None


class Para:
    """A paragraph: its element, style, visible text, atoms and identity.

    Reading is lazy: ``raw`` (the paragraph's XML) is known at once, atoms and ``key`` on first
    use, so the paragraphs a diff finds identical by their XML are never taken apart.
    """

    __slots__ = ("el", "label", "index", "raw", "_resolve", "_parsed", "_text", "_style")

    def __init__(self, el: etree._Element, label: str, index: int | None, resolve: Resolver | None):
        self.el = el
        self.label = label
        self.index = index  # position among body-level paragraphs
        self.raw = etree.tostring(el)
        self._resolve = resolve
        self._parsed: _Parsed | None = None
        self._text: str | None = None
        self._style: str | None = None

    @property
    def style(self) -> str:
        if self._style is None:
            self._style = paragraph_style(self.el)
        return self._style

    @property
    def text(self) -> str:
        """Visible text (accept view)."""
        if self._text is None:
            self._text = content_text(self.el, True)
        return self._text

    def _parse(self) -> _Parsed:
        if self._parsed is None:
            self._parsed = _parse(self.el, self.style, self._resolve)
        return self._parsed

    @property
    def key(self) -> tuple[object, ...]:
        return self._parse().key

    @property
    def kinds(self) -> frozenset[str]:
        return self._parse().kinds

    @property
    def flat(self) -> str:
        """Atom text: characters, one :data:`OBJECT` per object."""
        return self._parse().flat

    @property
    def simple(self) -> bool:
        """Comparable word by word (no earlier tracked changes, no field left open)."""
        return TRACKED not in self.kinds and OPEN_FIELD not in self.kinds

    def atoms(self) -> tuple[list[Atom], list[tuple[int, etree._Element]]]:
        """Atoms and zero-width markers (offset, element)."""
        parsed = self._parse()
        return parsed.atoms, parsed.markers

    def emptied(self) -> tuple[list[Atom], list[tuple[int, etree._Element]]]:
        """The atoms and markers (as :meth:`atoms`), taken out: the element keeps only its
        paragraph properties, for the caller to refill."""
        atoms, markers = self.atoms()
        for child in list(self.el):
            if child.tag != PPR:
                self.el.remove(child)
        return atoms, list(markers)

    def objects(self) -> list[Obj]:
        return [a.obj for a in self._parse().atoms if a.obj is not None]

    def notes(self) -> list[tuple[str, str]]:
        """The note references, in order."""
        if b"noteReference" not in self.raw:
            return []
        return [o.note for o in self.objects() if o.note is not None]


@dataclass(slots=True)
class _Parsed:
    atoms: list[Atom]
    markers: list[tuple[int, etree._Element]]
    kinds: frozenset[str]
    flat: str
    key: tuple[object, ...]


@dataclass
class Cell:
    el: etree._Element
    blocks: list[Block]

    @property
    def key(self) -> tuple[object, ...]:
        return tuple(b.key for b in self.blocks)


class _Serialised:
    """A block kept as its element: ``raw`` is the element's XML."""

    el: etree._Element

    @property
    def raw(self) -> bytes:
        return etree.tostring(self.el)


@dataclass
class Row(_Serialised):
    el: etree._Element
    cells: list[Cell]
    tracked: bool

    @property
    def key(self) -> tuple[object, ...]:
        return (
            "tr",
            self.tracked,
            _props(self.el.find(w("trPr"))),
            tuple(c.key for c in self.cells),
        )


@dataclass
class Table(_Serialised):
    el: etree._Element
    rows: list[Row]
    label: str
    columns: int
    tracked: bool

    @property
    def key(self) -> tuple[object, ...]:
        return ("tbl", self.columns, tuple(r.key for r in self.rows))


@dataclass
class Opaque(_Serialised):
    """A body child other than a paragraph or table. A block content control (``w:sdt``) has
    ``content`` (its ``w:sdtContent``), compared block by block; others are kept as they are."""

    el: etree._Element
    text: str
    label: str
    content: etree._Element | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def key(self) -> tuple[object, ...]:
        if self.content is not None:
            return ("sdt", _props(self.el.find(w("sdtPr"))), tuple(b.key for b in self.blocks))
        return ("opaque", self.el.tag, self.text)


Block = Para | Table | Opaque


def paragraph_style(p: etree._Element) -> str:
    ppr = p.find(PPR)
    if ppr is None:
        return ""
    style = ppr.find(PSTYLE)
    return "" if style is None else style.get(W_VAL, "")


def rpr_signature(rpr: etree._Element | None) -> tuple[object, ...]:
    """Character formatting as comparable data (revision marks, language, rsids ignored;
    ``w:b``, ``w:b w:val="1"`` and ``w:b w:val="true"`` equal)."""
    if rpr is None:
        return ()
    out = []
    for child in rpr:
        tag = child.tag
        if not isinstance(tag, str) or tag in _RPR_IGNORED:
            continue
        attrs = tuple(sorted((k, v) for k, v in child.attrib.items() if "rsid" not in k))
        if len(attrs) == 1 and attrs[0][0] == W_VAL and attrs[0][1] in _ON:
            attrs = ()
        out.append((tag, attrs))
    return tuple(sorted(out))


def ppr_signature(ppr: etree._Element | None) -> bytes:
    """Paragraph properties compared for a ``w:pPrChange`` (mark properties excluded)."""
    if ppr is None:
        return b""
    parts = [
        etree.tostring(c, method="c14n")
        for c in ppr
        if isinstance(c.tag, str) and c.tag not in (RPR, SECTPR, PPRCHANGE)
    ]
    return b"".join(parts)


def _props(el: etree._Element | None) -> bytes:
    return b"" if el is None else etree.tostring(el, method="c14n")


def _digest(el: etree._Element, resolve: Resolver | None) -> str:
    """Identity of an element: its XML with relationship ids replaced by what they point to,
    and drawing ids dropped."""
    copy = etree.fromstring(etree.tostring(el))
    for node in copy.iter():
        if not isinstance(node.tag, str):
            continue
        for name in list(node.attrib):
            if name.startswith(f"{{{R_NS}}}"):
                node.set(name, resolve(node.get(name, "")) if resolve else "")
            elif (
                etree.QName(node).localname in ("docPr", "cNvPr")
                and name in ("id", "name")
                or "rsid" in name
                or name == W_ID
            ):
                del node.attrib[name]
    return hashlib.sha1(etree.tostring(copy, method="c14n")).hexdigest()


def _volatile(node: etree._Element, name: str) -> bool:
    """Attributes that differ between copies of the same content (ids, rsids)."""
    drawing = etree.QName(node).localname in ("docPr", "cNvPr") and name in ("id", "name")
    return drawing or "rsid" in name or name == W_ID


def _inline_key(item: etree._Element, resolve: Resolver | None) -> tuple[object, ...]:
    tag = item.tag
    if tag in (w("footnoteReference"), w("endnoteReference")):
        return ("note", tag)
    if tag in (w("drawing"), w("pict"), w("object")):
        return ("image", _digest(item, resolve))
    return ("inline", tag, tuple(sorted(item.attrib.items())))


def _container_key(child: etree._Element, resolve: Resolver | None) -> tuple[object, ...]:
    tag = child.tag
    text = content_text(child, True)
    if tag == w("hyperlink"):
        rid = child.get(f"{{{R_NS}}}id")
        target = resolve(rid) if rid and resolve else (rid or "")
        return ("hyperlink", target, child.get(w("anchor"), ""), text, _digest(child, resolve))
    if tag == w("fldSimple"):
        instr = " ".join((child.get(w("instr")) or "").split())
        return ("field", instr, text)
    return ("container", tag, _digest(child, resolve))


def _atomize(
    p: etree._Element, resolve: Resolver | None
) -> tuple[list[Atom], list[tuple[int, etree._Element]], set[str]]:
    atoms: list[Atom] = []
    markers: list[tuple[int, etree._Element]] = []
    kinds: set[str] = set()
    offset = 0
    field_runs: list[etree._Element] = []
    depth = 0
    for child in p:
        tag = child.tag
        if not isinstance(tag, str) or tag == PPR:
            continue
        if depth or (tag == R and child.find(FLDCHAR) is not None):
            if tag != R:
                field_runs.append(child)
                continue
            field_runs.append(child)
            for fc in child.iter(FLDCHAR):
                kind = fc.get(FLDCHARTYPE)
                depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            if depth <= 0:
                depth = 0
                atoms.append(_field_atom(field_runs, resolve))
                kinds.add(FIELD)
                offset += 1
                field_runs = []
            continue
        if tag == R:
            rpr = child.find(RPR)
            if rpr is not None and rpr.find(w("rPrChange")) is not None:
                kinds.add(TRACKED)
            for item in child:
                itag = item.tag
                if not isinstance(itag, str) or itag in (RPR, LASTRENDERED):
                    continue
                if itag == T:
                    if item.text:
                        atoms.append(Atom(item.text, rpr))
                        offset += len(item.text)
                elif itag in CHAR_OF:
                    atoms.append(Atom(CHAR_OF[itag], rpr, item))
                    offset += 1
                elif itag == w("commentReference"):
                    markers.append((offset, child))
                elif itag in _TRACKED_RUN:
                    kinds.add(TRACKED)
                else:
                    label = _INLINE.get(itag, "embedded content")
                    note = None
                    if itag in (w("footnoteReference"), w("endnoteReference")):
                        kind = "footnote" if itag == w("footnoteReference") else "endnote"
                        note = (kind, item.get(W_ID, ""))
                    obj = Obj(_inline_key(item, resolve), "inline", [item], label, note)
                    atoms.append(Atom(OBJECT, rpr, item, obj))
                    kinds.add(label)
                    offset += 1
        elif tag in MARKERS:
            markers.append((offset, child))
        elif tag in _TRACKED_PARA:
            kinds.add(TRACKED)
        else:
            label = _CONTAINERS.get(tag, "embedded content")
            if child.find(f".//{w('ins')}") is not None or child.find(f".//{w('del')}") is not None:
                kinds.add(TRACKED)
            obj = Obj(_container_key(child, resolve), "container", [child], label)
            atoms.append(Atom(OBJECT, None, None, obj))
            kinds.add(label)
            offset += 1
    if field_runs:
        kinds.add(OPEN_FIELD)
        atoms.append(_field_atom(field_runs, resolve))
    return atoms, markers, kinds


def _field_atom(runs: list[etree._Element], resolve: Resolver | None) -> Atom:
    instr = " ".join("".join(r.findtext(w("instrText")) or "" for r in runs).split())
    result = "".join(content_text(r, True) for r in runs)
    key = ("field", instr, result, tuple(_digest(r, resolve) for r in runs if r.tag != R))
    obj = Obj(key, "runs", list(runs), FIELD)
    return Atom(OBJECT, None, None, obj)


def read_para(
    p: etree._Element, label: str, index: int | None = None, resolve: Resolver | None = None
) -> Para:
    return Para(p, label, index, resolve)


def _parse(p: etree._Element, style: str, resolve: Resolver | None) -> _Parsed:
    atoms, markers, kinds = _atomize(p, resolve)
    ppr = p.find(PPR)
    if ppr is not None:
        rpr = ppr.find(RPR)
        if ppr.find(PPRCHANGE) is not None or (
            rpr is not None and any(c.tag in _PPR_TRACKED for c in rpr)
        ):
            kinds.add(TRACKED)
    flat = "".join(a.text for a in atoms)
    bookmarks = tuple(
        el.get(w("name"), "")
        for _, el in markers
        if el.tag == w("bookmarkStart") and not el.get(w("name"), "").startswith("_")
    )
    objects = tuple(a.obj.key for a in atoms if a.obj is not None)
    simple = TRACKED not in kinds and OPEN_FIELD not in kinds
    fmt = _format_signature(atoms)
    key = ("p", style, flat, objects, ppr_signature(ppr), fmt, bookmarks, simple)
    return _Parsed(atoms, markers, frozenset(kinds), flat, key)


def _format_signature(atoms: list[Atom]) -> tuple[object, ...]:
    sig: list[tuple[int, object]] = []
    cache: dict[int, tuple[object, ...]] = {}
    for atom in atoms:
        rpr = atom.rpr
        key = cache.get(id(rpr)) if rpr is not None else ()
        if key is None:
            key = cache[id(rpr)] = rpr_signature(rpr)
        if sig and sig[-1][1] == key:
            sig[-1] = (sig[-1][0] + len(atom.text), key)
        else:
            sig.append((len(atom.text), key))
    return tuple(sig)


def read_table(tbl: etree._Element, label: str, resolve: Resolver | None = None) -> Table:
    rows: list[Row] = []
    tracked = False
    for r_i, tr in enumerate(tbl.iter(TR)):
        if tr.getparent() is not tbl:
            continue
        trpr = tr.find(w("trPr"))
        row_tracked = trpr is not None and any(
            c.tag in (w("ins"), w("del"), w("trPrChange")) for c in trpr
        )
        cells = []
        for c_i, tc in enumerate(tr.findall(TC)):
            where = f"{label}, row {r_i + 1}, cell {c_i + 1}"
            cells.append(Cell(tc, read_blocks(tc, where, resolve)))
            tcpr = tc.find(w("tcPr"))
            if tcpr is not None and tcpr.find(w("tcPrChange")) is not None:
                row_tracked = True
        tracked = tracked or row_tracked
        rows.append(Row(tr, cells, row_tracked))
    tblpr = tbl.find(w("tblPr"))
    if tblpr is not None and tblpr.find(w("tblPrChange")) is not None:
        tracked = True
    grid = tbl.find(w("tblGrid"))
    columns = 0 if grid is None else len(grid.findall(w("gridCol")))
    return Table(tbl, rows, label, columns, tracked)


def read_blocks(
    container: etree._Element, label: str = "", resolve: Resolver | None = None
) -> list[Block]:
    """Blocks of a body, cell or note, skipping properties and the final ``w:sectPr``."""
    blocks: list[Block] = []
    n_para = n_table = 0
    top = not label
    for child in container:
        tag = child.tag
        if tag == P:
            n_para += 1
            where = f"paragraph {n_para}" if top else f"{label}, paragraph {n_para}"
            blocks.append(read_para(child, where, n_para - 1 if top else None, resolve))
        elif tag == TBL:
            n_table += 1
            where = f"table {n_table}" if top else f"{label}, table {n_table}"
            blocks.append(read_table(child, where, resolve))
        elif tag in (SECTPR, w("tcPr")) or not isinstance(tag, str):
            continue
        else:
            text = content_text(child, True)
            name = f"{etree.QName(child).localname} element"
            content = child.find(w("sdtContent")) if tag == w("sdt") else None
            if content is not None:
                label_here = f"content control {len(blocks) + 1}" if top else f"{label}, control"
                inner = read_blocks(content, label_here, resolve)
                blocks.append(Opaque(child, text, "content control", content, inner))
            else:
                blocks.append(Opaque(child, text, name))
    return blocks


def is_block(el: etree._Element) -> bool:
    """True for children of a body/cell that :func:`read_blocks` turns into blocks."""
    return isinstance(el.tag, str) and el.tag not in (SECTPR, w("tcPr"))
