"""``build_report``: the report content, computed once from a simulation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from infusionkit.money import ZERO, percent_change
from infusionkit.reporting import formatting as fmt
from infusionkit.reporting import tables
from infusionkit.reporting.drivers import DRIVERS, waterfalls
from infusionkit.reporting.findings import findings_table
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

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation


def _cover(sim: Simulation, title: str | None, generated: date | None) -> Cover:
    import infusionkit

    scenarios = tuple(
        Scenario(
            s.name,
            s.contract.name or s.name,
            s.contract.payer,
            s.contract.effective,
            sim.total_allowed(s.name),
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
        inputs=input_files(sim),
    )


def _stat(stats: object, name: str, key: str) -> object:
    frame = stats.set_index("scenario")  # type: ignore[attr-defined]
    return frame.loc[name, key]


def _summary(sim: Simulation, falls: tuple[Waterfall, ...]) -> Section:
    names = sim.names
    base = names[0]
    base_total = sim.total_allowed(base)
    stats = sim.stats
    totals = sim.totals.set_index(["scenario", "line_type"])
    period = sim.period
    span = (
        f"from {period[0]:%B %-d, %Y} to {period[1]:%B %-d, %Y}"
        if period[0] and period[1]
        else "(no dated claim lines)"
    )
    episodes = int(_stat(stats, base, "episodes"))  # type: ignore[call-overload]
    therapies = int(_stat(stats, base, "therapies"))  # type: ignore[call-overload]
    paragraphs = [
        f"This report prices the same history of {fmt.count(therapies)} therapies in "
        f"{fmt.count(episodes)} episodes, with dates of service {span}, under "
        f"{len(names)} contract scenario{'s' if len(names) != 1 else ''}. Every amount is the "
        "exact sum of claim lines priced to the cent.",
    ]
    bullets = []
    for fall in falls:
        pct = fmt.percent(percent_change(fall.start, fall.end))
        direction = "more" if fall.total_delta >= 0 else "less"
        text = (
            f"Under {fall.scenario} the history is allowed {fmt.money(fall.end)}: "
            f"{fmt.money(abs(fall.total_delta))} ({pct}) {direction} than under {base} "
            f"({fmt.money(fall.start)})."
        )
        movers = sorted((s for s in fall.steps if s.delta != 0), key=lambda s: -abs(s.delta))
        if movers:
            named = ", ".join(f"{s.driver} ({fmt.signed_money(s.delta)})" for s in movers[:3])
            text += f" Largest drivers: {named}."
        bullets.append(text)
    for name in names:
        unpriced = int(totals.loc[(name, "all"), "unpriced_lines"])
        if unpriced:
            billed = Decimal(totals.loc[(name, "all"), "unpriced_billed"])
            bullets.append(
                f"{name}: {fmt.count(unpriced)} claim lines have no contract price "
                f"({fmt.money(billed)} in billed charges): unpaid exposure."
            )
    headline_cols = [
        Column("Scenario", width=1.6),
        Column("Contract", width=3.0),
        Column("Total allowed", numeric=True, width=1.3),
        Column(f"Change vs {base}", numeric=True, width=1.3),
        Column("Change %", numeric=True, width=0.8),
    ]
    headline = []
    for name, scenario in zip(names, sim.scenarios, strict=True):
        total = sim.total_allowed(name)
        first = name == base
        headline.append(
            Row(
                (
                    name,
                    scenario.contract.name or name,
                    fmt.money(total),
                    "baseline" if first else fmt.signed_money(total - base_total),
                    "" if first else fmt.percent(percent_change(base_total, total)),
                )
            )
        )
    volume_cols = [
        Column("Scenario", width=1.6),
        Column("Episodes", numeric=True),
        Column("Therapies", numeric=True),
        Column("Per diem days", numeric=True),
        Column("Claim lines", numeric=True),
        Column("Unpriced lines", numeric=True),
        Column("Unpriced billed charges", numeric=True, width=1.4),
    ]
    volume = []
    for name in names:
        row = totals.loc[(name, "all")]
        volume.append(
            Row(
                (
                    name,
                    fmt.count(int(_stat(stats, name, "episodes"))),  # type: ignore[call-overload]
                    fmt.count(int(_stat(stats, name, "therapies"))),  # type: ignore[call-overload]
                    fmt.count(int(_stat(stats, name, "per_diem_days"))),  # type: ignore[call-overload]
                    fmt.count(int(row["lines"])),
                    fmt.count(int(row["unpriced_lines"])),
                    fmt.money(Decimal(row["unpriced_billed"])),
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
            Table(tuple(volume_cols), tuple(volume), caption="Volume and unpriced exposure"),
        ),
    )


def _drivers_section(falls: tuple[Waterfall, ...]) -> Section | None:
    if not falls:
        return None
    columns = [Column("Driver", width=2.0)]
    columns += [Column(f"{f.baseline} \u2192 {f.scenario}", numeric=True, width=1.6) for f in falls]
    rows = [Row((f"Total allowed: {falls[0].baseline}", *(fmt.money(f.start) for f in falls)))]
    for i, driver in enumerate(DRIVERS):
        rows.append(
            Row((driver.capitalize(), *(fmt.signed_money(f.steps[i].delta) for f in falls)))
        )
    rows.append(Row(("Total change", *(fmt.signed_money(f.total_delta) for f in falls)), "total"))
    rows.append(Row(("Total allowed: scenario", *(fmt.money(f.end) for f in falls)), "total"))
    charts = tuple(
        Chart(
            f"waterfall-{i}",
            "waterfall",
            f"From {f.baseline} to {f.scenario}: change in total allowed by driver",
            "Each bar is the change when that group of terms is switched to the other "
            "contract's, in order; the steps add up exactly to the total change.",
            f,
        )
        for i, f in enumerate(falls, start=1)
    )
    return Section(
        "drivers",
        "What drives the change",
        paragraphs=(
            "The change between contracts is split by driver: starting from the baseline, each "
            "group of terms is switched in turn and the whole history re-priced.",
        ),
        tables=(Table(tuple(columns), tuple(rows), caption="Change in total allowed by driver"),),
        charts=charts,
    )


def build_report(
    simulation: Simulation,
    *,
    title: str | None = None,
    review: bool = True,
    generated: date | None = None,
) -> Report:
    """Build the rate-comparison report content from ``simulation`` (exact money throughout)."""
    sim = simulation
    falls = waterfalls(sim)
    for fall in falls:
        assert sum((s.delta for s in fall.steps), ZERO) == fall.total_delta
    families = tables.family_totals(sim)
    per_episode = tables.episode_allowed(sim)
    sections: list[Section] = [_summary(sim, falls)]
    drivers = _drivers_section(falls)
    if drivers is not None:
        sections.append(drivers)
    sections.append(
        Section(
            "rates",
            "Rate comparison by code",
            paragraphs=(
                "Every code billed in the history or named in a contract, with its rate in each "
                "scenario and what the difference is worth on the history.",
            ),
            tables=(tables.rate_comparison(sim),),
        )
    )
    sections.append(
        Section(
            "families",
            "Effect by therapy family and line type",
            tables=(tables.family_table(sim, families), tables.line_type_table(sim)),
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
            tables=(tables.distribution_table(per_episode),),
            charts=(
                Chart(
                    "episodes",
                    "distribution",
                    "Distribution of allowed per episode",
                    "Box: middle half of episodes; line: median; whiskers: 5th to 95th percentile.",
                    tables.distributions(per_episode),
                ),
            ),
        )
    )
    findings = findings_table(sim) if review else None
    if findings is not None:
        sections.append(
            Section(
                "findings",
                "Contract review findings",
                paragraphs=(
                    "Terms that fall short of infusionkit's recommendation set, most severe first."
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
    return Report(
        cover=_cover(sim, title, generated),
        sections=tuple(sections),
        waterfalls=falls,
        findings_included=findings is not None,
    )
