"""The contract values a negotiation moves (*levers*) and how a uniform change p moves them.

A rate lever r becomes r × (1 + p/100), rounded half-up to the cent; a percentage lever v
(SH, SJ, ais_percent, a drug percent, a percent-of-charges default) becomes v + p (points).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from infusionkit.catalog import normalize
from infusionkit.contracts import with_changes
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import HUNDRED, round_cents

if TYPE_CHECKING:
    from infusionkit.contracts import Contract, PriceRule

Kind = Literal["rate", "points"]
P_RANGE = (Decimal(-100), Decimal(1000))
"""The range of p searched by ``solve`` (spec §9)."""
PERCENT_RANGE = (Decimal(0), Decimal(1000))
SIGNED_PERCENT_RANGE = (Decimal(-100), Decimal(1000))
SECTIONS = ("per_diem", "infrequent", "nursing", "other")
POINT_SELECTORS = ("drugs", "SH", "SJ", "ais_percent")
SELECTOR_HELP = (
    "per_diem, infrequent, nursing, other (every listed rate of the section), drugs (the drug "
    "percent and each override's), SH, SJ, ais_percent, or a comma list of codes (S9500,99601)"
)
_SECTION_PATHS = {
    "per_diem": "per_diem",
    "infrequent": "per_diem.infrequent",
    "nursing": "nursing",
    "other": "other",
}
_NAMES = {
    "per_diem": "per diem",
    "infrequent": "infrequent",
    "nursing": "nursing",
    "other": "other",
}


@dataclass(frozen=True)
class Lever:
    """One value of a contract that a change moves.

    ``key`` is its key path in the contract file (``per_diem.rates.S9500``); ``form`` says how the
    value is written there: plain, or inside a default price rule (``{rate: X}`` /
    ``{percent_of_charges: X}``). ``low``..``high`` bound a percentage lever.
    """

    key: str
    kind: Kind
    value: Decimal
    label: str
    form: Literal["plain", "rate", "percent_of_charges"] = "plain"
    low: Decimal | None = None
    high: Decimal | None = None

    def moved(self, p: Decimal) -> Decimal:
        """The lever's value after a change of ``p`` (percent for rates, points otherwise)."""
        if self.kind == "rate":
            return round_cents(self.value * (HUNDRED + p) / HUNDRED)
        return self.value + p

    def written(self, value: Decimal) -> Any:
        """``value`` in the form the contract file holds it."""
        return value if self.form == "plain" else {self.form: value}

    def p_bounds(self) -> tuple[Decimal, Decimal]:
        """The p for which the moved value stays valid, inside :data:`P_RANGE`."""
        low, high = P_RANGE
        if self.kind == "points":
            if self.low is not None:
                low = max(low, self.low - self.value)
            if self.high is not None:
                high = min(high, self.high - self.value)
        return low, high


def _problem(message: str, column: str = "--vary") -> InputErrors:
    return InputErrors(
        [InputError(file="<command line>", column=column, message=message, allowed=SELECTOR_HELP)]
    )


def _section(contract: Contract, name: str) -> Any:
    if name == "infrequent":
        return contract.per_diem.infrequent if contract.per_diem else None
    return getattr(contract, name)


def rate_levers(contract: Contract, section: str) -> list[Lever]:
    """Every listed rate of a rate section (per_diem, infrequent, nursing, other)."""
    terms = _section(contract, section)
    if terms is None:
        return []
    path = _SECTION_PATHS[section]
    return [
        Lever(f"{path}.rates.{code}", "rate", rate, f"{code} {_NAMES[section]} rate")
        for code, rate in terms.rates.items()
    ]


def _default_lever(contract: Contract, section: str) -> Lever | None:
    terms = _section(contract, section)
    rule: PriceRule | None = terms.default if terms is not None else None
    if rule is None or rule.value is None or rule.kind == "unpriced":
        return None
    key = f"{_SECTION_PATHS[section]}.default"
    if rule.kind == "rate":
        return Lever(key, "rate", rule.value, f"{_NAMES[section]} default rate", form="rate")
    low, high = PERCENT_RANGE
    label = f"{_NAMES[section]} default % of charges"
    return Lever(key, "points", rule.value, label, "percent_of_charges", low, high)


def _drug_levers(contract: Contract) -> list[Lever]:
    drugs = contract.drugs
    if drugs is None:
        return []
    low, high = SIGNED_PERCENT_RANGE
    levers = [
        Lever(
            "drugs.percent",
            "points",
            drugs.percent,
            f"drug percent ({drugs.basis})",
            low=low,
            high=high,
        )
    ]
    for code, override in drugs.overrides.items():
        label = f"{code} drug percent ({override.basis})"
        key = f"drugs.overrides.{code}.percent"
        levers.append(Lever(key, "points", override.percent, label, low=low, high=high))
    return levers


def _per_diem_points(contract: Contract, name: str) -> list[Lever]:
    terms = contract.per_diem
    if terms is None:
        return []
    low, high = PERCENT_RANGE
    if name == "ais_percent":
        label = "ais_percent (suite days)"
        return [
            Lever("per_diem.ais_percent", "points", terms.ais_percent, label, low=low, high=high)
        ]
    value = getattr(terms.concurrent, name)
    label = f"{name} % ({'2nd therapy of a day' if name == 'SH' else '3rd and later therapies'})"
    return [Lever(f"per_diem.concurrent.{name}", "points", value, label, low=low, high=high)]


def levers_for(contract: Contract, selector: str) -> tuple[Lever, ...]:
    """The levers a ``--vary`` selector names (spec §9); an unknown or empty one is an error."""
    text = selector.strip()
    if not text:
        raise _problem("the selector is empty")
    if text in SECTIONS:
        found = rate_levers(contract, text)
        if not found:
            raise _problem(f"the contract lists no {text} rates")
        return tuple(found)
    upper = {s.upper(): s for s in POINT_SELECTORS}
    if text.upper() in upper:
        name = upper[text.upper()]
        found = _drug_levers(contract) if name == "drugs" else _per_diem_points(contract, name)
        if not found:
            section = "drugs" if name == "drugs" else "per_diem"
            raise _problem(f"the contract has no {section} section to vary {name} in")
        return tuple(found)
    codes = [normalize(part) for part in text.split(",") if part.strip()]
    everything = [lever for section in SECTIONS for lever in rate_levers(contract, section)]
    result = []
    for code in dict.fromkeys(codes):
        listed = [lever for lever in everything if lever.key.rsplit(".", 1)[-1] == code]
        if not listed:
            raise _problem(f"{selector!r}: {code} is not a selector and no section lists its rate")
        result.extend(listed)
    return tuple(result)


def all_levers(contract: Contract) -> tuple[Lever, ...]:
    """Every rate and percentage term of the contract that prices lines (for sensitivity)."""
    levers: list[Lever] = []
    for section in SECTIONS:
        levers.extend(rate_levers(contract, section))
        default = _default_lever(contract, section)
        if default is not None:
            levers.append(default)
        if section == "per_diem":
            for name in ("SH", "SJ", "ais_percent"):
                levers.extend(_per_diem_points(contract, name))
    levers.extend(_drug_levers(contract))
    return tuple(levers)


def p_bounds(levers: Iterable[Lever]) -> tuple[Decimal, Decimal]:
    """The p for which every lever stays valid."""
    bounds = [lever.p_bounds() for lever in levers]
    return max(b[0] for b in bounds), min(b[1] for b in bounds)


def apply(contract: Contract, levers: Sequence[Lever], p: Decimal) -> Contract:
    """``contract`` with every lever moved by ``p`` (validated)."""
    if p == 0:
        return contract
    changes = {lever.key: lever.written(lever.moved(p)) for lever in levers}
    return with_changes(contract, **changes)


def changed_values(levers: Sequence[Lever], p: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    """(key, before, after) of each lever moved by ``p``."""
    return [(lever.key, lever.value, lever.moved(p)) for lever in levers]
