"""``rates``: every code × contract (rates, percentages, drug basis), lowest and highest marked.

A code a contract does not list shows how that contract prices it (its section default). Rows
whose cells hold comparable numbers (dollar rates, or percentages) mark the lowest and highest
contract; text cells (``unpriced``, ``60% of charges``, a day count) are shown as they are.
With a history, each row carries the code's volume (per diem days, administrations, visits,
units) as coded under the first contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from infusionkit.catalog import normalize
from infusionkit.money import format_money, percent_text, plain_number

if TYPE_CHECKING:
    from infusionkit.contracts import Contract, PriceRule
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook
    from infusionkit.simulation import Simulation, WhatIf

CellKind = Literal["rate", "percent", "text"]
RATE_SECTIONS = ("per_diem", "infrequent", "nursing", "other")
LINE_TYPE = {"per_diem": "per_diem", "infrequent": "infrequent", "nursing": "nursing"}
UNITS = {
    "per_diem": "per day",
    "infrequent": "per administration",
    "nursing": "per visit",
    "other": "per unit",
    "drugs": "per billing unit",
}
VOLUME_UNITS = {
    "per_diem": "days",
    "infrequent": "administrations",
    "nursing": "units",
    "other": "units",
    "drugs": "units",
}
NURSING_UNITS = {"99601": "per visit (first 2 hours)", "99602": "per additional hour"}
ALL_OTHER = "(all other codes)"
DEFAULT = "(default)"


@dataclass(frozen=True)
class RateCell:
    """One contract's term for one row: text as shown, and a comparable number when there is one."""

    text: str
    value: Decimal | None = None
    kind: CellKind = "text"
    low: bool = False
    high: bool = False


@dataclass(frozen=True)
class RateRow:
    """One code (or term) across the contracts."""

    section: str
    code: str
    unit: str
    cells: tuple[RateCell, ...]
    volume: Decimal | None = None
    volume_unit: str = ""

    def marked(self, labels: Sequence[str], which: Literal["low", "high"]) -> list[str]:
        """Labels of the contracts holding the row's lowest (or highest) value."""
        return [
            label for label, cell in zip(labels, self.cells, strict=True) if getattr(cell, which)
        ]


@dataclass(frozen=True)
class RateMatrix:
    """Rows of codes and terms, one cell per contract (``labels`` in order)."""

    labels: tuple[str, ...]
    rows: tuple[RateRow, ...]
    has_volumes: bool = False

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain dicts: section, code, unit, volume, one column per contract, lowest,
        highest (money and percentages as exact text)."""
        out = []
        for row in self.rows:
            record: dict[str, Any] = {"section": row.section, "code": row.code, "unit": row.unit}
            if self.has_volumes:
                record["volume"] = "" if row.volume is None else plain_number(row.volume)
                record["volume_unit"] = row.volume_unit
            for label, cell in zip(self.labels, row.cells, strict=True):
                record[label] = cell.text
            record["lowest"] = " ".join(row.marked(self.labels, "low"))
            record["highest"] = " ".join(row.marked(self.labels, "high"))
            out.append(record)
        return out


def _rate_cell(rule: PriceRule | None, listed: Decimal | None, missing: str) -> RateCell:
    if listed is not None:
        return RateCell(format_money(listed), listed, "rate")
    if rule is None:
        return RateCell(missing)
    if rule.kind == "rate" and rule.value is not None:
        return RateCell(f"{format_money(rule.value)} {DEFAULT}", rule.value, "rate")
    if rule.kind == "percent_of_charges" and rule.value is not None:
        return RateCell(f"{percent_text(rule.value)} of charges {DEFAULT}")
    return RateCell("unpriced")


def _section(contract: Contract, name: str) -> Any:
    if name == "infrequent":
        return contract.per_diem.infrequent if contract.per_diem else None
    return getattr(contract, name)


def _mark(cells: list[RateCell]) -> tuple[RateCell, ...]:
    """Lowest and highest marked when at least two cells hold comparable, different numbers."""
    numbers = [c for c in cells if c.value is not None]
    kinds = {c.kind for c in numbers}
    if len(numbers) < 2 or len(kinds) != 1:
        return tuple(cells)
    low = min(c.value for c in numbers if c.value is not None)
    high = max(c.value for c in numbers if c.value is not None)
    if low == high:
        return tuple(cells)
    return tuple(
        replace(c, low=c.value == low, high=c.value == high) if c.value is not None else c
        for c in cells
    )


def _volume_codes(volumes: dict[tuple[str, str], Decimal], line_type: str) -> set[str]:
    return {code for (kind, code) in volumes if kind == line_type}


def rate_matrix(
    contracts: object,
    *,
    history: WhatIf | Simulation | Episodes | str | Path | None = None,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
) -> RateMatrix:
    """The code × contract matrix of ``contracts`` (as for ``simulate``: a file, a list, or
    {label: contract}); with ``history`` the volume of each code."""
    from infusionkit.negotiation.history import service_for
    from infusionkit.simulation.run import resolve_scenarios

    scenarios = resolve_scenarios(contracts)
    labels = tuple(s.name for s in scenarios)
    items = [s.contract for s in scenarios]
    volumes: dict[tuple[str, str], Decimal] = {}
    if history is not None:
        service = service_for(history, rates=rates, payer=payer, contract_path=scenarios[0].path)
        volumes = service.volumes(items[0])
    rows: list[RateRow] = []
    for section in RATE_SECTIONS:
        rows.extend(_section_rows(section, items, volumes, history is not None))
        if section == "per_diem":
            rows.extend(_per_diem_terms(items))
    rows.extend(_drug_rows(items, volumes, history is not None))
    lesser = [RateCell("yes" if c.lesser_of_billed_charges else "no") for c in items]
    rows.append(RateRow("terms", "lesser_of_billed_charges", "", tuple(lesser)))
    return RateMatrix(labels, tuple(rows), history is not None)


def _section_rows(
    section: str,
    contracts: list[Contract],
    volumes: dict[tuple[str, str], Decimal],
    with_volumes: bool,
) -> list[RateRow]:
    line_type = LINE_TYPE.get(section, "other")
    terms = [_section(c, section) for c in contracts]
    listed = {code for t in terms if t is not None for code in t.rates}
    codes = sorted(listed | _volume_codes(volumes, line_type))
    rows = []
    for code in codes:
        cells = [
            _rate_cell(
                t.default if t is not None else None,
                t.rates.get(code) if t is not None else None,
                f"no {section} section",
            )
            for t in terms
        ]
        unit = NURSING_UNITS.get(code, UNITS[section]) if section == "nursing" else UNITS[section]
        volume = volumes.get((line_type, code), Decimal(0)) if with_volumes else None
        rows.append(
            RateRow(
                section,
                code,
                unit,
                _mark(cells),
                volume,
                VOLUME_UNITS[section] if with_volumes else "",
            )
        )
    if any(t is not None for t in terms):
        defaults = [
            _rate_cell(t.default, None, f"no {section} section")
            if t is not None
            else RateCell(f"no {section} section")
            for t in terms
        ]
        rows.append(RateRow(section, DEFAULT, UNITS[section], _mark(defaults)))
    return rows


def _per_diem_terms(contracts: list[Contract]) -> list[RateRow]:
    terms = [c.per_diem for c in contracts]
    if all(t is None for t in terms):
        return []

    def percent(values: list[Decimal | None]) -> tuple[RateCell, ...]:
        return _mark(
            [
                RateCell(percent_text(v), v, "percent") if v is not None else RateCell("—")
                for v in values
            ]
        )

    def text(values: list[str | None]) -> tuple[RateCell, ...]:
        return tuple(RateCell(v or "—") for v in values)

    return [
        RateRow(
            "per_diem",
            "SH",
            "% of the rate (2nd therapy of a day)",
            percent([t.concurrent.SH if t else None for t in terms]),
        ),
        RateRow(
            "per_diem",
            "SJ",
            "% of the rate (3rd and later)",
            percent([t.concurrent.SJ if t else None for t in terms]),
        ),
        RateRow(
            "per_diem",
            "ais_percent",
            "% of the rate (suite days, SS)",
            percent([t.ais_percent if t else None for t in terms]),
        ),
        RateRow("per_diem", "day_count", "", text([t.day_count if t else None for t in terms])),
        RateRow(
            "per_diem", "primary", "", text([t.concurrent.primary if t else None for t in terms])
        ),
    ]


def _drug_rows(
    contracts: list[Contract], volumes: dict[tuple[str, str], Decimal], with_volumes: bool
) -> list[RateRow]:
    drugs = [c.drugs for c in contracts]
    if all(d is None for d in drugs):
        return []
    overridden = sorted({normalize(code) for d in drugs if d is not None for code in d.overrides})

    def cells(code: str | None) -> tuple[RateCell, ...]:
        row = []
        for d in drugs:
            if d is None:
                row.append(RateCell("no drugs section"))
                continue
            basis, pct, _ = d.terms_for(code) if code else (d.basis, d.percent, "drugs")
            row.append(RateCell(f"{basis} {percent_text(pct, signed=True)}", pct, "percent"))
        bases = {c.text.split(" ")[0] for c in row if c.value is not None}
        return _mark(row) if len(bases) == 1 else tuple(row)

    def volume(codes: set[str] | None) -> Decimal | None:
        if not with_volumes:
            return None
        return sum(
            (
                v
                for (kind, code), v in volumes.items()
                if kind == "drug" and (codes is None or code in codes)
            ),
            start=Decimal(0),
        )

    drug_codes = _volume_codes(volumes, "drug")
    rows = [
        RateRow(
            "drugs",
            code,
            UNITS["drugs"],
            cells(code),
            volume({code}),
            VOLUME_UNITS["drugs"] if with_volumes else "",
        )
        for code in overridden
    ]
    rows.append(
        RateRow(
            "drugs",
            ALL_OTHER,
            UNITS["drugs"],
            cells(None),
            volume(drug_codes - set(overridden)),
            VOLUME_UNITS["drugs"] if with_volumes else "",
        )
    )
    return rows
