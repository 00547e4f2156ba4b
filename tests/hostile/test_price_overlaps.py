"""Drug prices of one code (or NDC) and basis whose effective periods overlap: exit 2 naming both
rows (the later row used to win silently: $6.12 became $99)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.pricing.price_files import read_drug_prices

from . import builders
from .harness import Case, Run, problems_of

KLASS = "price_overlaps"
HEADER = "hcpcs,ndc,basis,unit_price,effective_from,effective_to\n"


def _prices(rows: str, *mentions: str) -> object:
    def build(tmp: Path) -> Run:
        rates = builders.rates(tmp, drug_prices=HEADER + rows)
        return Run(
            builders.simulate_args(tmp, rates_dir=rates),
            mentions=("drug_prices.csv", "effective_from", *mentions),
        )

    return build


CASES = [
    Case(
        KLASS,
        "two open-ended rows",
        _prices("J3370,,AWP,6.12,2024-01-01,\nJ3370,,AWP,99.00,2025-01-01,\n", "lines 2 and 3"),  # type: ignore[arg-type]
    ),
    Case(
        KLASS,
        "same period twice",
        _prices(
            "J3370,,AWP,6.12,2025-01-01,2025-12-31\nJ3370,,AWP,99,2025-01-01,2025-12-31\n",  # type: ignore[arg-type]
            "lines 2 and 3",
        ),
    ),
    Case(
        KLASS,
        "one shared day, rows out of order",
        _prices(
            "J3370,,AWP,99,2025-06-30,\nJ2185,,AWP,2.41,2024-01-01,\n"
            "J3370,,AWP,6.12,2025-01-01,2025-06-30\n",  # type: ignore[arg-type]
            "lines 4 and 2",
        ),
    ),
    Case(
        KLASS,
        "same NDC twice",
        _prices(
            "J3370,00409653201,WAC,5.00,2024-01-01,\nJ3370,00409653201,WAC,5.50,2024-06-01,\n",  # type: ignore[arg-type]
            "NDC 00409653201",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_adjacent_periods_other_bases_and_ndcs_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "drug_prices.csv"
    path.write_text(
        HEADER + "J3370,,AWP,6.12,2024-01-01,2024-12-31\nJ3370,,AWP,6.50,2025-01-01,\n"
        "J3370,,WAC,5.00,2024-01-01,\nJ3370,00409653201,AWP,7.00,2024-01-01,\n"
    )
    prices, errors = read_drug_prices(path)
    assert errors == [] and len(prices) == 4
