"""The report content, built once and shared by every renderer (frozen dataclasses).

Money cells carry exact Decimals; chart series carry floats for drawing only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infusionkit.negotiation import Sensitivity

Cell = str  # every table cell is display text; alignment says how to place it


@dataclass(frozen=True)
class Column:
    """A table column: header text, numeric (right-aligned) or text, nominal width in inches
    (see :mod:`infusionkit.reporting.layout`); ``group`` keeps a scenario's columns together
    when a wide table is split."""

    header: str
    numeric: bool = False
    width: float = 1.0
    group: str = ""


@dataclass(frozen=True)
class Row:
    """A table row; ``kind`` is ``"body"``, ``"group"`` (one spanning label) or ``"total"``."""

    cells: tuple[Cell, ...]
    kind: str = "body"


@dataclass(frozen=True)
class Table:
    """A titled table of display text."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    note: str = ""
    key_columns: int = 1
    """Leading columns repeated in every part when the table is split."""


@dataclass(frozen=True)
class Scenario:
    """One priced contract as the report names it."""

    name: str
    contract_name: str
    payer: str
    effective: date
    total_allowed: Decimal
    label: str = ""


@dataclass(frozen=True)
class InputFile:
    """One input file and its SHA-256 digest (provenance)."""

    role: str
    path: str
    sha256: str


@dataclass(frozen=True)
class Cover:
    """Title page facts."""

    title: str
    payers: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    period: tuple[date | None, date | None]
    generated: date
    version: str
    inputs: tuple[InputFile, ...]


@dataclass(frozen=True)
class WaterfallStep:
    """One sequential step of the change from the baseline to a scenario; ``apart`` marks the
    part on lines without price data (not a driver)."""

    driver: str
    delta: Decimal
    apart: bool = False


@dataclass(frozen=True)
class Waterfall:
    """Sequential substitution from ``baseline`` to ``scenario``; steps sum to the total delta."""

    baseline: str
    scenario: str
    start: Decimal
    end: Decimal
    steps: tuple[WaterfallStep, ...]

    @property
    def total_delta(self) -> Decimal:
        return self.end - self.start


@dataclass(frozen=True)
class BarSeries:
    """Grouped bars: one value per category for each scenario (floats, drawing only)."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True)
class Distribution:
    """Allowed per episode in one scenario (floats, drawing only)."""

    scenario: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart to draw: ``kind`` is ``bars``, ``lines``, ``waterfall``, ``distribution`` or
    ``tornado``
    (a :class:`~infusionkit.negotiation.Sensitivity`, drawn by the negotiation's chart)."""

    key: str
    kind: str
    title: str
    caption: str
    data: BarSeries | Waterfall | tuple[Distribution, ...] | Sensitivity


@dataclass(frozen=True)
class Section:
    """A report section: heading, paragraphs, bullets, charts and tables in that order (tables
    first with ``charts_last``)."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    bullets: tuple[str, ...] = ()
    charts_last: bool = False
    """Tables before charts (a short table then fills the page a large chart leaves)."""


@dataclass(frozen=True)
class Report:
    """The whole report: cover, sections, and the figures tests and renderers rely on."""

    cover: Cover
    sections: tuple[Section, ...]
    waterfalls: tuple[Waterfall, ...] = ()
    findings_included: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    audience: str = "payer"
    """``payer`` (to send: no review findings, provenance or tool names) or ``internal``."""
    landscape: bool = False
    data: dict[str, Any] = field(default_factory=dict, compare=False)
    """The machine-readable results (``report.json``)."""

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(chart for section in self.sections for chart in section.charts)
