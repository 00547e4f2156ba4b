"""Load episode tables from files or from in-memory DataFrames, validated and typed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.episodes.checks import absence_notes
from infusionkit.episodes.columns import TABLES
from infusionkit.episodes.mapping import ExportMapping, apply_mapping, load_mapping
from infusionkit.episodes.model import Episodes
from infusionkit.episodes.readers import (
    RawSource,
    RawTable,
    frames_to_text,
    header_problems,
    read_source,
)
from infusionkit.episodes.validation import Redactor, normalise_source
from infusionkit.errors import InputError, InputErrors


def load_episodes(
    source: str | Path,
    mapping: ExportMapping | str | Path | None = None,
    *,
    include_phi: bool = False,
) -> Episodes:
    """Read a CSV folder, an ``.xlsx`` workbook (sheet per table) or a Parquet folder.

    ``mapping`` (an export mapping or its file, ``--map``) renames the user's own files, columns,
    dates and values first. Raises :class:`~infusionkit.errors.InputErrors` listing every problem;
    messages show patient ids only as keyed pseudonyms unless ``include_phi``.
    """
    if mapping is not None and not isinstance(mapping, ExportMapping):
        mapping = load_mapping(mapping)
    raw = read_source(source, names=mapping.names(TABLES) if mapping else None)
    if mapping is not None:
        try:
            raw = apply_mapping(raw, mapping)
        except InputErrors as exc:  # their values in messages: patient ids as pseudonyms
            theirs = frozenset(
                m.columns["patient_id"].strip().lower()
                for m in mapping.tables.values()
                if "patient_id" in m.columns
            )
            redactor = Redactor.of(raw, include_phi, None, theirs)
            raise InputErrors([redactor.clean(error) for error in exc.errors]) from None
    tables = normalise_source(raw, include_phi=include_phi)
    headers = {name: [str(c) for c in t.frame.columns] for name, t in raw.tables.items()}
    return Episodes(**tables, source=Path(source), files=raw.files, notes=absence_notes(headers))


def from_frames(**tables: pd.DataFrame) -> Episodes:
    """Validate and type DataFrames given in memory (same rules as files; file names = table names).

    Typed frames (dates, floats, Decimals) are accepted: they are turned back into text first.
    A ``source_line`` column, when present and whole, is kept as the rows' line numbers;
    otherwise rows are numbered from 1.
    """
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise InputErrors(
            [
                InputError(file=name, message=f"unknown table '{name}'", allowed=", ".join(TABLES))
                for name in unknown
            ]
        )
    duplicated = [
        error
        for name, frame in tables.items()
        for error in header_problems(name, list(frame.columns), line=None)
    ]
    if duplicated:
        raise InputErrors(duplicated)
    raw: dict[str, RawTable] = {}
    for name, frame in tables.items():
        lines = np.arange(1, len(frame) + 1, dtype=np.int64)
        if "source_line" in frame.columns:
            given = pd.to_numeric(frame["source_line"], errors="coerce")
            if given.notna().all() and (given == given.round()).all():
                lines = given.to_numpy(dtype=np.int64)
            frame = frame.drop(columns=["source_line"])
        text = frames_to_text(frame.reset_index(drop=True))
        text.columns = [str(c).strip().lower() for c in text.columns]
        raw[name] = RawTable(name, text, name, lines)
    normalised = normalise_source(RawSource(raw, (), "therapies"))
    return Episodes(**normalised)
