"""solve: the answer reaches the target and the next grid step towards today does not, checked
by full simulations of contracts built here (not by the solver's own code)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusionkit.contracts import Contract, with_changes
from infusionkit.episodes import Episodes
from infusionkit.errors import InputErrors
from infusionkit.negotiation import all_levers, apply, parse_target, solve
from infusionkit.pricing import PriceBook
from infusionkit.simulation import WhatIf, simulate

from .conftest import CURRENT, PROPOSED, SAMPLE, scaled_rates

STEP = Decimal("0.01")


def _simulated(history: Episodes, prices: PriceBook, **contracts: Contract) -> dict[str, Decimal]:
    sim = simulate(history, contracts, rates=prices)
    return {name: sim.total_allowed(name) for name in contracts}


def test_percent_target_reached_and_one_step_less_is_not(
    history: Episodes, prices: PriceBook, service: WhatIf, current: Contract
) -> None:
    result = solve(service, current, "per_diem", "+6%")
    assert result.reached and result.p is not None and result.p > 0
    target = result.total_before * Decimal("1.06")
    assert result.target_amount == target
    totals = _simulated(
        history,
        prices,
        at=scaled_rates(current, "per_diem", result.p),
        below=scaled_rates(current, "per_diem", result.p - STEP),
        today=current,
    )
    assert totals["today"] == result.total_before
    assert totals["at"] == result.total_after >= target
    assert totals["below"] < target
    assert result.contract == scaled_rates(current, "per_diem", result.p)
    assert result.evaluations <= 15


def test_match_is_break_even_with_the_other_contract(
    history: Episodes, prices: PriceBook, service: WhatIf, current: Contract, proposed: Contract
) -> None:
    result = solve(service, current, "per_diem", match=PROPOSED)
    assert result.p is not None
    totals = _simulated(
        history,
        prices,
        proposed=proposed,
        at=scaled_rates(current, "per_diem", result.p),
        below=scaled_rates(current, "per_diem", result.p - STEP),
    )
    assert result.target_amount == totals["proposed"]
    assert totals["at"] >= totals["proposed"] > totals["below"]


def test_target_below_today_is_the_largest_cut_that_stays_at_or_below_it(
    history: Episodes, prices: PriceBook, service: WhatIf, current: Contract
) -> None:
    goal = Decimal("1460000.00")  # about $26,700 below today's $1,486,738.80
    result = solve(service, current, "nursing", goal)
    assert result.p is not None and result.p < 0
    totals = _simulated(
        history,
        prices,
        at=scaled_rates(current, "nursing", result.p),
        above=scaled_rates(current, "nursing", result.p + STEP),
    )
    assert totals["at"] <= goal < totals["above"]


def test_percentage_selector_moves_by_points(
    history: Episodes, prices: PriceBook, service: WhatIf, current: Contract
) -> None:
    result = solve(service, current, "SH", "+0.5%")
    assert result.p is not None
    sh = current.per_diem.concurrent.SH  # type: ignore[union-attr]
    assert result.changes == (("per_diem.concurrent.SH", sh, sh + result.p),)
    totals = _simulated(
        history,
        prices,
        at=with_changes(current, **{"per_diem.concurrent.SH": sh + result.p}),
        below=with_changes(current, **{"per_diem.concurrent.SH": sh + result.p - STEP}),
    )
    assert totals["at"] >= result.target_amount > totals["below"]


def test_codes_selector_changes_the_rate_wherever_listed(
    service: WhatIf, current: Contract
) -> None:
    result = solve(service, current, "S9359, 99601", "+0.1%")
    assert [key for key, _, _ in result.changes] == [
        "per_diem.rates.S9359",
        "per_diem.infrequent.rates.S9359",
        "nursing.rates.99601",
    ]
    assert result.reached


def test_unreachable_target_gives_the_closest_total_and_why(
    service: WhatIf, current: Contract
) -> None:
    result = solve(service, current, "S9500", "+60%")
    assert result.p is None and not result.reached
    assert result.closest_p == Decimal(1000)
    at_edge = with_changes(current, **{"per_diem.rates.S9500": Decimal("935.00")})
    assert result.total_after == service.total(at_edge) < result.target_amount
    assert "capped at their billed charges" in result.reason
    assert result.to_dict()["reached"] is False


def test_unreachable_when_the_varied_rates_price_no_line(
    service: WhatIf, current: Contract
) -> None:
    result = solve(service, current, "S9329", "+1%")  # listed, but no S9329 day in the history
    assert result.p is None
    assert result.total_after == result.total_before
    assert "price no claim line" in result.reason


def test_target_equal_to_today_needs_no_change(service: WhatIf, current: Contract) -> None:
    result = solve(service, current, "per_diem", service.total(current))
    assert result.p == 0 and result.contract == current


def test_history_may_be_a_path_with_rates_from_the_contract_folder(
    service: WhatIf, current: Contract
) -> None:
    from_path = solve(SAMPLE, CURRENT, "SH", "+0.2%")
    assert from_path.total_before == service.total(current)
    assert from_path.p == solve(service, current, "SH", "+0.2%").p


def test_targets_read_exactly() -> None:
    assert parse_target("+6%").value == Decimal("6")
    assert parse_target("-2.5%").kind == "percent"
    assert parse_target("$1,500,000.00").value == Decimal("1500000.00")
    assert parse_target("6").kind == "amount"


@pytest.mark.parametrize("text", ["abc", "+6 %%", "", "1.005"])
def test_bad_targets_are_input_errors(text: str) -> None:
    with pytest.raises(InputErrors, match="--target"):
        parse_target(text)


@pytest.mark.parametrize("selector", ["", "per-diem", "S1234", "J1561"])
def test_bad_selectors_are_input_errors(current: Contract, selector: str) -> None:
    from infusionkit.negotiation import levers_for

    with pytest.raises(InputErrors, match="--vary"):
        levers_for(current, selector)


RANKING = ("per_diem.rates.", "per_diem.default", "per_diem.ais_percent")


@settings(max_examples=25, deadline=None)
@given(
    st.data(),
    st.decimals(min_value=-100, max_value=200, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
    st.booleans(),
)
def test_totals_are_monotone_in_each_varied_term(
    service: WhatIf,
    current: Contract,
    data: st.DataObject,
    p: Decimal,
    more: Decimal,
    lesser: bool,
) -> None:
    """Each lever alone, two values of p: the higher p never pays less.

    Levers that set the concurrency ranking (per diem rates, default, ais_percent) are checked
    without lesser-of: with it, a rate raised above the code's billed charge can make a capped day
    primary and lower the total (tests/simulation/test_properties.py shows such a case).
    """
    contract = with_changes(current, lesser_of_billed_charges=lesser)
    levers = [lv for lv in all_levers(contract) if not (lesser and lv.key.startswith(RANKING))]
    lever = data.draw(st.sampled_from(levers))
    low, high = lever.p_bounds()
    p = min(max(p, low), high)
    q = min(p + more, high)
    lower = service.total(apply(contract, (lever,), p))
    higher = service.total(apply(contract, (lever,), q))
    assert lower <= higher, (lever.key, p, q, lesser)
