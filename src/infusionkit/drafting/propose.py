"""``propose``: the addendum for the current contract and for the proposal, a redline between
them (or of the payer's own document) with a comment on each changed clause, ``changes.json``,
and for the internal audience the negotiation brief.

The redline is the document sent to the payer: by default (``audience="payer"``) its comments
say why each clause changes in plain contract language, with no dollar effects or tool names.
``audience="internal"`` writes the review's notes and each change's standalone value instead,
plus ``brief.md`` and ``brief.docx``. ``changes.json`` is the one valuation (spec §11): the same
keys and values as the report's ``report.json`` on the same history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from infusionkit.contracts import Contract, load_contract
from infusionkit.drafting.brief import Brief, brief_docx, brief_markdown, build_brief
from infusionkit.drafting.comments import AUDIENCES, ClauseComment, comment_for
from infusionkit.drafting.docx_out import build_addendum_docx
from infusionkit.drafting.effects import Effects, service_of, unvalued, value_changes
from infusionkit.drafting.manifest import default_templates_dir
from infusionkit.drafting.model import Addendum, Clause
from infusionkit.drafting.payer import apply_rates, apply_text_edits
from infusionkit.drafting.rationale import (
    payer_rationales,
    recommendation_rationales,
    review_rationales,
)
from infusionkit.drafting.render import render_addendum
from infusionkit.errors import InputError, InputErrors
from infusionkit.files import OutputSet
from infusionkit.redline import count_changes, redline
from infusionkit.simulation.changes import Change, valuation_dict
from infusionkit.simulation.labels import scenario_labels

DOCUMENTS = ("current.docx", "proposed.docx", "redline.docx")
CHANGES = "changes.json"
BRIEF = ("brief.md", "brief.docx")
OUTPUTS = (*DOCUMENTS, CHANGES, *BRIEF)
DEFAULT_AUTHOR = "Provider"

__all__ = ["AUDIENCES", "ClauseComment", "ProposeResult", "changed_clauses", "propose"]


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
    proposal_changes: tuple[Change, ...] = ()
    """Every change of the proposal (valued when a history was given)."""
    audience: str = "payer"
    brief: Brief | None = None


def propose(
    current: Contract | Path | str,
    proposal: Contract | Path | str,
    *,
    out_dir: Path | str,
    payer_docx: Path | str | None = None,
    episodes: Any = None,
    rates: Any = None,
    payer: str | None = None,
    audience: str = "payer",
    goal: str | Decimal | None = None,
    author: str = DEFAULT_AUTHOR,
    templates_dir: Path | str | None = None,
    rationales: Mapping[str, str] | None = None,
    date: datetime | None = None,
) -> ProposeResult:
    """Write current.docx, proposed.docx, redline.docx and changes.json into ``out_dir`` (and
    with ``audience="internal"`` brief.md and brief.docx).

    ``episodes``: an episodes source, a Simulation or a WhatIf: each change is valued on it
    (kept to therapies of ``payer`` when given). ``rationales``: clause id -> comment text for
    the payer version (default: ``rationales.yaml`` beside the templates); for the internal
    version, review topic -> text (default: the review's findings on the current contract).
    With ``payer_docx`` the redline is the payer's document with the proposal's ``edits`` and
    fee-table rates; ``goal`` (internal brief): the least acceptable total, ``+X%`` on the
    current total or dollars (default: half the proposal's increase).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    internal = audience == "internal"
    if internal and episodes is None:
        raise InputErrors(
            [
                InputError(
                    file="<command line>",
                    column="--episodes",
                    message="the internal version (negotiation brief) needs an episode history",
                )
            ]
        )
    current_c, current_src = _contract(current, "<current>")
    proposal_c, proposal_src = _contract(proposal, "<proposal>")
    if rates is None and isinstance(current, Path | str):
        rates = Path(current).parent
    folder = Path(templates_dir) if templates_dir is not None else default_templates_dir()
    old = render_addendum(current_c, folder)
    new = render_addendum(proposal_c, folder)
    old_doc = build_addendum_docx(old, author=author)
    new_doc = build_addendum_docx(new, author=author)
    changed = changed_clauses(old, new)
    edited = None
    if payer_docx is not None:  # checked before the (slower) valuation
        edited = apply_text_edits(
            Path(payer_docx), proposal_c, proposal_source=proposal_src, author=author, date=date
        )
    service = service_of(episodes, rates, payer) if episodes is not None else None
    effects = value_changes(service, current_c, proposal_c) if service is not None else None
    all_changes = effects.changes if effects is not None else unvalued(current_c, proposal_c)
    contract_path = current if isinstance(current, Path | str) else None
    comments = _comments(
        changed, audience, all_changes, effects, old, new, folder, rationales, current_c,
        contract_path,
    )  # fmt: skip
    warnings: list[str] = []
    rate_cells: tuple[str, ...] = ()
    if edited is None:
        notes = [(new_doc.heading_index[c.clause_id], c.text) for c in comments]
        marked = redline(old_doc.data, new_doc.data, author=author, date=date, comments=notes)
        redline_bytes, count = marked.docx_bytes, marked.changes
        warnings += marked.warnings
    else:
        result = apply_rates(edited, proposal_c, author=author, date=date)
        _check_payer_document(Path(payer_docx), old, new, result.fee_tables, result.rate_cells)  # type: ignore[arg-type]
        redline_bytes, count = result.docx_bytes, count_changes(result.docx_bytes).marks
        if count == 0:
            raise InputErrors(
                [
                    InputError(
                        file=str(payer_docx),
                        message="nothing of the proposal could be applied to this document "
                        "(no edit and no rate changed)",
                    )
                ]
            )
        rate_cells = tuple(result.rate_cells)
        warnings += result.warnings
    names = _names(current, proposal, current_c, proposal_c)
    brief = None
    if internal:
        assert service is not None and effects is not None
        brief = build_brief(
            service,
            current_c,
            proposal_c,
            effects,
            names=(names[0][1], names[1][1]),
            findings=_findings(current_c, contract_path),
            goal=goal,
            therapies=len(service.episodes.therapies),
        )
    data = _changes_json(names, effects, all_changes, audience, payer)
    paths = _write(Path(out_dir), old_doc.data, new_doc.data, redline_bytes, data, brief, author)
    return ProposeResult(
        paths=paths,
        changes=count,
        comments=comments,
        effects=effects,
        changed_clauses=tuple(c.id for c in changed),
        rate_cells=rate_cells,
        warnings=tuple(warnings),
        proposal_changes=tuple(all_changes),
        audience=audience,
        brief=brief,
    )


def _contract(value: Contract | Path | str, name: str) -> tuple[Contract, str]:
    if isinstance(value, Contract):
        return value, name
    return load_contract(value), str(value)


def changed_clauses(old: Addendum, new: Addendum) -> list[Clause]:
    """Clauses of ``new`` whose rendered text differs from the same clause of ``old``."""
    before = {clause.id: clause.blocks for clause in old.clauses}
    return [c for c in new.clauses if before.get(c.id) != c.blocks]


def _comments(
    changed: list[Clause],
    audience: str,
    changes: tuple[Change, ...],
    effects: Effects | None,
    old: Addendum,
    new: Addendum,
    folder: Path,
    rationales: Mapping[str, str] | None,
    current: Contract,
    contract_path: Path | str | None,
) -> tuple[ClauseComment, ...]:
    if audience == "payer":
        texts = dict(rationales) if rationales is not None else payer_rationales(folder)
        sources: list[Mapping[str, str]] = []
    else:
        texts = {}
        reviewed = (
            rationales if rationales is not None else review_rationales(current, contract_path)
        )
        sources = [reviewed, recommendation_rationales(contract_path)]
    return tuple(
        comment_for(
            clause,
            audience,
            changes=changes,
            effects=effects,
            rationales=texts,
            sources=sources,
            old=old,
            new=new,
        )
        for clause in changed
    )


def _findings(current: Contract, contract_path: Path | str | None) -> tuple[Any, ...]:
    from infusionkit.review import load_recommendations, resolve_recommendations, review

    recommendations = load_recommendations(resolve_recommendations(None, contract_path))
    return review(current, recommendations=recommendations).findings


def _check_payer_document(
    path: Path, old: Addendum, new: Addendum, tables: int, cells: list[str]
) -> None:
    """The proposal changes rates but none could be set in the payer's document: an input
    error, never a redline silently missing its rates."""
    before = {(r.section, r.code): r.rate for r in old.fee_rows}
    after = {(r.section, r.code): r.rate for r in new.fee_rows}
    if cells or all(before.get(k) == v for k, v in after.items()):
        return
    reason = (
        "no fee-schedule table found (a table with a header row, a column of codes and a "
        "column of amounts)"
        if tables == 0
        else "no code of its fee tables has a proposed rate different from the document's"
    )
    raise InputErrors(
        [
            InputError(
                file=str(path),
                message=f"the proposal's rates could not be applied: {reason}",
                allowed="a table listing codes (S9500, 99601 …) beside their rates",
            )
        ]
    )


def _names(
    current: Contract | Path | str,
    proposal: Contract | Path | str,
    current_c: Contract,
    proposal_c: Contract,
) -> list[tuple[str, str]]:
    """(name, label) of current and proposal, as the report names the same files."""
    stems = [
        Path(str(v)).stem if not isinstance(v, Contract) else fallback
        for v, fallback in ((current, "current"), (proposal, "proposed"))
    ]
    labels = scenario_labels([None, None], [current_c.name, proposal_c.name], stems)
    return list(zip(stems, labels, strict=True))


def _changes_json(
    names: list[tuple[str, str]],
    effects: Effects | None,
    changes: tuple[Change, ...],
    audience: str,
    payer: str | None,
) -> str:
    if effects is not None:
        totals = (effects.current_allowed, effects.proposed_allowed)
        scenarios = [(n, label, t) for (n, label), t in zip(names, totals, strict=True)]
        data = valuation_dict(scenarios, [_renamed(effects, names)])
        first, last = effects.period
        data["period"] = {
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        }
    else:
        data = {
            "baseline": names[0][0],
            "scenarios": [{"name": n, "label": label, "total_allowed": None} for n, label in names],
            "changes": [{"scenario": names[1][0], **c.to_dict()} for c in changes],
            "waterfall": [],
            "total_change": [],
            "period": None,
        }
    data["audience"] = audience
    data["payer_id"] = payer
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _renamed(effects: Effects, names: list[tuple[str, str]]) -> Any:
    import dataclasses

    return dataclasses.replace(effects.comparison, baseline=names[0][0], scenario=names[1][0])


def _write(
    out_dir: Path,
    current: bytes,
    proposed: bytes,
    marked: bytes,
    changes: str,
    brief: Brief | None,
    author: str,
) -> dict[str, Path]:
    with OutputSet(out_dir, "propose", possible=OUTPUTS) as out:
        for name, data in zip(DOCUMENTS, (current, proposed, marked), strict=True):
            out.write_bytes(name, data)
        out.write_text(CHANGES, changes)
        if brief is not None:
            out.write_text("brief.md", brief_markdown(brief))
            out.write_bytes("brief.docx", brief_docx(brief, author=author))
    paths = {name.removesuffix(".docx"): out_dir / name for name in DOCUMENTS}
    paths["changes"] = out_dir / CHANGES
    if brief is not None:
        paths["brief"] = out_dir / "brief.docx"
        paths["brief_md"] = out_dir / "brief.md"
    return paths
