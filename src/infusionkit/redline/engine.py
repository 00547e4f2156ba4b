"""Compare two block sequences: decide what pairs up, what is deleted and what is inserted.

The decisions are handed to :class:`~._ooxml.tracked.Writer`, which writes the marks; this module
never touches XML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence

from ._ooxml.blocks import OBJECT, Block, Opaque, Para, Row, Table, read_blocks
from ._ooxml.document import body
from ._ooxml.notes import add_section_part, notes_part, section_parts
from ._ooxml.notes import note as note_element
from ._ooxml.package import Package
from ._ooxml.relations import resolver
from ._ooxml.tracked import UNMARKABLE, Out, Writer
from .align import pair_up, similarity, words
from .diff import Opcode, opcodes
from .tokens import offsets, tokenize


class Comparer:
    """Stateful comparison of ORIGINAL and REVISED; collects warnings and changed paragraphs."""

    def __init__(self, writer: Writer):
        self.w = writer
        self.changed: set[int] = set()
        self.anchors: dict[int, Out] = {}
        self._cursor = -1
        self._touch_next = False
        self._words: dict[int, tuple[list[str], Counter[str]]] = {}

    @property
    def warnings(self) -> list[str]:
        return self.w.warnings

    # -- documents ----------------------------------------------------------------------------
    def compare_packages(self, old: Package, new: Package) -> None:
        """Body, then footnotes and endnotes (following their references), then headers and
        footers (paired by section and type), all written into REVISED's package."""
        old_body, new_body = body(old), body(new)
        self.compare_container(
            new_body,
            read_blocks(old_body, resolve=resolver(old, old.main_part)),
            read_blocks(new_body, resolve=resolver(new, new.main_part)),
            top=True,
        )
        self._compare_notes(old, new)
        self._compare_headers(old, new)

    def _compare_notes(self, old: Package, new: Package) -> None:
        done: set[tuple[str, str]] = set()
        for kind, i, j in self.w.note_pairs:
            if (kind, j) in done:
                continue
            done.add((kind, j))
            a, b = note_element(old, kind, i), note_element(new, kind, j)
            old_part, new_part = notes_part(old, kind), notes_part(new, kind)
            if a is None or b is None or old_part is None or new_part is None:
                continue
            with self.w.in_parts(old_part, new_part):
                blocks_a = read_blocks(a, f"ORIGINAL {kind} {i}", resolver(old, old_part))
                blocks_b = read_blocks(b, f"REVISED {kind} {j}", resolver(new, new_part))
                if [x.key for x in blocks_a] != [y.key for y in blocks_b]:
                    self.compare_container(b, blocks_a, blocks_b, top=False)
        for kind, j in self.w.new_notes:
            b, new_part = note_element(new, kind, j), notes_part(new, kind)
            if b is None or new_part is None or (kind, j) in done:
                continue
            done.add((kind, j))
            with self.w.in_parts(new_part, new_part):
                out: list[Out] = []
                for block in read_blocks(b, f"REVISED {kind} {j}"):
                    out.extend(self.w.inserted(block))
                self.w.fill(b, out)

    def _compare_headers(self, old: Package, new: Package) -> None:
        old_parts, new_parts = section_parts(old), section_parts(new)
        seen: set[str] = set()
        for key, new_part in new_parts.items():
            if new_part in seen:
                continue
            seen.add(new_part)
            old_part = old_parts.get(key)
            root = new.xml(new_part)
            label = f"{key[1]} of section {key[0] + 1}"
            if old_part is None:
                with self.w.in_parts(new_part, new_part):
                    out: list[Out] = []
                    for block in read_blocks(root, f"REVISED {label}"):
                        out.extend(self.w.inserted(block))
                    self.w.fill(root, out)
                continue
            if old.parts.get(old_part) == new.parts.get(new_part):
                continue
            with self.w.in_parts(old_part, new_part):
                self.compare_container(
                    root,
                    read_blocks(old.xml(old_part), f"ORIGINAL {label}", resolver(old, old_part)),
                    read_blocks(root, f"REVISED {label}", resolver(new, new_part)),
                    top=False,
                )
        for key in sorted(old_parts.keys() - new_parts.keys()):
            old_part = old_parts[key]
            label = f"{key[1]} of section {key[0] + 1}"
            added = add_section_part(new, old, old_part, key)
            if added is None:
                self.warnings.append(
                    f"ORIGINAL's {label} ({key[2]}) has no section in REVISED; "
                    "its removal is not marked"
                )
                continue
            with self.w.in_parts(old_part, added):
                removed: list[Out] = []
                for block in read_blocks(old.xml(old_part), f"ORIGINAL {label}"):
                    removed.extend(self.w.deleted(block))
                self.w.fill(new.xml(added), removed)

    # -- containers -------------------------------------------------------------------------
    def compare_container(
        self, container: object, old: Sequence[Block], new: Sequence[Block], top: bool
    ) -> None:
        """Replace the blocks of ``container`` (REVISED's body or cell) with the marked-up ones."""
        self.w.fill(container, self.compare_blocks(old, new, top))

    def compare_blocks(
        self, old: Sequence[Block], new: Sequence[Block], top: bool = False
    ) -> list[Out]:
        out: list[Out] = []
        for tag, i1, i2, j1, j2 in _two_level(old, new):
            if tag == "equal":
                for a, block in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.append(self.w.keep(a, block))
                    self._revised_seen(block, top, changed=False)
                continue
            olds, news = old[i1:i2], new[j1:j2]
            steps = pair_up(len(olds), len(news), self._scorer(olds, news))
            for kind, i, j in steps:
                before = self.w.count
                if kind == "pair":
                    assert i is not None and j is not None
                    out.extend(self.modified(olds[i], news[j]))
                    self._revised_seen(news[j], top, self.w.count > before)
                elif kind == "delete":
                    assert i is not None
                    out.extend(self.w.deleted(olds[i]))
                    if top and self.w.count > before:
                        self._touch()
                else:
                    assert j is not None
                    out.extend(self.w.inserted(news[j]))
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
        if isinstance(a, Opaque) and isinstance(b, Opaque):
            controls = a.content is not None and b.content is not None
            return 1.0 if controls else 0.0
        return 0.0

    def _words_of(self, p: Para) -> tuple[list[str], Counter[str]]:
        key = id(p)
        if key not in self._words:
            tokens = words(p.text)
            self._words[key] = (tokens, Counter(tokens))
        return self._words[key]

    # -- modified -----------------------------------------------------------------------------
    def modified(self, a: Block, b: Block) -> list[Out]:
        if isinstance(a, Para) and isinstance(b, Para):
            if a.simple and b.simple:
                return [self.modified_para(a, b)]
            if b.kinds & UNMARKABLE:
                return [self.w.kept_revised(b)]
            return self.w.deleted(a) + self.w.inserted(b)
        if isinstance(a, Table) and isinstance(b, Table):
            return self.modified_table(a, b)
        if (
            isinstance(a, Opaque)
            and isinstance(b, Opaque)
            and a.content is not None
            and (b.content is not None)
        ):
            self.compare_container(b.content, a.blocks, b.blocks, top=False)
            return [self.w.keep(None, b)]
        return self.w.deleted(a) + self.w.inserted(b)

    def modified_para(self, a: Para, b: Para) -> Out:
        """Word-level diff of two paragraphs; objects (links, fields, images, notes, math) are
        tokens of their own, compared by their keys."""
        ta, ka = _tokens(a)
        tb, kb = _tokens(b)
        ops = merge_whitespace(opcodes(ka, kb), ta)
        return self.w.modified_para(a, b, ops, offsets(ta), offsets(tb))

    def modified_table(self, a: Table, b: Table) -> list[Out]:
        if b.tracked:
            return [self.w.kept_revised(b)]
        if a.tracked or a.columns != b.columns:
            return self.w.deleted(a) + self.w.inserted(b)
        rows: list[Out] = []
        for kind, i, j in align_rows(a.rows, b.rows):
            if kind == "equal":
                rows.append(self.w.keep(a.rows[i], b.rows[j]))
            elif kind == "pair":
                rows.append(self.modified_row(a.rows[i], b.rows[j]))
            elif kind == "delete":
                rows.append(self.w.deleted_row(a.rows[i]))
            else:
                rows.append(self.w.inserted_row(b.rows[j]))
        return [self.w.table(b, rows)]

    def modified_row(self, a: Row, b: Row) -> Out:
        for old, new in zip(a.cells, b.cells, strict=True):
            self.w.fill(new.el, self.compare_cell(old.blocks, new.blocks))
        return b.el

    def compare_cell(self, old: Sequence[Block], new: Sequence[Block]) -> list[Out]:
        """Like :meth:`compare_blocks`, but a cell's last paragraph mark is never marked: when
        the last paragraphs differ they are compared with each other, word by word."""
        if (
            old
            and new
            and isinstance(old[-1], Para)
            and isinstance(new[-1], Para)
            and old[-1].key != new[-1].key
        ):
            head = self.compare_blocks(old[:-1], new[:-1])
            return head + [self.w.cell_end(old[-1], new[-1], self.modified(old[-1], new[-1]))]
        return self.compare_blocks(old, new)


RowStep = tuple[str, int, int]  # ("equal"|"pair"|"delete"|"insert", old index, new index)


def align_rows(old: Sequence[Row], new: Sequence[Row]) -> list[RowStep]:
    """Rows paired by content, never by position.

    Identical rows first (a diff over whole-row signatures), then, in what is left, rows with the
    same first cell (the code of a fee table: a diff over first-cell keys, extended by the row's
    other non-amount cells where the table repeats a code), then the rest by token similarity;
    rows whose first cells are different codes are never paired. Unpaired rows are deleted
    or inserted, so a removed code is a deleted row and every other row keeps its own values.
    """
    steps: list[RowStep] = []
    repeated = _repeated_keys(old) | _repeated_keys(new)
    for tag, i1, i2, j1, j2 in opcodes([r.key for r in old], [r.key for r in new]):
        if tag == "equal":
            steps.extend(("equal", i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        keys_a, keys_b = (
            [_row_key(r, repeated) for r in olds],
            [_row_key(r, repeated) for r in news],
        )
        for tag2, a1, a2, b1, b2 in opcodes(keys_a, keys_b):
            if tag2 == "equal":
                for k in range(a2 - a1):
                    x, y = olds[a1 + k], news[b1 + k]
                    if _pairable(x, y):
                        steps.append(("pair", i1 + a1 + k, j1 + b1 + k))
                    else:
                        steps += [("delete", i1 + a1 + k, -1), ("insert", -1, j1 + b1 + k)]
                continue
            sub_a, sub_b = olds[a1:a2], news[b1:b2]
            for kind, i, j in pair_up(len(sub_a), len(sub_b), _row_scorer(sub_a, sub_b)):
                oi = -1 if i is None else i1 + a1 + i
                nj = -1 if j is None else j1 + b1 + j
                steps.append((kind, oi, nj))
    return steps


def _first_cell(row: Row) -> str:
    """The normalized text of a row's first cell ("" when empty)."""
    if not row.cells:
        return ""
    return " ".join(_cell_text(row.cells[0].blocks).split()).casefold()


_AMOUNT = re.compile(r"[\s$€£%+\-\u2212.,0-9()]*")


def _row_key(row: Row, repeated: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """A row's identity in its table: the first cell; for a first cell the table repeats (a
    code listed per day and per administration), also every cell that is not an amount."""
    first = _first_cell(row)
    if first not in repeated:
        return first
    texts = [" ".join(_cell_text(c.blocks).split()).casefold() for c in row.cells[1:]]
    return "\t".join([first, *(t for t in texts if not _AMOUNT.fullmatch(t))])


def _is_code(text: str) -> bool:
    """A first cell that names a thing (a code such as S9500), not a phrase."""
    return bool(text) and len(text) <= 16 and not any(c.isspace() for c in text)


def _repeated_keys(rows: Sequence[Row]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for row in rows:
        key = _first_cell(row)
        if key and key in seen:
            repeated.add(key)
        seen.add(key)
    return repeated


def _pairable(a: Row, b: Row) -> bool:
    return len(a.cells) == len(b.cells) and not a.tracked and not b.tracked


def _row_scorer(old: Sequence[Row], new: Sequence[Row]) -> Callable[[int, int], float]:
    return lambda i, j: _row_score(old[i], new[j])


def _row_score(a: Row, b: Row) -> float:
    if not _pairable(a, b):
        return 0.0
    key_a, key_b = _first_cell(a), _first_cell(b)
    if _is_code(key_a) and _is_code(key_b) and key_a != key_b:
        return 0.0
    text_a = " ".join(_cell_text(c.blocks) for c in a.cells)
    text_b = " ".join(_cell_text(c.blocks) for c in b.cells)
    return similarity(words(text_a), words(text_b)) if text_a != text_b else 1.0


def _cell_text(blocks: Sequence[Block]) -> str:
    return " ".join(b.text for b in blocks if isinstance(b, Para | Opaque))


def _two_level(old: Sequence[Block], new: Sequence[Block]) -> list[Opcode]:
    """Opcodes of two block lists: first by their XML (cheap; untouched paragraphs are never
    taken apart), then, inside what differs, by their semantic keys."""
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes([b.raw for b in old], [b.raw for b in new]):
        if tag == "equal":
            out.append((tag, i1, i2, j1, j2))
            continue
        sub = opcodes([b.key for b in old[i1:i2]], [b.key for b in new[j1:j2]])
        out.extend((t, i1 + a1, i1 + a2, j1 + b1, j1 + b2) for t, a1, a2, b1, b2 in sub)
    return out


def _tokens(p: Para) -> tuple[list[str], list[Hashable]]:
    """Tokens of the paragraph's flat text, and their keys (an object's key for its token)."""
    tokens = tokenize(p.flat)
    objects = iter(p.objects())
    keys: list[Hashable] = [("object", next(objects).key) if t == OBJECT else t for t in tokens]
    return tokens, keys


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
