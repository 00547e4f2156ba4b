"""Export mappings (--map, infusionkit.mapping/1): renamed exports in, located errors out."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.claims import load_claims
from infusionkit.cli.main import app
from infusionkit.episodes import load_episodes
from infusionkit.episodes.mapping import load_mapping, parse_mapping
from infusionkit.errors import InputErrors
from tests.claims.helpers import CURRENT, RATES

EXAMPLE = RATES / "mappings" / "example_pharmacy_export.yaml"
EXPORT = RATES / "mappings" / "example_pharmacy_export"
BILLING = RATES / "mappings" / "example_billing_export.csv"


def test_example_export_loads_through_the_example_mapping() -> None:
    episodes = load_episodes(EXPORT, EXAMPLE)
    therapies = episodes.therapies
    assert list(therapies["therapy_id"]) == ["RX-1001", "RX-1002", "RX-1003", "RX-1004", "RX-1005"]
    assert str(therapies["start_date"].iloc[0].date()) == "2025-03-03"  # from 03/03/2025
    assert list(therapies["site"]) == ["home", "home", "home", "ais", "ais"]
    assert len(episodes.holds) == 1 and len(episodes.administrations) == 4
    assert list(episodes.nursing["minutes"]) == [150, 195, 240]
    assert list(episodes.drugs["billed_charge"]) == [Decimal("150.00"), Decimal("6200.00")]
    # messages still name the user's own file
    assert episodes.therapies["source_line"].tolist() == [2, 3, 4, 5, 6]


def test_billing_export_loads_as_claim_lines() -> None:
    claims = load_claims(BILLING, mapping=EXAMPLE)
    frame = claims.frame
    assert list(frame["claim_id"].unique()) == ["A-20250331-01", "A-20250430-07"]
    assert str(frame["service_to"].iloc[0].date()) == "2025-03-16"
    assert frame["ndc"].iloc[3] == "00409733503"
    assert frame["carc"].iloc[2] == "CO-45 PR-2"


def test_cli_map_on_simulate_and_variance(tmp_path: Path) -> None:
    runner = CliRunner()
    sim = runner.invoke(
        app,
        [
            "simulate",
            str(EXPORT),
            "--map",
            str(EXAMPLE),
            "-c",
            str(CURRENT),
            "--out",
            str(tmp_path / "s"),
        ],
    )
    assert sim.exit_code == 0, sim.output
    var = runner.invoke(
        app,
        [
            "variance",
            str(BILLING),
            "--map",
            str(EXAMPLE),
            "-c",
            str(CURRENT),
            "--out",
            str(tmp_path / "v"),
        ],
    )
    assert var.exit_code == 0, var.output
    assert "denied" in (tmp_path / "v" / "variance.csv").read_text()
    schema = runner.invoke(app, ["schema", "mapping"])
    assert json.loads(schema.output)["properties"]["tables"]


def _problems(text: str) -> str:
    with pytest.raises(InputErrors) as caught:
        parse_mapping(text, "map.yaml")
    return caught.value.render()


def test_mapping_file_errors_name_the_yaml_line() -> None:
    assert "map.yaml, line 1, schema" in _problems("schema: infusionkit.mapping/9\ntables: {}\n")
    bad_table = "schema: infusionkit.mapping/1\ntables:\n  therapy:\n    file: x.csv\n"
    assert "map.yaml, line 3, tables.therapy" in _problems(bad_table)
    bad_key = "schema: infusionkit.mapping/1\ntables:\n  therapies:\n    colums: {}\n"
    assert "line 4, tables.therapies.colums: unknown key" in _problems(bad_key)
    bad_date = 'schema: infusionkit.mapping/1\ntables:\n  therapies:\n    dates: "%d"\n'
    assert "line 4, tables.therapies.dates" in _problems(bad_date)
    assert "YAML syntax error" in _problems("schema: [\n")


def test_columns_and_dates_are_checked_against_the_data(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    mapping = tmp_path / "map.yaml"
    text = EXAMPLE.read_text()
    mapping.write_text(text.replace("therapy_id: Rx Number", "therapy_id: Rx No"))
    with pytest.raises(InputErrors) as caught:
        load_episodes(export, mapping)
    message = caught.value.render()
    assert "map.yaml, line" in message and "column 'Rx No' is not in" in message
    mapping.write_text(text.replace("daily_volume_ml: Daily Vol", "daily_volume: Daily Vol"))
    with pytest.raises(InputErrors, match="therapies has no column 'daily_volume'"):
        load_episodes(export, mapping)
    courses = export / "Courses.csv"
    courses.write_text(courses.read_text().replace("03/16/2025", "2025.03.16"))
    with pytest.raises(InputErrors) as caught:
        load_episodes(export, EXAMPLE)
    assert "Courses.csv, line 2, end_date: '2025.03.16' does not match" in (caught.value.render())


def test_missing_mapped_file_and_required_column(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    (export / "Holds.csv").unlink()
    with pytest.raises(InputErrors, match="file for table 'holds' not found"):
        load_episodes(export, EXAMPLE)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "schema: infusionkit.mapping/1\ntables:\n  claim_lines:\n"
        "    columns: {claim_id: 'Claim #'}\n"
    )
    with pytest.raises(InputErrors, match="missing required column 'line_number'"):
        load_claims(BILLING, mapping=mapping)


def test_load_mapping_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InputErrors, match="mapping file not found"):
        load_mapping(tmp_path / "none.yaml")
    assert load_mapping(EXAMPLE).name == "Example pharmacy export (illustrative)"
