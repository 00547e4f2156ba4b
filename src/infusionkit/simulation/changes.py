"""One valuation of the changes between two contracts (spec §11), shared by propose and report.

:func:`contract_changes` lists what a scenario changes against the first contract, one entry per
contract key at section/term granularity (``per_diem.rates``, ``per_diem.concurrent.SH``,
``drugs.percent``, ``nursing.rates``, ``lesser_of_billed_charges``, ``terms.escalator`` …).
:func:`compare` values them on a history through the what-if service:

* **standalone**: each change applied alone to the first contract (``Change.effect``); the
  standalone effects do not add up, because changes interact (a higher rate is worth less under
  a lesser-of cap);
* **sequential** (the waterfall): groups of changes applied one after another, each step valued
  on top of the ones before; the last step lands on the scenario itself, so the steps add up
  exactly to the total change.

Lines without price data (see :mod:`infusionkit.simulation.gaps`) are never a driver: their part
of any change is reported apart (``no_price_data``, and a "no price data" waterfall row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.money import ZERO, format_money, percent_text, plain_number
from infusionkit.simulation.gaps import Ledger, Split, ledger, split
from infusionkit.simulation.whatif import UNUSED_KEYS

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.simulation.run import Simulation
    from infusionkit.simulation.whatif import WhatIf

NOT_TERMS = ("schema", "schema_", "payer", "name", "effective", "edits", "description")
"""Top-level keys that are not terms of payment (identity, documents)."""
_WHOLE = frozenset({"rates", "default", "overrides", "escalator"})
"""Keys whose value changes as one (a fee schedule, a price rule, the escalator)."""

DRIVERS = (
    "per diem rates",
    "per diem terms",
    "infrequent therapies",
    "nursing",
    "drugs",
    "other services",
    "lesser-of",
    "other terms",
)
"""Waterfall steps, in the order they are applied."""
NO_PRICE_DATA = "no price data"
STANDALONE_NOTE = (
    "Standalone: each change applied alone to the baseline contract; standalone values do not "
    "add up because changes interact (a higher rate is worth less under a lesser-of cap). "
    "Sequential (waterfall): the groups applied one after another, so the steps add up exactly "
    "to the total change."
)

_TITLES = {
    "per_diem": "Per diem section",
    "per_diem.rates": "Per diem rates",
    "per_diem.default": "Per diem codes not listed",
    "per_diem.day_count": "Per diem day count",
    "per_diem.concurrent.primary": "Primary therapy of a day",
    "per_diem.concurrent.SH": "Second therapy of a day (SH)",
    "per_diem.concurrent.SJ": "Third and later therapies of a day (SJ)",
    "per_diem.concurrent.modifier_59": "Modifier 59 with SH/SJ",
    "per_diem.ais_percent": "Infusion-suite days (SS)",
    "per_diem.infrequent": "Therapies dosed less often than every 72 hours",
    "per_diem.infrequent.rates": "Rates per administration (dosed less often than every 72 h)",
    "per_diem.infrequent.default": "Codes without a rate per administration",
    "nursing": "Nursing section",
    "nursing.rates": "Nursing rates",
    "nursing.default": "Nursing codes not listed",
    "nursing.ais_percent": "Nursing visits in the infusion suite (SS)",
    "drugs": "Drug section",
    "drugs.percent": "Drug discount",
    "drugs.basis": "Drug price basis",
    "drugs.overrides": "Drug-specific terms",
    "other": "Other services section",
    "other.rates": "Other service rates",
    "other.default": "Other services not listed",
    "lesser_of_billed_charges": "Lesser of billed charges",
    "terms.timely_filing_days": "Timely filing limit",
    "terms.clean_claim_payment_days": "Clean-claim payment period",
    "terms.escalator": "Annual rate escalator",
    "terms.recoupment_lookback_months": "Recoupment look-back",
    "terms.termination_without_cause_days": "Termination notice without cause",
    "terms.most_favored_nation": "Most-favored-nation clause",
    "policies": "Payer policies",
    "policies.bundled_codes": "Services bundled into the per diem on per diem days",
    "policies.not_concurrent": "Therapies not paid beside other therapies",
}
_UNITS = {
    "terms.timely_filing_days": "days",
    "terms.clean_claim_payment_days": "days",
    "terms.recoupment_lookback_months": "months",
    "terms.termination_without_cause_days": "days",
}


@dataclass(frozen=True)
class Change:
    """One change of a scenario against the first contract.

    ``effect``: the change in total allowed with only this change applied to the first contract
    (None for terms that do not price claims, e.g. timely filing); ``no_price_data``: the part of
    the plain difference on lines without price data, reported apart.
    """

    key: str
    title: str
    detail: str
    driver: str
    values: tuple[tuple[str, Any], ...] = field(repr=False, compare=False)
    effect: Decimal | None = None
    no_price_data: Decimal = ZERO
    no_price_lines: int = 0

    @property
    def priced(self) -> bool:
        """Does this change move what claims pay (is it valued on the history)?"""
        return self.effect is not None

    def apply(self, contract: Contract) -> Contract:
        """``contract`` with this change made."""
        from infusionkit.contracts import with_changes

        return with_changes(contract, **dict(self.values))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "detail": self.detail,
            "effect": _amount(self.effect),
            "no_price_data": _amount(self.no_price_data) if self.no_price_lines else None,
        }


@dataclass(frozen=True)
class Step:
    """One sequential step of the waterfall (``driver`` is one of :data:`DRIVERS` or
    :data:`NO_PRICE_DATA`); ``keys`` are the changes applied in it."""

    driver: str
    amount: Decimal
    keys: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"driver": self.driver, "amount": _amount(self.amount), "keys": list(self.keys)}


@dataclass(frozen=True)
class Comparison:
    """A scenario against the baseline: totals, standalone changes and the waterfall."""

    baseline: str
    scenario: str
    start: Decimal
    end: Decimal
    changes: tuple[Change, ...]
    waterfall: tuple[Step, ...]

    @property
    def total_change(self) -> Decimal:
        return self.end - self.start

    def change(self, key: str) -> Change:
        for change in self.changes:
            if change.key == key:
                return change
        raise KeyError(key)

    def step(self, driver: str) -> Step | None:
        return next((s for s in self.waterfall if s.driver == driver), None)


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


# -- what changed ---------------------------------------------------------------------------


def contract_changes(first: Contract, other: Contract) -> list[Change]:
    """The changes of ``other`` against ``first`` (not yet valued), in contract order."""
    a = first.model_dump(by_alias=True, mode="python")
    b = other.model_dump(by_alias=True, mode="python")
    return [
        Change(key, title_of(key), describe(key, before, after), driver_of(key), values)
        for key, before, after, values in _differences(a, b, "")
    ]


def _differences(
    a: dict[str, Any], b: dict[str, Any], path: str
) -> Iterable[tuple[str, Any, Any, tuple[tuple[str, Any], ...]]]:
    for key in dict.fromkeys([*a, *b]):
        here = f"{path}.{key}" if path else key
        if not path and key in NOT_TERMS:
            continue
        before, after = a.get(key), b.get(key)
        if before == after:
            continue
        if here == "drugs" and isinstance(before, dict) and isinstance(after, dict):
            yield from _drug_differences(before, after)
        elif isinstance(before, dict) and isinstance(after, dict) and key not in _WHOLE:
            yield from _differences(before, after, here)
        else:
            yield here, before, after, ((here, after),)


def _drug_differences(
    a: dict[str, Any], b: dict[str, Any]
) -> Iterable[tuple[str, Any, Any, tuple[tuple[str, Any], ...]]]:
    """Basis and percent change together (one discount); overrides as one schedule."""
    if (a.get("basis"), a.get("percent")) != (b.get("basis"), b.get("percent")):
        key = "drugs.basis" if a.get("basis") != b.get("basis") else "drugs.percent"
        yield (
            key,
            (a.get("basis"), a.get("percent")),
            (b.get("basis"), b.get("percent")),
            (("drugs.basis", b.get("basis")), ("drugs.percent", b.get("percent"))),
        )
    rest_a = {k: v for k, v in a.items() if k not in ("basis", "percent")}
    rest_b = {k: v for k, v in b.items() if k not in ("basis", "percent")}
    yield from _differences(rest_a, rest_b, "drugs")


def title_of(key: str) -> str:
    """A plain title for a contract key (``per_diem.concurrent.SH`` -> "Second therapy …")."""
    if key in _TITLES:
        return _TITLES[key]
    words = key.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def driver_of(key: str) -> str:
    """The waterfall step a change belongs to."""
    top, _, rest = key.partition(".")
    if top == "policies":  # payer policies: bundled codes zero other lines, the rest per diem days
        return "other services" if rest == "bundled_codes" else "per diem terms"
    if top == "per_diem":
        if rest.startswith("infrequent"):
            return "infrequent therapies"
        return "per diem rates" if rest in ("", "rates", "default") else "per diem terms"
    return {
        "nursing": "nursing",
        "drugs": "drugs",
        "other": "other services",
        "lesser_of_billed_charges": "lesser-of",
    }.get(top, "other terms")


def is_pricing(key: str) -> bool:
    """Can a change of this key move what the history is allowed? (The what-if service's own
    list of keys no block depends on decides.)"""
    top = key.split(".", 1)[0]
    top = "schema_" if top == "schema" else top
    return any(top not in unused for unused in UNUSED_KEYS.values())


# -- plain words for a change ---------------------------------------------------------------


def describe(key: str, before: Any, after: Any) -> str:
    """``50% → 75%``, ``29 rates raised, 2 codes removed``, ``yes → no`` …"""
    last = key.rsplit(".", 1)[-1]
    if last in ("rates", "overrides") and _mapping(before) and _mapping(after):
        return _schedule(before or {}, after or {}, "rate" if last == "rates" else "term")
    if key in ("drugs.percent", "drugs.basis"):
        return f"{_drug(*before)} \u2192 {_drug(*after)}"
    return f"{_value(key, before)} \u2192 {_value(key, after)}"


def _mapping(value: Any) -> bool:
    return value is None or isinstance(value, dict)


def _schedule(before: dict[str, Any], after: dict[str, Any], noun: str) -> str:
    raised = sum(1 for c, v in after.items() if c in before and _lt(before[c], v))
    lowered = sum(1 for c, v in after.items() if c in before and _lt(v, before[c]))
    added = sorted(c for c in after if c not in before)
    removed = sorted(c for c in before if c not in after)
    parts = []
    if raised:
        parts.append(f"{raised} {noun}{'s' if raised != 1 else ''} raised")
    if lowered:
        parts.append(f"{lowered} {noun}{'s' if lowered != 1 else ''} lowered")
    changed = sum(1 for c, v in after.items() if c in before and before[c] != v)
    if changed > raised + lowered:
        other = changed - raised - lowered
        parts.append(f"{other} {noun}{'s' if other != 1 else ''} changed")
    if added:
        parts.append(f"added {', '.join(added)}")
    if removed:
        parts.append(f"removed {', '.join(removed)}")
    return "; ".join(parts) or "reordered"


def _lt(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:
        return False


def _drug(basis: Any, percent: Any) -> str:
    if basis is None:
        return "no drug terms"
    if percent is None or Decimal(percent) == 0:
        return str(basis)
    return f"{basis} {percent_text(Decimal(percent), signed=True)}"


def _value(key: str, value: Any) -> str:
    if value is None:
        return "not stated" if key.startswith("terms.") else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):  # payer policies: codes, not_concurrent entries
        texts = [_value(key, item) for item in value]
        return ("; " if any(isinstance(i, dict) for i in value) else ", ").join(texts) or "none"
    if isinstance(value, dict) and set(value) == {"code", "with"}:
        return f"{value['code']} not beside {', '.join(value['with'])}"
    if isinstance(value, dict) and key == "policies":
        return "; ".join(f"{k.replace('_', ' ')}: {_value(key, v)}" for k, v in value.items())
    if isinstance(value, dict):
        if "kind" in value:
            return _rule(value)
        if "type" in value and key.endswith("escalator"):
            if value.get("type") == "fixed_percent" and value.get("percent") is not None:
                return f"{percent_text(Decimal(value['percent']))} a year"
            return {"none": "none", "cpi": "CPI"}.get(str(value.get("type")), str(value["type"]))
        return "present"
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if key in _UNITS:
            return f"{plain_number(value)} {_UNITS[key]}"
        if key.endswith(("percent", ".SH", ".SJ")):
            return percent_text(Decimal(value))
        return plain_number(value)
    return str(value).replace("_", " ")


def _rule(rule: dict[str, Any]) -> str:
    if rule.get("kind") == "rate" and rule.get("value") is not None:
        return format_money(Decimal(rule["value"]))
    if rule.get("kind") == "percent_of_charges" and rule.get("value") is not None:
        return f"{percent_text(Decimal(rule['value']))} of billed charges"
    return "unpriced"


# -- valuation ------------------------------------------------------------------------------


class _Valuer:
    """Totals (and, when the history lacks price data, line ledgers) through the what-if
    service; a ledger is kept only for the contract every standalone change starts from."""

    def __init__(self, service: WhatIf, first: Contract, other: Contract):
        self.service = service
        self.first = first
        self.first_ledger = ledger(service, first)
        other_ledger = ledger(service, other)
        self.gaps = bool(self.first_ledger.gap_lines or other_ledger.gap_lines)

    def total(self, contract: Contract) -> Decimal:
        return self.service.total(contract)

    def ledger(self, contract: Contract) -> Ledger:
        return self.first_ledger if contract is self.first else ledger(self.service, contract)

    def split(
        self, before: Contract, after: Contract, before_ledger: Ledger | None = None
    ) -> Split:
        """The change from ``before`` to ``after``; without gaps: just the totals."""
        if not self.gaps:
            return Split(self.total(after) - self.total(before), ZERO, 0)
        return split(before_ledger or self.ledger(before), self.ledger(after))


def compare(
    service: WhatIf,
    first: Contract,
    other: Contract,
    *,
    baseline: str = "baseline",
    scenario: str = "scenario",
) -> Comparison:
    """Value every change of ``other`` against ``first`` on the history of ``service``."""
    valuer = _Valuer(service, first, other)
    start, end = valuer.total(first), valuer.total(other)
    changes = []
    for change in contract_changes(first, other):
        if not is_pricing(change.key):
            changes.append(change)
            continue
        parts = valuer.split(first, change.apply(first), valuer.first_ledger)
        changes.append(
            _replace(
                change,
                effect=parts.effect,
                no_price_data=parts.no_price_data,
                no_price_lines=parts.no_price_lines,
            )
        )
    steps = waterfall_steps(valuer, first, other, changes)
    total = sum((s.amount for s in steps), ZERO)
    if total != end - start:  # pragma: no cover - the steps telescope by construction
        raise AssertionError("waterfall steps do not add up to the total change")
    return Comparison(baseline, scenario, start, end, tuple(changes), steps)


def _replace(change: Change, **values: Any) -> Change:
    import dataclasses

    return dataclasses.replace(change, **values)


def waterfall_steps(
    valuer: _Valuer, first: Contract, other: Contract, changes: Sequence[Change]
) -> tuple[Step, ...]:
    """Sequential steps in :data:`DRIVERS` order; the last lands on ``other`` itself."""
    current, current_ledger = first, valuer.first_ledger if valuer.gaps else None
    steps: list[Step] = []
    no_data = ZERO
    for driver in DRIVERS:
        group = [c for c in changes if c.driver == driver and c.priced]
        if driver == DRIVERS[-1]:
            following = other  # land exactly on the scenario
        elif group:
            following = current
            for change in group:
                following = change.apply(following)
        else:
            steps.append(Step(driver, ZERO))
            continue
        parts = valuer.split(current, following, current_ledger)
        steps.append(Step(driver, parts.effect, tuple(c.key for c in group)))
        no_data += parts.no_price_data
        current = following
        current_ledger = valuer.ledger(following) if valuer.gaps else None
    if valuer.gaps:
        steps.append(Step(NO_PRICE_DATA, no_data))
    return tuple(steps)


def compare_scenarios(
    sim: Simulation, progress: Callable[[str], None] | None = None
) -> tuple[Comparison, ...]:
    """The first scenario of ``sim`` against each other one, on its what-if service."""
    first = sim.scenarios[0]
    result = []
    for scenario in sim.scenarios[1:]:
        if progress:
            progress(scenario.name)
        result.append(
            compare(
                sim.what_if,
                first.contract,
                scenario.contract,
                baseline=first.name,
                scenario=scenario.name,
            )
        )
    return tuple(result)


def valuation_dict(
    scenarios: Sequence[tuple[str, str, Decimal]], comparisons: Sequence[Comparison]
) -> dict[str, Any]:
    """The ``changes.json`` / ``report.json`` shape (spec §11).

    ``scenarios``: (name, label, total allowed) in order, the first the baseline.
    """
    return {
        "baseline": scenarios[0][0] if scenarios else None,
        "scenarios": [
            {"name": name, "label": label, "total_allowed": _amount(total)}
            for name, label, total in scenarios
        ],
        "changes": [
            {"scenario": c.scenario, **change.to_dict()}
            for c in comparisons
            for change in c.changes
        ],
        "waterfall": [
            {"scenario": c.scenario, **step.to_dict()} for c in comparisons for step in c.waterfall
        ],
        "total_change": [
            {"scenario": c.scenario, "amount": _amount(c.total_change)} for c in comparisons
        ],
        "note": STANDALONE_NOTE,
    }


__all__ = [
    "DRIVERS",
    "NO_PRICE_DATA",
    "STANDALONE_NOTE",
    "Change",
    "Comparison",
    "Step",
    "compare",
    "compare_scenarios",
    "contract_changes",
    "describe",
    "driver_of",
    "is_pricing",
    "title_of",
    "valuation_dict",
]
