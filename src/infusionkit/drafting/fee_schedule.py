"""Rows of the fee-schedule exhibit: every code with a contract rate, with its descriptor."""

from __future__ import annotations

from infusionkit import catalog
from infusionkit.contracts import Contract
from infusionkit.drafting.model import FeeRow

UNKNOWN_DESCRIPTOR = "(code not in the infusionkit catalog)"
_NURSING_UNITS = {"99601": "per visit", "99602": "per hour"}


def descriptor(code: str) -> str:
    """The catalog descriptor of ``code``."""
    info = catalog.get(code)
    return info.descriptor if info is not None else UNKNOWN_DESCRIPTOR


def fee_rows(contract: Contract) -> tuple[FeeRow, ...]:
    """Per diem, infrequent (per administration), nursing and other rates, in contract order."""
    rows: list[FeeRow] = []
    per_diem = contract.per_diem
    if per_diem is not None:
        rows += [
            FeeRow(c, descriptor(c), r, "per_diem", "per day") for c, r in per_diem.rates.items()
        ]
        if per_diem.infrequent is not None:
            rows += [
                FeeRow(c, descriptor(c), r, "infrequent", "per administration")
                for c, r in per_diem.infrequent.rates.items()
            ]
    if contract.nursing is not None:
        rows += [
            FeeRow(c, descriptor(c), r, "nursing", _NURSING_UNITS.get(c, "per unit"))
            for c, r in contract.nursing.rates.items()
        ]
    if contract.other is not None:
        rows += [
            FeeRow(c, descriptor(c), r, "other", "per unit")
            for c, r in contract.other.rates.items()
        ]
    return tuple(rows)
