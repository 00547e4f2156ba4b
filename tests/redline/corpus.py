"""Generate .docx pairs with python-docx for redline tests and benchmarks."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field, replace

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@dataclass(frozen=True)
class P:
    """A paragraph: runs of (text, bold, italic)."""

    runs: tuple[tuple[str, bool, bool], ...]
    style: str | None = None
    bookmark: str | None = None
    field: str | None = None  # a PAGE-like simple field appended after the text

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs)


@dataclass(frozen=True)
class Tbl:
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Doc:
    blocks: list[P | Tbl] = field(default_factory=list)


def para(text: str, style: str | None = None, **kw: object) -> P:
    return P(((text, False, False),), style, **kw)  # type: ignore[arg-type]


def build(doc: Doc) -> bytes:
    """Render ``doc`` to .docx bytes."""
    d = docx.Document()
    for block in doc.blocks:
        if isinstance(block, Tbl):
            table = d.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            continue
        p = d.add_paragraph(style=block.style)
        for text, bold, italic in block.runs:
            run = p.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        if block.bookmark:
            _bookmark(p._p, block.bookmark)
        if block.field:
            fld = OxmlElement("w:fldSimple")
            fld.set(qn("w:instr"), block.field)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = "1"
            r.append(t)
            fld.append(r)
            p._p.append(fld)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _bookmark(p: object, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "7")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "7")
    runs = p.findall(qn("w:r"))  # type: ignore[attr-defined]
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)


WORDS = [
    "payer",
    "provider",
    "shall",
    "reimburse",
    "per",
    "diem",
    "nursing",
    "visit",
    "drug",
    "supply",
    "home",
    "infusion",
    "therapy",
    "claim",
    "days",
    "within",
    "net",
    "rate",
    "schedule",
    "code",
    "member",
    "authorization",
    "the",
    "of",
    "and",
    "to",
    "for",
    "a",
    "in",
]


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(6, 24))]
    return " ".join(words).capitalize() + "."


def contract(rng: random.Random, paragraphs: int = 60, tables: int = 1) -> Doc:
    """A contract-like document: headings, body paragraphs, a list and fee tables."""
    blocks: list[P | Tbl] = [para("Home Infusion Services Agreement", "Title")]
    clause = 0
    for n in range(paragraphs):
        if n % 8 == 0:
            clause += 1
            blocks.append(para(f"{clause}. Clause {clause}", "Heading 1"))
        elif n % 8 == 5:
            blocks.append(para(sentence(rng, 8), "List Number"))
        elif n % 8 == 3:
            s = sentence(rng).rstrip(".")
            cut = len(s) // 2
            blocks.append(P(((s[:cut], False, False), (s[cut:], True, False), (".", False, True))))
        else:
            blocks.append(para(sentence(rng)))
    for t in range(tables):
        rows = [("Code", "Description", "Rate")]
        rows += [(f"S95{n:02d}", sentence(rng, 3), f"{100 + n * 7}.00") for n in range(6)]
        blocks.insert(min(len(blocks), 10 + t * 25), Tbl(tuple(rows)))
    blocks.insert(
        3,
        P(
            (("See the schedule in section ", False, False), ("A", True, False)),
            bookmark="schedule",
        ),
    )
    blocks.insert(6, P((("Page ", False, False),), field="PAGE"))
    return Doc(blocks)


def edit_words(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(words))
        action = rng.random()
        if action < 0.4:
            words[k] = rng.choice(WORDS)
        elif action < 0.7:
            words.insert(k, rng.choice(WORDS))
        elif len(words) > 2:
            del words[k]
    return " ".join(words)


def mutate(rng: random.Random, doc: Doc, rate: float = 0.1) -> Doc:
    """A revised copy of ``doc``: edited, added and removed paragraphs, table changes."""
    out: list[P | Tbl] = []
    for block in doc.blocks:
        roll = rng.random()
        if isinstance(block, Tbl):
            out.append(_mutate_table(rng, block) if roll < 0.8 else block)
            continue
        if roll < rate * 0.5 and not block.field:
            new_runs = tuple(
                (edit_words(rng, t) if t.strip() else t, b, i) for t, b, i in block.runs
            )
            out.append(replace(block, runs=new_runs))
        elif roll < rate * 0.7 and not block.field:
            continue  # removed
        elif roll < rate:
            out.append(block)
            out.append(para(sentence(rng)))  # added
        else:
            out.append(block)
    return Doc(out)


def _mutate_table(rng: random.Random, table: Tbl) -> Tbl:
    rows = [list(r) for r in table.rows]
    k = rng.randrange(1, len(rows))
    rows[k][2] = f"{rng.randint(100, 999)}.00"
    if rng.random() < 0.5 and len(rows) > 3:
        del rows[rng.randrange(1, len(rows))]
    if rng.random() < 0.5:
        rows.insert(rng.randrange(1, len(rows) + 1), ["S9999", "new service", "42.00"])
    return Tbl(tuple(tuple(r) for r in rows))


def pair(seed: int, paragraphs: int = 60, rate: float = 0.1) -> tuple[bytes, bytes]:
    """A (original, revised) pair of .docx bytes."""
    rng = random.Random(seed)
    doc = contract(rng, paragraphs)
    return build(doc), build(mutate(rng, doc, rate))
