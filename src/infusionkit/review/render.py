"""Review results as a terminal table (rich), Markdown for an e-mail, or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.money import format_money, plain_number
from infusionkit.review.findings import IMPACT_LABELS, Finding

if TYPE_CHECKING:
    from rich.console import Console

    from infusionkit.review.api import ReviewResult
    from infusionkit.review.recommendations import RecommendationSet
    from infusionkit.review.rules import Rule

FORMATS = ("table", "json", "md")
SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan"}
AT_RISK_MARK = "*"
VALUE_LABEL = "Value of meeting the recommendation"
_IMPACT_NOTE = (
    f"{VALUE_LABEL}: what the provider leaves on the table over the history, each finding "
    "measured alone (values do not add up; a proposal's changes are valued by propose and "
    "report). Plain = allowed difference with the contract changed to meet the "
    f"recommendation; {AT_RISK_MARK} = billed charges at risk on lines the contract leaves "
    "unpriced; blank = not measurable in dollars."
)


def impact_text(finding: Finding) -> str:
    """``$1,234.50``, ``$1,234.50*`` (billed charges at risk) or empty."""
    if finding.impact is None:
        return ""
    mark = AT_RISK_MARK if finding.impact_basis == "billed_charges_at_risk" else ""
    return format_money(finding.impact) + mark


def _heading(result: ReviewResult) -> list[str]:
    c = result.contract
    lines = [
        f"{c.name or c.payer} — {c.payer}, effective {c.effective.isoformat()}",
        f"Contract: {result.contract_path or '(in memory)'}; recommendations: "
        f"{result.recommendations.path or '(in memory)'}",
    ]
    h = result.history
    if h is not None:
        period = f"{h.first} to {h.last}" if h.first else "no claim lines"
        lines.append(
            f"History: {h.source or 'episodes'} ({period}, {h.claim_lines:,} claim lines, "
            f"{format_money(h.allowed)} allowed)"
        )
    return lines


def _summary(result: ReviewResult) -> str:
    counts = result.counts()
    if not result.findings:
        return "No findings: the contract meets every recommendation checked."
    parts = ", ".join(f"{n} {s}" for s, n in counts.items())
    return f"{len(result.findings)} finding(s): {parts}."


def _detail_bullets(finding: Finding) -> list[str]:
    return [
        f"{g.line_type} {g.hcpcs}: {g.lines:,} line(s), {format_money(g.billed_charge)} billed"
        + (f" ({g.uncharged_lines:,} without a billed charge)" if g.uncharged_lines else "")
        for g in finding.details
    ]


def _data_gap_text(result: ReviewResult) -> str | None:
    h = result.history
    if h is None or not h.data_gaps:
        return None
    lines = sum(g.lines for g in h.data_gaps)
    codes = ", ".join(sorted({g.hcpcs for g in h.data_gaps}))
    return (
        f"Not counted: {lines:,} claim line(s) are unpriced for missing price data (drug price "
        f"or billed charge), not for a contract term: {codes}."
    )


def print_table(result: ReviewResult, console: Console | None = None) -> None:
    """Findings as a rich table (severity coloured, impact right-aligned), then details."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    for line in _heading(result):
        console.print(line, highlight=False)
    measured = result.history is not None
    if result.findings:
        table = Table()
        table.add_column("Severity", no_wrap=True)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Finding", ratio=3)
        table.add_column("Current", ratio=2)
        table.add_column("Recommended", ratio=2)
        if measured:
            table.add_column(VALUE_LABEL, justify="right", min_width=14)
        for f in result.findings:
            cells: list[Text | str] = [
                Text(f.severity, style=SEVERITY_STYLES[f.severity]),
                f.rule,
                f.title,
                f.current or "",
                f.recommended,
            ]
            if measured:
                cells.append(impact_text(f))
            table.add_row(*cells)
        console.print(table)
    console.print(_summary(result), highlight=False)
    if measured and result.findings:
        console.print(_IMPACT_NOTE, style="dim", highlight=False)
    gap = _data_gap_text(result)
    if gap:
        console.print(gap, style="dim", highlight=False)
    for f in result.findings:
        head = Text(f"{f.rule} ", style=SEVERITY_STYLES[f.severity])
        head.append(f"[{f.topic}] ", style="dim")
        head.append(f.message)
        console.print(head, highlight=False)
        for bullet in _detail_bullets(f):
            console.print(f"    • {bullet}", highlight=False)


def _md_cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def to_markdown(result: ReviewResult) -> str:
    """A Markdown table of findings plus bullet details (rationale, source), for an e-mail."""
    c = result.contract
    out = [f"## Contract review: {_md_cell(c.name or c.payer)}", ""]
    out += [f"- {_md_cell(line)}" for line in _heading(result)[1:]]
    out += [f"- {_summary(result)}", ""]
    if result.findings:
        impact = result.history is not None
        header = ["Severity", "Rule", "Topic", "Finding", "Current", "Recommended"]
        header += [VALUE_LABEL] if impact else []
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" for _ in header[:-1]) + ("|---:|" if impact else "|---|"))
        for f in result.findings:
            row = [f.severity, f.rule, f.topic, f.title, f.current, f.recommended]
            row += [impact_text(f)] if impact else []
            out.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
        out.append("")
        if impact:
            out += [f"_{_IMPACT_NOTE}_", ""]
        out += ["### Details", ""]
        for f in result.findings:
            basis = f" ({IMPACT_LABELS[f.impact_basis]})" if f.impact_basis else ""
            out.append(f"- **{f.rule} {f.title}** ({f.severity}): {f.message}")
            if f.impact is not None:
                out.append(f"  - {VALUE_LABEL}: {format_money(f.impact)}{basis}")
            out += [f"  - {bullet}" for bullet in _detail_bullets(f)]
            out.append(f"  - Why: {f.rationale}")
            out.append(f"  - Source: {f.source}")
    gap = _data_gap_text(result)
    if gap:
        out += ["", f"_{gap}_"]
    return "\n".join(out).rstrip() + "\n"


def to_json(result: ReviewResult) -> str:
    """The documented JSON document."""
    return result.to_json() + "\n"


# --- the rules themselves (``infusionkit review --rules``, docs/rules.md) -----------------------


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def value_text(value: Any) -> str:
    """A recommended value as written in the recommendations file: ``50``, ``AWP, WAC``."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def rule_dict(rule: Rule, recommendations: RecommendationSet | None = None) -> dict[str, Any]:
    """One rule as JSON: id, title, topic, summary, problem, fix, value help and the default."""
    entry = recommendations.get(rule.id) if recommendations is not None else None
    return {
        "id": rule.id,
        "title": rule.title,
        "topic": rule.topic,
        "summary": rule.doc.summary,
        "problem": _sentence(rule.problem),
        "fix": _sentence(rule.fix),
        "value": rule.value_help,
        "recommended": value_text(entry.recommended) if entry is not None else None,
        "severity": entry.severity if entry is not None else None,
    }


def print_rules(rules: Iterable[Rule], console: Console | None = None) -> None:
    """Every rule as a rich table: id, title, problem, fix."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(show_lines=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Title", ratio=2, overflow="fold")
    table.add_column("Problem", ratio=3, overflow="fold")
    table.add_column("Fix", ratio=3, overflow="fold")
    for rule in rules:
        table.add_row(rule.id, rule.title, _sentence(rule.problem), _sentence(rule.fix))
    console.print(table)


def rules_markdown(
    rules: Iterable[Rule], recommendations: RecommendationSet | None = None, level: int = 2
) -> str:
    """Every rule as Markdown: an index table, then one section per rule."""
    items = [rule_dict(rule, recommendations) for rule in rules]
    head = "#" * level
    out = ["| Rule | Topic | Title |", "|---|---|---|"]
    out += [f"| {r['id']} | {r['topic']} | {_md_cell(r['title'])} |" for r in items]
    for r in items:
        out += ["", f"{head} {r['id']} {r['title']}", "", r["summary"], ""]
        out += [f"**Problem:** {r['problem']}", "", f"**Fix:** {r['fix']}", ""]
        line = f"**Recommended value:** {r['value']}."
        if r["recommended"] is not None:
            line += f" Default: `{r['recommended']}`, severity {r['severity']}."
        out.append(line)
    return "\n".join(out) + "\n"


def rules_json(rules: Iterable[Rule], recommendations: RecommendationSet | None = None) -> str:
    """Every rule as a JSON list (see :func:`rule_dict`)."""
    items = [rule_dict(rule, recommendations) for rule in rules]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
