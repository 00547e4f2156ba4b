"""`infusionkit schema episodes`: the episode tables as a JSON Schema, derived from columns.py."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.episodes import SPECS, TABLES, from_frames
from infusionkit.episodes.schema import REQUIRED_TABLES, episodes_json_schema
from infusionkit.errors import InputErrors

SAMPLE = Path(__file__).resolve().parents[2] / "rate_models" / "sample_episodes"


def _value_schema(column_schema: dict) -> dict:
    """The schema of a filled value (optional columns also allow null and blank)."""
    return column_schema["anyOf"][0] if "anyOf" in column_schema else column_schema


def test_cli_prints_the_schema() -> None:
    out = CliRunner().invoke(app, ["schema", "episodes"])
    assert out.exit_code == 0
    assert json.loads(out.stdout) == episodes_json_schema()


def test_every_table_column_and_required_column() -> None:
    schema = episodes_json_schema()
    assert list(schema["properties"]) == list(TABLES)
    assert schema["required"] == list(REQUIRED_TABLES)
    for name, spec in SPECS.items():
        row = schema["properties"][name]["items"]
        assert list(row["properties"]) == list(spec.names)
        assert row["required"] == list(spec.required)
        assert row["additionalProperties"] is True
        for column in spec.columns:
            described = row["properties"][column.name]
            assert ("anyOf" in described) != column.required, column.name
            assert described["description"].startswith(f"{name}.{column.name}: ")


def test_types_follow_the_column_kinds() -> None:
    props = {
        name: table["items"]["properties"]
        for name, table in episodes_json_schema()["properties"].items()
    }
    assert _value_schema(props["therapies"]["start_date"]) == {
        "type": "string",
        "format": "date",
        **{"description": props["therapies"]["start_date"]["description"]},
    }
    assert _value_schema(props["therapies"]["site"])["enum"] == ["home", "ais"]
    assert props["nursing"]["minutes"]["type"] == "integer"
    units = _value_schema(props["drugs"]["units"])
    assert re.fullmatch(units["pattern"], "14.875") and not re.fullmatch(units["pattern"], "1.2345")
    billed = _value_schema(props["drugs"]["billed_charge"])
    assert re.fullmatch(billed["pattern"], "12.50") and not re.fullmatch(billed["pattern"], "1.005")


def test_the_loader_agrees_on_the_required_table() -> None:
    with pytest.raises(InputErrors, match="therapies"):
        from_frames()


@pytest.mark.parametrize("table", TABLES)
def test_sample_files_fit_the_schema(table: str) -> None:
    """Headers of the sample files are known columns with every required one; decimals match."""
    row_schema = episodes_json_schema()["properties"][table]["items"]
    with (SAMPLE / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert set(row_schema["required"]) <= set(rows[0]) <= set(row_schema["properties"])
    for name, described in row_schema["properties"].items():
        pattern = _value_schema(described).get("pattern")
        if pattern:
            for row in rows:
                value = row.get(name, "")
                assert value == "" or re.fullmatch(pattern, value), (table, name, value)
