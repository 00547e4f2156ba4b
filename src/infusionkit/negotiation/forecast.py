"""``forecast``: each contract's total for contract years 1…N on the history replayed.

Rounding (exact throughout):

* Escalation compounds on the published rates: on each anniversary every dollar rate of the
  contract (listed rates and rate defaults of per diem, infrequent, nursing and other) becomes the
  previous year's rate × (1 + escalator/100), rounded half-up to the cent. Percentages (SH, SJ,
  ais_percent, drug percents, percent of charges) are not escalated: they follow charges and
  drug prices. ``fixed_percent`` uses the contract's percent; ``cpi`` the assumed ``cpi`` rate.
* Each year's history total is priced through the what-if service under that year's rates
  (rounded once per claim line, as in ``simulate``).
* Volume growth g scales a year's total by (1 + g/100)^(year - 1), exactly, then rounds half-up
  to the cent once per year. The term total is the sum of the rounded yearly totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusionkit.errors import InputError, InputErrors
from infusionkit.money import CENT, ZERO, percent_text
from infusionkit.negotiation.history import service_for
from infusionkit.negotiation.levers import all_levers, apply

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook
    from infusionkit.simulation import Simulation, WhatIf
    from infusionkit.simulation.run import Progress

DEFAULT_CPI = Decimal(3)
MAX_YEARS = 30


@dataclass(frozen=True)
class ForecastYear:
    """One contract year of one scenario."""

    year: int
    starts: date
    escalation: Decimal  # percent applied to the rates on this year's anniversary (0 in year 1)
    volume_factor: Fraction  # (1 + g/100)^(year - 1), exact
    history_total: Decimal  # the history priced at this year's rates
    total: Decimal  # history_total × volume_factor, half-up to the cent


@dataclass(frozen=True)
class ScenarioForecast:
    """Contract years 1…N of one contract."""

    name: str
    contract: Contract
    escalator: str  # "none", "fixed 3%", "CPI 3% (assumed)"
    percent: Decimal  # the yearly rate change of the escalator
    years: tuple[ForecastYear, ...]

    @property
    def term_total(self) -> Decimal:
        return sum((y.total for y in self.years), start=ZERO)

    def year_contract(self, year: int) -> Contract:
        """The contract with the rates of ``year`` (1 = as written)."""
        return escalated(self.contract, self.percent, year - 1)


@dataclass(frozen=True)
class Forecast:
    """Per-year and term totals per scenario."""

    years: int
    cpi: Decimal
    volume_growth: Decimal
    scenarios: tuple[ScenarioForecast, ...]

    def by_name(self, name: str) -> ScenarioForecast:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)

    def rows(self) -> list[dict[str, Any]]:
        """One row per scenario and year, then a ``term`` row per scenario."""
        rows: list[dict[str, Any]] = []
        for s in self.scenarios:
            for y in s.years:
                rows.append(
                    {
                        "scenario": s.name,
                        "year": str(y.year),
                        "starts": y.starts.isoformat(),
                        "escalator": s.escalator,
                        "rate_change_pct": f"{y.escalation}",
                        "volume_factor": _decimal_text(y.volume_factor),
                        "history_total": f"{y.history_total:.2f}",
                        "total": f"{y.total:.2f}",
                    }
                )
            rows.append(
                {
                    "scenario": s.name,
                    "year": "term",
                    "starts": s.years[0].starts.isoformat(),
                    "escalator": s.escalator,
                    "rate_change_pct": "",
                    "volume_factor": "",
                    "history_total": "",
                    "total": f"{s.term_total:.2f}",
                }
            )
        return rows


def escalation_percent(contract: Contract, cpi: Decimal) -> tuple[Decimal, str]:
    """The yearly rate change of the contract's escalator and its description."""
    escalator = contract.terms.escalator
    if escalator is None or escalator.type == "none":
        return ZERO, "none"
    if escalator.type == "fixed_percent" and escalator.percent is not None:
        return escalator.percent, f"fixed {percent_text(escalator.percent)}"
    return cpi, f"CPI {percent_text(cpi)} (assumed)"


def escalate(contract: Contract, percent: Decimal) -> Contract:
    """One anniversary: every dollar rate × (1 + percent/100), rounded half-up to the cent."""
    levers = [lever for lever in all_levers(contract) if lever.kind == "rate"]
    return apply(contract, levers, percent) if levers and percent else contract


def escalated(contract: Contract, percent: Decimal, anniversaries: int) -> Contract:
    """The contract after ``anniversaries`` escalations of ``percent`` (compounding on the
    rounded rates of each year)."""
    for _ in range(anniversaries):
        contract = escalate(contract, percent)
    return contract


def _decimal_text(value: Fraction, places: int = 6) -> str:
    """A fraction shown with ``places`` decimals (display only)."""
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _round_cents(value: Fraction) -> Decimal:
    """An exact fraction of dollars rounded half-up to the cent."""
    cents = value * 100
    sign = -1 if cents < 0 else 1
    whole = (abs(cents.numerator) * 2 + cents.denominator) // (2 * cents.denominator)
    return (Decimal(sign * whole) * CENT).quantize(CENT)


def forecast(
    history: WhatIf | Simulation | Episodes | str | Path,
    contracts: object,
    *,
    years: int,
    cpi: Decimal | str = DEFAULT_CPI,
    volume_growth: Decimal | str = ZERO,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """Totals of each contract for contract years 1…``years`` (see the module for the rounding).

    ``contracts``: as for ``simulate`` (a contract, a file, a list, or {name: contract}).
    ``cpi`` and ``volume_growth`` are percent a year.
    """
    from infusionkit.simulation.run import resolve_scenarios

    if not 1 <= years <= MAX_YEARS:
        raise InputErrors(
            [
                InputError(
                    file="<command line>",
                    column="--years",
                    message=f"{years} is not a number of contract years",
                    allowed=f"1 to {MAX_YEARS}",
                )
            ]
        )
    cpi, growth = Decimal(cpi), Decimal(volume_growth)
    if growth <= -100 or cpi <= -100:
        raise InputErrors(
            [
                InputError(
                    file="<command line>",
                    column="--volume-growth" if growth <= -100 else "--cpi",
                    message="a yearly change of -100% or less",
                    allowed="a percent above -100",
                )
            ]
        )
    scenarios = resolve_scenarios(contracts)
    service = service_for(history, rates=rates, payer=payer, contract_path=scenarios[0].path)
    factor = 1 + Fraction(growth) / 100
    results = []
    steps, done = len(scenarios) * years, 0
    for scenario in scenarios:
        percent, described = escalation_percent(scenario.contract, cpi)
        current = scenario.contract
        rows = []
        for year in range(1, years + 1):
            if progress:
                progress(f"{scenario.name} year {year}", done, steps)
            if year > 1:
                current = escalate(current, percent)
            history_total = service.total(current)
            volume = factor ** (year - 1)
            rows.append(
                ForecastYear(
                    year=year,
                    starts=_anniversary(scenario.contract.effective, year - 1),
                    escalation=percent if year > 1 else ZERO,
                    volume_factor=volume,
                    history_total=history_total,
                    total=_round_cents(Fraction(history_total) * volume),
                )
            )
            done += 1
        results.append(
            ScenarioForecast(scenario.name, scenario.contract, described, percent, tuple(rows))
        )
    if progress:
        progress("done", steps, steps)
    return Forecast(years, cpi, growth, tuple(results))


__all__ = ["Forecast", "ForecastYear", "ScenarioForecast", "escalate", "escalated", "forecast"]
