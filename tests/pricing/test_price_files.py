"""Price and charge files: read exactly; every problem located by file, line, code and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from infusionkit.errors import InputErrors
from infusionkit.pricing import load_price_book

ROOT = Path(__file__).resolve().parents[2]


def test_sample_rates_load_exactly() -> None:
    book = load_price_book(ROOT / "rate_models")
    assert book.unit_charge("S9500") == Decimal("210.00")
    j0696 = [p for p in book.drug_prices if p.hcpcs == "J0696"]
    assert {p.effective_from for p in j0696} == {date(2024, 1, 1), date(2025, 1, 1)}
    assert all(isinstance(p.unit_price, Decimal) for p in book.drug_prices)
    assert len(book.files) == 2


def test_missing_files_give_an_empty_book(tmp_path: Path) -> None:
    book = load_price_book(tmp_path)
    assert book.chargemaster == {} and book.drug_prices == ()


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as caught:
        load_price_book(tmp_path / "nope")
    assert "rates folder not found" in str(caught.value)


def test_bad_rows_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "chargemaster.csv").write_text("hcpcs,unit_charge\nS9500,12.345\nS9500,10\n")
    (tmp_path / "drug_prices.csv").write_text(
        "hcpcs,ndc,basis,unit_price,effective_from,effective_to\n"
        "J0696,,XYZ,1.000001,2025-01-01,\n"
        "JJJ,,AWP,1,2025-13-01,\n"
        "J1569,,AWP,2,2025-06-01,2025-01-01\n"
    )
    with pytest.raises(InputErrors) as caught:
        load_price_book(tmp_path)
    text = caught.value.render()
    assert "chargemaster.csv, line 2, id S9500, unit_charge" in text
    assert "chargemaster.csv, line 3, id S9500, hcpcs: S9500 listed twice" in text
    assert "drug_prices.csv, line 2, id J0696, basis" in text
    assert "drug_prices.csv, line 2, id J0696, unit_price" in text
    assert "drug_prices.csv, line 3, id JJJ, hcpcs" in text
    assert "drug_prices.csv, line 3, id JJJ, effective_from" in text
    assert "drug_prices.csv, line 4, id J1569, effective_to" in text


def test_missing_columns_are_named(tmp_path: Path) -> None:
    (tmp_path / "drug_prices.csv").write_text("hcpcs,price\nJ0696,1\n")
    with pytest.raises(InputErrors) as caught:
        load_price_book(tmp_path)
    columns = {e.column for e in caught.value.errors}
    assert columns == {"basis", "unit_price", "effective_from"}
