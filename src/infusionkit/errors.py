"""Input error records: where a problem is (file, row or YAML line, column or key) and what it is.

Checks return lists of :class:`InputError`; callers raise :class:`InputErrors` once, with all of
them, and the CLI prints them and exits 2. No traceback reaches the user for bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_REPORTED = 50


@dataclass(frozen=True)
class InputError:
    """One problem in one input file."""

    file: str
    message: str
    line: int | None = None  # 1-based line in the file (CSV line incl. header, YAML line)
    row_id: str | None = None  # the row's own id (therapy_id, visit_id, ...) when it has one
    column: str | None = None  # column name or YAML key path ("per_diem.rates.S9500")
    allowed: str | None = None  # what would be accepted
    segment: int | None = None  # 1-based segment position in an X12 file (ISA = 1)

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.segment is not None:
            where.append(f"segment {self.segment}")
        if self.row_id:
            where.append(f"id {self.row_id}")
        if self.column:
            where.append(self.column)
        text = f"{', '.join(where)}: {self.message}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text


class InputErrors(Exception):
    """Raised once with every problem found in the input."""

    def __init__(self, errors: Sequence[InputError]):
        self.errors: tuple[InputError, ...] = tuple(errors)
        super().__init__(self.render())

    def render(self, limit: int = MAX_REPORTED) -> str:
        shown = [str(error) for error in self.errors[:limit]]
        hidden = len(self.errors) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s)")
        return "\n".join(shown)


def raise_if_any(errors: Iterable[InputError]) -> None:
    """Raise :class:`InputErrors` when the iterable holds any error."""
    collected = list(errors)
    if collected:
        raise InputErrors(collected)


def input_error(path: Path | str, message: str, **where: object) -> InputErrors:
    """Shorthand for a single-problem :class:`InputErrors`."""
    return InputErrors([InputError(file=str(path), message=message, **where)])  # type: ignore[arg-type]
