"""Terminal tables (rich) of the negotiation commands, and their shared option parsing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from infusionkit.money import format_money, signed_money

if TYPE_CHECKING:
    from infusionkit.negotiation import Forecast, RateMatrix, Sensitivity, SolveResult


def parse_percent(text: str, option: str) -> Decimal:
    """``"3"``, ``"3%"`` or ``"-1.5"`` as a Decimal percent; anything else is exit 2."""
    from infusionkit.cli._common import fail
    from infusionkit.money import MoneyError, parse_decimal

    try:
        return parse_decimal(text.strip().removesuffix("%"), places=4, what="percentage")
    except MoneyError:
        raise fail(f"{option} {text!r} is not a percentage (e.g. 3 or 2.5%)") from None


def print_solve(result: SolveResult, console: Console | None = None) -> None:
    console = console or Console()
    unit = "points" if all(lever.kind == "points" for lever in result.levers) else "%"
    table = Table(title=f"solve --vary {result.selector}", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("total today", format_money(result.total_before))
    table.add_row(f"target ({result.target.label})", format_money(result.target_amount))
    if result.reached:
        table.add_row(f"change p ({unit})", f"{result.p:+.2f}")
        table.add_row("total with the change", format_money(result.total_after))
        table.add_row("difference", signed_money(result.delta))
    else:
        table.add_row(f"closest p ({unit})", f"{result.closest_p:+.2f}")
        table.add_row("closest reachable total", format_money(result.total_after))
    table.add_row("what-if evaluations", str(result.evaluations))
    console.print(table)
    changes = Table(title="Values changed", title_justify="left")
    for name in ("key", "before", "after"):
        changes.add_column(name, justify="left" if name == "key" else "right")
    for key, before, after in result.changes[:20]:
        changes.add_row(key, f"{before}", f"{after}")
    if len(result.changes) > 20:
        changes.add_row(f"… and {len(result.changes) - 20} more (see solved.yaml)", "", "")
    console.print(changes)


def print_sensitivity(result: Sensitivity, top: int, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(
        title=f"Value of +1% on each rate, +1 point on each percentage "
        f"(total today {format_money(result.total)})",
        title_justify="left",
    )
    for name, justify in (
        ("#", "right"),
        ("term", "left"),
        ("step", "left"),
        ("before", "right"),
        ("after", "right"),
        ("effect", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for rank, effect in enumerate(result.top(top), start=1):
        table.add_row(
            str(rank),
            f"{effect.label}\n[dim]{effect.key}[/dim]",
            "+1%" if effect.kind == "rate" else "+1 pt",
            f"{effect.before}",
            f"{effect.after}",
            signed_money(effect.effect),
        )
    console.print(table)
    hidden = len(result.effects) - min(top, len(result.effects))
    if hidden > 0:
        console.print(f"… and {hidden} more in sensitivity.csv")


def print_forecast(result: Forecast, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(
        title=f"Contract years 1–{result.years} (volume growth {result.volume_growth}% a year, "
        f"CPI assumed {result.cpi}%)",
        title_justify="left",
    )
    table.add_column("year")
    for s in result.scenarios:
        table.add_column(f"{s.name}\n[dim]{s.escalator}[/dim]", justify="right", no_wrap=True)
    for year in range(result.years):
        table.add_row(str(year + 1), *(format_money(s.years[year].total) for s in result.scenarios))
    table.add_row("term", *(format_money(s.term_total) for s in result.scenarios), style="bold")
    console.print(table)


def print_rate_matrix(matrix: RateMatrix, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(
        title="Rates by code and contract ([red]lowest[/red], [green]highest[/green])",
        title_justify="left",
    )
    table.add_column("section")
    table.add_column("code")
    if matrix.has_volumes:
        table.add_column("volume", justify="right")
    for label in matrix.labels:
        table.add_column(label, justify="right")
    for row in matrix.rows:
        cells = []
        for cell in row.cells:
            style = "red" if cell.low else "green" if cell.high else ""
            cells.append(f"[{style}]{cell.text}[/{style}]" if style else cell.text)
        volume = (
            []
            if not matrix.has_volumes
            else ["" if row.volume is None else f"{row.volume.normalize():,f} {row.volume_unit}"]
        )
        table.add_row(row.section, row.code, *volume, *cells)
    console.print(table)
