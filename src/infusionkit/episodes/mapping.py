"""Export mappings (``--map FILE``, ``infusionkit.mapping/1``): a user's export → our tables.

A pharmacy or billing system exports tables under its own file names, column names, date format
and codes. A mapping file says, per table, which ``file`` (or sheet) holds it, which of their
columns is each of ours (``columns: {our_name: their_name}``), the ``dates:`` format (strptime,
e.g. ``"%m/%d/%Y"``) and ``values:`` to translate (``{site: {"Infusion Suite": ais}}``). The raw
tables are rewritten before validation, so every later message names the user's own file and
row; a bad mapping names the mapping file's YAML line and key.

Example::

    schema: infusionkit.mapping/1
    tables:
      therapies:
        file: TherapyCourses.csv
        columns: {therapy_id: RxNumber, patient_id: MRN, start_date: StartDate}
        dates: "%m/%d/%Y"
        values: {site: {Home: home, "Infusion Suite": ais}}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from infusionkit.episodes.columns import SPECS, TABLES, TableSpec
from infusionkit.episodes.readers import RawSource, RawTable
from infusionkit.errors import MAX_SHOWN, InputError, InputErrors, validation_errors
from infusionkit.yaml_files import YamlDocument, read_user_file, read_yaml_mapping

SCHEMA_ID = "infusionkit.mapping/1"
CLAIM_LINES = "claim_lines"
TABLE_NAMES = (*TABLES, CLAIM_LINES)
MAX_MAPPING_BYTES = 1024 * 1024
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FROZEN = ConfigDict(frozen=True, extra="forbid")
TableName = Literal[
    "therapies", "holds", "administrations", "nursing", "drugs", "other", "claim_lines"
]


def _text(value: Any) -> Any:
    """YAML scalars written as numbers (``1: home``) are names here: take them as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    return value


class TableMapping(BaseModel):
    """How one of our tables is found in the user's export."""

    model_config = _FROZEN

    file: str | None = Field(
        default=None, description="file name in the source folder, or sheet name in a workbook"
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="our column name: their column name"
    )
    dates: str | None = Field(
        default=None, description='strptime format of their dates, e.g. "%m/%d/%Y"'
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="per column of ours: {their value: our value}"
    )

    @field_validator("file")
    @classmethod
    def plain_name(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or "/" in value or "\\" in value):
            raise ValueError("a file name inside the source folder (no folders), or a sheet name")
        return value

    @field_validator("columns", mode="before")
    @classmethod
    def column_names(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(_text(k)): _text(v) for k, v in value.items()}
        return value

    @field_validator("values", mode="before")
    @classmethod
    def value_names(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(_text(k)): (
                    {str(_text(a)): _text(b) for a, b in v.items()} if isinstance(v, dict) else v
                )
                for k, v in value.items()
            }
        return value

    @field_validator("dates")
    @classmethod
    def date_format(cls, value: str | None) -> str | None:
        if value is None:
            return value
        sample = dt.date(2025, 12, 31)
        try:
            back = dt.datetime.strptime(sample.strftime(value), value).date()
        except ValueError:
            back = None
        if back != sample:
            raise ValueError(
                f"{value!r} is not a date format with year, month and day "
                '(strptime codes, e.g. "%m/%d/%Y" or "%d.%m.%Y")'
            )
        return value


class MappingFile(BaseModel):
    """An export mapping file (``schema: infusionkit.mapping/1``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_: Literal["infusionkit.mapping/1"] = Field(alias="schema")
    name: str | None = None
    description: str | None = None
    tables: dict[TableName, TableMapping]


@dataclass(frozen=True)
class ExportMapping:
    """A validated mapping file and where each of its keys is (for located messages)."""

    tables: dict[str, TableMapping]
    file: str = "<mapping>"
    lines: dict[str, int] = field(default_factory=dict)
    name: str | None = None

    def names(self, tables: tuple[str, ...]) -> dict[str, str]:
        """``{table: file or sheet}`` for the tables the mapping names a file for."""
        return {t: m.file for t, m in self.tables.items() if t in tables and m.file}

    def _where(self, path: str) -> int | None:
        return YamlDocument(data=None, lines=self.lines).line_of(path)

    def error(self, path: str, message: str, allowed: str | None = None) -> InputError:
        """An error located at key ``path`` of the mapping file."""
        return InputError(
            file=self.file, line=self._where(path), column=path, message=message, allowed=allowed
        )


def mapping_json_schema() -> dict[str, Any]:
    """JSON Schema of mapping files (``infusionkit schema mapping``)."""
    schema = MappingFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "infusionkit export mapping"
    return schema


def load_mapping(path: str | Path) -> ExportMapping:
    """Read and validate a mapping file; raises :class:`InputErrors` naming YAML line and key."""
    text = read_user_file(path, "mapping file", max_bytes=MAX_MAPPING_BYTES)
    return parse_mapping(text, str(Path(path)))


def parse_mapping(text: str, source: str = "<mapping>") -> ExportMapping:
    """Validate mapping YAML text (see :func:`load_mapping`)."""
    doc, errors = read_yaml_mapping(text, source, what="mapping file", schema_id=SCHEMA_ID)
    try:
        model = MappingFile.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(_model_errors(exc, source, doc))
        raise InputErrors(errors) from None
    if errors:
        raise InputErrors(errors)
    tables = {str(name): entry for name, entry in model.tables.items()}
    return ExportMapping(tables, source, dict(doc.lines), model.name)


def _model_errors(exc: ValidationError, source: str, doc: YamlDocument) -> list[InputError]:
    return validation_errors(
        exc, source, line_of=doc.line_of, model=MappingFile, allowed_for={"schema": SCHEMA_ID}
    )


def _column_errors(mapping: ExportMapping, specs: dict[str, TableSpec]) -> list[InputError]:
    """Our column names in ``columns``/``values`` that the table does not have."""
    errors = []
    for table, spec in specs.items():
        entry = mapping.tables.get(table)
        if entry is None:
            continue
        for key, where in (("columns", entry.columns), ("values", entry.values)):
            for ours in where:
                if ours not in spec.names:
                    errors.append(
                        mapping.error(
                            f"tables.{table}.{key}.{ours}",
                            f"{table} has no column {ours!r}",
                            ", ".join(spec.names),
                        )
                    )
    return errors


# --- applying a mapping to raw tables -----------------------------------------------------------


def apply_mapping(
    raw: RawSource, mapping: ExportMapping, specs: dict[str, TableSpec] | None = None
) -> RawSource:
    """The raw tables with their columns renamed, values translated and dates made ISO.

    ``specs`` are the tables being read (default: the episode tables). Raises
    :class:`InputErrors` for a column name of ours the table does not have or a column of theirs
    the file does not have (naming the mapping's line and key), and for dates that do not match
    the mapping's format (naming the data row).
    """
    specs = SPECS if specs is None else specs
    errors = _column_errors(mapping, specs)
    if errors:
        raise InputErrors(errors)
    tables = dict(raw.tables)
    for name, table in raw.tables.items():
        entry = mapping.tables.get(name)
        if entry is not None and name in specs:
            tables[name] = _apply_table(table, entry, specs[name], mapping, errors)
    if errors:
        raise InputErrors(errors)
    return RawSource(tables, raw.files, raw.location)


def _apply_table(
    table: RawTable,
    entry: TableMapping,
    spec: TableSpec,
    mapping: ExportMapping,
    errors: list[InputError],
) -> RawTable:
    frame = table.frame
    header = [str(c) for c in frame.columns]
    found = {c.strip().lower(): c for c in header}
    renamed: dict[str, pd.Series] = {}
    for ours, theirs in entry.columns.items():
        column = found.get(theirs.strip().lower())
        if column is None:
            errors.append(
                mapping.error(
                    f"tables.{table.name}.columns.{ours}",
                    f"column {theirs!r} is not in {table.file}",
                    ", ".join(header) or "(the file has no header)",
                )
            )
            continue
        renamed[ours] = frame[column]
    used = {found[t.strip().lower()] for t in entry.columns.values() if t.strip().lower() in found}
    for column in header:
        if column in renamed and column not in used:
            errors.append(
                mapping.error(
                    f"tables.{table.name}.columns.{column}",
                    f"{table.file} has a column {column!r} and the mapping maps another "
                    "column to it",
                    "map one column to each of ours",
                )
            )
    out = pd.DataFrame(renamed, index=frame.index)
    for column in header:
        if column not in used and column not in out.columns:
            out[column] = frame[column]
    for ours, translate in entry.values.items():
        if ours in out.columns:
            out[ours] = _translate(out[ours], translate)
    if entry.dates:
        for spec_column in spec.columns:
            name = spec_column.name
            if spec_column.kind == "date" and name in out.columns:
                out[name] = _dates(table, out[name], entry.dates, name, errors)
    return RawTable(table.name, out, table.file, table.lines, table.header_line)


def _translate(series: pd.Series, translate: dict[str, str]) -> pd.Series:
    lookup = {k.strip().lower(): v for k, v in translate.items()}
    cells = series.to_numpy(dtype=object)
    values = [lookup.get(c.strip().lower(), c) if isinstance(c, str) else c for c in cells]
    dtype = series.dtype if isinstance(series.dtype, pd.StringDtype) else object
    return pd.Series(values, index=series.index, dtype=dtype)


def _dates(
    table: RawTable, series: pd.Series, fmt: str, column: str, errors: list[InputError]
) -> pd.Series:
    text = series.astype(pd.StringDtype()).fillna("").str.strip()
    codes, uniques = pd.factorize(text)
    converted: list[str | None] = []
    for value in uniques:
        value = str(value)
        if not value or _ISO.match(value):
            converted.append(value)  # blank, or a real date cell from a workbook
            continue
        try:
            converted.append(dt.datetime.strptime(value, fmt).date().isoformat())
        except ValueError:
            converted.append(None)
    bad = np.array([v is None for v in converted] + [False], dtype=bool)[codes]
    positions = np.flatnonzero(bad)
    for position in positions[:MAX_SHOWN]:
        errors.append(
            InputError(
                file=table.file,
                line=int(table.lines[position]),
                column=column,
                message=f"{text.iloc[position]!r} does not match the mapping's date format",
                allowed=f"dates written as {fmt} (mapping dates:)",
            )
        )
    if len(positions) > MAX_SHOWN:
        more = f"{len(positions) - MAX_SHOWN} more dates do not match the mapping's date format"
        errors.append(InputError(file=table.file, column=column, message=more))
    values = np.array([v or "" for v in converted], dtype=object)
    return pd.Series(values[codes] if len(codes) else [], index=series.index, dtype="string")
