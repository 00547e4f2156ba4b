"""Terminal tables (rich) for command results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from infusionkit.money import format_money, percent_change, signed_money

if TYPE_CHECKING:
    from infusionkit.simulation.totals import PricedScenarios


def print_totals(sim: PricedScenarios, console: Console | None = None) -> None:
    """Allowed by line type per scenario, deltas against the first, and unpriced exposure."""
    console = console or Console()
    totals = sim.totals.set_index(["scenario", "line_type"])
    names = sim.names
    table = Table(title="Allowed by scenario and line type", title_justify="left")
    table.add_column("line type")
    for name in names:
        table.add_column(name, justify="right")
    for name in names[1:]:
        table.add_column(f"Δ {name}", justify="right")
    for line_type in totals.index.get_level_values(1).unique():
        base = totals.loc[(names[0], line_type), "allowed"]
        cells = [format_money(totals.loc[(n, line_type), "allowed"]) for n in names]
        deltas = []
        for n in names[1:]:
            new = totals.loc[(n, line_type), "allowed"]
            change = percent_change(base, new, places=1)
            pct = "" if change is None else f" ({change:+.1f}%)"
            deltas.append(f"{signed_money(new - base)}{pct}")
        style = "bold" if line_type == "all" else None
        table.add_row(line_type, *cells, *deltas, style=style)
    console.print(table)
    from infusionkit.simulation.gaps import CONTRACT, PRICE_DATA, unpriced_totals

    unpriced = unpriced_totals(sim)
    exposure = Table(title="Unpriced lines", title_justify="left")
    exposure.add_column("scenario")
    exposure.add_column("not priced by the contract", justify="right")
    exposure.add_column("billed charges at risk", justify="right")
    exposure.add_column("no price data (not a contract term)", justify="right")
    for name in names:
        gap_lines, gap_billed = unpriced[name][CONTRACT]
        data_lines, data_billed = unpriced[name][PRICE_DATA]
        no_data = f"{data_lines:,} ({format_money(data_billed)} billed)" if data_lines else "0"
        exposure.add_row(name, f"{gap_lines:,}", format_money(gap_billed), no_data)
    console.print(exposure)
