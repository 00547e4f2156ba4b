"""The claim-line rules as units: coding (episodes → lines, ``C01`` …) and pricing (``P01`` …).

Each rule is a class with a stable ``id``, a ``title`` and a docstring: the first line states the
rule, the next paragraphs say how it is applied, and a ``Source:`` paragraph says where it comes
from. The engines apply the rules vectorised (:mod:`infusionkit.coding.engine`,
:mod:`infusionkit.pricing`); these classes are what is documented (``docs/rules.md`` is generated
from them) and tested (``tests/coding/cases/<id>.yaml``). A coding rule also says which lines it
made or changed (:meth:`LineRule.marks`): those lines carry its id at the start of the claim
line's ``rule`` column, e.g. ``C01 C05 per_diem.rates.S9500 $95.00 × SH 50%``.

Adding a rule: one class here (the next free ``C``/``P`` id, a title, a docstring ending with
``Source:``; for a coding rule ``line_types`` or ``marks`` so its lines carry the id), listed in
``_ALL``; the engine change that applies it; one cases file ``tests/coding/cases/<id>.yaml``
(cases where it applies and where it does not); then ``make docs``.

Payer policies (``C10`` … ``C14``) are :class:`PolicyRule` units: off unless the contract sets
their key, with a ``Problem:`` and a ``Payer example:`` in the docstring, and
:meth:`PolicyRule.setting` saying how a contract sets them (the report's methodology lists it).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
import numpy.typing as npt

from infusionkit.coding.intervals import compact_keys
from infusionkit.money import percent_text

if TYPE_CHECKING:
    from infusionkit.coding.engine import CodingSettings
    from infusionkit.coding.lines import LineBlock
    from infusionkit.contracts import Contract

Mark = bool | npt.NDArray[np.bool_]
LABELS = ("Problem", "Fix", "Source", "Payer example")
_LABEL = re.compile(rf"^({'|'.join(LABELS)}):\s+(.*)$")


@dataclass(frozen=True)
class DocParts:
    """A rule docstring read as parts: summary line, body paragraphs, ``Label:`` sections."""

    summary: str
    body: tuple[str, ...] = ()
    sections: dict[str, str] = field(default_factory=dict)


def doc_parts(doc: str | None) -> DocParts:
    """Split a rule docstring; lines are joined with spaces, ````code```` becomes ```code```.

    The first paragraph is the summary. A line starting with one of :data:`LABELS` and a colon
    opens a section that runs to the next label or blank line; other paragraphs are the body.
    """
    summary: list[str] = []
    body: list[list[str]] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = summary
    for line in inspect.cleandoc(doc or "").replace("``", "`").splitlines():
        text = line.strip()
        match = _LABEL.match(text) if current is not summary else None
        if not text:
            current = None
        elif match:
            current = sections.setdefault(match[1], [])
            current.append(match[2])
        elif current is None:
            current = []
            body.append(current)
            current.append(text)
        else:
            current.append(text)
    return DocParts(
        summary=" ".join(summary),
        body=tuple(" ".join(p) for p in body),
        sections={label: " ".join(words) for label, words in sections.items()},
    )


@dataclass(frozen=True)
class Lines:
    """What a coding rule looks at: a block of coded lines and the contract's coding settings.

    ``settings`` is None for the blocks that do not depend on the contract (all but per diem).
    """

    block: LineBlock
    settings: CodingSettings | None = None


class LineRule:
    """Base of coding and pricing rules: ``id``, ``title``, ``stage`` and the docstring.

    ``line_types``: the line types whose every line the rule marks (see :meth:`marks`).
    """

    id: ClassVar[str]
    title: ClassVar[str]
    stage: ClassVar[Literal["coding", "pricing"]]
    line_types: ClassVar[tuple[str, ...]] = ()

    @property
    def doc(self) -> DocParts:
        return doc_parts(type(self).__doc__)

    def marks(self, lines: Lines) -> Mark:
        """Which groups of lines this rule made or changed (they carry its id in ``rule``).

        A bool for the whole block or one bool per group (``block.group_*`` arrays); by default
        every line of ``line_types``.
        """
        return lines.block.line_type in self.line_types


def per_diem_day_count(lines: Lines) -> str | None:
    """How per diem lines were counted (``access_days`` without settings); None for other lines."""
    if lines.block.line_type != "per_diem":
        return None
    return lines.settings.day_count if lines.settings is not None else "access_days"


# --- coding rules (episodes → claim lines) -------------------------------------------------------


class AccessDays(LineRule):
    """Per diem days are every day of access, minus hold days.

    A therapy dosed every 72 hours or more often (``dosing_interval_hours`` ≤ 72, 0 = continuous)
    has a per diem day on every date from its start_date to its end_date, both included, whether
    or not a dose is given that day. Hold days are removed: a hold with a therapy_id removes days
    of that therapy, a hold without one removes the days of every therapy of the patient. This is
    the day count unless the contract sets `per_diem.day_count: administration_days`.

    Source: NHIA National Coding Standard for Home Infusion Therapy Claims (the per diem covers
    each day the patient has access to the therapy, from initiation through discontinuation);
    holds: infusionkit policy (NHIA publishes no rule for interruptions).
    """

    id = "C01"
    title = "Per diem days: every day of access"
    stage = "coding"

    def marks(self, lines: Lines) -> Mark:
        return per_diem_day_count(lines) == "access_days"


class AdministrationDays(LineRule):
    """Per diem days are the days a dose is given (`per_diem.day_count: administration_days`).

    Therapies dosed every 24 hours or more often count every date from start_date to end_date.
    For longer intervals (up to 72 hours) only the dose dates count: the therapy's dates in the
    `administrations` table when it has any (dates outside start..end are ignored), else
    start_date + k·⌈interval/24⌉ days up to end_date (those lines carry flag `scheduled`).
    Hold days are removed as for access days.

    Source: payer policies that pay only days with a service (e.g. BCBS Texas HIT schedules,
    2015); a contract setting, not the national definition.
    """

    id = "C02"
    title = "Per diem days: administration days only"
    stage = "coding"

    def marks(self, lines: Lines) -> Mark:
        return per_diem_day_count(lines) == "administration_days"


class InfrequentAdministrations(LineRule):
    """A therapy dosed less often than every 72 hours is billed per administration.

    It has no per diem days. Each administration date gives one unit of the therapy's code
    (`line_type` infrequent): the dates in `administrations` when the therapy has any, else
    start_date + k·⌈interval/24⌉ days up to end_date (flag `scheduled`). An administration on a
    hold day is skipped. The contract prices these lines in `per_diem.infrequent`.

    Source: NHIA National Coding Standard (the per diem definition covers therapies dosed every
    72 hours or more often; others need separately specified rates); one unit per
    administration: infusionkit policy.
    """

    id = "C03"
    title = "Infrequent therapies: one unit per administration"
    stage = "coding"
    line_types = ("infrequent",)


class VolumeTiers(LineRule):
    """TPN and hydration therapies are coded by their daily volume.

    A TPN (S9364–S9368) or hydration (S9373–S9377) therapy with `daily_volume_ml` is coded
    S9365/S9374 up to 1000 ml a day, S9366/S9375 up to 2000 ml, S9367/S9376 up to 3000 ml and
    S9368/S9377 above. When that differs from the code given, the lines carry flag `recoded`.

    Source: CMS HCPCS code descriptors (per diem TPN and hydration codes by litres per day).
    """

    id = "C04"
    title = "Volume tiers: TPN and hydration recoded by daily volume"
    stage = "coding"

    def marks(self, lines: Lines) -> Mark:
        return lines.block.group_recoded


class Concurrency(LineRule):
    """On each date the patient's per diem days are ranked: the second gets SH, later ones SJ.

    Ranking follows the contract's `per_diem.concurrent.primary`: `highest_rate` (default) puts
    the highest full per-day allowed first (before SH/SJ reductions and lesser-of; ties by earlier
    start_date, then therapy_id); `first_started` puts the earlier start_date first (ties by
    higher rate, then therapy_id). Rank 1 has no modifier. Infrequent, nursing, drug and other
    lines take no part.

    Source: HCPCS modifiers SH (second concurrently administered infusion therapy) and SJ (third
    or more); which therapy is primary: contract setting (payers differ; no national rule).
    """

    id = "C05"
    title = "Concurrent therapies: SH for the second, SJ for the third and later"
    stage = "coding"

    def marks(self, lines: Lines) -> Mark:
        block = lines.block
        return block.line_type == "per_diem" and block.group_level > 0


class SuiteDays(LineRule):
    """Per diem days at site `ais` carry modifier SS (after SH/SJ: `SH SS`).

    The contract pays them at `per_diem.ais_percent` of the rate.

    Source: HCPCS modifier SS (service in the infusion suite of the IV therapy provider; NHIA:
    SS may be added to any per diem code).
    """

    id = "C06"
    title = "Infusion suite days: modifier SS"
    stage = "coding"

    def marks(self, lines: Lines) -> Mark:
        block = lines.block
        return block.line_type == "per_diem" and block.group_ais


class NursingVisits(LineRule):
    """A nursing visit is one unit of 99601, plus 99602 per additional hour past two hours.

    The additional hours are the minutes beyond 120 divided by 60, plus one more when the
    remainder is more than 30 minutes (200 minutes: 99601 × 1 and 99602 × 1; 150 minutes:
    99601 × 1 only). One line per visit and code.

    Source: CPT 99601 (home infusion visit, up to two hours) and 99602 (each additional hour);
    partial hours: the CPT time rule (a unit counts once its midpoint is passed).
    """

    id = "C07"
    title = "Nursing: 99601 per visit, 99602 per additional hour"
    stage = "coding"
    line_types = ("nursing",)


class AsGiven(LineRule):
    """Drug and other lines are billed as given: one claim line per input row.

    The row's code, service date, units (up to 3 decimals) and billed charge are kept as written.

    Source: NHIA commercial coverage page (the drug is billed by HCPCS code with NDC and units on
    the same claim as the per diem and nursing).
    """

    id = "C08"
    title = "Drugs and other lines: as given"
    stage = "coding"
    line_types = ("drug", "other")


class ClaimLines(LineRule):
    """Per diem days become claim lines of one run of consecutive dates inside one calendar month.

    A line holds one therapy, one code and one modifier set; `units` = days. A run is split where
    the modifiers change (SH starts or ends) and at each month end, so no line spans two months.
    Infrequent therapies give one line per administration, nursing one line per visit and code.
    Every per diem line is grouped this way, so the id is not repeated in the `rule` column.

    Source: infusionkit policy (payers ask for claim lines inside one calendar month, e.g. BCBS
    North Dakota: one line per calendar month).
    """

    id = "C09"
    title = "Claim lines: runs of consecutive days inside one calendar month"
    stage = "coding"


# --- payer policies (coding rules a contract switches on; spec §10) ------------------------------


class PolicyRule(LineRule):
    """Base of the payer policies: a coding rule that applies only when the contract sets ``key``.

    :meth:`setting` describes the contract's setting (None when the policy is off).
    """

    stage = "coding"
    key: ClassVar[str]

    def setting(self, contract: Contract) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError


class BundlingPolicy(PolicyRule):
    """Base of the policies that keep lines at 0.00 (flag ``bundled``): they mark the lines of
    their ``line_types`` that coding bundled."""

    def marks(self, lines: Lines) -> Mark:
        block = lines.block
        if block.line_type not in self.line_types or block.group_bundled is None:
            return False
        return block.group_bundled


class ServiceDays(PolicyRule):
    """Per diem days are the days with a service: dose days and nursing-visit days.

    With `per_diem.day_count: service_days`, therapies dosed every 24 hours or more often count
    every date from start_date to end_date. For longer intervals (up to 72 hours) the per diem
    days are the administration days of C02 (the `administrations` dates, else the schedule)
    plus every date with a nursing visit of the same patient (in any episode) from the
    therapy's start_date to its end_date; hold days are removed. A date with both counts once.

    Problem: the national per diem covers every day of access; a payer that pays only days with
    a service leaves the days between doses unpaid unless a nurse visits that day.
    Payer example: BCBS Texas (HIT BlueChoice schedules, 2015) pays the per diem only on days
    with an actual infusion service and/or nursing care.
    Source: payer policy (BCBS Texas, 2015); a contract setting, not the NHIA definition.
    """

    id = "C10"
    title = "Per diem days: service days only (doses and nursing visits)"
    key = "per_diem.day_count"

    def marks(self, lines: Lines) -> Mark:
        return per_diem_day_count(lines) == "service_days"

    def setting(self, contract: Contract) -> str | None:
        per_diem = contract.per_diem
        if per_diem is None or per_diem.day_count != "service_days":
            return None
        return "per diem only on days with a dose or a nursing visit"


class BundledCodes(BundlingPolicy):
    """Other lines of `policies.bundled_codes` on a per diem day of the patient are bundled.

    An `other` line whose code is listed and whose service_date is a per diem day of the same
    patient (the patient of the line's episode) keeps its units and billed charge, is allowed
    0.00 and carries flag `bundled`; its `rule` reads `C08 C11 policies.bundled_codes`. A per
    diem day is a coded day of any of the patient's therapies after holds, under the contract's
    day count (days C12 removes still count; infrequent administrations do not). Lines on other
    dates are priced as usual.

    Problem: the national standard bills catheter care and hourly pharmacy services beside the
    per diem; a payer that bundles them pays nothing for them on per diem days.
    Payer example: Oregon Medicaid (OAR 410-148-0300) pays catheter care S5497-S5521 only as a
    stand-alone therapy or on days no other therapy's per diem covers; the S9810 descriptor: not
    billed with any per diem code; Arkansas Medicaid (Code 20-77-802) bundles catheter care kits,
    pumps and poles into the per diem.
    Source: payer policies (Oregon Medicaid, Arkansas Medicaid) and the CMS HCPCS S9810
    descriptor; a contract setting.
    """

    id = "C11"
    title = "Bundled codes: other lines on per diem days allowed 0.00"
    key = "policies.bundled_codes"
    line_types = ("other",)

    def setting(self, contract: Contract) -> str | None:
        policies = contract.policies
        if policies is None or not policies.bundled_codes:
            return None
        return f"{', '.join(policies.bundled_codes)} bundled on per diem days (allowed 0.00)"


class NotConcurrent(BundlingPolicy):
    """A therapy of `policies.not_concurrent` is not paid on days a listed other therapy has a
    per diem day.

    Each entry names a therapy (`code`: a per diem code or a family of per diem codes, e.g.
    `hydration`) and the therapies it is not paid beside (`with`). A per diem day of a therapy
    matching `code` (its code after C04 volume recoding, or that code's family) on a date on
    which another therapy of the same patient matching `with` has a per diem day is removed
    before concurrency ranking (C05): it takes no rank, so the other therapies of that date are
    ranked without it (a third therapy moves from SJ to SH). The removed days are kept as per
    diem lines with allowed 0.00 and flag `bundled` (`rule`: `policies.not_concurrent`), with no
    SH/SJ, with SS at the suite and their other flags, grouped into runs like other per diem
    lines. Every entry is tested against the days before any removal.

    Problem: under the national standard every concurrent therapy is billed (SH, SJ); a payer
    that does not pay one therapy beside another pays nothing for its days.
    Payer example: HMSA (home IV hydration, administrative information) does not pay hydration
    as a multiple therapy beside enteral or parenteral nutrition.
    Source: payer policy (HMSA); a contract setting.
    """

    id = "C12"
    title = "Not concurrent: a therapy beside a listed therapy allowed 0.00, unranked"
    key = "policies.not_concurrent"
    line_types = ("per_diem",)

    def setting(self, contract: Contract) -> str | None:
        policies = contract.policies
        if policies is None or not policies.not_concurrent:
            return None
        return "; ".join(
            f"{entry.code} not paid beside {', '.join(entry.with_)}"
            for entry in policies.not_concurrent
        )


class Modifier59(PolicyRule):
    """SH and SJ per diem lines also carry modifier 59 (`per_diem.concurrent.modifier_59`).

    Only per diem lines with SH or SJ get 59, after the other modifiers (`SH 59`, `SJ SS 59`);
    primary days, days C12 removes and other line types do not. Prices do not change.

    Problem: a payer that requires 59 with SH/SJ denies concurrent-therapy lines billed without
    it; the billing system must add it.
    Payer example: BCBS North Carolina (HIT quick reference, 2011) requires modifier 59 together
    with SH/SJ on concurrent therapies.
    Source: payer policy (BCBS North Carolina, 2011); HCPCS modifier 59 (distinct procedural
    service).
    """

    id = "C13"
    title = "Modifier 59 with SH and SJ"
    key = "per_diem.concurrent.modifier_59"

    def marks(self, lines: Lines) -> Mark:
        block = lines.block
        if block.line_type != "per_diem" or not block.modifier_59:
            return False
        return block.group_level > 0

    def setting(self, contract: Contract) -> str | None:
        per_diem = contract.per_diem
        if per_diem is None or not per_diem.concurrent.modifier_59:
            return None
        return "modifier 59 on SH/SJ lines"


class NursingSuite(PolicyRule):
    """Nursing visits at site ais carry modifier SS, paid at `nursing.ais_percent` of the rate.

    When the contract states `nursing.ais_percent`, the 99601 and 99602 lines of a visit at site
    `ais` carry SS, and their full allowed (rate or percent of charges) is multiplied by that
    percentage before lesser-of, e.g. `C07 C14 nursing.rates.99601 $150.00 × SS 80%`. Without
    the key, suite visits carry no modifier and are paid in full.

    Problem: a payer may pay nursing visits in the provider's infusion suite below home visits;
    a visit billed without SS, or paid in full, misstates what the contract pays.
    Payer example: Oregon Medicaid (OAR 410-148-0300): modifier SS goes on nursing visits in the
    infusion suite.
    Source: payer policy (Oregon Medicaid); HCPCS modifier SS; the percentage is a contract
    setting.
    """

    id = "C14"
    title = "Nursing visits in the infusion suite: modifier SS and a percentage"
    key = "nursing.ais_percent"

    def marks(self, lines: Lines) -> Mark:
        block = lines.block
        settings = lines.settings
        if block.line_type != "nursing" or settings is None or not settings.nursing_suite:
            return False
        return block.group_ais

    def setting(self, contract: Contract) -> str | None:
        nursing = contract.nursing
        if nursing is None or nursing.ais_percent is None:
            return None
        return f"nursing visits in the suite carry SS, paid at {percent_text(nursing.ais_percent)}"


# --- pricing rules (claim lines × contract → allowed) --------------------------------------------


class SectionPrices(LineRule):
    """Per diem, infrequent, nursing and other lines are priced by their contract section.

    The code's rate in the section (`rates`) × units; else the section's `default`: a rate ×
    units, a `percent_of_charges` × the line's billed charge, or `unpriced`. The `rule` column
    names the key that priced the line, e.g. `per_diem.rates.S9500 $95.00` or
    `other.default 50% of charges`.

    Source: the contract file (infusionkit contract schema).
    """

    id = "P01"
    title = "Rates, percent of charges or unpriced, by section"
    stage = "pricing"


class ModifierPercentages(LineRule):
    """SH, SJ and SS per diem lines are paid at a percentage of the code's rate.

    `per_diem.concurrent.SH` and `.SJ` and `per_diem.ais_percent` multiply the per diem rate (or
    percent of charges); both apply to `SH SS` lines. The `rule` column shows them, e.g.
    `per_diem.rates.S9500 $95.00 × SH 50% × SS 90%`.

    Source: the contract file; payment of concurrent therapies is contractual (e.g. BCBS Texas
    2015: SH 50 %, SJ 0 %).
    """

    id = "P02"
    title = "SH, SJ and suite percentages"
    stage = "pricing"


class DrugPrices(LineRule):
    """Drug lines: the basis price in effect on the service date × units × (100 + percent) / 100.

    The price comes from `drug_prices.csv` for the contract's `drugs.basis` (AWP, WAC or ASP):
    by NDC when the file has that NDC, else by HCPCS. An entry of `drugs.overrides` replaces basis
    and percent for its code. No price in effect: the line is unpriced.

    Source: the contract file; common commercial bases (AWP minus, WAC plus, ASP plus a percent).
    """

    id = "P03"
    title = "Drugs: basis price and percent"
    stage = "pricing"


class BilledCharges(LineRule):
    """A line's billed charge is its own `billed_charge`, else the chargemaster's charge × units.

    `chargemaster.csv` gives the provider's charge per unit (per day for a per diem, per visit
    for 99601, per hour for 99602). It is used for percent-of-charges prices and lesser-of.

    Source: infusionkit input files (`chargemaster.csv`).
    """

    id = "P04"
    title = "Billed charge: own charge, else chargemaster"
    stage = "pricing"


class LesserOf(LineRule):
    """With `lesser_of_billed_charges: true` a line is paid the lesser of allowed and its charge.

    Only lines with a billed charge are capped; capped lines carry flag `lesser_of` and
    `(lesser of billed charge)` in the `rule` column.

    Source: the contract file ("lesser of billed charges or the contract rate" clauses).
    """

    id = "P05"
    title = "Lesser of billed charges"
    stage = "pricing"


class Rounding(LineRule):
    """Each line's allowed amount is computed exactly and rounded half-up to the cent once.

    Totals are sums of rounded lines; no binary floating point touches money.

    Source: infusionkit policy.
    """

    id = "P06"
    title = "Exact amounts, rounded half-up once per line"
    stage = "pricing"


class Unpriced(LineRule):
    """A line that cannot be priced is kept, with `allowed` empty, flag `unpriced` and a reason.

    Reasons: the contract has no such section or leaves the code unpriced, a percent of charges
    without a billed charge, a drug without a price in effect. Totals report unpriced lines and
    their billed charges apart; nothing is dropped.

    Source: infusionkit policy.
    """

    id = "P07"
    title = "Unpriced lines kept with a reason"
    stage = "pricing"


_ALL: tuple[LineRule, ...] = (
    AccessDays(),
    AdministrationDays(),
    InfrequentAdministrations(),
    VolumeTiers(),
    Concurrency(),
    SuiteDays(),
    NursingVisits(),
    AsGiven(),
    ClaimLines(),
    ServiceDays(),
    BundledCodes(),
    NotConcurrent(),
    Modifier59(),
    NursingSuite(),
    SectionPrices(),
    ModifierPercentages(),
    DrugPrices(),
    BilledCharges(),
    LesserOf(),
    Rounding(),
    Unpriced(),
)
RULES: dict[str, LineRule] = {rule.id: rule for rule in _ALL}
"""Rule id -> coding or pricing rule, in id order."""
POLICIES: tuple[PolicyRule, ...] = tuple(rule for rule in _ALL if isinstance(rule, PolicyRule))
"""The payer policies (spec §10), in id order."""


def applied_policies(contract: Contract) -> list[tuple[PolicyRule, str]]:
    """The payer policies ``contract`` applies, each with how the contract sets it."""
    found = []
    for rule in POLICIES:
        text = rule.setting(contract)
        if text is not None:
            found.append((rule, text))
    return found


_TAGGING = tuple(rule for rule in _ALL if rule.stage == "coding")


def tag_block(block: LineBlock, settings: CodingSettings | None = None) -> LineBlock:
    """``block`` with, per group of lines, the ids of the coding rules that marked it."""
    bits = np.zeros(len(block.group_row), dtype=np.int64)
    lines = Lines(block, settings)
    for position, rule in enumerate(_TAGGING):
        mark = np.asarray(rule.marks(lines), dtype=np.int64)
        bits |= mark << position
    uniques, inverse = compact_keys(bits)
    tags = tuple(
        " ".join(rule.id for i, rule in enumerate(_TAGGING) if int(u) >> i & 1) for u in uniques
    )
    return dataclasses.replace(block, tags=tags or ("",), group_tag=inverse)


__all__ = [
    "POLICIES",
    "RULES",
    "DocParts",
    "LineRule",
    "Lines",
    "PolicyRule",
    "applied_policies",
    "doc_parts",
    "tag_block",
]
