"""Rows of the fee-schedule exhibit: every code with a contract rate, its descriptor and unit."""

from __future__ import annotations

from infusionkit import catalog
from infusionkit.contracts import RATE_LINE_TYPES, Contract
from infusionkit.drafting.model import FeeRow
from infusionkit.simulation.labels import unit_of

UNKNOWN_DESCRIPTOR = "(code not in the code catalog)"
DRUG_DESCRIPTOR = "Drug billed under this code"


def descriptor(code: str) -> str:
    """The catalog descriptor of ``code``."""
    info = catalog.get(code)
    return info.descriptor if info is not None else UNKNOWN_DESCRIPTOR


def drug_descriptor(code: str) -> str:
    """The catalog descriptor of a drug code (common home infusion drugs), else a plain one."""
    return catalog.drug_descriptor(code) or DRUG_DESCRIPTOR


def fee_rows(contract: Contract) -> tuple[FeeRow, ...]:
    """Per diem, infrequent (per administration), nursing and other rates, in contract order."""
    rows: list[FeeRow] = []
    for line_type in RATE_LINE_TYPES:
        section = contract.section(line_type)
        if section is not None:
            rows += [
                FeeRow(code, descriptor(code), rate, line_type, unit_of(line_type, code))
                for code, rate in section.rates.items()
            ]
    return tuple(rows)
