"""Rules on payer policies beyond the national standard (spec §10; coding rules C10-C14).

Each finding carries a ``fix`` (the contract without the policy, or with only the accepted part
of it), so with an episode history its dollar impact is measured through the what-if service.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Annotated, Literal, TypeVar

from pydantic import BeforeValidator

from infusionkit.contracts.policies import BundledCode, NotConcurrent
from infusionkit.review.findings import Finding
from infusionkit.review.rules.base import Rule, RuleContext, pct
from infusionkit.review.rules.values import MinPercent

T = TypeVar("T")

_SERVICE_DAYS = "service days (only days with a dose or a nursing visit)"
_ACCESS_DAYS = "access days (every day of access)"


def _listed(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


AcceptedCodes = Annotated[list[BundledCode], BeforeValidator(_listed)]
AcceptedEntries = Annotated[list[NotConcurrent], BeforeValidator(_listed)]


def _entry_text(entry: NotConcurrent) -> str:
    return f"{entry.code} not paid beside {', '.join(entry.with_)}"


class ServiceDays(Rule):
    """Per diem days are not limited to the days with a service.

    Problem: the contract pays the per diem only on days with a dose or a nursing visit
    (``per_diem.day_count: service_days``), so the days between doses of a therapy dosed every
    48 or 72 hours, which the NHIA per diem covers, go unpaid: payer-favourable.
    Fix: count every day of access (``per_diem.day_count: access_days``).
    """

    id = "IK301"
    topic = "service_days"
    title = "Per diem paid on service days only"
    value = Literal[False]
    value_help = "false (delete the entry or set enabled: false to stop checking)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        per_diem = ctx.contract.per_diem
        if per_diem is None or per_diem.day_count != "service_days":
            return []
        return [
            ctx.finding(
                "Per diem days are only the days with a dose or a nursing visit: the days "
                "between doses go unpaid (payer-favourable).",
                current=_SERVICE_DAYS,
                recommended=_ACCESS_DAYS,
                key="per_diem.day_count",
                fix={"per_diem.day_count": "access_days"},
            )
        ]


def _beyond_accepted(listed: Sequence[T], accepted: Container[T]) -> tuple[list[T], list[T]]:
    """The listed entries the recommendation does not accept, and those it does (in order)."""
    extra = [item for item in listed if item not in accepted]
    kept = [item for item in listed if item in accepted]
    return extra, kept


class BundledCodes(Rule):
    """Catheter care and other services billed beside the per diem, not bundled into it.

    Problem: the contract bundles codes into the per diem (``policies.bundled_codes``): those
    lines are allowed 0.00 on every per diem day of the patient, though the national standard
    bills catheter care, kits and pump services beside the per diem: payer-favourable.
    Fix: list only the accepted codes (e.g. S9810, whose descriptor already says it is not
    billed with a per diem code) in ``policies.bundled_codes``, or delete the key.
    """

    id = "IK302"
    topic = "bundled_codes"
    title = "Codes bundled into the per diem on per diem days"
    value = AcceptedCodes
    value_help = "the codes accepted as bundled, e.g. [S9810] ([] accepts none)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        policies = ctx.contract.policies
        listed = policies.bundled_codes if policies is not None else ()
        accepted = set(ctx.value)
        extra, kept = _beyond_accepted(listed, accepted)
        if not extra:
            return []
        allowed_text = ", ".join(sorted(accepted)) if accepted else "none"
        return [
            ctx.finding(
                f"{', '.join(extra)} on a per diem day of the patient "
                f"{'is' if len(extra) == 1 else 'are'} bundled into the per diem (allowed "
                "0.00): payer-favourable.",
                current="bundled: " + ", ".join(listed),
                recommended=f"billed beside the per diem (bundled: {allowed_text})",
                key="policies.bundled_codes",
                fix={"policies.bundled_codes": kept},
            )
        ]


class NotConcurrentTherapies(Rule):
    """Every concurrent therapy paid as a concurrent therapy (SH, SJ).

    Problem: the contract does not pay a therapy beside another (``policies.not_concurrent``,
    e.g. hydration beside parenteral or enteral nutrition): its per diem days on those dates
    are allowed 0.00, though it needs its own pharmacy services and supplies:
    payer-favourable.
    Fix: pay it as a concurrent therapy at the SH/SJ percentages: delete the entry from
    ``policies.not_concurrent`` (or keep only the accepted entries).
    """

    id = "IK303"
    topic = "not_concurrent"
    title = "Therapies not paid beside other therapies"
    value = AcceptedEntries
    value_help = "the accepted entries, e.g. [{code: hydration, with: [tpn]}] ([] accepts none)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        policies = ctx.contract.policies
        entries = policies.not_concurrent if policies is not None else ()
        extra, accepted_entries = _beyond_accepted(entries, list(ctx.value))
        if not extra:
            return []
        kept = [{"code": entry.code, "with": list(entry.with_)} for entry in accepted_entries]
        text = "; ".join(_entry_text(entry) for entry in extra)
        return [
            ctx.finding(
                f"{text[:1].upper()}{text[1:]}: those per diem days are allowed 0.00 "
                "(payer-favourable).",
                current="; ".join(_entry_text(entry) for entry in entries),
                recommended="each concurrent therapy paid at the SH/SJ percentages",
                key="policies.not_concurrent",
                fix={"policies.not_concurrent": kept},
            )
        ]


class Modifier59(Rule):
    """SH and SJ billed without modifier 59.

    Problem: the contract requires modifier 59 with SH/SJ (``per_diem.concurrent.modifier_59``):
    it pays nothing more, but a concurrent-therapy line billed without it can be denied, so the
    billing system must add it for this payer.
    Fix: bill SH/SJ as the HCPCS modifiers define them, without 59
    (``per_diem.concurrent.modifier_59: false``); else set up the billing system to add it.
    """

    id = "IK304"
    topic = "modifier_59"
    title = "Modifier 59 required with SH and SJ"
    value = Literal[False]
    value_help = "false (delete the entry or set enabled: false to stop checking)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        per_diem = ctx.contract.per_diem
        if per_diem is None or not per_diem.concurrent.modifier_59:
            return []
        return [
            ctx.finding(
                "SH and SJ lines must also carry modifier 59: no price of its own, but "
                "concurrent-therapy lines billed without it risk denial.",
                current="modifier 59 required with SH/SJ",
                recommended="SH/SJ without modifier 59",
                key="per_diem.concurrent.modifier_59",
                fix={"per_diem.concurrent.modifier_59": False},
            )
        ]


class NursingSuite(Rule):
    """Nursing visits in the infusion suite (modifier SS) paid in full.

    Problem: the contract pays nursing visits at site ais below the nursing rates
    (``nursing.ais_percent``), though the nurse's time and skill are the same in the suite.
    Fix: raise ``nursing.ais_percent`` to the recommended percentage (or delete the key).
    """

    id = "IK305"
    topic = "nursing_suite"
    title = "Nursing visits in the infusion suite paid below the nursing rates"
    value = MinPercent
    value_help = "a percentage 0-1000, e.g. 100"

    def check(self, ctx: RuleContext) -> list[Finding]:
        nursing = ctx.contract.nursing
        percent = nursing.ais_percent if nursing is not None else None
        if percent is None or percent >= ctx.value:
            return []
        return [
            ctx.finding(
                f"Nursing visits in the ambulatory infusion suite (SS) are paid at "
                f"{pct(percent)} of the nursing rates; recommended: at least {pct(ctx.value)}.",
                current=pct(percent),
                recommended=f"≥ {pct(ctx.value)}",
                key="nursing.ais_percent",
                fix={"nursing.ais_percent": ctx.value},
            )
        ]


POLICY_RULES: tuple[Rule, ...] = (
    ServiceDays(),
    BundledCodes(),
    NotConcurrentTherapies(),
    Modifier59(),
    NursingSuite(),
)
"""The payer-policy review rules, in id order."""


__all__ = [
    "POLICY_RULES",
    "BundledCodes",
    "Modifier59",
    "NotConcurrentTherapies",
    "NursingSuite",
    "ServiceDays",
]
