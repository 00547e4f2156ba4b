"""Payer policies in coding: a day-by-day reference, properties, interactions, the what-if cache.

The engine works on intervals; :func:`reference_days` walks every date of every therapy in
plain Python, so the property compares the two day by day (per diem rank and bundling, other
lines' bundling) and line by line (allowed = units × the per-day price, or 0.00 when bundled).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from infusionkit import catalog
from infusionkit.coding import CodingSettings, code_episodes, prepare_episodes
from infusionkit.contracts import Contract, with_changes
from infusionkit.pricing import coding_settings, price_episodes
from infusionkit.simulation import WhatIf
from infusionkit.simulation.whatif import CODING_KEYS
from tests.simulation.helpers import PRICES, contract, episodes, rows, run, therapy

DAY0 = date(2025, 1, 27)  # month ends fall inside the generated ranges
CODES = ["S9500", "S9494", "S9366", "S9375", "S9341"]
BASE = contract(**{"per_diem.rates.S9375": Decimal("150.00"), "per_diem.rates.S9341": 110})
ENTRIES = [
    {"code": "hydration", "with": ["tpn", "enteral"]},
    {"code": "S9500", "with": ["S9494"]},
    {"code": "tpn", "with": ["hydration"]},
    {"code": "anti_infective", "with": ["anti_infective"]},
]

therapy_specs = st.lists(
    st.fixed_dictionaries(
        {
            "patient": st.sampled_from(["P1", "P1", "P1", "P2"]),  # mostly concurrent
            "hcpcs": st.sampled_from(CODES),
            "offset": st.integers(0, 8),
            "length": st.integers(0, 12),
            "hours": st.sampled_from([0, 24, 48, 72, 168]),
            "site": st.sampled_from(["home", "home", "ais"]),
        }
    ),
    min_size=1,
    max_size=5,
)
hold_specs = st.lists(
    st.fixed_dictionaries(
        {
            "patient": st.sampled_from(["P1", "P2"]),
            "offset": st.integers(0, 20),
            "length": st.integers(0, 3),
        }
    ),
    max_size=2,
)
visit_specs = st.lists(
    st.fixed_dictionaries(
        {
            "patient": st.sampled_from(["P1", "P1", "P2"]),
            "offset": st.integers(0, 20),
            "site": st.sampled_from(["home", "ais"]),
        }
    ),
    max_size=5,
)
other_specs = st.lists(
    st.fixed_dictionaries(
        {
            "patient": st.sampled_from(["P1", "P2"]),
            "hcpcs": st.sampled_from(["S5498", "S9810", "S5035"]),
            "offset": st.integers(0, 28),
        }
    ),
    max_size=5,
)


def _day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def _history(
    specs: list[dict], holds: list[dict], visits: list[dict], others: list[dict]
) -> tuple[Any, list[dict]]:
    plain = []
    therapy_rows = []
    for i, spec in enumerate(specs):
        start, end = _day(spec["offset"]), _day(spec["offset"] + spec["length"])
        tid = f"T{i}"
        plain.append({"therapy_id": tid, **spec, "start": start, "end": end})
        therapy_rows.append(
            therapy(
                tid,
                spec["hcpcs"],
                start.isoformat(),
                end.isoformat(),
                spec["hours"],
                patient_id=spec["patient"],
                episode_id=f"E{spec['patient']}",
                site=spec["site"],
            )
        )
    # every patient has an episode (a one-day therapy far away) so other lines find a patient
    for patient in ("P1", "P2"):
        therapy_rows.append(
            therapy(
                f"Z{patient}",
                "S9500",
                "2024-01-01",
                "2024-01-01",
                24,
                patient_id=patient,
                episode_id=f"E{patient}",
            )
        )
    tables: dict[str, list[dict]] = {}
    if holds:
        tables["holds"] = [
            {
                "patient_id": h["patient"],
                "therapy_id": "",
                "start_date": _day(h["offset"]).isoformat(),
                "end_date": _day(h["offset"] + h["length"]).isoformat(),
            }
            for h in holds
        ]
    if visits:
        tables["nursing"] = [
            {
                "visit_id": f"V{i}",
                "episode_id": f"E{v['patient']}",
                "patient_id": v["patient"],
                "visit_date": _day(v["offset"]).isoformat(),
                "minutes": "60",
                "site": v["site"],
            }
            for i, v in enumerate(visits)
        ]
    if others:
        tables["other"] = [
            {
                "line_id": f"O{i}",
                "episode_id": f"E{o['patient']}",
                "hcpcs": o["hcpcs"],
                "service_date": _day(o["offset"]).isoformat(),
                "units": "1",
                "billed_charge": "",
            }
            for i, o in enumerate(others)
        ]
    return episodes(therapy_rows, **tables), plain


def _matches(code: str, terms: list[str]) -> bool:
    info = catalog.get(code)
    return code in terms or (info is not None and info.family in terms)


def _value(c: Contract, code: str, ais: bool) -> Decimal | None:
    terms = c.per_diem
    assert terms is not None
    rule, _ = terms.rule_for(code)
    if rule.kind != "rate" or rule.value is None:
        return None
    return rule.value * (terms.ais_percent / 100 if ais else 1)


def reference_days(
    plain: list[dict], holds: list[dict], visits: list[dict], c: Contract
) -> tuple[dict[tuple[str, date], tuple[int, bool]], dict[str, set[date]]]:
    """(therapy, date) -> (level, bundled) of every per diem day, and each patient's days."""
    assert c.per_diem is not None
    day_count = c.per_diem.day_count
    entries = c.policies.not_concurrent if c.policies else ()
    held = {(h["patient"], _day(h["offset"] + k)) for h in holds for k in range(h["length"] + 1)}
    days: dict[str, set[date]] = {}
    for t in plain:
        if t["hours"] > 72:
            continue
        span = [t["start"] + timedelta(days=k) for k in range((t["end"] - t["start"]).days + 1)]
        if day_count != "access_days" and t["hours"] > 24:
            step = math.ceil(t["hours"] / 24)
            dosed = set(span[::step])
            if day_count == "service_days":
                dosed |= {_day(v["offset"]) for v in visits if v["patient"] == t["patient"]} & set(
                    span
                )
            span = sorted(dosed)
        days[t["therapy_id"]] = {d for d in span if (t["patient"], d) not in held}
    by_id = {t["therapy_id"]: t for t in plain}
    result: dict[tuple[str, date], tuple[int, bool]] = {}
    patient_days: dict[str, set[date]] = {}
    for tid, dates in days.items():
        t = by_id[tid]
        patient_days.setdefault(t["patient"], set()).update(dates)
        for d in dates:
            others = [
                by_id[u]
                for u, ds in days.items()
                if u != tid and d in ds and by_id[u]["patient"] == t["patient"]
            ]
            removed = any(
                _matches(t["hcpcs"], [e.code])
                and any(_matches(u["hcpcs"], list(e.with_)) for u in others)
                for e in entries
            )
            result[(tid, d)] = (-1, True) if removed else (0, False)
    for tid, dates in days.items():
        t = by_id[tid]
        for d in dates:
            if result[(tid, d)][1]:
                continue
            ranked = [
                u
                for u, ds in days.items()
                if d in ds and by_id[u]["patient"] == t["patient"] and not result[(u, d)][1]
            ]

            def key(u: str) -> tuple:
                v = _value(c, by_id[u]["hcpcs"], by_id[u]["site"] == "ais")
                return (-(v if v is not None else Decimal(-1)), by_id[u]["start"], u)

            result[(tid, d)] = (min(sorted(ranked, key=key).index(tid), 2), False)
    return result, patient_days


def _engine_days(sim: Any) -> dict[tuple[str, date], tuple[int, bool]]:
    found = {}
    for line in rows(sim, line_type="per_diem"):
        if line["therapy_id"].startswith("Z"):
            continue
        mods = line["modifiers"].split()
        level = 1 if "SH" in mods else 2 if "SJ" in mods else 0
        bundled = "bundled" in line["flags"].split()
        first = date.fromisoformat(line["service_from"])
        last = date.fromisoformat(line["service_to"])
        assert first.month == last.month and line["units"] == (last - first).days + 1
        for k in range((last - first).days + 1):
            key = (line["therapy_id"], first + timedelta(days=k))
            assert key not in found
            found[key] = (-1 if bundled else level, bundled)
    return found


_T = {"patient": "P1", "offset": 0, "length": 6, "site": "home"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # a visit between doses is a service day
    [{**_T, "hcpcs": "S9494", "hours": 48}],
    [],
    [{"patient": "P1", "offset": 1, "site": "home"}],
    [],
    "service_days",
    [],
    [],
    False,
)
@example(  # one other therapy of `with` is enough; the third therapy moves up; S5498 bundled
    [
        {**_T, "hcpcs": "S9366", "hours": 0},
        {**_T, "hcpcs": "S9375", "hours": 24},
        {**_T, "hcpcs": "S9500", "hours": 24, "site": "ais"},
    ],
    [],
    [],
    [
        {"patient": "P1", "hcpcs": "S5498", "offset": 2},
        {"patient": "P2", "hcpcs": "S5498", "offset": 2},
    ],
    "access_days",
    [0],
    ["S5498"],
    True,
)
@given(
    therapy_specs,
    hold_specs,
    visit_specs,
    other_specs,
    st.sampled_from(["access_days", "administration_days", "service_days"]),
    st.lists(st.sampled_from(range(len(ENTRIES))), unique=True, min_size=1, max_size=2),
    st.lists(st.sampled_from(["S5498", "S9810"]), unique=True, max_size=2),
    st.booleans(),
)
def test_policies_match_a_day_by_day_reference(
    specs: list[dict],
    holds: list[dict],
    visits: list[dict],
    others: list[dict],
    day_count: str,
    entries: list[int],
    bundled_codes: list[str],
    m59: bool,
) -> None:
    history, plain = _history(specs, holds, visits, others)
    c = with_changes(
        BASE,
        **{
            "per_diem.day_count": day_count,
            "per_diem.concurrent.modifier_59": m59,
            "policies.not_concurrent": [ENTRIES[i] for i in entries],
            "policies.bundled_codes": bundled_codes,
        },
    )
    sim = run(history, c)
    want, patient_days = reference_days(plain, holds, visits, c)
    assert _engine_days(sim) == want
    assert c.per_diem is not None
    for line in rows(sim, line_type="per_diem"):
        mods = line["modifiers"].split()
        assert ("59" in mods) == (m59 and ("SH" in mods or "SJ" in mods))
        if "bundled" in line["flags"].split():
            assert line["allowed"] == Decimal("0.00")
            assert line["rule"].endswith("C12 policies.not_concurrent")
            continue
        level = 1 if "SH" in mods else 2 if "SJ" in mods else 0
        value = _value(c, line["hcpcs"], "SS" in mods)
        if value is None:
            continue
        percent = (Decimal(100), c.per_diem.concurrent.SH, c.per_diem.concurrent.SJ)[level]
        exact = value * percent / 100 * line["units"]
        assert line["allowed"] == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for line, spec in zip(rows(sim, line_type="other"), others, strict=True):
        on_day = _day(spec["offset"]) in patient_days.get(spec["patient"], set())
        bundled = spec["hcpcs"] in bundled_codes and on_day
        assert ("bundled" in line["flags"].split()) == bundled
        if bundled:
            assert (line["allowed"], line["units"]) == (Decimal("0.00"), Decimal("1.000"))
            assert line["rule"] == "C08 C11 policies.bundled_codes"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    therapy_specs,
    hold_specs,
    visit_specs,
    other_specs,
    st.lists(st.sampled_from(range(len(ENTRIES))), unique=True, max_size=3),
    st.lists(st.sampled_from(["S5498", "S9810", "S5035"]), unique=True, max_size=3),
    st.decimals(min_value=0, max_value=150, places=0),
    st.decimals(min_value=0, max_value=150, places=0),
    st.booleans(),
)
def test_bundling_never_raises_a_total(
    specs: list[dict],
    holds: list[dict],
    visits: list[dict],
    others: list[dict],
    entries: list[int],
    bundled_codes: list[str],
    sh: Decimal,
    sj: Decimal,
    lesser: bool,
) -> None:
    """Bundled codes never raise any total. Not-concurrent days never raise the per diem total
    when the primary therapy is the highest-rated and no lesser-of cap applies (see the two
    hand-computed cases below for when it can)."""
    history, _ = _history(specs, holds, visits, others)
    base = with_changes(
        BASE,
        **{
            "per_diem.concurrent.SH": sh,
            "per_diem.concurrent.SJ": sj,
            "lesser_of_billed_charges": lesser,
        },
    )
    service = WhatIf(history, PRICES)
    bundled = with_changes(base, **{"policies.bundled_codes": bundled_codes})
    before, after = service.totals_by_line_type(base), service.totals_by_line_type(bundled)
    assert after["other"] <= before["other"]
    assert {k: v for k, v in after.items() if k != "other"} == {
        k: v for k, v in before.items() if k != "other"
    }
    both = with_changes(bundled, **{"policies.not_concurrent": [ENTRIES[i] for i in entries]})
    assert service.totals_by_line_type(both)["other"] == after["other"]
    if not lesser:
        assert service.total(both) <= service.total(bundled) <= service.total(base)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(
    [{**_T, "hcpcs": "S9494", "hours": 72}], [], [{"patient": "P1", "offset": 2, "site": "ais"}]
)
@given(therapy_specs, hold_specs, visit_specs)
def test_service_days_lie_between_administration_days_and_access_days(
    specs: list[dict], holds: list[dict], visits: list[dict]
) -> None:
    history, _ = _history(specs, holds, visits, [])
    prepared = prepare_episodes(history)

    def day_set(day_count: str) -> set[tuple[int, int]]:
        c = with_changes(BASE, **{"per_diem.day_count": day_count})
        block = code_episodes(prepared, coding_settings(c, PRICES)).blocks["per_diem"]
        return {
            (int(row), d)
            for row, first, last in zip(block.row, block.first, block.last, strict=True)
            for d in range(int(first), int(last) + 1)
        }

    access, service = day_set("access_days"), day_set("service_days")
    assert day_set("administration_days") <= service <= access


def _with_and_without(rows_: list[dict], changes: dict[str, Any], entry: dict) -> tuple:
    """Totals without and with one not_concurrent entry."""
    service = WhatIf(episodes(rows_), PRICES)
    c = with_changes(BASE, **changes)
    policy = with_changes(c, **{"policies.not_concurrent": [entry]})
    return service.total(c), service.total(policy)


def test_not_concurrent_under_first_started_can_raise_the_total() -> None:
    """first_started: hydration ($20, started 02-20) is primary on 03-01, TPN ($250) SH, S9500
    ($95) SJ. Bundled, TPN becomes primary and S9500 SH:
    before 9 × 20 + 20 + 125 + 23.75 = 348.75; after 9 × 20 + 0 + 250 + 47.50 = 477.50."""
    history = [
        therapy("T1", "S9366", "2025-03-01", "2025-03-01", 0),
        therapy("T2", "S9375", "2025-02-20", "2025-03-01", 24),
        therapy("T3", "S9500", "2025-03-01", "2025-03-01", 24),
    ]
    rates = {"per_diem.rates.S9375": Decimal("20.00")}
    entry = {"code": "hydration", "with": ["tpn"]}
    first = {**rates, "per_diem.concurrent.primary": "first_started"}
    assert _with_and_without(history, first, entry) == (Decimal("348.75"), Decimal("477.50"))
    # highest_rate: TPN primary, S9500 SH, hydration SJ (5.00) on 03-01: 482.50, then 477.50
    assert _with_and_without(history, rates, entry) == (Decimal("482.50"), Decimal("477.50"))


def test_not_concurrent_under_lesser_of_can_raise_the_total() -> None:
    """S9500 at $1,000 is primary but capped at its $150 charge; TPN ($290) SH 145, S9494 ($80)
    SJ 20: 315.00. S9500 bundled beside TPN: TPN 290 primary, S9494 SH 40: 330.00."""
    history = [
        therapy("T1", "S9500", "2025-03-01", "2025-03-01", 24),
        therapy("T2", "S9366", "2025-03-01", "2025-03-01", 0),
        therapy("T3", "S9494", "2025-03-01", "2025-03-01", 48),
    ]
    changes = {
        "per_diem.rates.S9500": 1000,
        "per_diem.rates.S9366": 290,
        "lesser_of_billed_charges": True,
    }
    entry = {"code": "S9500", "with": ["tpn"]}
    assert _with_and_without(history, changes, entry) == (Decimal("315.00"), Decimal("330.00"))


def test_the_what_if_cache_follows_every_policy_key() -> None:
    """Totals of one WhatIf over a sequence of policy changes equal a fresh pricing of each."""
    history, _ = _history(
        [
            {
                "patient": "P1",
                "hcpcs": "S9366",
                "offset": 0,
                "length": 10,
                "hours": 0,
                "site": "home",
            },
            {
                "patient": "P1",
                "hcpcs": "S9375",
                "offset": 2,
                "length": 10,
                "hours": 24,
                "site": "ais",
            },
            {
                "patient": "P1",
                "hcpcs": "S9494",
                "offset": 1,
                "length": 12,
                "hours": 72,
                "site": "home",
            },
        ],
        [],
        [
            {"patient": "P1", "offset": 2, "site": "ais"},
            {"patient": "P1", "offset": 5, "site": "home"},
        ],
        [
            {"patient": "P1", "hcpcs": "S5498", "offset": 3},
            {"patient": "P1", "hcpcs": "S5035", "offset": 3},
        ],
    )
    changes: list[dict[str, Any]] = [
        {},
        {"policies.bundled_codes": ["S5498"]},
        {"policies.bundled_codes": ["S5498", "S5035"]},
        {"policies.not_concurrent": [{"code": "hydration", "with": ["tpn"]}]},
        {"per_diem.day_count": "service_days"},
        {"nursing.ais_percent": 80},
        {"nursing.ais_percent": 50},
        {"per_diem.concurrent.modifier_59": True},
        {},
    ]
    service = WhatIf(history, PRICES)
    prepared = prepare_episodes(history)
    seen = set()
    for change in changes:
        c = with_changes(BASE, **change)
        fresh = price_episodes(prepared, c, PRICES)
        cents = sum(b.allowed_total_cents() for b in fresh.blocks.values())
        assert service.total(c) == Decimal(cents) / 100, change
        lines = service.lines(c)
        assert lines.num_rows == sum(len(b.block) for b in fresh.blocks.values())
        seen.add(service.total(c))
    assert len(seen) >= 5, "the changes move money"


def test_every_coding_key_changes_the_coding_settings() -> None:
    values = {
        "per_diem.day_count": "service_days",
        "per_diem.concurrent.primary": "first_started",
        "per_diem.concurrent.modifier_59": True,
        "nursing.ais_percent": 100,
        "policies": {"bundled_codes": ["S5498"]},
    }
    assert set(values) == set(CODING_KEYS)

    def plain(c: Contract) -> CodingSettings:
        return dataclasses.replace(coding_settings(c, PRICES), per_day_value=None)

    base = plain(BASE)
    assert plain(with_changes(BASE, **{"per_diem.rates.S9500": 96})) == base
    for key, value in values.items():
        assert plain(with_changes(BASE, **{key: value})) != base, key
