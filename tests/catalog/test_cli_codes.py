"""`infusionkit codes` through the real typer app."""

from __future__ import annotations

from typer.testing import CliRunner

from infusionkit.cli.main import app

runner = CliRunner()


def test_codes_query_prints_matches() -> None:
    result = runner.invoke(app, ["codes", "S9500"])
    assert result.exit_code == 0, result.output
    assert "S9500" in result.output
    assert "anti_infective" in result.output
    assert "S9501" not in result.output


def test_codes_all() -> None:
    result = runner.invoke(app, ["codes"])
    assert result.exit_code == 0
    assert "81 code(s)" in result.output
    assert "99602" in result.output


def test_codes_kind_filter() -> None:
    result = runner.invoke(app, ["codes", "--kind", "modifier"])
    assert result.exit_code == 0
    assert "5 code(s)" in result.output
    for code in ("SH", "SJ", "SS", "SD", "SV"):
        assert code in result.output
    result = runner.invoke(app, ["codes", "liter", "--kind", "per_diem"])
    assert "8 code(s)" in result.output


def test_codes_nothing_matches_exits_1() -> None:
    result = runner.invoke(app, ["codes", "zzzz-nothing"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["codes", "S9500", "--kind", "modifier"])
    assert result.exit_code == 1
