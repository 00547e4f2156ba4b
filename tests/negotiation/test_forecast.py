"""forecast: escalators compounding on the rounded rates of each year, computed by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from infusionkit.contracts import Contract, with_changes
from infusionkit.episodes import Episodes
from infusionkit.errors import InputErrors
from infusionkit.negotiation import forecast
from infusionkit.pricing import PriceBook
from infusionkit.simulation import WhatIf

D = Decimal
NO_PRICES = PriceBook(chargemaster={}, drug_prices=())


def test_fixed_percent_compounds_on_each_year_rounded_rates(
    tiny_history: Episodes, tiny_contract: Contract
) -> None:
    """10 days of S9500 and one 99601 visit. Year 1: 10 x 95.00 + 150.00 = 1100.00.
    Year 2 (+3 %): 97.85 and 154.50 -> 978.50 + 154.50 = 1133.00.
    Year 3: 97.85 x 1.03 = 100.7855 -> 100.79; 154.50 x 1.03 = 159.135 -> 159.14
    -> 1007.90 + 159.14 = 1167.04."""
    result = forecast(tiny_history, {"tiny": tiny_contract}, years=3, rates=NO_PRICES)
    (scenario,) = result.scenarios
    assert scenario.escalator == "fixed 3%"
    assert [y.total for y in scenario.years] == [D("1100.00"), D("1133.00"), D("1167.04")]
    assert scenario.term_total == D("3400.04")
    assert [y.escalation for y in scenario.years] == [D(0), D(3), D(3)]
    assert [y.starts.isoformat() for y in scenario.years] == [
        "2025-01-01",
        "2026-01-01",
        "2027-01-01",
    ]
    year3 = scenario.year_contract(3)
    assert year3.per_diem.rates["S9500"] == D("100.79")  # type: ignore[union-attr]
    assert year3.per_diem.concurrent.SH == tiny_contract.per_diem.concurrent.SH  # type: ignore[union-attr]


def test_volume_growth_scales_each_year_then_rounds_once(
    tiny_history: Episodes, tiny_contract: Contract
) -> None:
    """Year 2: 1133.00 x 1.025 = 1161.325 -> 1161.33; year 3: 1167.04 x 1.025^2 =
    1226.1214... -> 1226.12."""
    result = forecast(
        tiny_history, [tiny_contract], years=3, volume_growth=D("2.5"), rates=NO_PRICES
    )
    years = result.scenarios[0].years
    assert years[1].volume_factor == Fraction(41, 40)
    assert [y.total for y in years] == [D("1100.00"), D("1161.33"), D("1226.12")]
    assert [y.history_total for y in years] == [D("1100.00"), D("1133.00"), D("1167.04")]


def test_cpi_uses_the_assumed_rate_and_none_stays_flat(
    tiny_history: Episodes, tiny_contract: Contract
) -> None:
    cpi = with_changes(tiny_contract, **{"terms.escalator": {"type": "cpi"}})
    flat = with_changes(tiny_contract, **{"terms.escalator": {"type": "none"}})
    service = WhatIf(tiny_history, NO_PRICES)
    result = forecast(service, {"cpi": cpi, "flat": flat}, years=2, cpi=D(2))
    # year 2 at +2 %: 96.90 x 10 + 153.00
    assert [y.total for y in result.by_name("cpi").years] == [D("1100.00"), D("1122.00")]
    assert result.by_name("cpi").escalator == "CPI 2% (assumed)"
    assert [y.total for y in result.by_name("flat").years] == [D("1100.00"), D("1100.00")]


def test_rows_hold_every_year_and_the_term(tiny_history: Episodes, tiny_contract: Contract) -> None:
    rows = forecast(tiny_history, {"tiny": tiny_contract}, years=2, rates=NO_PRICES).rows()
    assert [(r["year"], r["total"]) for r in rows] == [
        ("1", "1100.00"),
        ("2", "1133.00"),
        ("term", "2233.00"),
    ]


@pytest.mark.parametrize("years", [0, 31])
def test_years_out_of_range(tiny_history: Episodes, tiny_contract: Contract, years: int) -> None:
    with pytest.raises(InputErrors, match="--years"):
        forecast(tiny_history, [tiny_contract], years=years, rates=NO_PRICES)
