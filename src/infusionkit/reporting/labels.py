"""Readable names for line types, therapy families and codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from infusionkit import catalog

if TYPE_CHECKING:
    from infusionkit.pricing import PriceBook

LINE_TYPES = ("per_diem", "infrequent", "nursing", "drug", "other")
LINE_TYPE_LABELS = {
    "per_diem": "Per diem",
    "infrequent": "Infrequent therapies (per administration)",
    "nursing": "Nursing",
    "drug": "Drugs",
    "other": "Other services",
    "all": "Total",
}
DRUGS = "drugs"
_FAMILY_LABELS = {
    "tpn": "TPN",
    "alpha1": "Alpha-1 proteinase inhibitor",
    "anti_tnf": "Anti-TNF",
    "anti_infective": "Anti-infectives",
    "pain": "Pain management",
    "infusion_noc": "Infusion NOC",
    "injectable_noc": "Injectable NOC",
    "catheter": "Catheter care",
    "kit": "Supply kits",
    "pump": "Pump service",
    "drugs": "Drugs",
    "unknown": "Uncatalogued codes",
}
_PREFIX = re.compile(r"^home infusion therapy,\s*", re.IGNORECASE)
_PER_DIEM = re.compile(r";\s*per diem\b", re.IGNORECASE)


def line_type_label(line_type: str) -> str:
    return LINE_TYPE_LABELS.get(line_type, line_type.replace("_", " ").capitalize())


def family_of(line_type: str, code: str) -> str:
    """The therapy family of a claim line: the catalog family of its code; drugs as ``drugs``."""
    if line_type == "drug":
        return DRUGS
    info = catalog.get(code)
    return info.family if info is not None else "unknown"


def family_label(family: str) -> str:
    return _FAMILY_LABELS.get(family, family.replace("_", " ").capitalize())


NO_DRUG_DESCRIPTOR = "Drug or nutrition product (no descriptor in the price file)"


def short_descriptor(line_type: str, code: str, prices: PriceBook | None = None) -> str:
    """The catalog descriptor without the words every per diem line shares; for a drug, the
    price file's ``descriptor``, else the catalog's common home infusion drugs."""
    if line_type == "drug":
        found = prices.drug_descriptor(code) if prices is not None else None
        return found or catalog.drug_descriptor(code) or NO_DRUG_DESCRIPTOR
    info = catalog.get(code)
    if info is None:
        return ""
    text = _PER_DIEM.sub("", _PREFIX.sub("", info.descriptor)).strip()
    return text[:1].upper() + text[1:]
