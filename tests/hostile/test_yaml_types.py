"""Money and percentages are decimal numbers only: YAML 1.1's base-60 (``1:20`` = 80), ``1_000``,
``0x10``, ``.inf``, exponents are errors naming file, line and key (``1:20`` was read as $80.00)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.yaml_files import read_yaml

from . import builders
from .harness import Case, Run, problems_of

KLASS = "yaml_types"


def _contract(old: str, new: str, line: int, key: str, command: str = "simulate") -> object:
    def build(tmp: Path) -> Run:
        assert old in builders.CONTRACT
        path = builders.contract(tmp, builders.CONTRACT.replace(old, new, 1))
        if command == "review":
            args = ["review", str(path)]
        else:
            args = builders.simulate_args(tmp, contract_path=path)
        return Run(args, mentions=("contract.yaml", f"line {line}", key))

    return build


RATE = "S9500: 95.00"
CASES = [
    Case(KLASS, "rate 1:20 (base 60)", _contract(RATE, "S9500: 1:20", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate 1_000", _contract(RATE, "S9500: 1_000", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate 0x10", _contract(RATE, "S9500: 0x10", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate 0o17", _contract(RATE, "S9500: 0o17", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate .inf", _contract(RATE, "S9500: .inf", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate .nan", _contract(RATE, "S9500: .NaN", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate 1e3", _contract(RATE, "S9500: 1e3", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(KLASS, "rate 9.5e+1", _contract(RATE, "S9500: 9.5e+1", 6, "per_diem.rates.S9500")),  # type: ignore[arg-type]
    Case(
        KLASS, "rate !!float 1e2", _contract(RATE, "S9500: !!float 1e2", 6, "per_diem.rates.S9500")
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "rate of 30 digits",
        _contract(RATE, "S9500: 123456789012345678901234567890.00", 6, "per_diem.rates.S9500"),
    ),  # type: ignore[arg-type]
    Case(KLASS, "percent -1_8", _contract("percent: -18", "percent: -1_8", 9, "drugs.percent")),  # type: ignore[arg-type]
    Case(
        KLASS,
        "percent of charges 1:00",
        _contract("percent_of_charges: 50", "percent_of_charges: 1:00", 10, "other.default"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "review: rate 1:20",
        _contract(RATE, "S9500: 1:20", 6, "per_diem.rates.S9500", "review"),
    ),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_decimal_numbers_and_other_types_still_read() -> None:
    from datetime import date
    from decimal import Decimal

    data = read_yaml(
        "a: 95.00\nb: 12\nc: -3.5\nd: .5\ne: 012\nf: yes\ng: 2025-01-01\nh: ~\ni: 1:20\n"
    ).data
    assert data == {
        "a": Decimal("95.00"),
        "b": 12,
        "c": Decimal("-3.5"),
        "d": Decimal("0.5"),
        "e": 12,
        "f": True,
        "g": date(2025, 1, 1),
        "h": None,
        "i": "1:20",
    }
