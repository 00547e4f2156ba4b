"""Drug lines: basis price on the service date (by NDC, else HCPCS) × (100 + percent) %."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from infusionkit.coding.intervals import IntArray
from infusionkit.coding.lines import LineBlock
from infusionkit.money import HUNDRED, format_money, plain_number
from infusionkit.pricing.price_files import DrugPrice
from infusionkit.pricing.terms import UnitPrice, drug_terms

if TYPE_CHECKING:
    import pandas as pd

    from infusionkit.contracts import Contract
    from infusionkit.pricing.price_files import PriceBook

EPOCH = date(1970, 1, 1)


def _index(prices: PriceBook) -> dict[tuple[str, str], list[DrugPrice]]:
    """Price rows by (NDC or "HCPCS:<code>", basis), each list sorted by effective_from."""
    index: dict[tuple[str, str], list[DrugPrice]] = {}
    for row in prices.drug_prices:
        key = row.ndc if row.ndc else f"HCPCS:{row.hcpcs}"
        index.setdefault((key, row.basis), []).append(row)
    for rows in index.values():
        rows.sort(key=lambda r: r.effective_from)
    return index


def drug_unit_prices(
    block: LineBlock, drugs: pd.DataFrame, contract: Contract, prices: PriceBook
) -> tuple[IntArray, list[UnitPrice]]:
    """Per-line combination index and the unit price of each combination.

    Lines are grouped by (code, NDC) product; within a product the effective price row of each
    service date is found with a binary search over the rows' start dates, so the Python work
    grows with the number of products and price rows, not of lines.
    """
    import pandas as pd

    index = _index(prices)
    n = len(block)
    ndc = drugs["ndc"].fillna("").to_numpy(dtype=object) if n else np.zeros(0, object)
    hcpcs = np.array(block.codes, dtype=object)[block.code] if n else ndc
    product, products = (
        pd.factorize(pd.Series(hcpcs + "|" + ndc, dtype=object)) if n else (block.code, [])
    )
    combo = np.zeros(n, dtype=np.int64)
    unit_prices: list[UnitPrice] = []
    cache: dict[tuple[object, ...], int] = {}

    def add(price: UnitPrice) -> int:
        signature = (price.basis, price.num, price.den, price.rule, price.reason)
        if signature not in cache:
            cache[signature] = len(unit_prices)
            unit_prices.append(price)
        return cache[signature]

    for p, key in enumerate(products):
        code, line_ndc = str(key).split("|")
        ndc_or_none = line_ndc or None
        mask = product == p
        terms = drug_terms(contract, code)
        if terms is None:
            combo[mask] = add(UnitPrice.unpriced("contract has no drugs section"))
            continue
        rows = _price_rows(index, code, ndc_or_none, terms[0])
        if not rows:
            label = f"no {terms[0]} price for {code}" + (f" / NDC {line_ndc}" if line_ndc else "")
            combo[mask] = add(UnitPrice.unpriced(label))
            continue
        days = block.first[mask]
        starts = np.array([(r.effective_from - EPOCH).days for r in rows], dtype=np.int64)
        ends = np.array([(r.effective_to - EPOCH).days for r in rows], dtype=np.int64)
        at = np.searchsorted(starts, days, side="right") - 1
        found = (at >= 0) & (ends[np.clip(at, 0, None)] >= days)
        choice = np.where(found, at, -1)
        local = np.zeros(len(days), dtype=np.int64)
        for value in np.unique(choice):
            selected = choice == value
            if value < 0:
                first_day = date.fromordinal(EPOCH.toordinal() + int(days[selected][0]))
                price = _no_price_on(terms[0], code, ndc_or_none, first_day)
            else:
                price = _price_of_row(terms, code, ndc_or_none, rows[int(value)])
            local[selected] = add(price)
        combo[mask] = local
    return combo, unit_prices


def _price_rows(
    index: dict[tuple[str, str], list[DrugPrice]], code: str, ndc: str | None, basis: str
) -> list[DrugPrice]:
    """Price rows of the product: by NDC when the file has it, else by HCPCS (maybe none)."""
    rows = index.get((ndc, basis)) if ndc else None
    return rows or index.get((f"HCPCS:{code}", basis), [])


def _no_price_on(basis: str, code: str, ndc: str | None, day: date) -> UnitPrice:
    how = f"NDC {ndc}" if ndc else code
    return UnitPrice.unpriced(
        f"no {basis} price for {how} effective on the service date (e.g. {day})"
    )


def _price_of_row(
    terms: tuple[str, Decimal, str], code: str, ndc: str | None, row: DrugPrice
) -> UnitPrice:
    basis, percent, source = terms
    how = f"NDC {ndc}" if row.ndc else code
    unit = row.unit_price * (HUNDRED + percent) / HUNDRED
    sign = "+" if percent >= 0 else "-"
    rule = (
        f"{source} {basis} {sign}{plain_number(abs(percent))}% of "
        f"{format_money(row.unit_price)}/unit ({how}, drug_prices.csv line {row.line})"
    )
    return UnitPrice.per_unit(Decimal(unit), rule)
