"""Body content as small objects: paragraphs (with text atoms), tables, opaque blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .ns import (
    BR,
    CR,
    LASTRENDERED,
    M_NS,
    NOBREAKHYPHEN,
    PPR,
    PSTYLE,
    RPR,
    SECTPR,
    SOFTHYPHEN,
    TAB,
    TBL,
    TC,
    TR,
    W_VAL,
    P,
    R,
    T,
    w,
)
from .text import content_text

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

# What makes a paragraph "complex" (compared as a whole), by element tag.
_RUN_KINDS = {
    w("fldChar"): "a field",
    w("instrText"): "a field",
    w("drawing"): "an image",
    w("pict"): "an image",
    w("object"): "an embedded object",
    w("footnoteReference"): "a footnote reference",
    w("endnoteReference"): "an endnote reference",
    w("commentReference"): "a comment",
    w("sym"): "a symbol",
    w("delText"): "tracked changes",
    w("delInstrText"): "tracked changes",
}
_PARA_KINDS = {
    w("hyperlink"): "a hyperlink",
    w("fldSimple"): "a field",
    w("ins"): "tracked changes",
    w("del"): "tracked changes",
    w("moveFrom"): "tracked changes",
    w("moveTo"): "tracked changes",
    w("moveFromRangeStart"): "tracked changes",
    w("moveToRangeStart"): "tracked changes",
    w("sdt"): "a content control",
    f"{{{M_NS}}}oMath": "math",
    f"{{{M_NS}}}oMathPara": "math",
}
TRACKED = "tracked changes"
FIELD = "a field"
_PPR_TRACKED = {w("ins"), w("del"), w("rPrChange"), w("moveFrom"), w("moveTo")}


@dataclass(slots=True)
class Atom:
    """A piece of run content: text from one ``w:t`` or one special character element."""

    text: str
    rpr: etree._Element | None
    element: etree._Element | None = None  # source element for tab/br/hyphen atoms


@dataclass
class Para:
    """A paragraph: its element, style, accept-view text and (if simple) text atoms."""

    el: etree._Element
    style: str
    text: str
    kinds: frozenset[str]
    label: str
    index: int | None = None  # position among body-level paragraphs
    _atoms: list[Atom] | None = field(default=None, repr=False)
    _markers: list[tuple[int, etree._Element]] | None = field(default=None, repr=False)

    @property
    def key(self) -> tuple[object, ...]:
        return ("p", self.style, self.text, self.kinds)

    @property
    def simple(self) -> bool:
        return not self.kinds

    def atoms(self) -> tuple[list[Atom], list[tuple[int, etree._Element]]]:
        """Text atoms and zero-width markers (offset, element) of a simple paragraph."""
        if self._atoms is None:
            self._atoms, self._markers = _atomize(self.el)
        assert self._markers is not None
        return self._atoms, self._markers


@dataclass
class Cell:
    el: etree._Element
    blocks: list[Block]

    @property
    def key(self) -> tuple[object, ...]:
        return tuple(b.key for b in self.blocks)


@dataclass
class Row:
    el: etree._Element
    cells: list[Cell]
    tracked: bool

    @property
    def key(self) -> tuple[object, ...]:
        return ("tr", self.tracked, tuple(c.key for c in self.cells))


@dataclass
class Table:
    el: etree._Element
    rows: list[Row]
    label: str
    columns: int
    tracked: bool

    @property
    def key(self) -> tuple[object, ...]:
        return ("tbl", self.columns, tuple(r.key for r in self.rows))


@dataclass
class Opaque:
    """A body child we do not look inside (block content control, custom XML, ...)."""

    el: etree._Element
    text: str
    label: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("opaque", self.el.tag, self.text)


Block = Para | Table | Opaque


def paragraph_style(p: etree._Element) -> str:
    ppr = p.find(PPR)
    if ppr is None:
        return ""
    style = ppr.find(PSTYLE)
    return "" if style is None else style.get(W_VAL, "")


def _kinds(p: etree._Element) -> frozenset[str]:
    kinds: set[str] = set()
    for child in p:
        tag = child.tag
        if tag == R:
            for item in child:
                kind = _RUN_KINDS.get(item.tag)  # type: ignore[arg-type]
                if kind:
                    kinds.add(kind)
                elif item.tag == RPR and item.find(w("rPrChange")) is not None:
                    kinds.add(TRACKED)
                elif item.tag not in CHAR_OF and item.tag not in (T, RPR, LASTRENDERED):
                    kinds.add("embedded content")
        elif tag == PPR:
            rpr = child.find(RPR)
            if child.find(w("pPrChange")) is not None or (
                rpr is not None and any(c.tag in _PPR_TRACKED for c in rpr)
            ):
                kinds.add(TRACKED)
        elif tag in MARKERS or not isinstance(tag, str):
            continue
        else:
            kinds.add(_PARA_KINDS.get(tag, "embedded content"))
    return frozenset(kinds)


def _atomize(p: etree._Element) -> tuple[list[Atom], list[tuple[int, etree._Element]]]:
    atoms: list[Atom] = []
    markers: list[tuple[int, etree._Element]] = []
    offset = 0
    for child in p:
        if child.tag == R:
            rpr = child.find(RPR)
            for item in child:
                if item.tag == T:
                    if item.text:
                        atoms.append(Atom(item.text, rpr))
                        offset += len(item.text)
                elif item.tag in CHAR_OF:
                    atoms.append(Atom(CHAR_OF[item.tag], rpr, item))  # type: ignore[index]
                    offset += 1
        elif child.tag in MARKERS:
            markers.append((offset, child))
    return atoms, markers


def read_para(p: etree._Element, label: str, index: int | None = None) -> Para:
    kinds = _kinds(p)
    return Para(p, paragraph_style(p), content_text(p, True), kinds, label, index)


def read_table(tbl: etree._Element, label: str) -> Table:
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
            cells.append(Cell(tc, read_blocks(tc, where)))
            if (
                tc.find(w("tcPr")) is not None
                and tc.find(w("tcPr")).find(w("tcPrChange")) is not None
            ):  # type: ignore[union-attr]
                row_tracked = True
        tracked = tracked or row_tracked
        rows.append(Row(tr, cells, row_tracked))
    tblpr = tbl.find(w("tblPr"))
    if tblpr is not None and tblpr.find(w("tblPrChange")) is not None:
        tracked = True
    grid = tbl.find(w("tblGrid"))
    columns = 0 if grid is None else len(grid.findall(w("gridCol")))
    return Table(tbl, rows, label, columns, tracked)


def read_blocks(container: etree._Element, label: str = "") -> list[Block]:
    """Blocks of a body or table cell, skipping properties and the final ``w:sectPr``."""
    blocks: list[Block] = []
    n_para = n_table = 0
    top = not label
    for child in container:
        tag = child.tag
        if tag == P:
            n_para += 1
            where = f"paragraph {n_para}" if top else f"{label}, paragraph {n_para}"
            blocks.append(read_para(child, where, n_para - 1 if top else None))
        elif tag == TBL:
            n_table += 1
            where = f"table {n_table}" if top else f"{label}, table {n_table}"
            blocks.append(read_table(child, where))
        elif tag in (SECTPR, w("tcPr")) or not isinstance(tag, str):
            continue
        else:
            text = content_text(child, True)
            blocks.append(Opaque(child, text, f"{etree.QName(child).localname} element"))
    return blocks


def is_block(el: etree._Element) -> bool:
    """True for children of a body/cell that :func:`read_blocks` turns into blocks."""
    return isinstance(el.tag, str) and el.tag not in (SECTPR, w("tcPr"))
