"""``build_report``: the report content, computed once from a simulation, for one audience.

``payer`` (the default) is the version to send: totals, the changes and what they are worth,
rates, families, the method. ``internal`` adds the contract review findings and the provenance
of every input file. Both carry the same numbers, from the simulation layer's one valuation
(:mod:`infusionkit.simulation.changes`); ``report.json`` carries them too, with provenance.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from infusionkit.money import ZERO, percent_change
from infusionkit.negotiation.forecast import DEFAULT_CPI
from infusionkit.reporting import analytics, layout, tables
from infusionkit.reporting import formatting as fmt
from infusionkit.reporting.drivers import driver_label, waterfalls
from infusionkit.reporting.methodology import RULES, settings_table
from infusionkit.reporting.model import (
    Chart,
    Column,
    Cover,
    Report,
    Row,
    Scenario,
    Section,
    Table,
    Waterfall,
)
from infusionkit.reporting.provenance import input_files
from infusionkit.simulation.changes import (
    DRIVERS,
    NO_PRICE_DATA,
    STANDALONE_NOTE,
    Comparison,
    compare_scenarios,
    valuation_dict,
)
from infusionkit.simulation.gaps import CONTRACT, PRICE_DATA, unpriced_by_cause, unpriced_totals

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

AUDIENCES = ("payer", "internal")


def _cover(sim: Simulation, title: str | None, generated: date | None, internal: bool) -> Cover:
    import infusionkit

    scenarios = tuple(
        Scenario(
            s.name,
            s.contract.name or s.name,
            s.contract.payer,
            s.contract.effective,
            sim.total_allowed(s.name),
            s.display,
        )
        for s in sim.scenarios
    )
    payers = tuple(dict.fromkeys(s.payer for s in scenarios))
    return Cover(
        title=title or f"{' / '.join(payers)}: home infusion rate comparison",
        payers=payers,
        scenarios=scenarios,
        period=sim.period,
        generated=generated or date.today(),
        version=infusionkit.__version__,
        inputs=input_files(sim) if internal else (),
    )


def _span(sim: Simulation) -> str:
    first, last = sim.period
    if first and last:
        return f"from {first:%B %-d, %Y} to {last:%B %-d, %Y}"
    return "(no dated claim lines)"


def _gap_examples(sim: Simulation, name: str) -> str:
    frame = unpriced_by_cause(sim)
    rows = frame[(frame["scenario"] == name) & (frame["cause"] == PRICE_DATA)]
    codes = sorted(set(rows["hcpcs"]))
    shown = ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
    return f" (codes {shown})" if codes else ""


def _summary(sim: Simulation, falls: tuple[Waterfall, ...]) -> Section:
    names = sim.names
    label = tables.labels_of(sim)
    base = names[0]
    base_total = sim.total_allowed(base)
    therapies = sim.episodes.therapies
    episodes = int(therapies["episode_id"].nunique())
    paragraphs = [
        f"This report prices the same history of {fmt.count(len(therapies))} therapies in "
        f"{fmt.count(episodes)} episodes, with dates of service {_span(sim)}, under "
        f"{len(names)} contract scenario{'s' if len(names) != 1 else ''}. Every amount is the "
        "exact sum of claim lines priced to the cent.",
    ]
    bullets = []
    for fall in falls:
        pct = fmt.percent(percent_change(fall.start, fall.end))
        direction = "more" if fall.total_delta >= 0 else "less"
        text = (
            f"Under {fall.scenario} the history is allowed {fmt.money(fall.end)}: "
            f"{fmt.money(abs(fall.total_delta))} ({pct}) {direction} than under {fall.baseline} "
            f"({fmt.money(fall.start)})."
        )
        movers = sorted(
            (s for s in fall.steps if s.delta != 0 and not s.apart), key=lambda s: -abs(s.delta)
        )
        if movers:
            named = ", ".join(
                f"{s.driver.lower()} ({fmt.signed_money(s.delta)})" for s in movers[:3]
            )
            text += f" Largest steps, applied in sequence: {named}."
        bullets.append(text)
    unpriced = unpriced_totals(sim)
    for name in names:
        lines, billed = unpriced[name][CONTRACT]
        if lines:
            bullets.append(
                f"{label[name]}: {fmt.count(lines)} claim lines ({fmt.money(billed)} billed) are "
                "for codes the contract does not price; they are allowed nothing."
            )
        lines, billed = unpriced[name][PRICE_DATA]
        if lines:
            bullets.append(
                f"{label[name]}: {fmt.count(lines)} claim lines ({fmt.money(billed)} billed) have "
                f"no price in the price files{_gap_examples(sim, name)}. Missing price data is "
                "not a contract term: these lines are shown apart, never as a driver."
            )
    headline_cols = [
        Column("Scenario", width=1.3),
        Column("Contract", width=2.3),
        Column("Effective", width=0.8),
        Column("Total allowed", numeric=True, width=1.0),
        Column(f"Change vs {label[base]}", numeric=True, width=1.0),
        Column("Change %", numeric=True, width=0.65),
    ]
    headline = []
    for scenario in sim.scenarios:
        total = sim.total_allowed(scenario.name)
        first = scenario.name == base
        headline.append(
            Row(
                (
                    scenario.display,
                    scenario.contract.name or scenario.name,
                    scenario.contract.effective.isoformat(),
                    fmt.money(total),
                    "baseline" if first else fmt.signed_money(total - base_total),
                    "" if first else fmt.percent(percent_change(base_total, total)),
                )
            )
        )
    volume_cols = [
        Column("Scenario", width=1.3),
        Column("Per diem days", numeric=True, width=0.8),
        Column("Claim lines", numeric=True, width=0.75),
        Column("Not priced by the contract: lines", numeric=True, width=0.9),
        Column("billed charges", numeric=True, width=1.0),
        Column("Without price data: lines", numeric=True, width=0.9),
        Column("billed charges", numeric=True, width=1.0),
    ]
    totals = sim.totals.set_index(["scenario", "line_type"])
    volume = []
    for scenario in sim.scenarios:
        name = scenario.name
        contract_gap, data_gap = unpriced[name][CONTRACT], unpriced[name][PRICE_DATA]
        volume.append(
            Row(
                (
                    scenario.display,
                    fmt.count(int(totals.loc[(name, "per_diem"), "units"])),
                    fmt.count(int(totals.loc[(name, "all"), "lines"])),
                    fmt.count(contract_gap[0]),
                    fmt.money(contract_gap[1]),
                    fmt.count(data_gap[0]),
                    fmt.money(data_gap[1]),
                )
            )
        )
    return Section(
        "summary",
        "Executive summary",
        paragraphs=tuple(paragraphs),
        bullets=tuple(bullets),
        tables=(
            Table(tuple(headline_cols), tuple(headline), caption="Total allowed by scenario"),
            Table(tuple(volume_cols), tuple(volume), caption="Volume and unpriced lines"),
        ),
    )


def _changes_section(sim: Simulation, comparisons: tuple[Comparison, ...]) -> Section | None:
    if not comparisons:
        return None
    label = tables.labels_of(sim)
    keys: dict[str, str] = {}
    for comparison in comparisons:
        for change in comparison.changes:
            keys.setdefault(change.key, change.title)
    single = len(comparisons) == 1
    columns = [Column("Change", width=2.1)]
    if single:
        columns += [
            Column(f"{label[comparisons[0].baseline]} \u2192 {label[comparisons[0].scenario]}",
                   width=3.1),
            Column("Standalone effect", numeric=True, width=1.1),
        ]  # fmt: skip
    else:
        columns += [
            Column(f"Standalone effect\n{label[c.scenario]}", numeric=True, width=1.1,
                   group=c.scenario)
            for c in comparisons
        ]  # fmt: skip
    rows = []
    for key, title in keys.items():
        cells = [title]
        for comparison in comparisons:
            found = next((c for c in comparison.changes if c.key == key), None)
            if single:
                assert found is not None
                detail = found.detail
                if found.no_price_lines:
                    detail += (
                        f" ({fmt.signed_money(found.no_price_data)} on lines without price "
                        "data, shown apart)"
                    )
                cells.append(detail)
            if found is None:
                cells.append("same")
            elif found.effect is None:
                cells.append("not priced")
            else:
                cells.append(fmt.signed_money(found.effect))
        rows.append(Row(tuple(cells)))
    note = (
        "Not priced: the term does not change what a claim is allowed (it changes when or "
        "whether claims are paid)."
    )
    return Section(
        "changes",
        "What changes",
        paragraphs=(
            f"Every change against {label[comparisons[0].baseline]}, in contract order, with its "
            "value on the history.",
            STANDALONE_NOTE,
        ),
        tables=(
            Table(
                tuple(columns), tuple(rows), caption="Changes and their standalone value", note=note
            ),
        ),  # fmt: skip
    )


def _drivers_section(falls: tuple[Waterfall, ...]) -> Section | None:
    if not falls:
        return None
    columns = [Column("Step (applied in this order)", width=2.1)]
    columns += [
        Column(f"{f.baseline} \u2192 {f.scenario}", numeric=True, width=1.15, group=f.scenario)
        for f in falls
    ]
    rows = [Row((f"Total allowed: {falls[0].baseline}", *(fmt.money(f.start) for f in falls)))]
    drivers = [driver_label(d) for d in DRIVERS]
    if any(s.apart for f in falls for s in f.steps):
        drivers.append(driver_label(NO_PRICE_DATA))
    for driver in drivers:
        amounts = [next((s.delta for s in f.steps if s.driver == driver), ZERO) for f in falls]
        rows.append(Row((driver, *(fmt.signed_money(a) for a in amounts))))
    rows.append(Row(("Total change", *(fmt.signed_money(f.total_delta) for f in falls)), "total"))
    rows.append(Row(("Total allowed: scenario", *(fmt.money(f.end) for f in falls)), "total"))
    charts = tuple(
        Chart(
            f"waterfall-{i}",
            "waterfall",
            f"From {f.baseline} to {f.scenario}: sequential steps",
            "Each bar is the change when that group of changes is applied on top of the ones "
            "before; the steps add up exactly to the total change.",
            f,
        )
        for i, f in enumerate(falls, start=1)
    )
    return Section(
        "drivers",
        "What drives the change, step by step",
        paragraphs=(
            "Starting from the baseline, each group of changes is applied in turn and the whole "
            "history re-priced. A step's value depends on the steps before it, so it can differ "
            "from the same changes' standalone values.",
        ),
        tables=(Table(tuple(columns), tuple(rows), caption="Sequential steps of the change"),),
        charts=charts,
    )


def _provenance_section(cover: Cover) -> Section:
    rows = tuple(Row((f.role, f.path, f.sha256)) for f in cover.inputs) or (
        Row(("none", "data given in memory", "")),
    )
    table = Table(
        (Column("Input", width=1.3), Column("File", width=2.3), Column("SHA-256", width=3.5)),
        rows,
        caption="SHA-256 of every input file",
    )
    return Section(
        "provenance",
        "Appendix: provenance",
        paragraphs=(f"Produced by infusionkit {cover.version}.",),
        tables=(table,),
    )


def build_report(
    simulation: Simulation,
    *,
    title: str | None = None,
    review: bool = True,
    generated: date | None = None,
    audience: str = "payer",
    comparisons: tuple[Comparison, ...] | None = None,
    years: int | None = None,
    cpi: Decimal | str = DEFAULT_CPI,
    volume_growth: Decimal | str = ZERO,
) -> Report:
    """Build the rate-comparison report content from ``simulation`` (exact money throughout).

    ``audience``: ``payer`` (to send) or ``internal`` (adds review findings, unless ``review``
    is False, the sensitivity of the first contract, and provenance). ``comparisons``: the
    valuation, when already computed. ``years``: add the multi-year forecast (both audiences)
    with ``cpi`` and ``volume_growth`` in percent a year, as ``forecast`` takes them.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    internal = audience == "internal"
    sim = simulation
    label = tables.labels_of(sim)
    comparisons = compare_scenarios(sim) if comparisons is None else comparisons
    falls = waterfalls(comparisons, label)
    families = tables.family_totals(sim)
    per_episode = tables.episode_allowed(sim)
    sections: list[Section] = [_summary(sim, falls)]
    for optional in (_changes_section(sim, comparisons), _drivers_section(falls)):
        if optional is not None:
            sections.append(optional)
    sections.append(
        Section(
            "rates",
            "Rate comparison by code",
            paragraphs=(
                "Every code billed in the history or named in a contract: what one unit is, its "
                "rate in each scenario and what the difference is worth on the history.",
            ),
            tables=tables.rate_tables(sim),
        )
    )
    sections.append(
        Section(
            "families",
            "Effect by therapy family and line type",
            tables=(tables.family_table(sim, families), tables.line_type_table(sim)),
            charts_last=True,
            charts=(
                Chart(
                    "families",
                    "bars",
                    "Allowed by therapy family",
                    "Total allowed per scenario for the largest therapy families.",
                    tables.family_bars(sim, families),
                ),
            ),
        )
    )
    sections.append(
        Section(
            "episodes",
            "Allowed per episode",
            tables=(tables.distribution_table(per_episode, label),),
            charts_last=True,
            charts=(
                Chart(
                    "episodes",
                    "distribution",
                    "Distribution of allowed per episode",
                    "Box: middle half of episodes; line: median; whiskers: 5th to 95th percentile.",
                    tables.distributions(per_episode, label),
                ),
            ),
        )
    )
    extra: dict[str, Any] = {}
    if years is not None:
        projected = analytics.forecast_of(sim, years, cpi, volume_growth)
        sections.append(analytics.forecast_section(projected, label))
        extra["forecast"] = analytics.forecast_data(projected)
    if internal:
        base = sim.scenarios[0]
        effects = analytics.sensitivity_of(sim)
        sections.append(analytics.sensitivity_section(effects, label[base.name]))
        extra["sensitivity"] = analytics.sensitivity_data(effects, base.name)
    findings_included = False
    if internal and review:
        from infusionkit.reporting.findings import findings_table

        findings = findings_table(sim)
        findings_included = True
        sections.append(
            Section(
                "findings",
                "Contract review findings",
                paragraphs=(
                    "Terms that fall short of the recommendation set, most severe first."
                    if findings.rows
                    else "The review found nothing to flag.",
                ),
                tables=(findings,) if findings.rows else (),
            )
        )
    sections.append(
        Section(
            "methodology",
            "Appendix: methodology",
            paragraphs=("Claim lines are coded and priced with these rules:",),
            bullets=RULES,
            tables=(settings_table(sim),),
        )
    )
    cover = _cover(sim, title, generated, internal)
    provenance = _provenance_section(cover) if internal else None
    if provenance is not None:
        sections.append(provenance)
    landscape = layout.needs_landscape(t for s in sections for t in s.tables)
    limit = layout.content_width(landscape)
    sections = [
        dataclasses.replace(
            s, tables=tuple(part for t in s.tables for part in layout.split(t, limit))
        )
        for s in sections
    ]
    return Report(
        cover=cover,
        sections=tuple(sections),
        waterfalls=falls,
        findings_included=findings_included,
        audience=audience,
        landscape=landscape,
        data={**report_data(sim, comparisons, input_files(sim), audience, cover), **extra},
    )


def report_data(
    sim: Simulation,
    comparisons: tuple[Comparison, ...],
    inputs: tuple[Any, ...],
    audience: str,
    cover: Cover,
) -> dict[str, Any]:
    """``report.json``: the valuation (spec §11) plus what the report covers and its inputs."""
    scenarios = [(s.name, s.display, sim.total_allowed(s.name)) for s in sim.scenarios]
    first, last = sim.period
    unpriced = unpriced_totals(sim)
    return {
        "title": cover.title,
        "audience": audience,
        "generated": cover.generated.isoformat(),
        "version": cover.version,
        "period": {
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        },
        **valuation_dict(scenarios, comparisons),
        "unpriced": [
            {
                "scenario": name,
                "cause": cause,
                "lines": lines,
                "billed": f"{Decimal(billed):.2f}",
            }
            for name, causes in unpriced.items()
            for cause, (lines, billed) in causes.items()
        ],
        "provenance": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in inputs],
    }
