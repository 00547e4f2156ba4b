"""Rows of the fee-schedule exhibit: every code with a contract rate, with its descriptor."""

from __future__ import annotations

from infusionkit import catalog
from infusionkit.contracts import RATE_LINE_TYPES, Contract
from infusionkit.drafting.model import FeeRow

UNKNOWN_DESCRIPTOR = "(code not in the infusionkit catalog)"
_NURSING_UNITS = {"99601": "per visit", "99602": "per hour"}


def descriptor(code: str) -> str:
    """The catalog descriptor of ``code``."""
    info = catalog.get(code)
    return info.descriptor if info is not None else UNKNOWN_DESCRIPTOR


_UNITS = {"per_diem": "per day", "infrequent": "per administration", "other": "per unit"}


def _unit(line_type: str, code: str) -> str:
    if line_type == "nursing":
        return _NURSING_UNITS.get(code, "per unit")
    return _UNITS[line_type]


def fee_rows(contract: Contract) -> tuple[FeeRow, ...]:
    """Per diem, infrequent (per administration), nursing and other rates, in contract order."""
    rows: list[FeeRow] = []
    for line_type in RATE_LINE_TYPES:
        section = contract.section(line_type)
        if section is not None:
            rows += [
                FeeRow(code, descriptor(code), rate, line_type, _unit(line_type, code))
                for code, rate in section.rates.items()
            ]
    return tuple(rows)
