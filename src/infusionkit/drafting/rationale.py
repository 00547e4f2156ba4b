"""Why a clause changes: rationales by review topic, from the recommendation set or generic."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def default_recommendations_path() -> Path:
    """``rate_models/recommendations.yaml`` at the top of the source tree."""
    import infusionkit

    return Path(infusionkit.__file__).parents[2] / "rate_models" / "recommendations.yaml"


def recommendation_rationales(path: Path | None = None) -> dict[str, str]:
    """Topic -> rationale text from the recommendations file (empty when it is absent or odd).

    Entries have ``topic``, ``rationale`` and optionally ``source``; the first entry of a topic
    wins. The file is advisory here: a missing or malformed file means generic rationales.
    """
    file = path or default_recommendations_path()
    try:
        data: Any = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if isinstance(data, dict):
        data = data.get("recommendations", data.get("rules", []))
    result: dict[str, str] = {}
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        topic, text = entry.get("topic"), entry.get("rationale")
        if isinstance(topic, str) and isinstance(text, str) and topic not in result:
            result[topic] = with_source(text, entry.get("source"))
    return result


def with_source(text: str, source: object) -> str:
    """``text`` plus ``(Source: ...)`` when a source is given."""
    text = " ".join(text.split())
    if isinstance(source, str) and source.strip():
        return f"{text} (Source: {' '.join(source.split())})"
    return text


def generic_rationale(title: str) -> str:
    """The fallback: ``Proposed change to <clause>.``"""
    return f"Proposed change to {title}."


def rationale_for(topic: str, title: str, *sources: Mapping[str, str]) -> str:
    """The first rationale for ``topic`` among ``sources``, else the generic one."""
    for source in sources:
        text = source.get(topic)
        if text:
            return text
    return generic_rationale(title)
