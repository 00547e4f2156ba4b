"""Which contract section prices which line type: the one table of it."""

from __future__ import annotations

from infusionkit import catalog

RATE_LINE_TYPES = ("per_diem", "infrequent", "nursing", "other")
"""Line types priced by a rate section (drug lines are priced by the ``drugs`` terms)."""

SECTION_KEYS = {
    "per_diem": "per_diem",
    "infrequent": "per_diem.infrequent",
    "nursing": "nursing",
    "other": "other",
}
"""Key path in the contract file of the rate section of each line type."""

_UNITS = {
    "per_diem": "per day",
    "infrequent": "per administration",
    "nursing": "per visit",
    "drug": "per billing unit",
    "other": "per unit",
}
_CODE_UNITS = {"99602": "per additional hour"}
_DESCRIPTOR_UNITS = (("per diem", "per day"), ("per visit", "per visit"), ("per hour", "per hour"))


def unit_of(line_type: str, code: str = "") -> str:
    """What one unit (and one rate) of a line is: ``per day`` (per diem), ``per administration``
    (dosed less often than every 72 hours), ``per visit`` (99601), ``per additional hour``
    (99602), ``per hour`` (S9123); nursing and other codes as their catalog descriptor says."""
    if line_type == "nursing" and code in _CODE_UNITS:
        return _CODE_UNITS[code]
    if line_type in ("nursing", "other"):
        info = catalog.get(code) if code else None
        text = info.descriptor.lower() if info is not None else ""
        for words, unit in _DESCRIPTOR_UNITS:
            if words in text:
                return unit
    return _UNITS.get(line_type, "per unit")
