"""The internal negotiation brief (``brief.md``, ``brief.docx``): each ask of the proposal with
its standalone value on the history, its priority, the evidence from the history, and the
fallback position from :func:`infusionkit.negotiation.solve`.

The *goal* is the least total the provider accepts; by default the proposal's own total (the
fallbacks then keep the proposal revenue-neutral). For each priced ask the fallback is a trade:
if the payer refuses it, the least uniform rise of the per diem rates (of the drug percent, for
the per diem rates themselves) that still reaches the goal. With a goal below the proposal, an
ask the goal does not need can be conceded, and a rate or percentage ask gets its least
acceptable value with every other ask granted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.errors import InputErrors
from infusionkit.money import HUNDRED, ZERO, format_money, percent_change, round_cents, signed_money
from infusionkit.simulation.changes import STANDALONE_NOTE, Change, contract_changes
from infusionkit.simulation.gaps import Ledger, code_differences, ledger

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.drafting.effects import Effects
    from infusionkit.negotiation import Lever, SolveResult
    from infusionkit.review import Finding
    from infusionkit.simulation import WhatIf

LEVERS = {
    "per_diem.rates": "per_diem",
    "per_diem.infrequent.rates": "infrequent",
    "nursing.rates": "nursing",
    "other.rates": "other",
    "per_diem.concurrent.SH": "SH",
    "per_diem.concurrent.SJ": "SJ",
    "per_diem.ais_percent": "ais_percent",
    "drugs.percent": "drugs",
}
"""Asks that ``solve`` can move directly (change key -> ``--vary`` selector)."""
TRADE = "per_diem"
TRADE_FOR_PER_DIEM = "drugs"
_TRADE_NAMES = {"per_diem": "per diem rates", "drugs": "the drug percent"}
HIGH_SHARE, MEDIUM_SHARE = Decimal(15), Decimal(3)
NOT_PRICED = "Not measurable on claims: it governs when or whether claims are paid."


@dataclass(frozen=True)
class Ask:
    """One change the proposal asks for."""

    key: str
    title: str
    detail: str
    value: Decimal | None
    priority: str
    evidence: str
    fallback: str
    lost_if_conceded: Decimal | None = None
    """Total allowed lost by conceding only this ask, every other ask granted."""


@dataclass(frozen=True)
class Brief:
    """The negotiation brief of one proposal against the current contract."""

    payer: str
    current: str
    proposal: str
    history: str
    current_total: Decimal
    proposed_total: Decimal
    goal: Decimal
    goal_text: str
    asks: tuple[Ask, ...]

    @property
    def total_change(self) -> Decimal:
        return self.proposed_total - self.current_total


def parse_goal(
    text: str | Decimal | None, current_total: Decimal, proposed_total: Decimal
) -> Decimal:
    """``+6%`` (on the current total), dollars (``1500000.00``) or None: the proposal's total."""
    from infusionkit.negotiation import parse_target

    if text is None:
        return proposed_total
    target = parse_target(text)
    return round_cents(target.amount(current_total))


def _priority(change: Change, total: Decimal, findings: Sequence[Finding]) -> str:
    if change.effect is None:
        found = next((f for f in findings if f.key and _related(f.key, change.key)), None)
        return str(found.severity).capitalize() if found else "Low"
    if change.effect < 0:
        return "Concession"
    share = change.effect / total * HUNDRED if total > 0 else ZERO
    return "High" if share >= HIGH_SHARE else "Medium" if share >= MEDIUM_SHARE else "Low"


def _related(finding_key: str, change_key: str) -> bool:
    return (
        finding_key == change_key
        or finding_key.startswith(change_key + ".")
        or change_key.startswith(finding_key + ".")
    )


def _evidence(
    service: WhatIf,
    current: Contract,
    change: Change,
    findings: Sequence[Finding],
    base: Ledger,
) -> str:
    note = next((f for f in findings if f.key and _related(f.key, change.key)), None)
    lead = f"Today: {note.message.rstrip('.')}." if note is not None else ""
    if change.effect is None:
        return " ".join(p for p in (lead, NOT_PRICED) if p)
    moved = code_differences(base, ledger(service, change.apply(current)))
    if not moved:
        text = "No claim line of the history is priced differently."
    else:
        lines = sum(d.lines for d in moved)
        top = ", ".join(f"{d.code} {signed_money(d.amount)}" for d in moved[:4])
        text = (
            f"Moves {lines:,} claim line{'s' if lines != 1 else ''} of {len(moved)} "
            f"code{'s' if len(moved) != 1 else ''}; largest: {top}."
        )
    if change.no_price_lines:
        text += (
            f" {change.no_price_lines:,} line(s) have no price data "
            f"({signed_money(change.no_price_data)}, not counted in the value)."
        )
    return " ".join(p for p in (lead, text) if p)


def _example(result: SolveResult, volumes: dict[tuple[str, str], Decimal]) -> str:
    """The moved value with the most volume in the history, before and after:
    ``S9500 per diem rate $95.00 → $97.10`` or ``drug percent (AWP) -18% → -10.2%``."""
    if not result.changes:
        return ""
    moved = {key: (before, after) for key, before, after in result.changes}
    levers = [lever for lever in result.levers if lever.key in moved]
    if not levers:
        return ""

    def volume(lever: Lever) -> Decimal:
        code = lever.key.rsplit(".", 1)[-1]
        return max((v for (_, c), v in volumes.items() if c == code), default=ZERO)

    lever = max(levers, key=volume)
    before, after = moved[lever.key]
    if lever.kind == "points":
        return f"{lever.label} {before}% \u2192 {after}%"
    return f"{lever.label} {format_money(before)} \u2192 {format_money(after)}"


def _unit(result: SolveResult) -> str:
    return "points" if all(lever.kind == "points" for lever in result.levers) else "%"


def _fallback(
    service: WhatIf,
    proposal: Contract,
    change: Change,
    revert: Change | None,
    goal: Decimal,
) -> tuple[str, Decimal | None]:
    """The fallback text and what conceding the ask loses with every other ask granted."""
    from infusionkit.negotiation import solve

    if change.effect is None:
        return "Hold as proposed; trade it only against a priced ask.", None
    if revert is None:  # pragma: no cover - every change of a proposal can be reverted
        return "\u2014", None
    without = revert.apply(proposal)
    proposed_total = service.total(proposal)
    lost = proposed_total - service.total(without)
    if change.effect == 0:
        return "Worth nothing on this history: free to concede.", lost
    if change.effect < 0:
        return "Offered in the proposal (a concession to the payer); keep it to trade.", lost
    if service.total(without) >= goal:
        return "Can be conceded: with the other asks granted the goal holds without it.", lost
    volumes = service.volumes(proposal)
    selector = LEVERS.get(change.key)
    if goal < proposed_total and selector is not None:
        result = solve(service, proposal, selector, goal)
        if result.reached and result.p is not None:
            example = _example(result, volumes)
            return (
                f"Least acceptable: {result.p:+.2f} {_unit(result)} on the proposed values"
                f"{f' ({example})' if example else ''}, with every other ask granted."
            ), lost
    trade = TRADE_FOR_PER_DIEM if change.key in ("per_diem.rates", "per_diem") else TRADE
    try:
        result = solve(service, without, trade, goal)
    except InputErrors:  # the contract has nothing to trade with (no such section)
        return "Needed in full: the proposal has no rate to trade it against.", lost
    if result.reached and result.p is not None:
        example = _example(result, volumes)
        return (
            f"If refused: {_TRADE_NAMES[trade]} {result.p:+.2f} {_unit(result)} above the "
            f"proposal{f' ({example})' if example else ''} keep the goal."
        ), lost
    return "Needed in full: no trade in range makes up for it.", lost


def build_brief(
    service: WhatIf,
    current: Contract,
    proposal: Contract,
    effects: Effects,
    *,
    names: tuple[str, str],
    findings: Sequence[Finding] = (),
    goal: str | Decimal | None = None,
    therapies: int | None = None,
) -> Brief:
    """Every ask of ``proposal`` against ``current`` with value, priority, evidence, fallback."""
    start, end = effects.current_allowed, effects.proposed_allowed
    target = parse_goal(goal, start, end)
    reverts = {c.key: c for c in contract_changes(proposal, current)}
    base = ledger(service, current)
    positive = sum((c.effect for c in effects.changes if c.effect and c.effect > 0), ZERO)
    asks = []
    for change in effects.changes:
        fallback, lost = _fallback(service, proposal, change, reverts.get(change.key), target)
        asks.append(
            Ask(
                change.key,
                change.title,
                change.detail,
                change.effect,
                _priority(change, positive, findings),
                _evidence(service, current, change, findings, base),
                fallback,
                lost,
            )
        )
    order = {"High": 0, "Medium": 1, "Low": 2, "Concession": 3}
    asks.sort(key=lambda a: (order.get(a.priority, 2), -(a.value or ZERO)))
    first, last = effects.period
    span = f"{first:%B %-d, %Y} to {last:%B %-d, %Y}" if first and last else "no dated lines"
    count = f"{therapies:,} therapies, " if therapies is not None else ""
    pct = percent_change(start, target)
    default = "; by default the proposal's own total: fallbacks keep it revenue-neutral"
    goal_text = (
        f"{format_money(target)} ({'+' if pct and pct > 0 else ''}{pct}% on the current total"
        f"{default if goal is None else ''})"
    )
    return Brief(
        payer=proposal.payer,
        current=names[0],
        proposal=names[1],
        history=f"{count}dates of service {span}",
        current_total=start,
        proposed_total=end,
        goal=target,
        goal_text=goal_text,
        asks=tuple(asks),
    )


def _value(ask: Ask) -> str:
    return "not priced" if ask.value is None else signed_money(ask.value)


def _lost(ask: Ask) -> str:
    return "not priced" if ask.lost_if_conceded is None else signed_money(-ask.lost_if_conceded)


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown."""
    out = [
        f"# Negotiation brief: {brief.payer}",
        "",
        "INTERNAL: not for the payer.",
        "",
        f"- Proposal: {brief.proposal} against {brief.current}",
        f"- History: {brief.history}",
        f"- Allowed: {brief.current} {format_money(brief.current_total)}, {brief.proposal} "
        f"{format_money(brief.proposed_total)} ({signed_money(brief.total_change)})",
        f"- Goal (least acceptable total): {brief.goal_text}",
        "",
        STANDALONE_NOTE,
        "",
        "If conceded: what the total loses when only that ask is dropped and every other ask "
        "is granted.",
        "",
        "| # | Ask | Change | Standalone value | If conceded | Priority | Fallback |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for n, ask in enumerate(brief.asks, start=1):
        cells = [str(n), ask.title, ask.detail, _value(ask), _lost(ask), ask.priority, ask.fallback]
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    out.append("")
    for n, ask in enumerate(brief.asks, start=1):
        out += [
            f"## {n}. {ask.title}",
            "",
            f"- Change: {ask.detail} (`{ask.key}`)",
            f"- Standalone value: {_value(ask)}",
            f"- If conceded (every other ask granted): {_lost(ask)}",
            f"- Priority: {ask.priority}",
            f"- Evidence: {ask.evidence}",
            f"- Fallback: {ask.fallback}",
            "",
        ]
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def brief_docx(brief: Brief, author: str = "") -> bytes:
    """The brief as a Word document (python-docx): facts, the asks table, one part per ask."""
    import docx
    from docx.shared import Inches, Pt

    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Inches(0.75)
    props = document.core_properties
    props.title = f"Negotiation brief: {brief.payer}"
    props.author = author
    props.comments = ""
    document.add_paragraph(f"Negotiation brief: {brief.payer}", style="Title")
    warning = document.add_paragraph()
    run = warning.add_run("INTERNAL: not for the payer.")
    run.bold = True
    for label, value in (
        ("Proposal", f"{brief.proposal} against {brief.current}"),
        ("History", brief.history),
        (
            "Allowed",
            f"{brief.current} {format_money(brief.current_total)}, {brief.proposal} "
            f"{format_money(brief.proposed_total)} ({signed_money(brief.total_change)})",
        ),
        ("Goal (least acceptable total)", brief.goal_text),
    ):
        line = document.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    document.add_paragraph(STANDALONE_NOTE)
    headers = ("#", "Ask", "Standalone value", "If conceded", "Priority", "Fallback")
    table = document.add_table(rows=1 + len(brief.asks), cols=len(headers))
    table.style = "Table Grid"
    rows = [headers] + [
        (str(r), f"{ask.title}: {ask.detail}", _value(ask), _lost(ask), ask.priority, ask.fallback)
        for r, ask in enumerate(brief.asks, start=1)
    ]
    table.autofit = False
    widths = [Inches(w) for w in (0.3, 1.85, 0.95, 0.95, 0.9, 2.05)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table grid (Word and LibreOffice read it)
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(8.5)
            run.bold = r == 0
    for n, ask in enumerate(brief.asks, start=1):
        document.add_heading(f"{n}. {ask.title}", level=2)
        for label, value in (
            ("Change", f"{ask.detail} ({ask.key})"),
            ("Standalone value", _value(ask)),
            ("If conceded (every other ask granted)", _lost(ask)),
            ("Priority", ask.priority),
            ("Evidence", ask.evidence),
            ("Fallback", ask.fallback),
        ):
            line = document.add_paragraph()
            line.add_run(f"{label}: ").bold = True
            line.add_run(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
