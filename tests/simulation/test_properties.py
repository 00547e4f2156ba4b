"""Hypothesis properties: penny-exact against a naive Decimal reference, rows accounted for,
monotone in rates, per diem units = days minus holds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infusionkit.contracts import with_changes
from infusionkit.simulation import WhatIf

from .helpers import PRICES, contract, episodes, rows, run, therapy
from .reference import reference_per_diem_lines

CODES = ["S9500", "S9502", "S9494", "S9348", "S9366", "S9336"]
DAY0 = date(2025, 1, 20)
BASE = contract()

therapy_strategy = st.fixed_dictionaries(
    {
        "patient": st.sampled_from(["P1", "P2"]),
        "hcpcs": st.sampled_from(CODES),
        "offset": st.integers(0, 40),
        "length": st.integers(0, 45),
        "hours": st.sampled_from([0, 8, 24, 48, 72]),
        "site": st.sampled_from(["home", "home", "ais"]),
    }
)
hold_strategy = st.fixed_dictionaries(
    {
        "patient": st.sampled_from(["P1", "P2"]),
        "therapy": st.sampled_from(["", "", "T0", "T1"]),
        "offset": st.integers(0, 60),
        "length": st.integers(0, 6),
    }
)
percent = st.decimals(min_value=0, max_value=150, places=2)
money = st.decimals(min_value=0, max_value=999, places=2)


def _build(
    therapy_specs: list[dict], hold_specs: list[dict]
) -> tuple[list[dict], list[dict], list[dict]]:
    plain, rows_t = [], []
    for i, spec in enumerate(therapy_specs):
        start = DAY0 + timedelta(days=spec["offset"])
        end = start + timedelta(days=spec["length"])
        tid = f"T{i}"
        plain.append(
            {
                "therapy_id": tid,
                "patient_id": spec["patient"],
                "hcpcs": spec["hcpcs"],
                "start": start,
                "end": end,
                "hours": spec["hours"],
                "site": spec["site"],
            }
        )
        rows_t.append(
            therapy(
                tid,
                spec["hcpcs"],
                start.isoformat(),
                end.isoformat(),
                spec["hours"],
                patient_id=spec["patient"],
                site=spec["site"],
                episode_id=f"E{spec['patient']}",
            )
        )
    holds_plain, holds_rows = [], []
    ids = {t["therapy_id"]: t["patient_id"] for t in plain}
    for spec in hold_specs:
        if spec["therapy"] and ids.get(spec["therapy"]) != spec["patient"]:
            continue
        start = DAY0 + timedelta(days=spec["offset"])
        end = start + timedelta(days=spec["length"])
        holds_plain.append(
            {
                "patient_id": spec["patient"],
                "therapy_id": spec["therapy"],
                "start": start,
                "end": end,
            }
        )
        holds_rows.append(
            {
                "patient_id": spec["patient"],
                "therapy_id": spec["therapy"],
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
            }
        )
    return plain, holds_plain, holds_rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(therapy_strategy, min_size=1, max_size=5),
    st.lists(hold_strategy, max_size=3),
    st.sampled_from(["highest_rate", "first_started"]),
    percent,
    percent,
    percent,
    money,
    st.booleans(),
)
def test_per_diem_lines_match_naive_decimal_reference(
    specs: list[dict],
    hold_specs: list[dict],
    primary: str,
    sh: Decimal,
    sj: Decimal,
    ais: Decimal,
    rate: Decimal,
    lesser: bool,
) -> None:
    plain, holds_plain, holds_rows = _build(specs, hold_specs)
    c = contract(
        **{
            "per_diem.concurrent.primary": primary,
            "per_diem.concurrent.SH": sh,
            "per_diem.concurrent.SJ": sj,
            "per_diem.ais_percent": ais,
            "per_diem.rates.S9336": rate,
            "lesser_of_billed_charges": lesser,
        }
    )
    sim = run(
        episodes([r for r in _rows(plain)], holds=holds_rows)
        if holds_rows
        else episodes(_rows(plain)),
        c,
    )
    got = sorted(
        (
            r["therapy_id"],
            r["hcpcs"],
            r["modifiers"],
            date.fromisoformat(r["service_from"]),
            date.fromisoformat(r["service_to"]),
            int(r["units"]),
            r["allowed"],
        )
        for r in rows(sim, line_type="per_diem")
    )
    assert got == reference_per_diem_lines(plain, holds_plain, c, PRICES.chargemaster)


def _rows(plain: list[dict]) -> list[dict]:
    return [
        therapy(
            t["therapy_id"],
            t["hcpcs"],
            t["start"].isoformat(),
            t["end"].isoformat(),
            t["hours"],
            patient_id=t["patient_id"],
            site=t["site"],
            episode_id=f"E{t['patient_id']}",
        )
        for t in plain
    ]


@settings(max_examples=40, deadline=None)
@given(st.lists(therapy_strategy, min_size=1, max_size=5), st.lists(hold_strategy, max_size=3))
def test_per_diem_units_equal_days_in_range_minus_holds(
    specs: list[dict], hold_specs: list[dict]
) -> None:
    plain, holds_plain, holds_rows = _build(specs, hold_specs)
    sim = run(episodes(_rows(plain), holds=holds_rows) if holds_rows else episodes(_rows(plain)))
    units: dict[str, int] = {}
    for r in rows(sim, line_type="per_diem"):
        units[r["therapy_id"]] = units.get(r["therapy_id"], 0) + int(r["units"])
    unbilled = set(sim.unbilled["therapy_id"])
    for t in plain:
        assert (t["therapy_id"] in unbilled) == (t["therapy_id"] not in units)
    for t in plain:
        if t["hours"] > 72:
            continue
        days = {t["start"] + timedelta(days=i) for i in range((t["end"] - t["start"]).days + 1)}
        for h in holds_plain:
            if h["patient_id"] == t["patient_id"] and h["therapy_id"] in ("", t["therapy_id"]):
                days -= {
                    h["start"] + timedelta(days=i) for i in range((h["end"] - h["start"]).days + 1)
                }
        assert units.get(t["therapy_id"], 0) == len(days)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(therapy_strategy, min_size=1, max_size=5),
    st.lists(
        st.tuples(
            st.sampled_from(CODES[:3] + ["S9366"]),
            st.decimals(min_value=0, max_value=500, places=2),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_raising_a_rate_never_lowers_the_total(
    specs: list[dict], raises: list[tuple[str, Decimal]]
) -> None:
    """Raise rates one after another, with and without lesser-of: the total never falls.

    With lesser-of, rates stay at or below the code's billed charge (the chargemaster's $150 a
    day for S9500): above it the ranking can make a capped day primary and the total fall (see
    the next test). One what-if service per history (coded once, no claim-line tables) values
    every step.
    """
    plain, _, _ = _build(specs, [])
    service = WhatIf(episodes(_rows(plain)), PRICES)
    for lesser in (False, True):
        current = with_changes(BASE, lesser_of_billed_charges=lesser)
        for code, raise_by in raises:
            old_rate = current.per_diem.rates[code]  # type: ignore[union-attr]
            new_rate = old_rate + raise_by
            charge = PRICES.unit_charge(code)
            if lesser and charge is not None:
                new_rate = max(old_rate, min(new_rate, charge))
            higher = with_changes(current, **{f"per_diem.rates.{code}": new_rate})
            assert service.total(higher) >= service.total(current)
            current = higher


def test_with_lesser_of_a_rate_above_the_billed_charge_can_lower_the_total() -> None:
    """Ranking uses the unreduced rate (spec §3 rule 4), lesser-of caps afterwards (spec §4).

    S9500 (billed $150/day) beside S9366 ($250, no charge), 6 days. At $95, S9366 is primary:
    6 x 250 + 6 x 47.50 = $1,785.00. At $260, S9500 is primary but capped at its billed charge:
    6 x 150 + 6 x 125 (S9366 at SH 50 %) = $1,650.00, less although a rate went up.
    """
    rows = [
        therapy("T0", "S9500", "2025-01-20", "2025-01-25", 0, patient_id="P1", episode_id="EP1"),
        therapy("T1", "S9366", "2025-01-20", "2025-01-25", 0, patient_id="P1", episode_id="EP1"),
    ]
    service = WhatIf(episodes(rows), PRICES)
    base = with_changes(BASE, lesser_of_billed_charges=True)
    higher = with_changes(base, **{"per_diem.rates.S9500": Decimal("260.00")})
    assert service.total(base) == Decimal("1785.00")
    assert service.total(higher) == Decimal("1650.00")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 400), st.integers(0, 3)), min_size=1, max_size=6),
    st.lists(
        st.tuples(
            st.sampled_from(["J0696", "J1569", "J9999"]),
            st.decimals(min_value=0, max_value=50, places=3),
        ),
        max_size=5,
    ),
)
def test_every_input_row_is_accounted_for(
    visits: list[tuple[int, int]], drug_specs: list[tuple[str, Decimal]]
) -> None:
    nursing = [
        {
            "visit_id": f"V{i}",
            "episode_id": "EP1",
            "patient_id": "P1",
            "visit_date": (DAY0 + timedelta(days=d)).isoformat(),
            "minutes": str(m),
        }
        for i, (m, d) in enumerate(visits)
    ]
    drugs = [
        {
            "line_id": f"D{i}",
            "episode_id": "EP1",
            "therapy_id": "T0",
            "service_date": "2025-02-01",
            "hcpcs": code,
            "ndc": "",
            "units": str(u),
            "billed_charge": "",
        }
        for i, (code, u) in enumerate(drug_specs)
    ]
    tables: dict = {"nursing": nursing}
    if drugs:
        tables["drugs"] = drugs
    sim = run(
        episodes([therapy("T0", "S9500", "2025-02-01", "2025-02-02", episode_id="EP1")], **tables)
    )
    lines = rows(sim)
    for line in lines:
        assert (line["allowed"] is None) == ("unpriced" in line["flags"])
        assert (line["allowed"] is None) == (line["reason"] != "")
    nursing_sources = {r["source_line"] for r in lines if r["line_type"] == "nursing"}
    assert nursing_sources == set(sim.episodes.nursing["source_line"].tolist())
    assert len(nursing_sources) == len(nursing)
    drug_sources = sorted(r["source_line"] for r in lines if r["line_type"] == "drug")
    assert drug_sources == sorted(sim.episodes.drugs["source_line"].tolist())
    assert len(drug_sources) == len(drugs)
