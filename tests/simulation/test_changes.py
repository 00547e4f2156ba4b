"""The one valuation of a proposal's changes: keys, standalone values against fresh simulations,
a waterfall that adds up exactly, and missing price data kept apart (never a driver)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from infusionkit.contracts import load_contract, with_changes
from infusionkit.episodes import synth_episodes
from infusionkit.money import ZERO
from infusionkit.simulation import Simulation, simulate
from infusionkit.simulation.changes import (
    DRIVERS,
    NO_PRICE_DATA,
    compare,
    compare_scenarios,
    contract_changes,
    valuation_dict,
)
from infusionkit.simulation.labels import scenario_labels, short_forms, unit_of

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "rate_models"
CURRENT = load_contract(MODELS / "acme_current.yaml")
PROPOSED = load_contract(MODELS / "acme_proposed.yaml")


@pytest.fixture(scope="module")
def sim() -> Simulation:
    return simulate(synth_episodes(40, seed=5), {"cur": CURRENT, "prop": PROPOSED}, rates=MODELS)


def _lines_total(sim: Simulation, name: str) -> Decimal:
    """Plain Decimal sum of a scenario's claim lines (not the what-if service)."""
    values = sim.scenario_lines(name)["allowed"].to_pylist()
    return sum((Decimal(v) for v in values if v is not None), start=ZERO)


def test_changes_at_section_and_term_granularity() -> None:
    keys = [c.key for c in contract_changes(CURRENT, PROPOSED)]
    assert keys == [
        "per_diem.rates",
        "per_diem.default",
        "per_diem.day_count",
        "per_diem.concurrent.SH",
        "per_diem.concurrent.SJ",
        "per_diem.ais_percent",
        "per_diem.infrequent.rates",
        "per_diem.infrequent.default",
        "nursing.rates",
        "nursing.default",
        "drugs.percent",
        "drugs.overrides",
        "other.rates",
        "other.default",
        "lesser_of_billed_charges",
        "policies.bundled_codes",
        "terms.timely_filing_days",
        "terms.clean_claim_payment_days",
        "terms.escalator",
        "terms.recoupment_lookback_months",
        "terms.termination_without_cause_days",
        "terms.most_favored_nation",
    ]
    by_key = {c.key: c for c in contract_changes(CURRENT, PROPOSED)}
    assert by_key["per_diem.concurrent.SH"].detail == "50% \u2192 75%"
    assert by_key["per_diem.rates"].detail == "29 rates raised; removed S9325, S9329"
    assert by_key["terms.timely_filing_days"].detail == "90 days \u2192 180 days"
    assert by_key["lesser_of_billed_charges"].title == "Lesser of billed charges"
    assert contract_changes(CURRENT, CURRENT) == []


def test_each_standalone_effect_is_a_fresh_simulation_difference(sim: Simulation) -> None:
    (comparison,) = compare_scenarios(sim)
    base = _lines_total(sim, "cur")
    priced = [c for c in comparison.changes if c.priced]
    assert len(priced) == 16
    variants = {c.key: c.apply(CURRENT) for c in priced}
    fresh = simulate(sim.episodes, variants, rates=MODELS)
    for change in priced:
        assert change.effect == _lines_total(fresh, change.key) - base, change.key
        assert change.no_price_lines == 0
    terms = [c for c in comparison.changes if c.key.startswith("terms.")]
    assert terms and all(c.effect is None for c in terms)


def test_waterfall_steps_add_up_and_land_on_the_scenario(sim: Simulation) -> None:
    (comparison,) = compare_scenarios(sim)
    assert [s.driver for s in comparison.waterfall] == list(DRIVERS)
    assert comparison.start == _lines_total(sim, "cur")
    assert comparison.end == _lines_total(sim, "prop")
    assert sum((s.amount for s in comparison.waterfall), ZERO) == comparison.total_change
    assert comparison.step("other terms").amount == 0  # the last step adds nothing new here


def test_one_changed_term_lands_on_its_driver(sim: Simulation) -> None:
    richer = with_changes(CURRENT, **{"per_diem.concurrent.SH": Decimal(100)})
    result = compare(sim.what_if, CURRENT, richer)
    (change,) = result.changes
    assert change.key == "per_diem.concurrent.SH"
    fresh = simulate(sim.episodes, {"a": CURRENT, "b": richer}, rates=MODELS)
    delta = _lines_total(fresh, "b") - _lines_total(fresh, "a")
    assert change.effect == delta > 0
    by_driver = {s.driver: s.amount for s in result.waterfall}
    assert by_driver["per diem terms"] == delta
    assert all(v == 0 for k, v in by_driver.items() if k != "per diem terms")


def test_missing_price_data_is_never_a_driver(sim: Simulation) -> None:
    """Drugs at ASP: the price file has ASP for two codes only. The lines left without a price
    go to the "no price data" row; the drugs step holds only lines priced under both."""
    asp = with_changes(CURRENT, **{"drugs.basis": "ASP", "drugs.percent": Decimal(6)})
    result = compare(sim.what_if, CURRENT, asp)
    (change,) = result.changes
    assert change.key == "drugs.basis"
    fresh = simulate(sim.episodes, {"a": CURRENT, "b": asp}, rates=MODELS)
    a = {
        r["source_line"]: r["allowed"]
        for r in fresh.scenario_lines("a").to_pylist()
        if r["line_type"] == "drug"
    }
    b = {
        r["source_line"]: r["allowed"]
        for r in fresh.scenario_lines("b").to_pylist()
        if r["line_type"] == "drug"
    }
    both = [k for k in a if a[k] is not None and b[k] is not None]
    gaps = [k for k in a if b[k] is None]
    assert gaps, "the sample price file lacks ASP prices for most drugs"
    priced_part = sum((b[k] - a[k] for k in both), ZERO)
    gap_part = -sum((a[k] for k in gaps if a[k] is not None), ZERO)
    assert change.effect == priced_part
    assert change.no_price_data == gap_part < 0
    assert change.no_price_lines == len(gaps)
    steps = {s.driver: s.amount for s in result.waterfall}
    assert steps["drugs"] == priced_part
    assert steps[NO_PRICE_DATA] == gap_part
    assert sum(steps.values(), ZERO) == result.total_change


def test_valuation_dict_shape(sim: Simulation) -> None:
    comparisons = compare_scenarios(sim)
    data = valuation_dict([(s.name, s.display, sim.total_allowed(s.name)) for s in sim.scenarios],
                          comparisons)  # fmt: skip
    assert [s["name"] for s in data["scenarios"]] == ["cur", "prop"]
    assert {"key", "title", "effect", "scenario"} <= set(data["changes"][0])
    waterfall = sum((Decimal(s["amount"]) for s in data["waterfall"]), ZERO)
    assert waterfall == Decimal(data["total_change"][0]["amount"]) == comparisons[0].total_change


def test_short_forms_keep_the_words_that_differ() -> None:
    names = [
        "Acme commercial home infusion agreement (current, illustrative)",
        "Acme commercial home infusion agreement (provider proposal, illustrative)",
    ]
    assert short_forms(names) == ["Current", "Provider proposal"]
    assert short_forms([names[0]]) == ["Acme commercial home infusion agreement"]
    assert scenario_labels(["Mine", None], [names[0], None], ["a", "b_stem"]) == ["Mine", "b_stem"]
    assert scenario_labels([None, None], ["Same", "Same"], ["a", "b"]) == ["Same", "Same (2)"]


def test_scenarios_named_by_stem_and_labelled_by_short_name() -> None:
    one = simulate(synth_episodes(5, seed=1), [MODELS / "acme_current.yaml",
                                               MODELS / "acme_proposed.yaml"])  # fmt: skip
    assert [(s.name, s.label) for s in one.scenarios] == [
        ("acme_current", "Current"),
        ("acme_proposed", "Provider proposal"),
    ]
    labelled = simulate(synth_episodes(5, seed=1), [("now", MODELS / "acme_current.yaml")])
    assert [(s.name, s.label) for s in labelled.scenarios] == [("now", "now")]


@pytest.mark.parametrize(
    ("line_type", "code", "unit"),
    [
        ("per_diem", "S9500", "per day"),
        ("infrequent", "S9338", "per administration"),
        ("nursing", "99601", "per visit"),
        ("nursing", "99602", "per additional hour"),
        ("other", "S5498", "per day"),
        ("other", "S5035", "per unit"),
        ("drug", "J1561", "per billing unit"),
    ],
)
def test_units(line_type: str, code: str, unit: str) -> None:
    assert unit_of(line_type, code) == unit
