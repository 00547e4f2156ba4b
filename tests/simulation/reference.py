"""A deliberately naive, day-by-day reference of the coding and pricing rules, in plain Decimal.

The engine works on intervals and integer arrays; this walks every date of every therapy. The
property tests compare the two line by line.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from infusionkit.contracts import Contract

CENT = Decimal("0.01")


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def reference_per_diem_lines(
    therapies: list[dict], holds: list[dict], contract: Contract, charges: dict
) -> list[tuple]:
    """(therapy_id, code, modifiers, from, to, units, allowed) of per diem therapies."""
    terms = contract.per_diem
    assert terms is not None

    def value(t: dict) -> Decimal | None:
        rule, _ = terms.rule_for(t["hcpcs"])
        factor = terms.ais_percent / 100 if t["site"] == "ais" else Decimal(1)
        if rule.kind == "rate":
            return rule.value * factor
        if rule.kind == "percent_of_charges" and t["hcpcs"] in charges:
            return charges[t["hcpcs"]] * rule.value / 100 * factor
        return None

    held: dict[str, set[date]] = {}
    for t in therapies:
        days: set[date] = set()
        for h in holds:
            if h["patient_id"] == t["patient_id"] and h["therapy_id"] in ("", t["therapy_id"]):
                days |= set(_dates(h["start"], h["end"]))
        held[t["therapy_id"]] = days
    per_day: dict[tuple[str, date], int] = {}  # (therapy, date) -> level
    by_patient: dict[str, list[dict]] = {}
    for t in therapies:
        if t["hours"] <= 72:
            by_patient.setdefault(t["patient_id"], []).append(t)
    for patient_therapies in by_patient.values():
        calendar: dict[date, list[dict]] = {}
        for t in patient_therapies:
            for d in _dates(t["start"], t["end"]):
                if d not in held[t["therapy_id"]]:
                    calendar.setdefault(d, []).append(t)
        for d, active in calendar.items():

            def key(t: dict) -> tuple:
                v = value(t)
                rank_value = -(v if v is not None else Decimal(-1))
                if terms.concurrent.primary == "highest_rate":
                    return (rank_value, t["start"], t["therapy_id"])
                return (t["start"], rank_value, t["therapy_id"])

            for rank, t in enumerate(sorted(active, key=key)):
                per_day[(t["therapy_id"], d)] = min(rank, 2)
    lines = []
    for t in therapies:
        days = sorted(d for (tid, d) in per_day if tid == t["therapy_id"])
        run: list[date] = []
        for d in days + [None]:  # type: ignore[list-item]
            if run and (
                d is None
                or d != run[-1] + timedelta(days=1)
                or per_day[(t["therapy_id"], d)] != per_day[(t["therapy_id"], run[-1])]
                or d.month != run[-1].month
            ):
                lines.append(_price(t, run, per_day[(t["therapy_id"], run[0])], contract, charges))
                run = []
            if d is not None:
                run.append(d)
    return sorted(lines)


def _price(t: dict, run: list[date], level: int, contract: Contract, charges: dict) -> tuple:
    terms = contract.per_diem
    assert terms is not None
    rule, _ = terms.rule_for(t["hcpcs"])
    units = len(run)
    mult = Decimal(1)
    mods = []
    if level:
        mult *= (terms.concurrent.SH if level == 1 else terms.concurrent.SJ) / 100
        mods.append("SH" if level == 1 else "SJ")
    if t["site"] == "ais":
        mult *= terms.ais_percent / 100
        mods.append("SS")
    billed = None
    if t["hcpcs"] in charges:
        billed = (charges[t["hcpcs"]] * units).quantize(CENT, rounding=ROUND_HALF_UP)
    if rule.kind == "rate":
        exact: Decimal | None = rule.value * units * mult
    elif rule.kind == "percent_of_charges" and billed is not None:
        exact = billed * rule.value / 100 * mult
    else:
        exact = None
    allowed = None if exact is None else exact.quantize(CENT, rounding=ROUND_HALF_UP)
    if allowed is not None and contract.lesser_of_billed_charges and billed is not None:
        allowed = min(allowed, billed)
    return (t["therapy_id"], t["hcpcs"], " ".join(mods), run[0], run[-1], units, allowed)


def ceil_days(hours: float) -> int:
    return max(1, math.ceil(hours / 24))
