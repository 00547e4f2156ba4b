"""Case files shared by the rule tests: YAML with exact numbers, episode tables written inline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from infusionkit.episodes import TABLES, Episodes, from_frames
from infusionkit.yaml_files import DecimalLoader

# Filled in when a row leaves them out, so cases stay short.
DEFAULTS: dict[str, dict[str, str]] = {
    "therapies": {"episode_id": "E1", "patient_id": "P1"},
    "holds": {"patient_id": "P1"},
    "nursing": {"episode_id": "E1", "patient_id": "P1"},
    "drugs": {"episode_id": "E1"},
    "other": {"episode_id": "E1"},
}


def load_case_file(file: Path) -> dict[str, Any]:
    """A case file, numbers as written (Decimal), dates as dates."""
    spec: dict[str, Any] = yaml.load(file.read_text(encoding="utf-8"), Loader=DecimalLoader)
    return spec


def text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def episodes_of(tables: dict[str, Any]) -> Episodes:
    """Episodes from tables given as lists of rows (mappings), validated like files."""
    frames = {}
    for table in TABLES:
        rows = [
            {**DEFAULTS.get(table, {}), **{k: text(v) for k, v in row.items()}}
            for row in tables.get(table) or []
        ]
        if rows:
            frames[table] = pd.DataFrame(rows, dtype=str)
    return from_frames(**frames)
