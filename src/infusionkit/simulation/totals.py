"""Totals from claim lines: exact sums of rounded lines by scenario, line type and code."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.coding.lines import LINE_TYPES
from infusionkit.money import ZERO, percent_change

if TYPE_CHECKING:
    from infusionkit.simulation.run import Scenario

METRICS = ("lines", "units", "billed_charge", "allowed", "unpriced_lines", "unpriced_billed")
ALL = "all"


def _zero(value: object) -> object:
    return ZERO if value is None else value


def aggregate(table: pa.Table, keys: list[str]) -> pd.DataFrame:
    """Exact totals of ``table`` grouped by ``keys`` (money as Decimal objects)."""
    unpriced = pc.is_null(table["allowed"])
    work = (
        table.select([*keys, "units", "billed_charge", "allowed"])
        .append_column(
            "unpriced_billed",
            pc.if_else(
                unpriced, table["billed_charge"], pa.scalar(None, table["billed_charge"].type)
            ),
        )
        .append_column("unpriced", pc.cast(unpriced, pa.int64()))
    )
    grouped = work.group_by(keys, use_threads=False).aggregate(
        [
            ("units", "count"),
            ("units", "sum"),
            ("billed_charge", "sum"),
            ("allowed", "sum"),
            ("unpriced", "sum"),
            ("unpriced_billed", "sum"),
        ]
    )
    frame = pd.DataFrame({key: grouped[key].to_pylist() for key in keys})
    frame["lines"] = grouped["units_count"].to_pylist()
    frame["units"] = [_zero(v) for v in grouped["units_sum"].to_pylist()]
    frame["billed_charge"] = [_zero(v) for v in grouped["billed_charge_sum"].to_pylist()]
    frame["allowed"] = [_zero(v) for v in grouped["allowed_sum"].to_pylist()]
    frame["unpriced_lines"] = grouped["unpriced_sum"].to_pylist()
    frame["unpriced_billed"] = [_zero(v) for v in grouped["unpriced_billed_sum"].to_pylist()]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def totals_by_line_type(
    table: pa.Table, scenarios: list[str], line_types: tuple[str, ...]
) -> pd.DataFrame:
    """Totals per scenario and line type (every pair present), plus an ``all`` row per scenario
    (its ``units`` empty: per diem days, visits and drug units are not one quantity)."""
    found = aggregate(table, ["scenario", "line_type"]).set_index(["scenario", "line_type"])
    rows = []
    for scenario in scenarios:
        total = {m: (0 if m.endswith("lines") else ZERO) for m in METRICS}
        for line_type in line_types:
            key = (scenario, line_type)
            values = found.loc[key].to_dict() if key in found.index else {}
            row = {m: values.get(m, 0 if m.endswith("lines") else ZERO) for m in METRICS}
            for m in METRICS:
                total[m] += row[m]
            rows.append({"scenario": scenario, "line_type": line_type, **row})
        # days, visits and drug units do not add up
        rows.append({"scenario": scenario, "line_type": ALL, **total, "units": None})
    return pd.DataFrame(rows, columns=["scenario", "line_type", *METRICS])


def comparison(totals: pd.DataFrame, scenarios: list[str]) -> pd.DataFrame:
    """Allowed by line type in each scenario against the first (the baseline)."""
    baseline = scenarios[0]
    allowed = totals.set_index(["scenario", "line_type"])["allowed"]
    rows = []
    for scenario in scenarios[1:]:
        for line_type in totals["line_type"].drop_duplicates():
            base = allowed[(baseline, line_type)]
            new = allowed[(scenario, line_type)]
            rows.append(
                {
                    "baseline": baseline,
                    "scenario": scenario,
                    "line_type": line_type,
                    "baseline_allowed": base,
                    "allowed": new,
                    "delta": new - base,
                    "delta_pct": percent_change(base, new),
                }
            )
    columns = [
        "baseline",
        "scenario",
        "line_type",
        "baseline_allowed",
        "allowed",
        "delta",
        "delta_pct",
    ]
    return pd.DataFrame(rows, columns=columns)


class PricedScenarios:
    """What a simulation and a repricing share: claim lines of every scenario and their totals.

    The writers of lines and summaries and the terminal tables take any of them. Subclasses set
    ``scenarios`` and ``table`` (the claim-line table, Arrow).
    """

    scenarios: tuple[Scenario, ...]
    table: pa.Table

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    @cached_property
    def lines(self) -> pd.DataFrame:
        """Claim lines as a DataFrame (Arrow-backed dtypes: decimals stay exact)."""
        return self.table.to_pandas(types_mapper=pd.ArrowDtype)

    @cached_property
    def totals(self) -> pd.DataFrame:
        """Totals by scenario and line type (plus ``all``)."""
        return totals_by_line_type(self.table, self.names, LINE_TYPES)

    @cached_property
    def by_code(self) -> pd.DataFrame:
        """Totals by scenario, line type, code and modifiers."""
        return aggregate(self.table, ["scenario", "line_type", "hcpcs", "modifiers"])

    @cached_property
    def comparison(self) -> pd.DataFrame:
        """Allowed per line type in each scenario against the first scenario."""
        return comparison(self.totals, self.names)
