"""Negotiation analytics in the report: the sensitivity of the first contract (internal version
only: it shows which terms the provider values most) and the multi-year forecast (``--years``).

Both come from :mod:`infusionkit.negotiation`, which values every term through the simulation's
what-if service; the report only lays the results out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.money import percent_text
from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.model import BarSeries, Chart, Column, Row, Section, Table

if TYPE_CHECKING:
    from infusionkit.negotiation import Forecast, Sensitivity
    from infusionkit.simulation import Simulation

TOP = 12
"""Terms shown in the tornado chart and its table (report.json carries them all)."""


def sensitivity_of(sim: Simulation) -> Sensitivity:
    """The sensitivity of the first (baseline) contract on the simulation's history."""
    from infusionkit.negotiation import sensitivity

    return sensitivity(sim, sim.scenarios[0].contract)


def forecast_of(
    sim: Simulation, years: int, cpi: Decimal | str, volume_growth: Decimal | str
) -> Forecast:
    """Every scenario's totals for contract years 1…``years`` on the simulation's history."""
    from infusionkit.negotiation import forecast

    contracts = {s.name: s.contract for s in sim.scenarios}
    return forecast(sim, contracts, years=years, cpi=cpi, volume_growth=volume_growth)


def _step(kind: str) -> str:
    return "+1%" if kind == "rate" else "+1 point"


def _value(kind: str, value: Decimal) -> str:
    return fmt.money(value) if kind == "rate" else percent_text(value)


def sensitivity_section(result: Sensitivity, label: str) -> Section:
    """The tornado chart and a table of the largest effects."""
    effects = result.top(TOP)
    rows = tuple(
        Row(
            (
                str(rank),
                e.label,
                _step(e.kind),
                _value(e.kind, e.before),
                _value(e.kind, e.after),
                fmt.signed_money(e.effect),
            )
        )
        for rank, e in enumerate(effects, start=1)
    )
    rest = len(result.effects) - len(effects)
    note = (
        f"{rest} smaller effect{'s' if rest != 1 else ''} not shown (all are in report.json)."
        if rest > 0
        else ""
    )
    table = Table(
        (
            Column("#", width=0.3),
            Column("Term", width=2.6),
            Column("Step", width=0.7),
            Column("Now", numeric=True, width=0.9),
            Column("After the step", numeric=True, width=0.9),
            Column("Value on the history", numeric=True, width=1.1),
        ),
        rows,
        caption=f"Largest effects on {label}",
        note=note,
    )
    return Section(
        "sensitivity",
        "What each term is worth",
        paragraphs=(
            f"The value on the history of +1% on each rate and +1 point on each percentage term "
            f"of {label} (total allowed {fmt.money(result.total)}), each change valued alone, "
            "largest first. For internal use: it shows which terms matter most to us.",
        ),
        charts=(
            Chart(
                "sensitivity",
                "tornado",
                f"Value of each term of {label}",
                "Each bar is the change in total allowed on the history when only that term "
                "moves by one step.",
                result,
            ),
        ),
        tables=(table,) if rows else (),
    )


def forecast_section(result: Forecast, labels: dict[str, str]) -> Section:
    """Per-year and term totals per scenario, and a small line chart of the yearly totals."""
    scenarios = result.scenarios
    columns = [Column("Contract year", width=1.0), Column("Starts", width=0.9)]
    columns += [
        Column(labels.get(s.name, s.name), numeric=True, width=1.2, group=s.name) for s in scenarios
    ]
    rows = [
        Row(
            (
                f"Year {year}",
                scenarios[0].years[year - 1].starts.isoformat(),
                *(fmt.money(s.years[year - 1].total) for s in scenarios),
            )
        )
        for year in range(1, result.years + 1)
    ]
    rows.append(
        Row(("Term total", "", *(fmt.money(s.term_total) for s in scenarios)), kind="total")
    )
    escalators = "; ".join(f"{labels.get(s.name, s.name)}: {s.escalator}" for s in scenarios)
    growth = percent_text(result.volume_growth)
    table = Table(
        tuple(columns),
        tuple(rows),
        caption=f"Total allowed by contract year ({result.years} years)",
        note=f"Escalators: {escalators}. Volume growth {growth} a year. Start dates are those "
        f"of {labels.get(scenarios[0].name, scenarios[0].name)}.",
        key_columns=2,
    )
    chart = Chart(
        "forecast",
        "lines",
        "Total allowed by contract year",
        "Each scenario's total for each contract year.",
        BarSeries(
            tuple(f"Year {y}" for y in range(1, result.years + 1)),
            tuple(
                (labels.get(s.name, s.name), tuple(float(y.total) for y in s.years))
                for s in scenarios
            ),
        ),
    )
    return Section(
        "forecast",
        "Multi-year view",
        paragraphs=(
            f"Each contract over {result.years} contract years: on each anniversary every dollar "
            "rate moves by the contract's escalator (compounding, rounded to the cent); "
            "percentage terms follow charges and drug prices and are not escalated. Each year "
            f"prices the same history, grown by {growth} a year in volume.",
        ),
        tables=(table,),
        charts=(chart,),
        charts_last=True,
    )


def sensitivity_data(result: Sensitivity, name: str) -> dict[str, Any]:
    """``report.json``'s ``sensitivity`` entry: every effect, largest first."""
    return {
        "scenario": name,
        "total_allowed": f"{result.total:.2f}",
        "effects": [e.to_dict() for e in result.effects],
        "skipped": [{"key": key, "why": why} for key, why in result.skipped],
    }


def forecast_data(result: Forecast) -> dict[str, Any]:
    """``report.json``'s ``forecast`` entry: the rows of ``forecast.csv``."""
    return {
        "years": result.years,
        "cpi_pct": f"{result.cpi}",
        "volume_growth_pct": f"{result.volume_growth}",
        "rows": result.rows(),
    }
