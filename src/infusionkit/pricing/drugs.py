"""Drug lines: basis price effective on the service date (by NDC, else HCPCS) × (100 + percent) %."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from infusionkit.coding.lines import LineBlock
from infusionkit.money import format_money
from infusionkit.pricing.exact import IntArray
from infusionkit.pricing.price_files import DrugPrice
from infusionkit.pricing.terms import HUNDRED, UnitPrice, drug_terms

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


def _find(rows: list[DrugPrice], day: date) -> DrugPrice | None:
    at = bisect_right([r.effective_from for r in rows], day) - 1
    if at >= 0 and rows[at].effective_to >= day:
        return rows[at]
    return None


def drug_unit_prices(
    block: LineBlock, drugs: pd.DataFrame, contract: Contract, prices: PriceBook
) -> tuple[IntArray, list[UnitPrice]]:
    """Per-line combination index and the unit price of each combination."""
    import pandas as pd

    index = _index(prices)
    ndc = drugs["ndc"].fillna("").to_numpy(dtype=object) if len(drugs) else np.zeros(0, object)
    hcpcs = np.array(block.codes, dtype=object)[block.code] if len(block) else ndc
    keys = pd.Series(hcpcs, dtype=object) + "|" + pd.Series(ndc, dtype=object) + "|" + pd.Series(
        block.first, dtype="int64"
    ).astype(str)
    key_codes, uniques = pd.factorize(keys)
    cache: dict[tuple[object, ...], int] = {}
    unit_prices: list[UnitPrice] = []
    combo_of_key = np.zeros(len(uniques), dtype=np.int64)
    for k, key in enumerate(uniques):
        code, line_ndc, day_text = str(key).split("|")
        day = date.fromordinal(EPOCH.toordinal() + int(day_text))
        price = _drug_price(contract, index, code, line_ndc or None, day)
        signature = (price.basis, price.num, price.den, price.rule, price.reason)
        if signature not in cache:
            cache[signature] = len(unit_prices)
            unit_prices.append(price)
        combo_of_key[k] = cache[signature]
    return combo_of_key[key_codes].astype(np.int64), unit_prices


def _drug_price(
    contract: Contract,
    index: dict[tuple[str, str], list[DrugPrice]],
    code: str,
    ndc: str | None,
    day: date,
) -> UnitPrice:
    terms = drug_terms(contract, code)
    if terms is None:
        return UnitPrice.unpriced("contract has no drugs section")
    basis, percent, source = terms
    rows = index.get((ndc, basis)) if ndc else None
    how = f"NDC {ndc}"
    if not rows:
        rows = index.get((f"HCPCS:{code}", basis))
        how = code
    if not rows:
        return UnitPrice.unpriced(f"no {basis} price for {code}" + (f" / NDC {ndc}" if ndc else ""))
    row = _find(rows, day)
    if row is None:
        return UnitPrice.unpriced(f"no {basis} price for {how} effective on {day.isoformat()}")
    unit = row.unit_price * (HUNDRED + percent) / HUNDRED
    sign = "+" if percent >= 0 else "−"
    rule = (
        f"{source} {basis} {sign}{abs(percent).normalize():f}% of "
        f"{format_money(row.unit_price)}/unit ({how}, drug_prices.csv line {row.line})"
    )
    return UnitPrice.per_unit(Decimal(unit), rule)
