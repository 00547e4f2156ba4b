"""The methodology appendix: the coding and pricing rules applied, and contract settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infusionkit.coding.rules import applied_policies
from infusionkit.money import percent_text
from infusionkit.reporting.formatting import DASH
from infusionkit.reporting.model import Column, Row, Table
from infusionkit.reporting.rates import describe_rule, drug_terms

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.simulation import Simulation

RULES = (
    "Per diem days (NHIA definition): every day the patient has access to a therapy, from the day "
    "it is initiated through the day it is permanently discontinued, days between doses included. "
    "Hold days (e.g. an inpatient stay) are removed. Contracts that count administration days "
    "count only the days on which a dose falls.",
    "72-hour rule: therapies dosed less often than every 72 hours are outside the per diem. Each "
    "administration is one unit of the therapy's code, priced by the contract's rates for "
    "infrequent therapies.",
    "Volume tiers: TPN and hydration therapies are coded by daily volume (up to 1, 2, 3 litres "
    "and above).",
    "Concurrent therapies: on each date the patient's per diem days are ranked by the contract's "
    "primary-therapy policy; the second therapy carries modifier SH and the third and later SJ, "
    "paid at the contract's SH and SJ percentages of the code's rate.",
    "Ambulatory infusion suite: per diem days given in the suite carry modifier SS and are paid "
    "at the contract's AIS percentage.",
    "Nursing: each visit is one unit of 99601 (up to two hours); each further hour is one unit of "
    "99602, a partial hour counting when it is longer than 30 minutes.",
    "Drugs: basis price (AWP, WAC or ASP) effective on the date of service × units × "
    "(100 + percent) / 100; a per-code override replaces basis and percent.",
    "Lesser of billed charges: where the contract says so, a line is allowed the lesser of the "
    "contract amount and its billed charge (the line's own charge, else the chargemaster).",
    "Rounding: each line's allowed amount is computed exactly and rounded half-up to the cent "
    "once; every total is the sum of rounded lines. No floating-point arithmetic touches money.",
    "Unpriced lines: a line of a code the contract does not price (no rate, no priced default) "
    "is kept, counted and shown with its billed charges; it adds nothing to allowed totals. A "
    "line of a code the contract does price that still has no amount lacks price data (no drug "
    "price for its basis on the service date, no billed charge for a percent of charges): it is "
    "reported apart, never as a contract term.",
    "Changes, standalone: each change of a scenario against the baseline contract is applied "
    "alone to the baseline and the whole history re-priced; the value is the change in total "
    "allowed. Standalone values do not add up, because changes interact.",
    "Changes, sequential (waterfall): starting from the baseline contract, one group of changes "
    "at a time (per diem rates, per diem terms, infrequent therapies, nursing, drugs, other "
    "services, lesser-of, other terms) is applied on top of the ones before and the history "
    "re-priced; the last step lands on the scenario itself, so the steps add up exactly to the "
    "total change. The order can shift amounts between interacting groups, never the total.",
    "Payer policies: where a contract applies a payer's own policy beyond the national standard "
    "(per diem only on days with a dose or a nursing visit, services bundled into the per diem "
    "on per diem days, a therapy not paid beside another, modifier 59 with SH/SJ, nursing "
    "visits in the suite at a percentage: rules C10-C14), its lines follow it; a bundled line "
    "is kept with its units, allowed 0.00 and flag bundled. The settings table lists the "
    "policies each scenario applies.",
    "Privacy: the report shows aggregates only; no patient identifier appears.",
)


def _yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def _stated(value: object, unit: str = "") -> str:
    return "not stated" if value is None else f"{value}{unit}"


def payer_policies(contract: Contract) -> str:
    """The payer policies a contract applies, with their rule ids (``none`` if it applies none)."""
    found = applied_policies(contract)
    return "; ".join(f"{rule.id} {text}" for rule, text in found) or "none"


def settings(contract: Contract) -> tuple[str, ...]:
    """One column of the settings table."""
    pd_terms = contract.per_diem
    drugs = contract.drugs
    terms = contract.terms
    escalator = DASH
    if terms.escalator is not None:
        escalator = terms.escalator.type.replace("_", " ")
        if terms.escalator.percent is not None:
            escalator = f"{percent_text(terms.escalator.percent)} a year"
    infrequent = contract.section("infrequent")
    overrides = (
        "; ".join(
            f"{code}: {drug_terms(o.basis, o.percent)}" for code, o in drugs.overrides.items()
        )
        if drugs
        else ""
    )
    return (
        contract.name or DASH,
        contract.effective.isoformat(),
        pd_terms.day_count.replace("_", " ") if pd_terms else "no per diem section",
        pd_terms.concurrent.primary.replace("_", " ") if pd_terms else DASH,
        percent_text(pd_terms.concurrent.SH) if pd_terms else DASH,
        percent_text(pd_terms.concurrent.SJ) if pd_terms else DASH,
        percent_text(pd_terms.ais_percent) if pd_terms else DASH,
        describe_rule(pd_terms.default) if pd_terms else "unpriced",
        describe_rule(infrequent.default) if infrequent else "unpriced",
        drug_terms(drugs.basis, drugs.percent) if drugs else "unpriced",
        overrides or "none",
        _yes_no(contract.lesser_of_billed_charges),
        payer_policies(contract),
        _stated(terms.timely_filing_days, " days"),
        _stated(terms.clean_claim_payment_days, " days"),
        "not stated" if terms.escalator is None else escalator,
        _stated(terms.recoupment_lookback_months, " months"),
        _stated(terms.termination_without_cause_days, " days"),
        _yes_no(terms.most_favored_nation),
    )


SETTING_NAMES = (
    "Contract",
    "Effective",
    "Per diem day count",
    "Primary therapy (concurrency)",
    "SH: second therapy",
    "SJ: third and later",
    "AIS days (SS)",
    "Per diem codes not listed",
    "Infrequent codes not listed",
    "Drugs",
    "Drug overrides",
    "Lesser of billed charges",
    "Payer policies",
    "Timely filing",
    "Clean-claim payment",
    "Escalator",
    "Recoupment look-back",
    "Termination without cause",
    "Most favored nation",
)


def settings_table(sim: Simulation) -> Table:
    """Contract settings side by side."""
    columns = [Column("Setting", width=1.6)]
    width = min(2.0, (7.0 - 1.6) / len(sim.scenarios)) if len(sim.scenarios) <= 4 else 1.3
    columns += [Column(s.display, width=width, group=s.name) for s in sim.scenarios]
    values = [settings(s.contract) for s in sim.scenarios]
    rows = tuple(Row((label, *(v[i] for v in values))) for i, label in enumerate(SETTING_NAMES))
    return Table(tuple(columns), rows, caption="Contract settings side by side")
