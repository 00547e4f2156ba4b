"""``propose``: the addendum for the current contract and for the proposal, and a redline
between them (or of the payer's own document) with a comment on each changed clause."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from infusionkit.contracts import Contract, load_contract
from infusionkit.drafting.docx_out import build_addendum_docx
from infusionkit.drafting.effects import Effects, is_priced, simulate_effects
from infusionkit.drafting.model import Addendum, Clause
from infusionkit.drafting.payer import apply_rates, apply_text_edits
from infusionkit.drafting.rationale import (
    rationale_for,
    recommendation_rationales,
    review_rationales,
)
from infusionkit.drafting.render import render_addendum
from infusionkit.files import OutputSet
from infusionkit.redline import count_changes, redline

OUTPUTS = ("current.docx", "proposed.docx", "redline.docx")


@dataclass(frozen=True)
class ClauseComment:
    """The comment written on one changed clause."""

    clause_id: str
    title: str
    topic: str
    text: str
    effect: Decimal | None = None


@dataclass(frozen=True)
class ProposeResult:
    """What ``propose`` wrote and said."""

    paths: dict[str, Path]
    changes: int  # tracked insertions + deletions in redline.docx
    comments: tuple[ClauseComment, ...]
    effects: Effects | None = None
    changed_clauses: tuple[str, ...] = ()
    rate_cells: tuple[str, ...] = ()  # payer document: codes whose rate cell changed
    warnings: tuple[str, ...] = field(default_factory=tuple)


def propose(
    current: Contract | Path | str,
    proposal: Contract | Path | str,
    *,
    out_dir: Path | str,
    payer_docx: Path | str | None = None,
    episodes: Any = None,
    rates: Any = None,
    author: str = "infusionkit",
    templates_dir: Path | str | None = None,
    rationales: Mapping[str, str] | None = None,
    date: datetime | None = None,
) -> ProposeResult:
    """Write current.docx, proposed.docx and redline.docx into ``out_dir``.

    ``rationales`` maps review topics to comment text (default: the review's findings on the
    current contract); topics without one use the recommendation set's rationale, else
    ``Proposed change to <clause>``.
    With ``episodes`` each priced clause's comment carries its simulated dollar effect. With
    ``payer_docx`` the redline is the payer's document with the proposal's ``edits`` (each with
    its own comment) and fee-table rates (one comment: the fee-schedule rationale); the clause
    comments are then returned in the result only.
    """
    current_c, _ = _contract(current, "<current>")
    proposal_c, proposal_src = _contract(proposal, "<proposal>")
    if rates is None and isinstance(current, Path | str):
        rates = Path(current).parent
    old = render_addendum(current_c, templates_dir)
    new = render_addendum(proposal_c, templates_dir)
    old_doc = build_addendum_docx(old)
    new_doc = build_addendum_docx(new)
    changed = changed_clauses(old, new)
    edited = None
    if payer_docx is not None:  # checked before the (slower) simulation
        edited = apply_text_edits(
            Path(payer_docx), proposal_c, proposal_source=proposal_src, author=author, date=date
        )
    effects = None
    if episodes is not None:
        effects = simulate_effects(current_c, proposal_c, changed, episodes, rates)
    contract_path = current if isinstance(current, Path | str) else None
    if rationales is None:
        rationales = review_rationales(current_c, contract_path)
    sources = [
        rationales,
        recommendation_rationales(contract_path),
        {"fee_schedule": fee_schedule_summary(old, new)},
    ]
    comments = tuple(_comment(clause, effects, sources) for clause in changed)
    warnings: list[str] = []
    rate_cells: tuple[str, ...] = ()
    if edited is None:
        notes = [(new_doc.heading_index[c.clause_id], c.text) for c in comments]
        marked = redline(old_doc.data, new_doc.data, author=author, date=date, comments=notes)
        redline_bytes, count = marked.docx_bytes, marked.changes
        warnings += marked.warnings
    else:
        assert edited is not None
        fee = next((c for c in comments if c.clause_id == "fee_schedule"), None)
        payer = apply_rates(
            edited,
            proposal_c,
            author=author,
            date=date,
            comment=fee.text if fee else "Rates changed to the proposal's fee schedule.",
        )
        redline_bytes, count = payer.docx_bytes, count_changes(payer.docx_bytes).marks
        rate_cells = tuple(payer.rate_cells)
        warnings += payer.warnings
    paths = _write(Path(out_dir), (old_doc.data, new_doc.data, redline_bytes))
    return ProposeResult(
        paths=paths,
        changes=count,
        comments=comments,
        effects=effects,
        changed_clauses=tuple(c.id for c in changed),
        rate_cells=rate_cells,
        warnings=tuple(warnings),
    )


def _contract(value: Contract | Path | str, name: str) -> tuple[Contract, str]:
    if isinstance(value, Contract):
        return value, name
    return load_contract(value), str(value)


def changed_clauses(old: Addendum, new: Addendum) -> list[Clause]:
    """Clauses of ``new`` whose rendered text differs from the same clause of ``old``."""
    before = {clause.id: clause.blocks for clause in old.clauses}
    return [c for c in new.clauses if before.get(c.id) != c.blocks]


def fee_schedule_summary(old: Addendum, new: Addendum) -> str:
    """``Exhibit A: 31 rates changed, 2 codes added, 0 removed.``"""
    before = {(r.section, r.code): r.rate for r in old.fee_rows}
    after = {(r.section, r.code): r.rate for r in new.fee_rows}
    changed = sum(1 for k, v in after.items() if k in before and before[k] != v)
    added = sum(1 for k in after if k not in before)
    removed = sum(1 for k in before if k not in after)
    return (
        f"Exhibit A: {changed} rate(s) changed, {added} code(s) added, "
        f"{removed} code(s) removed, as proposed."
    )


def _comment(
    clause: Clause, effects: Effects | None, sources: list[Mapping[str, str]]
) -> ClauseComment:
    text = rationale_for(clause.topic, clause.title, *sources)
    effect = None
    if effects is not None and any(is_priced(f) for f in clause.fields):
        effect = effects.by_clause.get(clause.id)
        if effect is not None:
            text = f"{text} {effects.sentence(effect)}."
    return ClauseComment(clause.id, clause.title, clause.topic, text, effect)


def _write(out_dir: Path, contents: tuple[bytes, bytes, bytes]) -> dict[str, Path]:
    with OutputSet(out_dir, "propose", possible=OUTPUTS) as out:
        for name, data in zip(OUTPUTS, contents, strict=True):
            out.write_bytes(name, data)
    return {name.removesuffix(".docx"): out_dir / name for name in OUTPUTS}
