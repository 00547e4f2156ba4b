"""Report tables computed from a simulation: rates by code, families, line types, episodes."""

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
from infusionkit.reporting.rates import describe, listed_codes

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

MAX_BAR_FAMILIES = 10


def _sums(sim: Simulation, key: str) -> dict[tuple[str, str, str], Decimal]:
    """Exact sums of ``key`` by (scenario, line_type, hcpcs), over modifiers."""
    sums: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in sim.by_code.itertuples(index=False):
        sums[(row.scenario, row.line_type, row.hcpcs)] += getattr(row, key)
    return sums


def rate_comparison(sim: Simulation) -> Table:
    """Every billed or listed code: its rate in each scenario, change, history and $ effect."""
    names = sim.names
    base = names[0]
    contracts = [s.contract for s in sim.scenarios]
    allowed = _sums(sim, "allowed")
    units = _sums(sim, "units")
    pairs = {(lt, code) for (_, lt, code) in allowed}
    for contract in contracts:
        pairs |= listed_codes(contract)
    columns = [Column("Code", width=0.7), Column("Description", width=2.4)]
    columns += [Column(f"Rate\n{name}", numeric=True, width=1.15) for name in names]
    columns += [Column(f"Rate change\n{name}", numeric=True, width=0.95) for name in names[1:]]
    columns += [Column("Units in\nhistory", numeric=True, width=0.85)]
    columns += [Column(f"$ effect\n{name}", numeric=True, width=1.35) for name in names[1:]]
    rows: list[Row] = []
    effects = {name: ZERO for name in names[1:]}
    for line_type in LINE_TYPES:
        codes = sorted(code for lt, code in pairs if lt == line_type)
        if not codes:
            continue
        rows.append(Row((line_type_label(line_type),), kind="group"))
        for code in codes:
            described = [describe(c, line_type, code) for c in contracts]
            changes = []
            for text, value in described[1:]:
                base_text, base_value = described[0]
                if value is not None and base_value is not None:
                    changes.append(fmt.percent(percent_change(base_value, value)))
                else:
                    changes.append("same" if text == base_text else fmt.DASH)
            deltas = []
            for name in names[1:]:
                delta = allowed.get((name, line_type, code), ZERO) - allowed.get(
                    (base, line_type, code), ZERO
                )
                effects[name] += delta
                deltas.append(fmt.signed_money(delta))
            cells = (
                code,
                short_descriptor(line_type, code),
                *(text for text, _ in described),
                *changes,
                fmt.units(units.get((base, line_type, code), ZERO)),
                *deltas,
            )
            rows.append(Row(cells))
    total = (
        "Total",
        "Change in total allowed",
        *("" for _ in names),
        *("" for _ in names[1:]),
        "",
        *(fmt.signed_money(effects[n]) for n in names[1:]),
    )
    rows.append(Row(total, kind="total"))
    return Table(
        tuple(columns),
        tuple(rows),
        caption="Rates by code",
        note=(
            "Rates as written in each contract (per day for per diems, per administration for "
            "infrequent therapies, per visit or hour for nursing, per unit otherwise); drugs at "
            "their price basis. Units: billed units of the history under the baseline. $ effect: "
            "the change in allowed for the code, all modifiers included (SH, SJ, SS, lesser-of); "
            "the effects add up to the change in total allowed."
        ),
    )


def family_totals(sim: Simulation) -> dict[str, dict[str, Decimal]]:
    """Exact allowed by therapy family, per scenario."""
    result: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(sim.names, ZERO))
    for row in sim.by_code.itertuples(index=False):
        family = family_of(row.line_type, row.hcpcs)
        result[family][row.scenario] += row.allowed
    return dict(result)


def _comparison_columns(first: str, names: list[str]) -> list[Column]:
    columns = [Column(first, width=2.2)]
    columns += [Column(f"Allowed\n{name}", numeric=True, width=1.3) for name in names]
    for name in names[1:]:
        columns += [
            Column(f"Change\n{name}", numeric=True, width=1.3),
            Column("Change\n%", numeric=True, width=0.75),
        ]
    return columns


def _comparison_cells(label: str, values: dict[str, Decimal], names: list[str]) -> tuple[str, ...]:
    base = values[names[0]]
    cells = [label, *(fmt.money(values[n]) for n in names)]
    for name in names[1:]:
        cells += [
            fmt.signed_money(values[name] - base),
            fmt.percent(percent_change(base, values[name])),
        ]
    return tuple(cells)


def family_table(sim: Simulation, families: dict[str, dict[str, Decimal]]) -> Table:
    """Allowed by therapy family in each scenario and the change against the baseline."""
    names = sim.names
    order = sorted(families, key=lambda f: (-families[f][names[0]], family_label(f)))
    rows = [Row(_comparison_cells(family_label(f), families[f], names)) for f in order]
    totals = {n: sim.total_allowed(n) for n in names}
    rows.append(Row(_comparison_cells("Total", totals, names), kind="total"))
    return Table(
        tuple(_comparison_columns("Therapy family", names)),
        tuple(rows),
        caption="Allowed by therapy family",
        note="Family of the billed code (per diem, infrequent, nursing and other lines); "
        "all drug lines together as Drugs.",
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
        tuple(_comparison_columns("Line type", names)), tuple(rows), caption="Allowed by line type"
    )


def family_bars(sim: Simulation, families: dict[str, dict[str, Decimal]]) -> BarSeries:
    """The largest families (by the largest scenario value) for the grouped bar chart."""
    names = sim.names
    order = sorted(families, key=lambda f: -max(families[f].values()))
    shown, rest = order[:MAX_BAR_FAMILIES], order[MAX_BAR_FAMILIES:]
    categories = [family_label(f) for f in shown]
    series = []
    for name in names:
        values = [float(families[f][name]) for f in shown]
        if rest:
            values.append(float(sum((families[f][name] for f in rest), ZERO)))
        series.append((name, tuple(values)))
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


def distribution_table(per_episode: dict[str, list[Decimal]]) -> Table:
    """Allowed per episode: mean and percentiles (nearest rank) per scenario."""
    columns = (
        Column("Scenario", width=1.8),
        Column("Episodes", numeric=True, width=0.8),
        Column("Mean", numeric=True),
        Column("25th pct.", numeric=True),
        Column("Median", numeric=True),
        Column("75th pct.", numeric=True),
        Column("90th pct.", numeric=True),
        Column("Highest", numeric=True),
    )
    rows = []
    for name, values in per_episode.items():
        mean = round_cents(sum(values, ZERO) / len(values)) if values else ZERO
        cells = (
            name,
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


def distributions(per_episode: dict[str, list[Decimal]]) -> tuple[Distribution, ...]:
    return tuple(
        Distribution(name, tuple(float(v) for v in values)) for name, values in per_episode.items()
    )
