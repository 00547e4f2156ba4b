"""Column schema of the six episode tables: names, kinds, which are required.

Kinds decide how a column is read and stored:

- ``text``: pandas ``"string"`` dtype, blank = ``<NA>``;  ``code``: text upper-cased (HCPCS).
- ``date``: ``datetime64[s]``, strictly ISO ``YYYY-MM-DD``.
- ``float``: ``float64`` (NaN when blank);  ``int``: ``int64`` (whole numbers only).
- ``decimal``: ``object`` column of :class:`decimal.Decimal` or ``None``, read exactly from text.
- ``site``: ``home`` (default when blank) or ``ais``.

Numbers carry sane bounds (``low``/``high``, from :mod:`infusionkit.bounds`); a value outside
them is a range error naming file, line and column. Dates lie in ``FIRST_DATE … LAST_DATE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from infusionkit.bounds import (
    MAX_DAILY_VOLUME_ML,
    MAX_INTERVAL_HOURS,
    MAX_MONEY,
    MAX_UNITS,
    MAX_VISIT_MINUTES,
    UNITS_PLACES,
)

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
    low: float | Decimal | None = None  # smallest value allowed (numbers)
    high: float | Decimal | None = None  # largest value allowed (numbers)
    low_open: bool = False  # ``low`` itself is not allowed (> low)

    def bounds_text(self) -> str:
        """``0 to 8760``, ``more than 0 and at most 20000``."""
        low = "more than" if self.low_open else "from"
        return f"{low} {_number(self.low)} {'and at most' if self.low_open else 'to'} " + (
            _number(self.high)
        )


def _number(value: float | Decimal | None) -> str:
    if value is None:
        return "any"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


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


_ZERO = Decimal(0)

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
            Column(
                "dosing_interval_hours", "float", required=True, low=0.0, high=MAX_INTERVAL_HOURS
            ),
            Column("site", "site"),
            Column("daily_volume_ml", "float", low=0.0, high=MAX_DAILY_VOLUME_ML, low_open=True),
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
        ("therapy_id",),  # never the patient_id: messages carry no PHI
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
            Column("minutes", "int", required=True, low=0, high=MAX_VISIT_MINUTES, low_open=True),
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
            Column(
                "units", "decimal", required=True, places=UNITS_PLACES, low=_ZERO, high=MAX_UNITS
            ),
            Column("billed_charge", "decimal", places=2, low=_ZERO, high=MAX_MONEY),
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
            Column(
                "units", "decimal", required=True, places=UNITS_PLACES, low=_ZERO, high=MAX_UNITS
            ),
            Column("billed_charge", "decimal", places=2, low=_ZERO, high=MAX_MONEY),
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

# Columns holding patient identifiers (PHI): shown in messages only as keyed pseudonyms.
PHI_COLUMNS = frozenset({"patient_id"})
# Extra (unknown) columns whose name says they hold PHI get the same treatment.
PHI_NAME_PARTS = ("patient", "member", "name", "mrn", "birth", "dob", "ssn", "subscriber")
