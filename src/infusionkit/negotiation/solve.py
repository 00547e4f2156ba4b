"""``solve``: the smallest uniform change (0.01 grid) of some contract values that reaches a target.

Totals are monotone in every rate and percentage, so the answer is found by an exact search on
the grid of p (hundredths of a percent): every comparison is between exact totals of the history
(the what-if service), never floats. Guesses come from linear interpolation between the two
bracketing grid points (exact fractions), with bisection when interpolation stalls; the result is
a grid point that reaches the target while the grid point next to it (towards p = 0) does not.

One corner is not monotone: with lesser-of, a per diem rate raised above its code's billed
charge can make that (capped) day primary and lower the total, because concurrency ranks by the
unreduced rate (spec §3 rule 4). There the answer still reaches the target with the step before
it missing it, but a smaller p may exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from infusionkit.errors import InputError, InputErrors
from infusionkit.money import (
    HUNDRED,
    MoneyError,
    format_money,
    parse_money,
    plain_number,
    round_cents,
)
from infusionkit.negotiation.history import ContractLike, contract_of, service_for
from infusionkit.negotiation.levers import Lever, apply, changed_values, levers_for, p_bounds

if TYPE_CHECKING:
    import pyarrow as pa

    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook
    from infusionkit.simulation import Simulation, WhatIf

GRID = 100  # grid points per percent: p = k / 100
TARGET_HELP = "+X% or -X% (against the contract's own total), or dollars (1500000.00)"


@dataclass(frozen=True)
class Target:
    """What the total must reach: a change in percent, an amount, or another contract's total."""

    kind: Literal["percent", "amount", "match"]
    value: Decimal
    label: str

    def amount(self, base: Decimal) -> Decimal:
        """The exact total to reach, given the contract's own total ``base``."""
        if self.kind == "percent":
            return base * (HUNDRED + self.value) / HUNDRED
        return self.value


def parse_target(text: str | Decimal | int | Target) -> Target:
    """``"+6%"``, ``"-2.5%"``, ``"1500000.00"`` (or a Decimal amount) as a :class:`Target`."""
    if isinstance(text, Target):
        return text
    if isinstance(text, Decimal | int):
        return Target("amount", Decimal(text), format_money(Decimal(text)))
    raw = text.strip()
    try:
        if raw.endswith("%"):
            number = parse_money(raw[:-1].strip(), places=2)
            return Target("percent", number, f"{'+' if number >= 0 else ''}{number}%")
        amount = parse_money(raw, places=2)
    except MoneyError:
        raise InputErrors(
            [
                InputError(
                    file="<command line>",
                    column="--target",
                    message=f"{text!r} is not a target",
                    allowed=TARGET_HELP,
                )
            ]
        ) from None
    return Target("amount", amount, format_money(amount))


@dataclass(frozen=True)
class SolveResult:
    """The answer of :func:`solve`.

    ``p`` is the change (percent for rates, points for percentages) on the 0.01 grid, or None when
    no p in range reaches the target; then ``closest_p`` / ``total_after`` / ``contract`` are the
    closest reachable and ``reason`` says why. ``changes`` lists (key, before, after) per value.
    """

    selector: str
    target: Target
    target_amount: Decimal
    total_before: Decimal
    total_after: Decimal
    p: Decimal | None
    closest_p: Decimal
    contract: Contract
    levers: tuple[Lever, ...]
    changes: tuple[tuple[str, Decimal, Decimal], ...]
    evaluations: int
    reason: str = ""
    match: str | None = field(default=None)

    @property
    def reached(self) -> bool:
        return self.p is not None

    @property
    def delta(self) -> Decimal:
        return self.total_after - self.total_before

    def to_dict(self) -> dict[str, Any]:
        """The ``solve.json`` shape: selector, p, target, total_before, total_after, and more."""
        return {
            "selector": self.selector,
            "p": None if self.p is None else f"{self.p:.2f}",
            "target": _exact_text(self.target_amount),
            "target_text": self.target.label,
            "total_before": f"{self.total_before:.2f}",
            "total_after": f"{self.total_after:.2f}",
            "reached": self.reached,
            "closest_p": f"{self.closest_p:.2f}",
            "reason": self.reason or None,
            "changes": [
                {"key": key, "before": f"{before}", "after": f"{after}"}
                for key, before, after in self.changes
            ],
            "evaluations": self.evaluations,
        }


def _exact_text(amount: Decimal) -> str:
    """Dollars with 2 decimals, or every digit when the amount is finer than a cent."""
    if amount == round_cents(amount):
        return f"{amount:.2f}"
    return plain_number(amount)


def solve(
    history: WhatIf | Simulation | Episodes | str | Path,
    contract: ContractLike,
    vary: str,
    target: Target | str | Decimal | None = None,
    *,
    match: ContractLike | None = None,
    match_label: str | None = None,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
) -> SolveResult:
    """The smallest change p of the values ``vary`` names whose total on ``history`` reaches
    ``target`` (or the total of the ``match`` contract: break-even).

    For a target above the contract's own total: the smallest p (≥ 0) whose total is ≥ target;
    below it: the largest p (≤ 0) whose total is ≤ target; equal: p = 0. ``history`` is a
    :class:`~infusionkit.simulation.WhatIf`, a Simulation, or an episodes source.
    """
    base_contract, path = contract_of(contract)
    service = service_for(history, rates=rates, payer=payer, contract_path=path)
    levers = levers_for(base_contract, vary)
    if (target is None) == (match is None):
        raise InputErrors(
            [
                InputError(
                    file="<command line>", message="give either a target or a contract to match"
                )
            ]
        )
    if match is not None:
        other, other_path = contract_of(match)
        match_label = (
            match_label or (other_path.stem if other_path else None) or other.name or "the match"
        )
        goal = Target("match", service.total(other), f"total of {match_label}")
    else:
        goal = parse_target(target)  # type: ignore[arg-type]
    start = service.evaluations
    totals: dict[int, Decimal] = {}

    def total(k: int) -> Decimal:
        if k not in totals:
            totals[k] = service.total(apply(base_contract, levers, Decimal(k) / GRID))
        return totals[k]

    before = total(0)
    amount = goal.amount(before)
    low, high = p_bounds(levers)
    k_low, k_high = ceil(low * GRID), floor(high * GRID)  # p on the grid, inside the valid range
    if amount == before:
        found: int | None = 0
        closest = 0
    else:
        upward = amount > before
        edge = k_high if upward else k_low
        found, closest = _first_reaching(total, amount, upward, edge)
    p = None if found is None else Decimal(found) / GRID
    closest_p = Decimal(closest) / GRID
    reason = (
        "" if found is not None else _why_unreachable(service, base_contract, levers, closest_p)
    )
    return SolveResult(
        selector=vary,
        target=goal,
        target_amount=amount,
        total_before=before,
        total_after=total(closest),
        p=p,
        closest_p=closest_p,
        contract=apply(base_contract, levers, closest_p),
        levers=levers,
        changes=tuple(changed_values(levers, closest_p)),
        evaluations=service.evaluations - start,
        reason=reason,
        match=match_label if match is not None else None,
    )


def _first_reaching(
    total: Callable[[int], Decimal], amount: Decimal, upward: bool, edge: int
) -> tuple[int | None, int]:
    """The grid point nearest 0 (towards ``edge``) whose total reaches ``amount``, or None, and
    the grid point of the closest reachable total (``edge`` when unreachable)."""
    direction = 1 if upward else -1

    def reaches(k: int) -> bool:
        return total(k) >= amount if upward else total(k) <= amount

    def clamp(k: int) -> int:
        return min(k, edge) if upward else max(k, edge)

    if edge == 0:
        return None, 0
    # bracket: a does not reach, b does
    a, b = 0, clamp(direction * GRID)
    while not reaches(b):
        if b == edge:
            return None, edge
        fa, fb = total(a), total(b)
        if fb != fa:
            estimate = b + (Fraction(amount - fb) * (b - a)) / Fraction(fb - fa)
            jump = ceil(abs(estimate - b) * Fraction(21, 20)) + 1  # a little past the estimate
        else:
            jump = 2 * abs(b - a)
        a, b = b, clamp(b + direction * max(jump, 1))
    # refine: interpolate between the bracket's totals; bisect after two moves on one side
    same_side, last = 0, ""
    while abs(b - a) > 1:
        fa, fb = total(a), total(b)
        if same_side >= 2:
            guess = (a + b) // 2
        else:
            estimate = a + Fraction(amount - fa) * (b - a) / Fraction(fb - fa)
            guess = a + direction * ceil(abs(estimate - a))
        guess = min(max(guess, min(a, b) + 1), max(a, b) - 1)
        side = "b" if reaches(guess) else "a"
        if side == "b":
            b = guess
        else:
            a = guess
        same_side = same_side + 1 if side == last else 1
        last = side
    return b, b


_POINT_LINE_TYPES = {"concurrent": "per_diem", "ais_percent": "per_diem", "drugs": "drug"}
_RATE_LINE_TYPES = {"per_diem": "per_diem", "infrequent": "infrequent"}


def _lines_moved_by(lines: pa.Table, levers: tuple[Lever, ...]) -> pa.Table:
    """The claim lines whose price the levers set (by line type, and code for rates)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    line_type = pc.cast(lines["line_type"], pa.string())
    hcpcs = pc.cast(lines["hcpcs"], pa.string())
    keep = pa.array([False] * lines.num_rows)
    for lever in levers:
        parts = lever.key.split(".")
        if lever.kind == "rate" and "rates" in parts:
            section = parts[-3]
            kind = _RATE_LINE_TYPES.get(section, section)
            mask = pc.and_(pc.equal(line_type, kind), pc.equal(hcpcs, parts[-1]))
        else:
            kind = _POINT_LINE_TYPES.get(parts[1] if parts[0] == "per_diem" else parts[0], parts[0])
            mask = pc.equal(line_type, kind)
        keep = pc.or_(keep, mask)
    return lines.filter(keep)


def _why_unreachable(
    service: WhatIf, contract: Contract, levers: tuple[Lever, ...], p: Decimal
) -> str:
    """Why the total at the end of the range (``p``) still misses the target."""
    import pyarrow.compute as pc

    at_edge = apply(contract, levers, p)
    edge_total, base_total = service.total(at_edge), service.total(contract)
    how = f"at p = {p:+.2f} the total is {format_money(edge_total)}"
    if edge_total == base_total:
        return f"{how}, the same as today: the varied values price no claim line of the history"
    if p < 0:
        return (
            f"{how}: lines priced by other terms of the contract pay that much even with the "
            "varied values at their lowest"
        )
    lines = _lines_moved_by(service.lines(at_edge), levers)
    capped = lines.filter(pc.match_substring(lines["flags"].cast("string"), "lesser_of"))
    if capped.num_rows:
        billed = round_cents(Decimal(pc.sum(capped["billed_charge"]).as_py() or 0))
        return (
            f"{how}; {capped.num_rows:,} of the {lines.num_rows:,} claim line(s) priced by the "
            f"varied values are capped at their billed charges ({format_money(billed)}) by "
            "lesser_of_billed_charges, so higher values add nothing on them"
        )
    return f"{how}: the varied values cannot move the total further within the allowed range"
