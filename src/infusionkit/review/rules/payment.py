"""Rules on how the rate is applied: the lesser-of-billed-charges clause."""

from __future__ import annotations

from typing import Literal

from infusionkit.review.findings import Finding
from infusionkit.review.rules.base import Rule, RuleContext


class LesserOf(Rule):
    """No "lesser of billed charges or the contract rate" clause.

    Problem: the payer pays the billed charge whenever it is below the contracted rate, so the
    contract rate is a ceiling and never a price; low charges on any line cost money.
    Fix: pay the contracted rate (``lesser_of_billed_charges: false``).
    """

    id = "IK110"
    topic = "lesser_of"
    title = "Lesser-of-billed-charges clause"
    value = Literal[False]
    value_help = "false (delete the entry or set enabled: false to stop checking)"

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not ctx.contract.lesser_of_billed_charges:
            return []
        return [
            ctx.finding(
                "Each line is paid at the lesser of the billed charge and the contract rate.",
                current="lesser of billed charges or the contract rate",
                recommended="the contract rate (no lesser-of clause)",
                key="lesser_of_billed_charges",
                fix={"lesser_of_billed_charges": False},
            )
        ]
