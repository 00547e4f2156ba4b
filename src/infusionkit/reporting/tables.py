"""Report tables computed from a simulation: rates by code, families, line types, episodes.

Column widths are nominal inches (:mod:`infusionkit.reporting.layout`); the columns of each
scenario share a ``group`` so a wide table splits between scenarios, never inside one.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.money import ZERO, percent_change, round_cents
from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.labels import (
    LINE_TYPES,
    family_label,
    family_of,
    line_type_label,
    short_descriptor,
)
from infusionkit.reporting.model import BarSeries, Column, Distribution, Row, Table
from infusionkit.reporting.rates import change_text, describe, listed_codes
from infusionkit.simulation.gaps import PRICE_DATA, unpriced_by_cause
from infusionkit.simulation.labels import unit_of

if TYPE_CHECKING:
    from infusionkit.negotiation import RateRow
    from infusionkit.simulation import Simulation

MAX_BAR_FAMILIES = 10
CODE_IN, DESCRIPTION_IN, UNIT_IN = 0.55, 1.8, 0.8
RATE_IN, PCT_IN, MONEY_IN, COUNT_IN = 0.8, 0.7, 0.95, 0.7
GAP_MARK = "*"
HIGH_MARK, LOW_MARK = "\u25b2", "\u25bc"
MATRIX_LINE_TYPES = {
    "per_diem": "per_diem",
    "infrequent": "infrequent",
    "nursing": "nursing",
    "other": "other",
    "drugs": "drug",
}
"""Sections of the rate matrix and the report's line types."""


def labels_of(sim: Simulation) -> dict[str, str]:
    """Scenario name -> display label."""
    return {s.name: s.display for s in sim.scenarios}


def _sums(sim: Simulation, key: str) -> dict[tuple[str, str, str], Decimal]:
    """Exact sums of ``key`` by (scenario, line_type, hcpcs), over modifiers."""
    sums: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in sim.by_code.itertuples(index=False):
        sums[(row.scenario, row.line_type, row.hcpcs)] += getattr(row, key)
    return sums


COMBINED_MAX = 2
"""Up to this many scenarios, one table holds rates, rate changes and effects (it fits a
portrait page); more scenarios get a rates table and an effects table."""


class _RateData:
    """Per (line type, code): the rates in each scenario, units and allowed changes."""

    def __init__(self, sim: Simulation):
        self.names = sim.names
        self.label = labels_of(sim)
        self.contracts = {s.name: s.contract for s in sim.scenarios}
        self.allowed = _sums(sim, "allowed")
        self.units = _sums(sim, "units")
        self.prices = sim.prices
        self.gaps = {
            (r.scenario, r.line_type, r.hcpcs)
            for r in unpriced_by_cause(sim).itertuples(index=False)
            if r.cause == PRICE_DATA
        }
        pairs = {(lt, code) for (_, lt, code) in self.allowed}
        for contract in self.contracts.values():
            pairs |= listed_codes(contract)
        self.pairs = pairs
        self.marked = False

    def groups(self) -> list[tuple[str, list[str]]]:
        return [
            (line_type, codes)
            for line_type in LINE_TYPES
            if (codes := sorted(code for lt, code in self.pairs if lt == line_type))
        ]

    def key_cells(self, line_type: str, code: str) -> list[str]:
        return [code, short_descriptor(line_type, code, self.prices), unit_of(line_type, code)]

    def base_units(self, line_type: str, code: str) -> str:
        return fmt.units(self.units.get((self.names[0], line_type, code), ZERO))

    def rate(self, name: str, line_type: str, code: str) -> str:
        return describe(self.contracts[name], line_type, code)[0]

    def change(self, name: str, line_type: str, code: str) -> str:
        return change_text(self.contracts[self.names[0]], self.contracts[name], line_type, code)

    def delta(self, name: str, line_type: str, code: str) -> tuple[Decimal, str]:
        base = self.names[0]
        amount = self.allowed.get((name, line_type, code), ZERO) - self.allowed.get(
            (base, line_type, code), ZERO
        )
        gap = (name, line_type, code) in self.gaps or (base, line_type, code) in self.gaps
        self.marked |= gap
        return amount, fmt.signed_money(amount) + (GAP_MARK if gap else "")

    def note(self) -> str:
        text = (
            "Rates as written in each contract, per the unit shown; drugs at their price basis. "
            "Units: billed units of the history under the baseline. Change in allowed: the "
            "change for the code, all modifiers included (SH, SJ, SS, lesser-of); the codes add "
            "up to the change in total allowed."
        )
        if self.marked:
            text += (
                f" {GAP_MARK} includes lines without price data (no price for the basis in the "
                "price file)."
            )
        return text


def rate_tables(sim: Simulation) -> tuple[Table, ...]:
    """Every billed or listed code: what one unit is, the units in the history, its rate in each
    scenario, how it changes and what the change is worth on the history. Up to
    :data:`COMBINED_MAX` scenarios in one table; more as a rates table and an effects table."""
    data = _RateData(sim)
    if len(sim.names) <= COMBINED_MAX:
        return (_combined(data),)
    return _rates_only(data), _effects_only(data)


def rate_comparison(sim: Simulation) -> Table:
    """The first of :func:`rate_tables` (the combined table for up to three scenarios)."""
    return rate_tables(sim)[0]


def _combined(data: _RateData) -> Table:
    names, label = data.names, data.label
    columns = [
        Column("Code", width=CODE_IN),
        Column("Description", width=DESCRIPTION_IN),
        Column("Unit", width=UNIT_IN),
        Column("Units in history", numeric=True, width=COUNT_IN),
        Column(f"Rate\n{label[names[0]]}", numeric=True, width=RATE_IN),
    ]
    for name in names[1:]:
        columns += [
            Column(f"Rate\n{label[name]}", numeric=True, width=RATE_IN, group=name),
            Column(f"Rate change\n{label[name]}", numeric=True, width=PCT_IN, group=name),
            Column(f"Change in allowed\n{label[name]}", numeric=True, width=0.9, group=name),
        ]
    rows: list[Row] = []
    effects = {name: ZERO for name in names[1:]}
    for line_type, codes in data.groups():
        rows.append(Row((line_type_label(line_type),), kind="group"))
        for code in codes:
            cells = [
                *data.key_cells(line_type, code),
                data.base_units(line_type, code),
                data.rate(names[0], line_type, code),
            ]
            for name in names[1:]:
                amount, text = data.delta(name, line_type, code)
                effects[name] += amount
                cells += [
                    data.rate(name, line_type, code),
                    data.change(name, line_type, code),
                    text,
                ]
            rows.append(Row(tuple(cells)))
    total = ["Total", "Change in total allowed", "", "", ""]
    for name in names[1:]:
        total += ["", "", fmt.signed_money(effects[name])]
    rows.append(Row(tuple(total), kind="total"))
    return Table(
        tuple(columns), tuple(rows), caption="Rates by code", note=data.note(), key_columns=5
    )


def _rates_only(data: _RateData) -> Table:
    names, label = data.names, data.label
    extremes = _extremes(data)
    columns = [
        Column("Code", width=CODE_IN),
        Column("Description", width=DESCRIPTION_IN),
        Column("Unit", width=UNIT_IN),
        *(Column(f"Rate\n{label[n]}", numeric=True, width=RATE_IN, group=n) for n in names),
    ]
    rows: list[Row] = []
    for line_type, codes in data.groups():
        rows.append(Row((line_type_label(line_type),), kind="group"))
        for code in codes:
            marks = extremes.get((line_type, code)) or extremes.get((line_type, ""))
            rates = [
                data.rate(n, line_type, code) + (_mark(marks, i) if marks else "")
                for i, n in enumerate(names)
            ]
            rows.append(Row((*data.key_cells(line_type, code), *rates)))
    return Table(
        tuple(columns),
        tuple(rows),
        caption="Rates by code",
        note="Rates as written in each contract, per the unit shown; drugs at their price basis. "
        f"{HIGH_MARK} highest and {LOW_MARK} lowest rate of the code across the contracts "
        "(when they differ).",
        key_columns=3,
    )


def _mark(row: RateRow, index: int) -> str:
    cell = row.cells[index]
    return f" {HIGH_MARK}" if cell.high else f" {LOW_MARK}" if cell.low else ""


def _extremes(data: _RateData) -> dict[tuple[str, str], RateRow]:
    """The rows of :func:`~infusionkit.negotiation.rate_matrix` by (line type, code); the
    section's default row (code "") stands for codes no contract lists (drugs: all others)."""
    from infusionkit.negotiation import rate_matrix
    from infusionkit.negotiation.rate_matrix import ALL_OTHER, DEFAULT

    matrix = rate_matrix({n: data.contracts[n] for n in data.names})
    found: dict[tuple[str, str], RateRow] = {}
    for row in matrix.rows:
        line_type = MATRIX_LINE_TYPES.get(row.section)
        if line_type is not None:
            code = "" if row.code in (ALL_OTHER, DEFAULT) else row.code
            found[(line_type, code)] = row
    return found


def _effects_only(data: _RateData) -> Table:
    names, label = data.names, data.label
    columns = [
        Column("Code", width=CODE_IN),
        Column("Description", width=DESCRIPTION_IN),
        Column("Units in history", numeric=True, width=COUNT_IN),
        *(
            Column(f"Change in allowed\n{label[n]}", numeric=True, width=0.95, group=n)
            for n in names[1:]
        ),
    ]
    rows: list[Row] = []
    effects = {name: ZERO for name in names[1:]}
    for line_type, codes in data.groups():
        rows.append(Row((line_type_label(line_type),), kind="group"))
        for code in codes:
            cells = [*data.key_cells(line_type, code)[:2], data.base_units(line_type, code)]
            for name in names[1:]:
                amount, text = data.delta(name, line_type, code)
                effects[name] += amount
                cells.append(text)
            rows.append(Row(tuple(cells)))
    total = [
        "Total",
        "Change in total allowed",
        "",
        *(fmt.signed_money(effects[n]) for n in names[1:]),
    ]
    rows.append(Row(tuple(total), kind="total"))
    return Table(
        tuple(columns),
        tuple(rows),
        caption=f"Change in allowed by code, against {label[names[0]]}",
        note=data.note(),
        key_columns=3,
    )


def family_totals(sim: Simulation) -> dict[str, dict[str, Decimal]]:
    """Exact allowed by therapy family, per scenario."""
    result: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(sim.names, ZERO))
    for row in sim.by_code.itertuples(index=False):
        family = family_of(row.line_type, row.hcpcs)
        result[family][row.scenario] += row.allowed
    return dict(result)


def _comparison_columns(first: str, sim: Simulation) -> list[Column]:
    label = labels_of(sim)
    names = sim.names
    columns = [
        Column(first, width=1.55),
        Column(f"Allowed\n{label[names[0]]}", numeric=True, width=MONEY_IN),
    ]
    for name in names[1:]:
        if len(names) > COMBINED_MAX:
            columns.append(
                Column(f"Allowed (change)\n{label[name]}", numeric=True, width=1.3, group=name)
            )
            continue
        columns += [
            Column(f"Allowed\n{label[name]}", numeric=True, width=MONEY_IN, group=name),
            Column(f"Change\n{label[name]}", numeric=True, width=MONEY_IN, group=name),
            Column("Change %", numeric=True, width=0.65, group=name),
        ]
    return columns


def _comparison_cells(label: str, values: dict[str, Decimal], names: list[str]) -> tuple[str, ...]:
    base = values[names[0]]
    cells = [label, fmt.money(base)]
    for name in names[1:]:
        change = fmt.percent(percent_change(base, values[name]))
        if len(names) > COMBINED_MAX:
            cells.append(f"{fmt.money(values[name])} ({change})")
            continue
        cells += [fmt.money(values[name]), fmt.signed_money(values[name] - base), change]
    return tuple(cells)


def family_table(sim: Simulation, families: dict[str, dict[str, Decimal]]) -> Table:
    """Allowed by therapy family in each scenario and the change against the baseline."""
    names = sim.names
    order = sorted(families, key=lambda f: (-families[f][names[0]], family_label(f)))
    rows = [Row(_comparison_cells(family_label(f), families[f], names)) for f in order]
    totals = {n: sim.total_allowed(n) for n in names}
    rows.append(Row(_comparison_cells("Total", totals, names), kind="total"))
    return Table(
        tuple(_comparison_columns("Therapy family", sim)),
        tuple(rows),
        caption="Allowed by therapy family",
        note="Family of the billed code (per diem, infrequent, nursing and other lines); "
        "all drug lines together as Drugs.",
        key_columns=2,
    )


def line_type_table(sim: Simulation) -> Table:
    """Allowed by line type in each scenario (from the simulation's exact totals)."""
    names = sim.names
    totals = sim.totals.set_index(["scenario", "line_type"])["allowed"]
    rows = []
    for line_type in (*LINE_TYPES, "all"):
        values = {n: Decimal(totals[(n, line_type)]) for n in names}
        kind = "total" if line_type == "all" else "body"
        rows.append(Row(_comparison_cells(line_type_label(line_type), values, names), kind=kind))
    return Table(
        tuple(_comparison_columns("Line type", sim)),
        tuple(rows),
        caption="Allowed by line type",
        key_columns=2,
    )


def family_bars(sim: Simulation, families: dict[str, dict[str, Decimal]]) -> BarSeries:
    """The largest families (by the largest scenario value) for the grouped bar chart."""
    names = sim.names
    label = labels_of(sim)
    order = sorted(families, key=lambda f: -max(families[f].values()))
    shown, rest = order[:MAX_BAR_FAMILIES], order[MAX_BAR_FAMILIES:]
    categories = [family_label(f) for f in shown]
    series = []
    for name in names:
        values = [float(families[f][name]) for f in shown]
        if rest:
            values.append(float(sum((families[f][name] for f in rest), ZERO)))
        series.append((label[name], tuple(values)))
    if rest:
        categories.append("All other")
    return BarSeries(tuple(categories), tuple(series))


def episode_allowed(sim: Simulation) -> dict[str, list[Decimal]]:
    """Exact allowed per episode, per scenario (sorted ascending)."""
    from infusionkit.simulation.totals import aggregate

    frame = aggregate(sim.table, ["scenario", "episode_id"])
    result: dict[str, list[Decimal]] = {name: [] for name in sim.names}
    for scenario, value in zip(frame["scenario"], frame["allowed"], strict=True):
        result[scenario].append(value)
    for values in result.values():
        values.sort()
    return result


def _nearest_rank(values: list[Decimal], pct: int) -> Decimal:
    if not values:
        return ZERO
    rank = max(1, -(-pct * len(values) // 100))
    return values[rank - 1]


def distribution_table(per_episode: dict[str, list[Decimal]], labels: dict[str, str]) -> Table:
    """Allowed per episode: mean and percentiles (nearest rank) per scenario."""
    columns = (
        Column("Scenario", width=1.4),
        Column("Episodes", numeric=True, width=0.65),
        *(
            Column(name, numeric=True, width=0.8)
            for name in ("Mean", "25th pct.", "Median", "75th pct.", "90th pct.", "Highest")
        ),
    )
    rows = []
    for name, values in per_episode.items():
        mean = round_cents(sum(values, ZERO) / len(values)) if values else ZERO
        cells = (
            labels.get(name, name),
            fmt.count(len(values)),
            fmt.money(mean),
            *(fmt.money(_nearest_rank(values, p)) for p in (25, 50, 75, 90, 100)),
        )
        rows.append(Row(cells))
    return Table(
        columns,
        tuple(rows),
        caption="Allowed per episode",
        note="Episodes with at least one claim line; percentiles by nearest rank; mean rounded "
        "to the cent.",
    )


def distributions(
    per_episode: dict[str, list[Decimal]], labels: dict[str, str]
) -> tuple[Distribution, ...]:
    return tuple(
        Distribution(labels.get(name, name), tuple(float(v) for v in values))
        for name, values in per_episode.items()
    )
