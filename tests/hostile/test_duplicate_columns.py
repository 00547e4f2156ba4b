"""A column given twice (exactly, or differing only in case) is an error naming both, in episode
tables (CSV, xlsx, Parquet, in memory), drug_prices.csv and chargemaster.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from infusionkit.episodes import from_frames
from infusionkit.errors import InputErrors

from . import builders
from .harness import Case, Run, problems_of

KLASS = "duplicate_columns"
HEADER = builders.THERAPIES.splitlines()[0]


def _csv(header: str, *mentions: str) -> object:
    def build(tmp: Path) -> Run:
        rows = builders.THERAPIES.splitlines()[1:]
        extra = header.count(",") - HEADER.count(",")
        text = header + "\n" + "".join(row + ",2025-01-02" * extra + "\n" for row in rows)
        source = builders.episodes(tmp, therapies=text)
        return Run(
            builders.simulate_args(tmp, source=source),
            mentions=("therapies.csv", "line 1", *mentions),
            secrets=builders.PATIENTS,
        )

    return build


def _xlsx(tmp: Path) -> Run:
    sheets = builders.valid_sheets()
    sheets["nursing"] = [row + [row[2]] for row in sheets["nursing"]]
    sheets["nursing"][0][-1] = "Patient_ID"
    book = builders.xlsx_book(tmp / "episodes.xlsx", sheets)
    return Run(
        builders.simulate_args(tmp, source=book),
        mentions=("episodes.xlsx#nursing", "column C", "column G", "'Patient_ID'"),
        secrets=builders.PATIENTS,
    )


def _parquet(tmp: Path) -> Run:
    folder = tmp / "episodes"
    folder.mkdir()
    frame = pd.read_csv(pd.io.common.StringIO(builders.THERAPIES), dtype=str)
    arrays = [pa.array(frame[c].fillna("")) for c in frame.columns] + [pa.array(frame["end_date"])]
    names = [*frame.columns, "END_DATE"]
    pq.write_table(pa.Table.from_arrays(arrays, names=names), folder / "therapies.parquet")
    return Run(
        builders.simulate_args(tmp, source=folder),
        mentions=("therapies.parquet", "'end_date'", "'END_DATE'"),
    )


def _price_file(name: str, header: str, row: str) -> object:
    def build(tmp: Path) -> Run:
        rates = builders.rates(tmp, **{name: f"{header}\n{row}\n"})
        return Run(
            builders.simulate_args(tmp, rates_dir=rates),
            mentions=(f"{name}.csv", "line 1"),
        )

    return build


CASES = [
    Case(
        KLASS,
        "start_date twice",
        _csv(HEADER + ",start_date", "'start_date'", "field 6", "field 11"),
    ),  # type: ignore[arg-type]
    Case(KLASS, "patient_id and Patient_ID", _csv(HEADER + ",Patient_ID", "'Patient_ID'")),  # type: ignore[arg-type]
    Case(KLASS, "Start_Date and start_date ", _csv(HEADER + ", START_DATE ", "'start_date'")),  # type: ignore[arg-type]
    Case(KLASS, "xlsx patient_id and Patient_ID", _xlsx),
    Case(KLASS, "parquet end_date and END_DATE", _parquet),
    Case(
        KLASS,
        "drug_prices unit_price twice",
        _price_file(  # type: ignore[arg-type]
            "drug_prices",
            "hcpcs,ndc,basis,unit_price,effective_from,effective_to,Unit_Price",
            "J3370,,AWP,6.12,2024-01-01,,99.00",
        ),
    ),
    Case(
        KLASS,
        "chargemaster HCPCS and hcpcs",
        _price_file("chargemaster", "hcpcs,unit_charge,HCPCS", "S9500,200.00,S9365"),  # type: ignore[arg-type]
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_in_memory_frames() -> None:
    frame = pd.read_csv(pd.io.common.StringIO(builders.THERAPIES), dtype=str)
    frame["Therapy_ID"] = frame["therapy_id"]
    with pytest.raises(InputErrors, match="'therapy_id'.*'Therapy_ID'"):
        from_frames(therapies=frame)
