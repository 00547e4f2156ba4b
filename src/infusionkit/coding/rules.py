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

if TYPE_CHECKING:
    from infusionkit.coding.engine import CodingSettings
    from infusionkit.coding.lines import LineBlock

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
        settings = lines.settings
        return lines.block.line_type == "per_diem" and (
            settings is None or settings.day_count == "access_days"
        )


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
        settings = lines.settings
        return (
            lines.block.line_type == "per_diem"
            and settings is not None
            and settings.day_count == "administration_days"
        )


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


__all__ = ["RULES", "DocParts", "LineRule", "Lines", "doc_parts", "tag_block"]
