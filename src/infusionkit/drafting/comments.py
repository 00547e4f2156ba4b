"""The comment on each changed clause, for one audience.

``payer``: why the clause changes, in plain contract language (``rationales.yaml``), and for
Exhibit A which rows changed; no dollar effects, tool names or internal notes.
``internal``: the review's finding on the current term (with its source), then every change the
clause states with its standalone value on the history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from infusionkit.drafting.effects import Effects, clause_changes
from infusionkit.drafting.model import Addendum, Clause, FeeRow
from infusionkit.drafting.rationale import generic_rationale, rationale_for
from infusionkit.simulation.changes import Change

AUDIENCES = ("payer", "internal")


@dataclass(frozen=True)
class ClauseComment:
    """The comment written on one changed clause, and the changes it states."""

    clause_id: str
    title: str
    topic: str
    text: str
    effect: Decimal | None = None  # the standalone value when the clause states one priced change
    changes: tuple[Change, ...] = ()


def _row_name(row: FeeRow) -> str:
    return f"{row.code} {row.unit}"


def fee_schedule_summary(old: Addendum, new: Addendum) -> str:
    """``Exhibit A: 38 rates changed; added S9338 per administration, …; removed …``."""
    before = {(r.section, r.code): r for r in old.fee_rows}
    after = {(r.section, r.code): r for r in new.fee_rows}
    changed = sum(1 for k, r in after.items() if k in before and before[k].rate != r.rate)
    added = [_row_name(r) for k, r in after.items() if k not in before]
    removed = [_row_name(r) for k, r in before.items() if k not in after]
    parts = [f"{changed} rate{'s' if changed != 1 else ''} changed"]
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    return f"Exhibit A: {'; '.join(parts)}."


def payer_comment(
    clause: Clause, rationales: Mapping[str, str], old: Addendum, new: Addendum
) -> str:
    """Why ``clause`` changes, as the payer reads it."""
    text = rationales.get(clause.id) or generic_rationale(clause.title)
    if clause.id == "fee_schedule":
        text = f"{fee_schedule_summary(old, new)} {text}"
    return text


def internal_comment(
    clause: Clause,
    sources: Sequence[Mapping[str, str]],
    changes: Sequence[Change],
    effects: Effects | None,
    old: Addendum,
    new: Addendum,
) -> str:
    """The review's note on the clause, then each change it states (with its value)."""
    text = rationale_for(clause.topic, clause.title, *sources)
    if clause.id == "fee_schedule":
        text = f"{fee_schedule_summary(old, new)} {text}"
    notes = []
    for change in changes:
        if effects is not None:
            notes.append(f"{effects.sentence(change)} [{change.key}: {change.detail}]")
        else:
            notes.append(f"{change.title} [{change.key}: {change.detail}]")
    return " ".join([text, *(f"{n}." for n in notes)])


def comment_for(
    clause: Clause,
    audience: str,
    *,
    changes: Sequence[Change],
    effects: Effects | None,
    rationales: Mapping[str, str],
    sources: Sequence[Mapping[str, str]],
    old: Addendum,
    new: Addendum,
) -> ClauseComment:
    """The :class:`ClauseComment` of one changed clause for ``audience``."""
    stated = clause_changes(clause, changes)
    if audience == "payer":
        text = payer_comment(clause, rationales, old, new)
    else:
        text = internal_comment(clause, sources, stated, effects, old, new)
    priced = [c for c in stated if c.effect is not None]
    effect = priced[0].effect if len(priced) == 1 else None
    return ClauseComment(clause.id, clause.title, clause.topic, text, effect, stated)
