"""Episode tables: the six input tables (therapies, holds, administrations, nursing, drugs, other).

Read from a CSV folder, an ``.xlsx`` workbook or a Parquet folder with :func:`load_episodes`
(validated, every problem reported at once), build from DataFrames with :func:`from_frames`,
write with :func:`write_episodes`, and make realistic synthetic data with :func:`synth_episodes`.
"""

from __future__ import annotations

from infusionkit.episodes.columns import SITES, SPECS, TABLES
from infusionkit.episodes.loading import from_frames, load_episodes
from infusionkit.episodes.model import Episodes
from infusionkit.episodes.synth import synth_episodes
from infusionkit.episodes.validation import empty_table
from infusionkit.episodes.writers import FORMATS, write_episodes

__all__ = [
    "FORMATS",
    "SITES",
    "SPECS",
    "TABLES",
    "Episodes",
    "empty_table",
    "from_frames",
    "load_episodes",
    "synth_episodes",
    "write_episodes",
]
