"""Column schema of the six episode tables: names, kinds, which are required.

Kinds decide how a column is read and stored:

- ``text``: pandas ``"string"`` dtype, blank = ``<NA>``;  ``code``: text upper-cased (HCPCS).
- ``date``: ``datetime64[s]``, strictly ISO ``YYYY-MM-DD``.
- ``float``: ``float64`` (NaN when blank);  ``int``: ``int64`` (whole numbers only).
- ``decimal``: ``object`` column of :class:`decimal.Decimal` or ``None``, read exactly from text.
- ``site``: ``home`` (default when blank) or ``ais``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "date", "float", "int", "decimal", "site"]

TABLES = ("therapies", "holds", "administrations", "nursing", "drugs", "other")
SITES = ("home", "ais")


@dataclass(frozen=True)
class Column:
    """One column of an episode table."""

    name: str
    kind: Kind = "text"
    required: bool = False
    places: int | None = None  # decimal: most decimals allowed (None = any)


@dataclass(frozen=True)
class TableSpec:
    """One episode table: its columns and the column naming a row in messages."""

    name: str
    columns: tuple[Column, ...]
    id_columns: tuple[str, ...]  # first non-blank of these names the row in error messages

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


SPECS: dict[str, TableSpec] = {
    "therapies": TableSpec(
        "therapies",
        (
            Column("therapy_id", required=True),
            Column("episode_id", required=True),
            Column("patient_id", required=True),
            Column("payer_id"),
            Column("hcpcs", "code", required=True),
            Column("start_date", "date", required=True),
            Column("end_date", "date", required=True),
            Column("dosing_interval_hours", "float", required=True),
            Column("site", "site"),
            Column("daily_volume_ml", "float"),
        ),
        ("therapy_id",),
    ),
    "holds": TableSpec(
        "holds",
        (
            Column("patient_id", required=True),
            Column("therapy_id"),
            Column("start_date", "date", required=True),
            Column("end_date", "date", required=True),
            Column("reason"),
        ),
        ("therapy_id", "patient_id"),
    ),
    "administrations": TableSpec(
        "administrations",
        (Column("therapy_id", required=True), Column("date", "date", required=True)),
        ("therapy_id",),
    ),
    "nursing": TableSpec(
        "nursing",
        (
            Column("visit_id", required=True),
            Column("episode_id", required=True),
            Column("patient_id", required=True),
            Column("visit_date", "date", required=True),
            Column("minutes", "int", required=True),
            Column("site", "site"),
        ),
        ("visit_id",),
    ),
    "drugs": TableSpec(
        "drugs",
        (
            Column("line_id", required=True),
            Column("episode_id", required=True),
            Column("therapy_id"),
            Column("service_date", "date", required=True),
            Column("hcpcs", "code", required=True),
            Column("ndc"),
            Column("units", "decimal", required=True, places=3),
            Column("billed_charge", "decimal", places=2),
        ),
        ("line_id",),
    ),
    "other": TableSpec(
        "other",
        (
            Column("line_id", required=True),
            Column("episode_id", required=True),
            Column("hcpcs", "code", required=True),
            Column("service_date", "date", required=True),
            Column("units", "decimal", required=True),
            Column("billed_charge", "decimal", places=2),
        ),
        ("line_id",),
    ),
}

# Columns whose values must be unique within their table.
UNIQUE_IDS = {
    "therapies": "therapy_id",
    "nursing": "visit_id",
    "drugs": "line_id",
    "other": "line_id",
}

# Money columns (dollars, at most 2 decimals) among the decimal columns.
MONEY_COLUMNS = frozenset({"billed_charge"})
