"""Which contract section prices which line type: the one table of it."""

from __future__ import annotations

RATE_LINE_TYPES = ("per_diem", "infrequent", "nursing", "other")
"""Line types priced by a rate section (drug lines are priced by the ``drugs`` terms)."""

SECTION_KEYS = {
    "per_diem": "per_diem",
    "infrequent": "per_diem.infrequent",
    "nursing": "nursing",
    "other": "other",
}
"""Key path in the contract file of the rate section of each line type."""
