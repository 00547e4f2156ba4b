"""Write the outcome of a comparison as tracked changes (the XML half of the engine).

The engine (``redline/engine.py``) decides *what* changed: which blocks pair up, which rows, which
tokens. :class:`Writer` turns each decision into WordprocessingML: kept, deleted, inserted and
modified paragraphs, tables and rows, and fills a container with the result. The engine sees only
:class:`Out` handles.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TypeAlias

from lxml import etree

from .blocks import FIELD, TRACKED, Block, Opaque, Para, Row, Table, is_block, read_blocks
from .marks import Marker, runs_from_atoms, sanitize_ppr, strip_markers, text_run, wrap_runs
from .ns import DEL, FLDCHAR, FLDCHARTYPE, INS, PPR, PPRCHANGE, RPR, SECTPR, TC, TR, P, R

Out: TypeAlias = etree._Element  # an output element; opaque to the engine
Opcode = tuple[str, int, int, int, int]
UNMARKABLE = frozenset({TRACKED, "math"})


class Writer:
    """Writes marks with one :class:`Marker`; collects warnings."""

    def __init__(self, marker: Marker):
        self.m = marker
        self.warnings: list[str] = []

    @property
    def count(self) -> int:
        """Marks written so far."""
        return self.m.count

    # -- containers -------------------------------------------------------------------------
    def fill(self, container: etree._Element, out: Sequence[Out]) -> None:
        """Replace the blocks of ``container`` (a body or a cell) with ``out``."""
        for child in list(container):
            if is_block(child):
                container.remove(child)
        tail = container.find(SECTPR)
        for el in out:
            if tail is None:
                container.append(el)
            else:
                tail.addprevious(el)

    def keep(self, block: Block) -> Out:
        """REVISED's block, unchanged."""
        return block.el

    # -- paragraphs -----------------------------------------------------------------------------
    def modified_para(
        self, a: Para, b: Para, ops: Sequence[Opcode], oa: list[int], ob: list[int]
    ) -> Out:
        """Rebuild ``b`` from token ``ops`` (offsets ``oa``/``ob`` into the paragraphs' texts)."""
        atoms_a, _ = a.atoms()
        atoms_b, markers = b.atoms()
        p = b.el
        old_ppr = a.el.find(PPR)
        for child in list(p):
            if child.tag != PPR:
                p.remove(child)
        pending = list(markers)

        def flush(upto: int) -> None:
            while pending and pending[0][0] <= upto:
                p.append(pending.pop(0)[1])

        def emit_revised(start: int, end: int, tag: str | None) -> None:
            flush(start)
            cuts = [off for off, _ in pending if start < off < end] + [end]
            pos = start
            for cut in cuts:
                runs = runs_from_atoms(atoms_b, pos, cut, deleted=False)
                if runs:
                    p.extend([self.m.wrap(tag, runs)] if tag else runs)
                flush(cut if cut < end else start)
                pos = cut

        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                emit_revised(ob[j1], ob[j2], None)
                continue
            if i2 > i1:
                flush(ob[j1])
                runs = runs_from_atoms(atoms_a, oa[i1], oa[i2], deleted=True)
                if runs:
                    p.append(self.m.wrap(DEL, runs))
            if j2 > j1:
                emit_revised(ob[j1], ob[j2], INS)
        flush(len(b.text) + 1)
        if ppr_signature(old_ppr) != ppr_signature(p.find(PPR)):
            self.m.ppr_change(p, old_ppr)
        return p

    def kept_revised(self, b: Block) -> Out:
        """``b`` unmarked, with a warning that it could not be compared."""
        what = kinds_text(b) if isinstance(b, Para) else "tracked changes"
        self.warnings.append(
            f"could not compare {b.label}: contains {what}; kept the revised version"
        )
        return b.el

    # -- deleted ------------------------------------------------------------------------------
    def deleted(self, block: Block) -> list[Out]:
        if isinstance(block, Para):
            return [self.deleted_para(block)]
        if isinstance(block, Table):
            return [self.deleted_table(block)]
        if block.text.strip():
            self.warnings.append(
                f"ORIGINAL {block.label} was removed; its deletion could not be marked"
            )
        return []

    def deleted_para(self, a: Para) -> Out:
        if a.kinds and a.kinds <= {FIELD} and _fields_balanced(a.el):
            p = copy.deepcopy(a.el)
            strip_markers(p)
            _replace_ppr(p, sanitize_ppr(p.find(PPR)))
            wrap_runs(self.m, p, DEL)
            self.m.mark_paragraph(p, DEL)
            return p
        p = etree.Element(P)
        ppr = sanitize_ppr(a.el.find(PPR))
        if ppr is not None:
            p.append(ppr)
        if a.simple:
            atoms, _ = a.atoms()
            runs = runs_from_atoms(atoms, 0, len(a.text), deleted=True)
        else:
            first = a.el.find(f"{R}/{RPR}")
            runs = [text_run(a.text, first, deleted=True)] if a.text else []
            self.warnings.append(
                f"ORIGINAL {a.label} contains {kinds_text(a)}; its deletion is shown as plain text"
            )
        if runs:
            p.append(self.m.wrap(DEL, runs))
        self.m.mark_paragraph(p, DEL)
        return p

    def deleted_table(self, a: Table) -> Out:
        tbl = copy.deepcopy(a.el)
        strip_markers(tbl)
        for tr in tbl.findall(TR):
            self._delete_row_in_place(tr)
        return tbl

    def deleted_row(self, a: Row) -> Out:
        tr = copy.deepcopy(a.el)
        strip_markers(tr)
        self._delete_row_in_place(tr)
        return tr

    def _delete_row_in_place(self, tr: etree._Element) -> None:
        self.m.mark_row(tr, DEL)
        for tc in tr.findall(TC):
            for block in read_blocks(tc, "deleted cell"):
                for el in self.deleted(block):
                    block.el.addprevious(el)
                tc.remove(block.el)
            unmark_last_mark(tc)

    # -- inserted -----------------------------------------------------------------------------
    def inserted(self, block: Block) -> list[Out]:
        if isinstance(block, Para):
            if block.kinds & UNMARKABLE:
                self.warnings.append(
                    f"could not mark REVISED {block.label} as inserted: it contains "
                    f"{kinds_text(block)}; kept it unmarked"
                )
                return [block.el]
            wrap_runs(self.m, block.el, INS)
            self.m.mark_paragraph(block.el, INS)
            return [block.el]
        if isinstance(block, Table):
            if block.tracked:
                return [self.kept_revised(block)]
            for row in block.rows:
                self.inserted_row(row)
            return [block.el]
        assert isinstance(block, Opaque)
        if block.text.strip():
            self.warnings.append(f"REVISED {block.label} was added; its insertion is not marked")
        return [block.el]

    def inserted_row(self, b: Row) -> Out:
        self.m.mark_row(b.el, INS)
        for cell in b.cells:
            for block in cell.blocks:
                self.inserted(block)
            unmark_last_mark(cell.el)
        return b.el

    def cell_end(self, a: Para, b: Para, out: list[Out]) -> Out:
        """The last paragraph of a cell from ``out`` (``a`` compared with ``b``): when the
        comparison gave a deleted and an inserted paragraph, their content is merged into the
        revised one, whose paragraph mark stays unmarked."""
        if len(out) == 1:
            return out[0]
        last = out[-1]
        for el in out[:-1]:
            pos = 1 if last.find(PPR) is not None else 0
            for child in [c for c in el if c.tag != PPR]:
                last.insert(pos, child)
                pos += 1
        unmark_mark(last)
        return last

    # -- tables ---------------------------------------------------------------------------------
    def table(self, b: Table, rows: Sequence[Out]) -> Out:
        """REVISED's table ``b`` holding ``rows``."""
        for tr in b.el.findall(TR):
            b.el.remove(tr)
        b.el.extend(rows)
        return b.el


def unmark_mark(p: etree._Element) -> None:
    """Remove an ins/del mark from the paragraph mark of ``p``."""
    rpr = p.find(f"{PPR}/{RPR}")
    if rpr is not None:
        for child in list(rpr):
            if child.tag in (INS, DEL):
                rpr.remove(child)


def unmark_last_mark(tc: etree._Element) -> None:
    """A cell's last paragraph mark carries no ins/del (Word cannot delete it)."""
    paragraphs = tc.findall(P)
    if paragraphs:
        unmark_mark(paragraphs[-1])


def kinds_text(p: Block) -> str:
    """``an image and a field``: what makes a paragraph complex."""
    if not isinstance(p, Para) or not p.kinds:
        return "complex content"
    return " and ".join(sorted(p.kinds))


def _fields_balanced(p: etree._Element) -> bool:
    """True when every complex field that begins in ``p`` also ends in it."""
    depth = 0
    for el in p.iter(FLDCHAR):
        kind = el.get(FLDCHARTYPE)
        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth < 0:
            return False
    return depth == 0


def ppr_signature(ppr: etree._Element | None) -> bytes:
    """Paragraph properties compared for a ``w:pPrChange`` (mark properties excluded)."""
    if ppr is None:
        return b""
    parts = [etree.tostring(c, method="c14n") for c in ppr if c.tag not in (RPR, SECTPR, PPRCHANGE)]
    return b"".join(parts)


def _replace_ppr(p: etree._Element, ppr: etree._Element | None) -> None:
    old = p.find(PPR)
    if old is not None:
        p.remove(old)
    if ppr is not None:
        p.insert(0, ppr)
