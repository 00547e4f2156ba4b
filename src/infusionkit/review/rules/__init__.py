"""Every review rule, by stable id. One rule = one class with a docstring (problem and fix)."""

from __future__ import annotations

from infusionkit.review.rules.base import History, Rule, RuleContext
from infusionkit.review.rules.codes import GeneralBesideSpecific, UnpricedCodes
from infusionkit.review.rules.payment import LesserOf
from infusionkit.review.rules.per_diem import (
    DayCount,
    InfrequentRates,
    SecondTherapy,
    SuiteDays,
    ThirdTherapy,
)
from infusionkit.review.rules.policies import POLICY_RULES
from infusionkit.review.rules.services import DrugBasis, DrugDiscount, NursingRates
from infusionkit.review.rules.terms import (
    AnnualEscalator,
    MostFavoredNation,
    PromptPayment,
    RecoupmentLookback,
    TerminationNotice,
    TimelyFiling,
)

_ALL: tuple[Rule, ...] = (
    DayCount(),
    GeneralBesideSpecific(),
    SecondTherapy(),
    ThirdTherapy(),
    InfrequentRates(),
    SuiteDays(),
    NursingRates(),
    DrugBasis(),
    DrugDiscount(),
    LesserOf(),
    UnpricedCodes(),
    AnnualEscalator(),
    TimelyFiling(),
    PromptPayment(),
    RecoupmentLookback(),
    TerminationNotice(),
    MostFavoredNation(),
    *POLICY_RULES,
)
RULES: dict[str, Rule] = {rule.id: rule for rule in _ALL}
"""Rule id -> rule, in id order."""

__all__ = ["RULES", "History", "Rule", "RuleContext"]
