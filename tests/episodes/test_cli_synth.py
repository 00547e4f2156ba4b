"""`infusionkit synth` writes the tables and prints counts."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.episodes import TABLES, load_episodes
from infusionkit.files import MANIFEST


def test_synth_writes_csv_tables(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    result = CliRunner().invoke(
        app, ["synth", "--therapies", "25", "--seed", "3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert written == sorted(f"{name}.csv" for name in TABLES)
    assert "therapies" in result.output and "25" in result.output
    assert load_episodes(out).counts()["therapies"] == 25
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_synth_replaces_files_in_existing_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["synth", "-n", "10", "--out", str(tmp_path), "--format", "parquet"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args[:2], "12", *args[3:]]).exit_code == 0
    assert load_episodes(tmp_path).counts()["therapies"] == 12


def test_synth_bad_format_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    assert "json" in result.output
