"""Page layout of report tables: column widths in inches, landscape pages, split wide tables.

Every column has a nominal width (inches at the report's table font) that fits its longest
cell, so money never runs into the next column. A report whose widest table does not fit a
portrait page is laid out landscape; a table wider than a landscape page is split into parts
that repeat its key columns (code and description) and keep each scenario's columns together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from infusionkit.reporting.model import Column, Table

PAGE_IN = (8.5, 11.0)
MARGIN_IN = 0.7
PORTRAIT_IN = PAGE_IN[0] - 2 * MARGIN_IN
LANDSCAPE_IN = PAGE_IN[1] - 2 * MARGIN_IN


def width(table: Table) -> float:
    """Nominal width of ``table`` in inches."""
    return sum(column.width for column in table.columns)


def needs_landscape(tables: Iterable[Table]) -> bool:
    """Is any table wider than a portrait page?"""
    return any(width(t) > PORTRAIT_IN + 1e-9 for t in tables)


def content_width(landscape: bool) -> float:
    return LANDSCAPE_IN if landscape else PORTRAIT_IN


def split(table: Table, limit: float) -> tuple[Table, ...]:
    """``table`` as parts no wider than ``limit``: the first ``key_columns`` columns repeated,
    columns of one ``group`` (a scenario) never separated. A table that fits is returned whole."""
    if width(table) <= limit + 1e-9:
        return (table,)
    keys = table.columns[: table.key_columns]
    rest = list(enumerate(table.columns))[table.key_columns :]
    groups: list[list[tuple[int, Column]]] = []
    for index, column in rest:
        if groups and column.group and groups[-1][-1][1].group == column.group:
            groups[-1].append((index, column))
        else:
            groups.append([(index, column)])
    base = sum(c.width for c in keys)
    parts: list[list[int]] = [[]]
    used = base
    for group in groups:
        extra = sum(c.width for _, c in group)
        if parts[-1] and used + extra > limit + 1e-9:
            parts.append([])
            used = base
        parts[-1] += [i for i, _ in group]
        used += extra
    key_index = list(range(table.key_columns))
    result = []
    for n, part in enumerate(parts, start=1):
        chosen = key_index + part
        rows = tuple(
            row
            if row.kind == "group"
            else dataclasses.replace(row, cells=tuple(row.cells[i] for i in chosen))
            for row in table.rows
        )
        caption = f"{table.caption} (part {n} of {len(parts)})" if table.caption else ""
        result.append(
            dataclasses.replace(
                table,
                columns=tuple(table.columns[i] for i in chosen),
                rows=rows,
                caption=caption,
                note=table.note if n == len(parts) else "",
            )
        )
    return tuple(result)


def fitted(table: Table, limit: float) -> Table:
    """``table`` with its widths scaled to fill ``limit`` when narrower (never shrunk)."""
    total = width(table)
    if total <= 0 or total >= limit:
        return table
    scale = limit / total
    return dataclasses.replace(
        table, columns=tuple(dataclasses.replace(c, width=c.width * scale) for c in table.columns)
    )


def text_width(text: str, points: float = 8.0) -> float:
    """Approximate width in inches of ``text`` (the longest line) at ``points`` size."""
    longest = max((len(line) for line in str(text).split("\n")), default=0)
    return longest * points * 0.55 / 72


__all__ = [
    "LANDSCAPE_IN",
    "PORTRAIT_IN",
    "content_width",
    "fitted",
    "needs_landscape",
    "split",
    "text_width",
    "width",
]
