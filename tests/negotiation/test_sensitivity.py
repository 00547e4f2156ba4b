"""sensitivity: each effect equals the difference of two full simulations."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import matplotlib.image
import pytest

from infusionkit.contracts import Contract, with_changes
from infusionkit.episodes import Episodes
from infusionkit.negotiation import Effect, sensitivity
from infusionkit.negotiation.charts import tornado_figure, tornado_png
from infusionkit.pricing import PriceBook
from infusionkit.simulation import WhatIf, simulate

from .conftest import CENT


def _moved_by_hand(contract: Contract, effect: Effect) -> Contract:
    """+1 % on a rate (half-up to the cent) or +1 point, written with plain Decimals."""
    if effect.kind == "rate":
        value: object = (effect.before * Decimal("1.01")).quantize(CENT, ROUND_HALF_UP)
    else:
        value = effect.before + 1
    if effect.key.endswith(".default"):
        value = {"rate" if effect.kind == "rate" else "percent_of_charges": value}
    return with_changes(contract, **{effect.key: value})


@pytest.fixture(scope="module")
def result(service: WhatIf, current: Contract):  # type: ignore[no-untyped-def]
    return sensitivity(service, current)


def test_effects_equal_differences_of_full_simulations(
    result, history: Episodes, prices: PriceBook, current: Contract
) -> None:  # type: ignore[no-untyped-def]
    chosen = [*result.effects[:4], *result.effects[-2:]]
    chosen += [e for e in result.effects if e.key in ("per_diem.concurrent.SH", "drugs.percent")]
    scenarios = {"base": current} | {e.key: _moved_by_hand(current, e) for e in chosen}
    sim = simulate(history, scenarios, rates=prices)
    for effect in chosen:
        assert effect.effect == sim.total_allowed(effect.key) - sim.total_allowed("base"), effect
    assert result.total == sim.total_allowed("base")


def test_every_priced_term_is_listed_largest_first(result, current: Contract) -> None:  # type: ignore[no-untyped-def]
    keys = {e.key for e in result.effects}
    rates = {f"per_diem.rates.{code}" for code in current.per_diem.rates}  # type: ignore[union-attr]
    assert rates <= keys
    assert {"per_diem.concurrent.SH", "per_diem.concurrent.SJ", "per_diem.ais_percent"} <= keys
    assert {"drugs.percent", "nursing.rates.99601", "other.rates.S5520"} <= keys
    sizes = [abs(e.effect) for e in result.effects]
    assert sizes == sorted(sizes, reverse=True)
    assert result.effects[0].effect > 0


def test_a_percentage_at_its_maximum_is_skipped(service: WhatIf, current: Contract) -> None:
    capped = with_changes(current, **{"per_diem.concurrent.SH": Decimal(1000)})
    result = sensitivity(service, capped, vary="SH")
    assert result.effects == ()
    assert result.skipped == (("per_diem.concurrent.SH", "1000 is at its maximum"),)


def test_vary_limits_the_terms(service: WhatIf, current: Contract) -> None:
    result = sensitivity(service, current, vary="nursing")
    assert {e.key for e in result.effects} == {"nursing.rates.99601", "nursing.rates.99602"}


def test_tornado_chart_shows_the_top_effects(result) -> None:  # type: ignore[no-untyped-def]
    from infusionkit.money import signed_money

    figure = tornado_figure(result, top=5)
    (axes,) = figure.axes
    ticks = dict(
        zip(axes.get_yticks(), (t.get_text() for t in axes.get_yticklabels()), strict=True)
    )
    assert ticks[max(ticks)].startswith(result.effects[0].label)  # largest at the top
    assert ticks[min(ticks)].startswith(result.effects[4].label)
    assert len(ticks) == 5
    texts = {t.get_text() for t in axes.texts}
    assert signed_money(result.effects[0].effect) in texts
    import io

    image = matplotlib.image.imread(io.BytesIO(tornado_png(result, top=5)), format="png")
    assert image.shape[0] > 200 and image.shape[1] > 1000


def test_tornado_axis_labels_tell_nearby_ticks_apart() -> None:
    from infusionkit.negotiation.charts import _short_money

    labels = [_short_money(v) for v in (900.0, 1_500.0, 2_500.0, 12_000.0, -350_000.0, 1.3e6)]
    assert labels == ["$900", "$1.5K", "$2.5K", "$12K", "-$350K", "$1.3M"]
