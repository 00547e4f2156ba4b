"""The rendered addendum: clauses made of headings, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True)
class Block:
    """One heading, body paragraph or table (``rows``, header first) of a clause."""

    kind: BlockKind
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Clause:
    """One rendered clause template."""

    id: str
    number: int
    title: str
    topic: str
    file: str
    blocks: tuple[Block, ...]
    fields: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """Text of the clause's first heading (its title line)."""
        return next((b.text for b in self.blocks if b.kind == "heading"), self.title)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Body paragraph texts (headings and tables left out)."""
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def tables(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Tables of the clause, each as rows with the header row first."""
        return tuple(b.rows for b in self.blocks if b.kind == "table")

    def text(self) -> str:
        """Plain text of the whole clause, one line per paragraph or table row."""
        lines: list[str] = []
        for block in self.blocks:
            if block.kind == "table":
                lines.extend("\t".join(row) for row in block.rows)
            else:
                lines.append(block.text)
        return "\n".join(lines)


@dataclass(frozen=True)
class FeeRow:
    """One row of the fee-schedule exhibit."""

    code: str
    descriptor: str
    rate: Decimal
    section: str  # per_diem | infrequent | nursing | other
    unit: str  # "per day", "per administration", "per visit", "per hour", "per unit"


@dataclass(frozen=True)
class Addendum:
    """A contract rendered through the clause templates."""

    title: str
    payer: str
    clauses: tuple[Clause, ...]
    fee_rows: tuple[FeeRow, ...]

    def clause(self, clause_id: str) -> Clause:
        """The clause with manifest id ``clause_id``."""
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def text(self) -> str:
        """Plain text of the addendum, clause after clause."""
        return "\n".join(clause.text() for clause in self.clauses)
