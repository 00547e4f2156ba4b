"""Compare two block sequences and rebuild the revised container with tracked changes."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence

from lxml import etree

from ._ooxml.blocks import FIELD, TRACKED, Block, Opaque, Para, Row, Table, is_block, read_blocks
from ._ooxml.marks import (
    Marker,
    runs_from_atoms,
    sanitize_ppr,
    strip_markers,
    text_run,
    wrap_runs,
)
from ._ooxml.ns import DEL, FLDCHAR, FLDCHARTYPE, INS, PPR, PPRCHANGE, RPR, SECTPR, TR, P, R
from .align import pair_up, similarity, words
from .diff import Opcode, opcodes
from .tokens import offsets, tokenize

_UNMARKABLE = frozenset({TRACKED, "math"})


class Comparer:
    """Stateful comparison of ORIGINAL and REVISED; collects warnings and changed paragraphs."""

    def __init__(self, marker: Marker):
        self.m = marker
        self.warnings: list[str] = []
        self.changed: set[int] = set()
        self.anchors: dict[int, etree._Element] = {}
        self._cursor = -1
        self._touch_next = False
        self._words: dict[int, tuple[list[str], Counter[str]]] = {}

    # -- containers -------------------------------------------------------------------------
    def compare_container(
        self, container: etree._Element, old: Sequence[Block], new: Sequence[Block], top: bool
    ) -> None:
        """Replace the blocks of ``container`` (REVISED's body or cell) with the marked-up ones."""
        out = self.compare_blocks(old, new, top)
        for child in list(container):
            if is_block(child):
                container.remove(child)
        tail = container.find(SECTPR)
        for el in out:
            if tail is None:
                container.append(el)
            else:
                tail.addprevious(el)

    def compare_blocks(
        self, old: Sequence[Block], new: Sequence[Block], top: bool = False
    ) -> list[etree._Element]:
        out: list[etree._Element] = []
        ops = opcodes([b.key for b in old], [b.key for b in new])
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                for block in new[j1:j2]:
                    out.append(block.el)
                    self._revised_seen(block, top, changed=False)
                continue
            olds, news = old[i1:i2], new[j1:j2]
            steps = pair_up(len(olds), len(news), self._scorer(olds, news))
            for kind, i, j in steps:
                before = self.m.count
                if kind == "pair":
                    assert i is not None and j is not None
                    out.extend(self.modified(olds[i], news[j]))
                    self._revised_seen(news[j], top, self.m.count > before)
                elif kind == "delete":
                    assert i is not None
                    out.extend(self.deleted(olds[i]))
                    if top and self.m.count > before:
                        self._touch()
                else:
                    assert j is not None
                    out.extend(self.inserted(news[j]))
                    self._revised_seen(news[j], top, True)
        return out

    def _revised_seen(self, block: Block, top: bool, changed: bool) -> None:
        if not top:
            return
        if isinstance(block, Para) and block.index is not None:
            self._cursor = block.index
            self.anchors[block.index] = block.el
            if changed or self._touch_next:
                self.changed.add(block.index)
                self._touch_next = False
        elif changed:
            self._touch()

    def _touch(self) -> None:
        if self._cursor >= 0:
            self.changed.add(self._cursor)
        else:
            self._touch_next = True

    def _scorer(self, olds: Sequence[Block], news: Sequence[Block]) -> Callable[[int, int], float]:
        return lambda i, j: self._score(olds[i], news[j])

    def _score(self, a: Block, b: Block) -> float:
        if isinstance(a, Para) and isinstance(b, Para):
            if a.text == b.text:
                return 1.0
            wa, ca = self._words_of(a)
            wb, cb = self._words_of(b)
            return similarity(wa, wb, ca, cb)
        if isinstance(a, Table) and isinstance(b, Table):
            return 1.0 if a.columns == b.columns else 0.0
        return 0.0

    def _words_of(self, p: Para) -> tuple[list[str], Counter[str]]:
        key = id(p)
        if key not in self._words:
            tokens = words(p.text)
            self._words[key] = (tokens, Counter(tokens))
        return self._words[key]

    # -- modified -----------------------------------------------------------------------------
    def modified(self, a: Block, b: Block) -> list[etree._Element]:
        if isinstance(a, Para) and isinstance(b, Para):
            if a.simple and b.simple:
                return [self.modified_para(a, b)]
            if b.kinds & _UNMARKABLE:
                self.warn_kept(b)
                return [b.el]
            return self.deleted(a) + self.inserted(b)
        if isinstance(a, Table) and isinstance(b, Table):
            return self.modified_table(a, b)
        return self.deleted(a) + self.inserted(b)

    def modified_para(self, a: Para, b: Para) -> etree._Element:
        ta, tb = tokenize(a.text), tokenize(b.text)
        ops = merge_whitespace(opcodes(ta, tb), ta)
        oa, ob = offsets(ta), offsets(tb)
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
        if _ppr_signature(old_ppr) != _ppr_signature(p.find(PPR)):
            self.m.ppr_change(p, old_ppr)
        return p

    def modified_table(self, a: Table, b: Table) -> list[etree._Element]:
        if b.tracked:
            self.warn_kept(b)
            return [b.el]
        if a.tracked or a.columns != b.columns:
            return self.deleted(a) + self.inserted(b)
        rows: list[etree._Element] = []
        ops = opcodes([r.key for r in a.rows], [r.key for r in b.rows])
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                rows.extend(r.el for r in b.rows[j1:j2])
                continue
            old, new = a.rows[i1:i2], b.rows[j1:j2]
            steps = pair_up(len(old), len(new), _row_scorer(old, new))
            for kind, i, j in steps:
                if kind == "pair":
                    assert i is not None and j is not None
                    rows.append(self.modified_row(old[i], new[j]))
                elif kind == "delete":
                    assert i is not None
                    rows.append(self.deleted_row(old[i]))
                else:
                    assert j is not None
                    rows.append(self.inserted_row(new[j]))
        for tr in b.el.findall(TR):
            b.el.remove(tr)
        b.el.extend(rows)
        return [b.el]

    def modified_row(self, a: Row, b: Row) -> etree._Element:
        for old, new in zip(a.cells, b.cells, strict=True):
            self.compare_container(new.el, old.blocks, new.blocks, top=False)
        return b.el

    # -- deleted ------------------------------------------------------------------------------
    def deleted(self, block: Block) -> list[etree._Element]:
        if isinstance(block, Para):
            return [self.deleted_para(block)]
        if isinstance(block, Table):
            return [self.deleted_table(block)]
        if block.text.strip():
            self.warnings.append(
                f"ORIGINAL {block.label} was removed; its deletion could not be marked"
            )
        return []

    def deleted_para(self, a: Para) -> etree._Element:
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
                f"ORIGINAL {a.label} contains {_kinds(a)}; its deletion is shown as plain text"
            )
        if runs:
            p.append(self.m.wrap(DEL, runs))
        self.m.mark_paragraph(p, DEL)
        return p

    def deleted_table(self, a: Table) -> etree._Element:
        tbl = copy.deepcopy(a.el)
        strip_markers(tbl)
        for tr in tbl.findall(TR):
            self._delete_row_in_place(tr)
        return tbl

    def deleted_row(self, a: Row) -> etree._Element:
        tr = copy.deepcopy(a.el)
        strip_markers(tr)
        self._delete_row_in_place(tr)
        return tr

    def _delete_row_in_place(self, tr: etree._Element) -> None:
        self.m.mark_row(tr, DEL)
        from ._ooxml.ns import TC

        for tc in tr.findall(TC):
            for block in read_blocks(tc, "deleted cell"):
                for el in self.deleted(block):
                    block.el.addprevious(el)
                tc.remove(block.el)

    # -- inserted -----------------------------------------------------------------------------
    def inserted(self, block: Block) -> list[etree._Element]:
        if isinstance(block, Para):
            if block.kinds & _UNMARKABLE:
                self.warnings.append(
                    f"could not mark REVISED {block.label} as inserted: it contains "
                    f"{_kinds(block)}; kept it unmarked"
                )
                return [block.el]
            wrap_runs(self.m, block.el, INS)
            self.m.mark_paragraph(block.el, INS)
            return [block.el]
        if isinstance(block, Table):
            if block.tracked:
                self.warn_kept(block)
                return [block.el]
            for row in block.rows:
                self.inserted_row(row)
            return [block.el]
        assert isinstance(block, Opaque)
        if block.text.strip():
            self.warnings.append(f"REVISED {block.label} was added; its insertion is not marked")
        return [block.el]

    def inserted_row(self, b: Row) -> etree._Element:
        self.m.mark_row(b.el, INS)
        for cell in b.cells:
            for block in cell.blocks:
                self.inserted(block)
        return b.el

    def warn_kept(self, b: Block) -> None:
        what = _kinds(b) if isinstance(b, Para) else "tracked changes"
        self.warnings.append(
            f"could not compare {b.label}: contains {what}; kept the revised version"
        )


def _kinds(p: Block) -> str:
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


def _row_scorer(old: Sequence[Row], new: Sequence[Row]) -> Callable[[int, int], float]:
    return lambda i, j: _row_score(old[i], new[j])


def _row_score(a: Row, b: Row) -> float:
    if len(a.cells) != len(b.cells) or a.tracked or b.tracked:
        return 0.0
    text_a = " ".join(_cell_text(c.blocks) for c in a.cells)
    text_b = " ".join(_cell_text(c.blocks) for c in b.cells)
    return similarity(words(text_a), words(text_b)) if text_a != text_b else 1.0


def _cell_text(blocks: Sequence[Block]) -> str:
    return " ".join(b.text for b in blocks if isinstance(b, Para | Opaque))


def merge_whitespace(ops: list[Opcode], tokens_a: list[str]) -> list[Opcode]:
    """Absorb whitespace-only equal stretches between two changes into one replacement."""
    keep: list[bool] = []
    for n, (tag, i1, i2, _, _) in enumerate(ops):
        absorb = (
            tag == "equal" and 0 < n < len(ops) - 1 and all(t.isspace() for t in tokens_a[i1:i2])
        )
        keep.append(tag == "equal" and not absorb)
    merged: list[Opcode] = []
    for op, is_equal in zip(ops, keep, strict=True):
        if is_equal:
            merged.append(op)
            continue
        if merged and merged[-1][0] != "equal":
            _, i1, _, j1, _ = merged[-1]
            merged[-1] = ("replace", i1, op[2], j1, op[4])
        else:
            merged.append(("replace", op[1], op[2], op[3], op[4]))
    return merged


def _ppr_signature(ppr: etree._Element | None) -> bytes:
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
