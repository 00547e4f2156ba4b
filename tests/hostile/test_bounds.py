"""Absurd numbers and dates are range errors naming file, line and column (no RuntimeWarning,
OverflowError or InvalidOperation, no wrong lines). The bounds: infusionkit.bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import builders
from .harness import Case, Run, problems_of

KLASS = "bounds"


def _episodes(table: str, old: str, new: str, line: int, column: str) -> object:
    def build(tmp: Path) -> Run:
        text = builders.VALID[table]
        assert old in text
        source = builders.episodes(tmp, **{table: text.replace(old, new, 1)})
        return Run(
            builders.simulate_args(tmp, source=source),
            mentions=(f"{table}.csv", f"line {line}", column),
            secrets=builders.PATIENTS,
        )

    return build


def _rates(name: str, old: str, new: str, column: str) -> object:
    def build(tmp: Path) -> Run:
        text = builders.DRUG_PRICES if name == "drug_prices" else builders.CHARGEMASTER
        rates = builders.rates(tmp, **{name: text.replace(old, new, 1)})
        return Run(
            builders.simulate_args(tmp, rates_dir=rates),
            mentions=(f"{name}.csv", "line 2", column),
        )

    return build


T1 = "T1,E1,MRN-884421,ACME,S9500,2025-01-01,2025-01-10,24,,"
HUGE = "123456789012345678901234567890"
CASES = [
    Case(
        KLASS,
        "dosing interval 1e21",
        _episodes("therapies", ",24,,\n", ",1e21,,\n", 2, "dosing_interval_hours"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "dosing interval 8761 h",
        _episodes("therapies", ",24,,\n", ",8761,,\n", 2, "dosing_interval_hours"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "daily volume 1e9 ml",
        _episodes("therapies", ",1500\n", ",1e9\n", 3, "daily_volume_ml"),
    ),  # type: ignore[arg-type]
    Case(KLASS, "visit of 1e20 minutes", _episodes("nursing", ",150,", ",1e20,", 2, "minutes")),  # type: ignore[arg-type]
    Case(
        KLASS, "visit of 30-digit minutes", _episodes("nursing", ",150,", f",{HUGE},", 2, "minutes")
    ),  # type: ignore[arg-type]
    Case(KLASS, "visit of 1441 minutes", _episodes("nursing", ",90,", ",1441,", 3, "minutes")),  # type: ignore[arg-type]
    Case(KLASS, "30-digit drug units", _episodes("drugs", ",8.125,", f",{HUGE},", 2, "units")),  # type: ignore[arg-type]
    Case(KLASS, "1e6 + 1 other units", _episodes("other", ",10,", ",1000001,", 2, "units")),  # type: ignore[arg-type]
    Case(KLASS, "other units with 4 decimals", _episodes("other", ",10,", ",10.0001,", 2, "units")),  # type: ignore[arg-type]
    Case(
        KLASS,
        "30-digit billed charge",
        _episodes("drugs", ",120.00", f",{HUGE}.00", 2, "billed_charge"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "billed charge 10,000,000.01",
        _episodes("other", ",150.00", ",10000000.01", 2, "billed_charge"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "therapy ending 9999-12-31",
        _episodes("therapies", "2025-01-10", "9999-12-31", 2, "end_date"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "therapy starting 0001-01-01",
        _episodes("therapies", "2025-01-01", "0001-01-01", 2, "start_date"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "therapy of 20 years",
        _episodes("therapies", "2025-01-10", "2045-01-10", 2, "end_date"),
    ),  # type: ignore[arg-type]
    Case(KLASS, "hold of 50 years", _episodes("holds", "2025-01-08", "2075-01-08", 2, "end_date")),  # type: ignore[arg-type]
    Case(KLASS, "30-digit unit charge", _rates("chargemaster", "200.00", HUGE, "unit_charge")),  # type: ignore[arg-type]
    Case(KLASS, "30-digit unit price", _rates("drug_prices", "6.12000", HUGE, "unit_price")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    from infusionkit.episodes import load_episodes

    source = builders.episodes(
        tmp_path,
        therapies=builders.THERAPIES.replace(",24,,\n", ",8760,,\n", 1),
        nursing=builders.VALID["nursing"].replace(",150,", ",1440,"),
        other=builders.VALID["other"].replace(",10,150.00", ",1000000,10000000.00"),
    )
    episodes = load_episodes(source)
    assert episodes.therapies["dosing_interval_hours"].max() == 8760
    assert episodes.nursing["minutes"].max() == 1440
    assert str(episodes.other["billed_charge"].iloc[0]) == "10000000.00"


def test_docs_state_the_bounds() -> None:
    """docs/inputs.md's Bounds section gives the values of infusionkit.bounds."""
    from infusionkit import bounds

    docs = Path(__file__).resolve().parents[2] / "docs" / "inputs.md"
    section = docs.read_text(encoding="utf-8").split("## Bounds", 1)[1]
    for value in (
        f"{bounds.MAX_MONEY:,}",
        f"{bounds.MAX_UNIT_PRICE:,}",
        f"{bounds.MAX_UNITS:,}",
        f"{int(bounds.MAX_INTERVAL_HOURS):,}",
        f"{int(bounds.MAX_DAILY_VOLUME_ML):,}",
        f"{bounds.MAX_VISIT_MINUTES:,}",
        str(bounds.FIRST_DATE),
        str(bounds.LAST_DATE),
        f"{bounds.MAX_SPAN_DAYS:,}",
        f"{bounds.MAX_COLUMNS:,}",
        f"{bounds.MAX_XLSX_BYTES // 2**20} MB",
        f"{bounds.MAX_XLSX_XML_BYTES // 2**20} MB",
        f"{bounds.MAX_YAML_BYTES // 2**20} MB",
        f"{bounds.MAX_YAML_DEPTH} levels",
        f"{bounds.MAX_YAML_ALIASES} aliases",
        f"{bounds.MAX_YAML_NODES:,}",
    ):
        assert value in section, value
