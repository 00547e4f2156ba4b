"""Write the outcome of a comparison as tracked changes (the XML half of the engine).

The engine (``redline/engine.py``) decides *what* changed: which blocks pair up, which rows, which
tokens. :class:`Writer` turns each decision into WordprocessingML: kept, deleted, inserted and
modified paragraphs, tables and rows, and fills a container with the result. The engine sees only
:class:`Out` handles.

Deleted content is copied from ORIGINAL with its structure: runs, images, hyperlinks, fields,
note references and math stay what they are (marked deleted), and what they point to
(relationships, media, notes) is imported into REVISED's package. Objects are written as one unit:
a hyperlink or field is marked inside, math is wrapped whole. Formatting that changed on unchanged
text is recorded as ``w:rPrChange`` and paragraph properties as ``w:pPrChange``.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeAlias

from lxml import etree

from . import notes as note_parts
from .blocks import (
    MATH_TAGS,
    OPEN_FIELD,
    TRACKED,
    Atom,
    Block,
    Opaque,
    Para,
    Row,
    Table,
    is_block,
    ppr_signature,
    read_blocks,
    rpr_signature,
)
from .marks import Marker, sanitize_ppr, strip_markers, text_run, to_deleted_run, wrap_runs
from .ns import (
    DEL,
    DELTEXT,
    INS,
    INSTRTEXT,
    PPR,
    RPR,
    SECTPR,
    TC,
    TR,
    W_ID,
    XML_SPACE,
    P,
    R,
    T,
    w,
)
from .package import Package
from .relations import Importer

Out: TypeAlias = etree._Element  # an output element; opaque to the engine
Opcode = tuple[str, int, int, int, int]
UNMARKABLE = frozenset({TRACKED})
_NOTE_REFS = (w("footnoteReference"), w("endnoteReference"))


class Writer:
    """Writes marks with one :class:`Marker`; collects warnings and the notes to compare.

    ``old``/``new`` are ORIGINAL's and REVISED's packages when they differ (deleted content is
    then imported); the writer works in one pair of parts at a time (:meth:`in_parts`).
    """

    def __init__(self, marker: Marker, old: Package | None = None, new: Package | None = None):
        self.m = marker
        self.warnings: list[str] = []
        self.old = old if old is not new else None
        self.new = new
        self.note_pairs: list[tuple[str, str, str]] = []  # (kind, ORIGINAL id, REVISED id)
        self.new_notes: list[tuple[str, str]] = []  # REVISED notes whose reference is inserted
        self._parts: tuple[str, str] | None = (
            (self.old.main_part, new.main_part) if self.old is not None and new else None
        )
        self._importers: dict[tuple[str, str], Importer] = {}

    @property
    def count(self) -> int:
        """Marks written so far."""
        return self.m.count

    @contextmanager
    def in_parts(self, old_part: str, new_part: str) -> Iterator[None]:
        """Write content of ORIGINAL's ``old_part`` into REVISED's ``new_part`` meanwhile."""
        saved = self._parts
        self._parts = (old_part, new_part)
        try:
            yield
        finally:
            self._parts = saved

    def _importer(self) -> Importer | None:
        if self.old is None or self.new is None or self._parts is None:
            return None
        if self._parts not in self._importers:
            self._importers[self._parts] = Importer(
                self.old, self._parts[0], self.new, self._parts[1]
            )
        return self._importers[self._parts]

    # -- containers -------------------------------------------------------------------------
    def fill(self, container: etree._Element, out: Sequence[Out]) -> None:
        """Replace the blocks of ``container`` (a body, cell, note or header) with ``out``."""
        for child in list(container):
            if is_block(child):
                container.remove(child)
        tail = container.find(SECTPR)
        for el in out:
            if tail is None:
                container.append(el)
            else:
                tail.addprevious(el)

    def keep(self, a: Block | Row | None, b: Block | Row) -> Out:
        """REVISED's block ``b``, unchanged (equal to ORIGINAL's ``a``: their notes pair up)."""
        if a is not None:
            old, new = _notes_of(a), _notes_of(b)
            if len(old) == len(new):
                for (kind, i), (_, j) in zip(old, new, strict=True):
                    self.note_pairs.append((kind, i, j))
        return b.el

    # -- emission -------------------------------------------------------------------------------
    def _own(self, el: etree._Element, mode: str | None) -> etree._Element:
        """``el`` ready for the output: REVISED's element itself, or a deleted copy of
        ORIGINAL's (relationships, drawings and notes imported)."""
        if mode != DEL:
            if mode == INS:
                self._inserted_notes(el)
            return el
        out = copy.deepcopy(el)
        strip_markers(out)
        for node in out.iter(R):
            to_deleted_run(node)
        if out.tag in (T, INSTRTEXT):
            out.tag = DELTEXT if out.tag == T else w("delInstrText")
        importer = self._importer()
        if importer is not None:
            importer.fix(out)
            for ref in [out] if out.tag in _NOTE_REFS else list(out.iter(*_NOTE_REFS)):
                kind = "footnote" if ref.tag == _NOTE_REFS[0] else "endnote"
                ref.set(W_ID, self._import_note(kind, ref.get(W_ID, "")))
        return out

    def _inserted_notes(self, el: etree._Element) -> None:
        for ref in [el] if el.tag in _NOTE_REFS else list(el.iter(*_NOTE_REFS)):
            kind = "footnote" if ref.tag == _NOTE_REFS[0] else "endnote"
            self.new_notes.append((kind, ref.get(W_ID, "")))

    def _container(self, el: etree._Element, mode: str | None) -> etree._Element:
        if mode is None:
            return el
        own = self._own(el, mode)
        if own.tag in MATH_TAGS:
            return self.m.wrap(mode, [own])
        wrap_runs(self.m, own, mode)
        return own

    def emit(
        self,
        atoms: list[Atom],
        start: int,
        end: int,
        mode: str | None,
        before: _Formatting | None = None,
    ) -> list[etree._Element]:
        """Paragraph children for characters ``start:end`` of ``atoms``.

        ``mode`` None: REVISED content as is; ``INS``: REVISED content marked inserted; ``DEL``:
        ORIGINAL content copied and marked deleted. ``before`` gives ORIGINAL's formatting of
        unchanged text (changes become ``w:rPrChange``).
        """
        out: list[etree._Element] = []
        group: list[etree._Element] = []
        current: etree._Element | None = None
        current_key: object = None

        def close() -> None:
            nonlocal current
            if group:
                out.extend([self.m.wrap(mode, group)] if mode else group)
                group.clear()
            current = None

        pos = 0
        for atom in atoms:
            a0, a1 = pos, pos + len(atom.text)
            pos = a1
            if a1 <= start:
                continue
            if a0 >= end:
                break
            obj = atom.obj
            if obj is not None and obj.kind == "container":
                close()
                out.append(self._container(obj.els[0], mode))
                continue
            if obj is not None and obj.kind == "runs":
                current = None
                group.extend(self._own(r, mode) for r in obj.els)
                continue
            lo, hi = max(start, a0), min(end, a1)
            for s, e, old_rpr in _pieces(lo, hi, before):
                key = (id(atom.rpr), id(old_rpr))
                if obj is not None:  # an object gets a run of its own (as Word writes it)
                    current = None
                if current is None or key != current_key:
                    current = self._run(atom.rpr, old_rpr, mode)
                    current_key = key
                    group.append(current)
                if atom.element is not None:
                    current.append(self._own(atom.element, mode) if mode == DEL else atom.element)
                    if mode == INS and obj is not None:
                        self._inserted_notes(atom.element)
                    if obj is not None:
                        current = None
                    continue
                piece = atom.text[s - a0 : e - a0]
                tag = DELTEXT if mode == DEL else T
                last = current[-1] if len(current) else None
                if last is not None and last.tag == tag:
                    last.text = (last.text or "") + piece
                else:
                    etree.SubElement(current, tag).text = piece
                _preserve(current[-1])
        close()
        return out

    def _run(self, rpr: etree._Element | None, old: etree._Element | None, mode: str | None) -> Out:
        run = etree.Element(R)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if mode is None and old is not _NO_CHANGE and rpr_signature(old) != rpr_signature(rpr):
            props = run.find(RPR)
            if props is None:
                props = etree.SubElement(run, RPR)
                run.insert(0, props)
            change = self.m.mark(w("rPrChange"))
            self.m.count -= 1  # a formatting change is not an insertion or deletion
            inner = etree.SubElement(change, RPR)
            for child in old if old is not None else ():
                if child.tag != w("rPrChange"):
                    inner.append(copy.deepcopy(child))
            props.append(change)
        return run

    def _emit_into(
        self,
        p: etree._Element,
        atoms: list[Atom],
        start: int,
        end: int,
        mode: str | None,
        pending: list[tuple[int, etree._Element]],
        before: _Formatting | None = None,
    ) -> None:
        """Emit REVISED content into ``p``, placing its zero-width markers where they were."""
        flush_markers(p, pending, start)
        cuts = [off for off, _ in pending if start < off < end] + [end]
        pos = start
        for cut in cuts:
            p.extend(self.emit(atoms, pos, cut, mode, before))
            if cut < end:
                flush_markers(p, pending, cut)
            pos = cut

    # -- paragraphs -----------------------------------------------------------------------------
    def modified_para(
        self, a: Para, b: Para, ops: Sequence[Opcode], oa: list[int], ob: list[int]
    ) -> Out:
        """Rebuild ``b`` from token ``ops`` (offsets ``oa``/``ob`` into the paragraphs' flat
        texts)."""
        atoms_a, _ = a.atoms()
        old_ppr = a.el.find(PPR)
        atoms_b, pending = b.emptied()
        p = b.el
        formatting = _Formatting(atoms_a)
        objects_a = [(o, atom) for o, atom in _object_offsets(atoms_a)]
        objects_b = [(o, atom) for o, atom in _object_offsets(atoms_b)]
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                formatting.shift = oa[i1] - ob[j1]
                self._emit_into(p, atoms_b, ob[j1], ob[j2], None, pending, formatting)
                self._pair_objects(objects_a, oa[i1], oa[i2], objects_b, ob[j1], ob[j2])
                continue
            if i2 > i1:
                flush_markers(p, pending, ob[j1])
                p.extend(self.emit(atoms_a, oa[i1], oa[i2], DEL))
            if j2 > j1:
                self._emit_into(p, atoms_b, ob[j1], ob[j2], INS, pending)
        flush_markers(p, pending, len(b.flat) + 1)
        if ppr_signature(old_ppr) != ppr_signature(p.find(PPR)):
            self.m.ppr_change(p, old_ppr)
        return p

    def _pair_objects(
        self,
        objects_a: list[tuple[int, Atom]],
        a0: int,
        a1: int,
        objects_b: list[tuple[int, Atom]],
        b0: int,
        b1: int,
    ) -> None:
        old = [atom for off, atom in objects_a if a0 <= off < a1]
        new = [atom for off, atom in objects_b if b0 <= off < b1]
        for x, y in zip(old, new, strict=False):
            if x.obj and y.obj and x.obj.note and y.obj.note:
                self.note_pairs.append((x.obj.note[0], x.obj.note[1], y.obj.note[1]))

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
        if block.content is not None:
            sdt = copy.deepcopy(block.el)
            strip_markers(sdt)
            content = sdt.find(w("sdtContent"))
            assert content is not None
            out: list[Out] = []
            for inner in read_blocks(content, block.label):
                out.extend(self.deleted(inner))
            self.fill(content, out)
            return [sdt]
        if block.text.strip():
            self.warnings.append(
                f"ORIGINAL {block.label} was removed; its deletion could not be marked"
            )
        return []

    def deleted_para(self, a: Para) -> Out:
        p = etree.Element(P)
        ppr = sanitize_ppr(a.el.find(PPR))
        if ppr is not None:
            p.append(ppr)
        if a.simple:
            atoms, _ = a.atoms()
            p.extend(self.emit(atoms, 0, len(a.flat), DEL))
        else:
            first = a.el.find(f"{R}/{RPR}")
            if a.text:
                p.append(self.m.wrap(DEL, [text_run(a.text, first, deleted=True)]))
            self.warnings.append(
                f"ORIGINAL {a.label} contains {kinds_text(a)}; its deletion is shown as plain text"
            )
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
            atoms, pending = block.emptied()
            p = block.el
            self._emit_into(p, atoms, 0, len(block.flat), INS, pending)
            flush_markers(p, pending, len(block.flat) + 1)
            self.m.mark_paragraph(p, INS)
            return [p]
        if isinstance(block, Table):
            if block.tracked:
                return [self.kept_revised(block)]
            for row in block.rows:
                self.inserted_row(row)
            return [block.el]
        assert isinstance(block, Opaque)
        if block.content is not None:
            out: list[Out] = []
            for inner in block.blocks:
                out.extend(self.inserted(inner))
            self.fill(block.content, out)
            return [block.el]
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

    def cell_end(self, _a: Para, _b: Para, out: list[Out]) -> Out:
        """The last paragraph of a cell from ``out`` (the two compared paragraphs): when the
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

    # -- notes ----------------------------------------------------------------------------------
    def _import_note(self, kind: str, old_id: str) -> str:
        """Copy ORIGINAL's note ``old_id`` into REVISED as deleted content; its new id."""
        assert self.old is not None and self.new is not None
        source = note_parts.note(self.old, kind, old_id)
        if source is None:
            return old_id
        part = note_parts.ensure_notes_part(self.new, self.old, kind)
        new_id = note_parts.new_note_id(self.new, part, kind)
        old_part = note_parts.notes_part(self.old, kind) or part
        note = etree.Element(w(kind))
        for name, value in source.attrib.items():
            note.set(name, value)
        note.set(W_ID, new_id)
        self.new.xml(part).append(note)
        with self.in_parts(old_part, part):
            out: list[Out] = []
            for block in read_blocks(source, f"ORIGINAL {kind} {old_id}"):
                out.extend(self.deleted(block))
            self.fill(note, out)
        return new_id


class _Formatting:
    """ORIGINAL's run properties by offset, for unchanged text (``shift`` maps REVISED offsets)."""

    def __init__(self, atoms: list[Atom]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.rprs: list[etree._Element | None] = []
        self.objects: list[bool] = []
        pos = 0
        for atom in atoms:
            self.starts.append(pos)
            pos += len(atom.text)
            self.ends.append(pos)
            self.rprs.append(atom.rpr)
            self.objects.append(atom.obj is not None)
        self.shift = 0


_NO_CHANGE = etree.Element("no-change")


def _pieces(
    lo: int, hi: int, before: _Formatting | None
) -> Iterator[tuple[int, int, etree._Element | None]]:
    """Split ``lo:hi`` where ORIGINAL's formatting changes; yield (start, end, its rPr)."""
    if before is None:
        yield lo, hi, _NO_CHANGE
        return
    pos = lo
    while pos < hi:
        k = bisect.bisect_right(before.starts, pos + before.shift) - 1
        if k < 0 or k >= len(before.ends):
            yield pos, hi, _NO_CHANGE
            return
        end = min(hi, before.ends[k] - before.shift)
        if end <= pos:
            yield pos, hi, _NO_CHANGE
            return
        yield pos, end, _NO_CHANGE if before.objects[k] else before.rprs[k]
        pos = end


def _object_offsets(atoms: list[Atom]) -> list[tuple[int, Atom]]:
    out, pos = [], 0
    for atom in atoms:
        if atom.obj is not None:
            out.append((pos, atom))
        pos += len(atom.text)
    return out


def _notes_of(block: Block | Row) -> list[tuple[str, str]]:
    if isinstance(block, Para):
        return block.notes()
    if isinstance(block, Table):
        return [n for row in block.rows for n in _notes_of(row)]
    if isinstance(block, Row):
        return [n for cell in block.cells for b in cell.blocks for n in _notes_of(b)]
    return []


def flush_markers(p: etree._Element, pending: list[tuple[int, etree._Element]], upto: int) -> None:
    """Append the pending zero-width markers at offsets up to ``upto``."""
    while pending and pending[0][0] <= upto:
        p.append(pending.pop(0)[1])


def _preserve(t: etree._Element) -> None:
    text = t.text or ""
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


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
    kinds = p.kinds & {TRACKED, OPEN_FIELD} or p.kinds
    return " and ".join(sorted(kinds))
