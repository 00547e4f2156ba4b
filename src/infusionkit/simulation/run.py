"""The simulation entry point: load, code, price and total every scenario side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.pricing import PriceBook
from infusionkit.simulation.lines import scenario_table
from infusionkit.simulation.totals import ALL, PricedScenarios
from infusionkit.simulation.unbilled import unbilled_therapies
from infusionkit.simulation.whatif import WhatIf, load_history, load_prices, patient_refs

if TYPE_CHECKING:
    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Scenario:
    """One contract priced in the simulation.

    ``name`` identifies it in machine outputs (its LABEL, else the file stem); ``label`` is how
    documents show it (its LABEL, else the short form of the contract's ``name:``, else the stem).
    """

    name: str
    contract: Contract
    path: Path | None = None
    label: str = ""

    @property
    def display(self) -> str:
        return self.label or self.name


@dataclass(frozen=True, eq=False)
class Simulation(PricedScenarios):
    """Claim lines of every scenario, and their exact totals.

    ``table`` is the claim-line table (Arrow; columns in :mod:`infusionkit.simulation.lines`);
    ``lines`` is the same as a pandas DataFrame. Money is exact decimal throughout.
    """

    scenarios: tuple[Scenario, ...]
    table: pa.Table
    episodes: Episodes
    prices: PriceBook
    what_if: WhatIf = field(repr=False)
    """The what-if service of this history (episodes coded once): totals under any contract."""
    include_phi: bool = False
    engine_seconds: dict[str, float] = field(default_factory=dict)
    unbilled: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Therapies that give no claim line in a scenario (e.g. every day on hold), with the reason."""

    def scenario_lines(self, name: str) -> pa.Table:
        """The claim lines of one scenario."""
        return self.table.filter(pc.equal(self.table["scenario"], name))

    def contract(self, name: str | None = None) -> Contract:
        """The contract of a scenario (default: the first)."""
        name = name or self.names[0]
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario.contract
        raise KeyError(f"no scenario named {name!r}; scenarios: {', '.join(self.names)}")

    def total_allowed(self, name: str | None = None) -> Decimal:
        """Exact total allowed of a scenario (default: the first), from the what-if service."""
        return self.what_if.total(self.contract(name))

    @cached_property
    def period(self) -> tuple[date | None, date | None]:
        """First and last service date in the history."""
        if self.table.num_rows == 0:
            return None, None
        bounds = pc.min_max(self.table["service_from"]).as_py()
        last = pc.max(self.table["service_to"]).as_py()
        return bounds["min"], last

    @cached_property
    def stats(self) -> pd.DataFrame:
        """Per scenario: episodes, therapies, per diem days, lines, unpriced lines and charges."""
        totals = self.totals.set_index(["scenario", "line_type"])
        therapies = self.episodes.therapies
        rows = []
        for name in self.names:
            everything = totals.loc[(name, ALL)]
            rows.append(
                {
                    "scenario": name,
                    "episodes": int(therapies["episode_id"].nunique()),
                    "therapies": len(therapies),
                    "per_diem_days": int(totals.loc[(name, "per_diem"), "units"]),
                    "lines": int(everything["lines"]),
                    "allowed": everything["allowed"],
                    "unpriced_lines": int(everything["unpriced_lines"]),
                    "unpriced_billed": everything["unpriced_billed"],
                }
            )
        return pd.DataFrame(rows)


def _scenario_names(items: Sequence[tuple[str | None, Contract, Path | None]]) -> list[Scenario]:
    from infusionkit.simulation.labels import scenario_labels

    seen: dict[str, int] = {}
    names = []
    for i, (name, _contract, path) in enumerate(items, start=1):
        base = name or (path.stem if path else None) or f"scenario{i}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    labels = scenario_labels(
        [name for name, _, _ in items], [contract.name for _, contract, _ in items], names
    )
    return [
        Scenario(name, contract, path, label)
        for name, label, (_, contract, path) in zip(names, labels, items, strict=True)
    ]


def scenarios_and_prices(
    contracts: object, rates: str | Path | PriceBook | None
) -> tuple[list[Scenario], PriceBook]:
    """The scenarios of ``contracts`` (:func:`resolve_scenarios`) and the price book: ``rates``
    (a folder or a PriceBook), by default the folder of the first contract file."""
    scenarios = resolve_scenarios(contracts)
    first = scenarios[0].path
    return scenarios, load_prices(rates, first.parent if first else None)


def each_scenario(scenarios: Sequence[Scenario], progress: Progress | None) -> Iterator[Scenario]:
    """The scenarios in turn, telling ``progress`` (name, done, total) before each one and
    ("done", total, total) after the last."""
    for done, scenario in enumerate(scenarios):
        if progress:
            progress(scenario.name, done, len(scenarios))
        yield scenario
    if progress:
        progress("done", len(scenarios), len(scenarios))


def resolve_scenarios(
    contracts: object,
) -> list[Scenario]:
    """Contracts given as objects, paths, a list of either (or of (label, contract or path)
    pairs; a None label names the scenario by the file stem), or a {name: contract} mapping."""
    from infusionkit.contracts import Contract, load_contract

    def one(item: object, name: str | None) -> tuple[str | None, Contract, Path | None]:
        if isinstance(item, Contract):
            return name, item, None
        path = Path(str(item))
        return name, load_contract(path), path

    if isinstance(contracts, Mapping):
        items = [one(v, str(k)) for k, v in contracts.items()]
    elif isinstance(contracts, str | Path | Contract):
        items = [one(contracts, None)]
    else:
        items = [
            one(c[1], c[0]) if isinstance(c, tuple) else one(c, None)
            for c in contracts  # type: ignore[attr-defined]
        ]
    if not items:
        raise ValueError("simulate needs at least one contract")
    return _scenario_names(items)


def simulate(
    episodes: Episodes | str | Path,
    contracts: object,
    *,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    include_phi: bool = False,
    key: bytes | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Price ``episodes`` under each contract, side by side.

    ``contracts``: a Contract, a contract file path, a list of either, or {scenario name: contract}.
    ``rates``: the folder with chargemaster.csv / drug_prices.csv (default: the folder of the first
    contract file), or a loaded PriceBook. ``payer`` keeps only therapies with that payer_id.
    Patient ids become keyed pseudonyms unless ``include_phi``.
    """
    import time

    episodes = load_history(episodes, payer, include_phi=include_phi)
    scenarios, prices = scenarios_and_prices(contracts, rates)
    refs = patient_refs(episodes, include_phi=include_phi, key=key)
    tables = []
    unbilled = []
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    service = WhatIf(episodes, prices, refs=refs)
    seconds["prepare"] = time.perf_counter() - started
    for scenario in each_scenario(scenarios, progress):
        started = time.perf_counter()
        priced = service.priced(scenario.contract)
        tables.append(scenario_table(scenario.name, priced, episodes, refs))
        day_count = scenario.contract.per_diem.day_count if scenario.contract.per_diem else ""
        unbilled.append(unbilled_therapies(scenario.name, priced, episodes, refs, day_count))
        seconds[scenario.name] = time.perf_counter() - started
    return Simulation(
        scenarios=tuple(scenarios),
        table=pa.concat_tables(tables).unify_dictionaries(),
        episodes=episodes,
        prices=prices,
        what_if=service,
        include_phi=include_phi,
        engine_seconds=seconds,
        unbilled=pd.concat(unbilled, ignore_index=True) if unbilled else pd.DataFrame(),
    )
