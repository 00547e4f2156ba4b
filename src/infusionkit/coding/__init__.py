"""NHIA coding rules: episodes → coded claim lines (spec §3).

Per diem days are handled as date intervals (a sweep over start/end boundaries per patient),
never as one row per day, so cost grows with the number of therapies rather than the number of days.
"""

from infusionkit.coding.engine import (
    CodedLines,
    CodingSettings,
    PreparedEpisodes,
    code_episodes,
    prepare_episodes,
)
from infusionkit.coding.nursing import nursing_additional_hours

__all__ = [
    "CodedLines",
    "CodingSettings",
    "PreparedEpisodes",
    "code_episodes",
    "nursing_additional_hours",
    "prepare_episodes",
]
