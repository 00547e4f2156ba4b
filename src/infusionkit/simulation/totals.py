"""Totals from claim lines: exact sums of rounded lines by scenario, line type and code."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infusionkit.money import ZERO, percent_change

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
        total["units"] = None  # days, visits and drug units do not add up
        rows.append({"scenario": scenario, "line_type": ALL, **total})
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
