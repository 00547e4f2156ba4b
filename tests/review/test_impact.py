"""Dollar impacts on a tiny hand-written history (data/history, prices in data/rates).

Hand computation for data/weak.yaml (lesser of billed charges on; chargemaster S9500 $90/day):
- T1 S9500 03-01..03-10 beside T2 S9365 03-05..03-08 (S9365 is primary at $200): T1 has 4 plain
  days ($400, capped at $360 billed), 4 SH days at 25 % ($100), 2 plain days ($200 capped at $180).
- T3 S9500 at the suite 04-01..04-03: 3 x $100 x 75 % = $225 (billed $270).
- T4 S9338 every 504 h 05-01..06-30: 3 administrations, no infrequent rate ($900 billed each).
- T5 S9494 every 48 h 07-01..07-06, administration days 07-01, 07-03, 07-05: 3 x $80.
- V1 200 minutes: 99601 $180; 99602 one unit, unpriced ($100 billed).
- D1 J0696 4 units x AWP $10 x 75 % = $30.00. O1 S5035 unpriced ($40 billed).
Baseline allowed: 800 + 360 + 100 + 180 + 225 + 240 + 180 + 30 = $2,115.00.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from infusionkit.review import ReviewResult, review

EXPECTED = {
    # rule: (impact, basis)
    "IK101": ("240.00", "allowed_difference"),  # access days: 6 x $80 - 3 x $80
    "IK103": ("100.00", "allowed_difference"),  # SH 25 -> 50 %: 4 x ($50 - $25)
    "IK104": ("0.00", "allowed_difference"),  # no third therapy on any day
    "IK105": ("2700.00", "billed_charges_at_risk"),  # 3 S9338 administrations x $900
    "IK106": ("45.00", "allowed_difference"),  # 3 x $100 = $300, capped at $270 billed: +45
    "IK107": ("100.00", "billed_charges_at_risk"),  # one 99602 unit
    "IK109": ("2.00", "allowed_difference"),  # 4 x $10 x (80 % - 75 %)
    "IK110": ("60.00", "allowed_difference"),  # reductions: (400-360) + (200-180)
    "IK111": ("2840.00", "billed_charges_at_risk"),  # S9338 2700 + 99602 100 + S5035 40
}
UNMEASURED = {"IK201", "IK202", "IK203", "IK204", "IK205", "IK206"}


@pytest.fixture(scope="module")
def result() -> ReviewResult:
    data = Path(__file__).parent / "data"
    return review(data / "weak.yaml", episodes=data / "history", rates=data / "rates")


def _by_rule(result: ReviewResult) -> dict[str, Any]:
    return {f.rule: f for f in result.findings}


def test_baseline_total(result: ReviewResult) -> None:
    assert result.history is not None
    assert result.history.allowed == Decimal("2115.00")


@pytest.mark.parametrize(("rule", "expected"), EXPECTED.items())
def test_hand_computed_impacts(result: ReviewResult, rule: str, expected: tuple[str, str]) -> None:
    finding = _by_rule(result)[rule]
    assert finding.impact == Decimal(expected[0])
    assert finding.impact_basis == expected[1]


def test_non_monetary_terms_have_no_impact(result: ReviewResult) -> None:
    found = _by_rule(result)
    assert set(found) >= UNMEASURED
    for rule in UNMEASURED:
        assert found[rule].impact is None and found[rule].impact_basis is None


def test_unpriced_codes_listed_with_billed_charges(result: ReviewResult) -> None:
    details = {
        (g.line_type, g.hcpcs): (g.lines, g.billed_charge)
        for g in _by_rule(result)["IK111"].details
    }
    assert details == {
        ("infrequent", "S9338"): (3, Decimal("2700.00")),
        ("nursing", "99602"): (1, Decimal("100.00")),
        ("other", "S5035"): (1, Decimal("40.00")),
    }


def test_lesser_of_impact_equals_the_reductions_it_caused(data: Path) -> None:
    from infusionkit.contracts import load_contract, with_changes
    from infusionkit.simulation import simulate

    contract = load_contract(data / "weak.yaml")
    sim = simulate(
        data / "history",
        {"on": contract, "off": with_changes(contract, lesser_of_billed_charges=False)},
        rates=data / "rates",
    )
    lines = sim.lines
    on = lines[(lines["scenario"] == "on")].reset_index(drop=True)
    off = lines[(lines["scenario"] == "off")].reset_index(drop=True)
    flagged = on["flags"].astype(str).str.contains("lesser_of")
    reductions = sum(
        (
            Decimal(a) - Decimal(b)
            for a, b in zip(off["allowed"][flagged], on["allowed"][flagged], strict=True)
        ),
        start=Decimal(0),
    )
    assert reductions == Decimal("60.00")
    finding = review(contract, episodes=data / "history", rates=data / "rates").findings
    assert next(f for f in finding if f.rule == "IK110").impact == reductions


def test_baseline_simulated_once_and_each_change_once(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One full simulation (the baseline); each fix is one what-if evaluation, no simulation."""
    import infusionkit.simulation as simulation

    calls: list[int] = []
    sims: list[Any] = []
    real = simulation.simulate

    def counting(episodes: Any, contracts: Any, **kwargs: Any) -> Any:
        calls.append(len(contracts) if isinstance(contracts, dict) else 1)
        sims.append(real(episodes, contracts, **kwargs))
        return sims[-1]

    monkeypatch.setattr(simulation, "simulate", counting)
    review(data / "weak.yaml", episodes=data / "history", rates=data / "rates")
    fixes = sum(1 for _, (_, basis) in EXPECTED.items() if basis == "allowed_difference")
    assert calls == [1]
    assert sims[0].what_if.evaluations == fixes


def test_ready_simulation_gives_the_same_impacts(data: Path, result: ReviewResult) -> None:
    from infusionkit.contracts import load_contract
    from infusionkit.simulation import simulate

    contract = load_contract(data / "weak.yaml")
    sim = simulate(data / "history", data / "weak.yaml", rates=data / "rates")
    again = review(contract, simulation=sim)
    assert [(f.rule, f.impact) for f in again.findings] == [
        (f.rule, f.impact) for f in result.findings
    ]


def test_allowed_total_is_exact(data: Path) -> None:
    from infusionkit.simulation import simulate

    sim = simulate(data / "history", data / "weak.yaml", rates=data / "rates")
    assert sim.total_allowed() == Decimal("2115.00")
    lines = [Decimal(v) for v in sim.table["allowed"].to_pylist() if v is not None]
    assert sum(lines, start=Decimal(0)) == Decimal("2115.00")


def test_compliant_contract_has_no_findings(data: Path) -> None:
    result = review(data / "compliant.yaml", episodes=data / "history", rates=data / "rates")
    assert result.findings == ()
    assert not result.fails("low")


def test_deep_override_is_measured(data: Path) -> None:
    from infusionkit.contracts import load_contract, with_changes

    contract = with_changes(
        load_contract(data / "weak.yaml"),
        **{"drugs.percent": -18, "drugs.overrides": {"J0696": {"basis": "AWP", "percent": -30}}},
    )
    result = review(contract, episodes=data / "history", rates=data / "rates")
    finding = next(f for f in result.findings if f.rule == "IK109")
    assert finding.current == "J0696: AWP -30%"
    assert finding.impact == Decimal("4.00")  # 4 units x $10 x (80 % - 70 %)
    assert hash(finding)


def test_simulation_without_the_contract_is_refused(data: Path) -> None:
    from infusionkit.simulation import simulate

    sim = simulate(data / "history", data / "compliant.yaml", rates=data / "rates")
    with pytest.raises(ValueError, match="no scenario"):
        review(data / "weak.yaml", simulation=sim)
