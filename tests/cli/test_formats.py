"""One --format convention: comma-separated, repeated, or both, the same in every command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from infusionkit.cli._options import parse_formats
from infusionkit.cli.main import app

ALLOWED = ("csv", "parquet", "xlsx")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (None, ("csv",)),
        (["xlsx"], ("xlsx",)),
        (["csv,xlsx"], ("csv", "xlsx")),
        (["csv", "xlsx"], ("csv", "xlsx")),
        (["CSV, parquet", "csv"], ("csv", "parquet")),
    ],
)
def test_comma_separated_and_repeated_give_the_same(
    values: list[str] | None, expected: tuple[str, ...]
) -> None:
    assert parse_formats(values, ALLOWED, ("csv",)) == expected


def test_unknown_or_too_many_formats_are_usage_errors() -> None:
    with pytest.raises(typer.Exit) as unknown:
        parse_formats(["csv,pdf"], ALLOWED, ("csv",))
    assert unknown.value.exit_code == 2
    with pytest.raises(typer.Exit) as many:
        parse_formats(["csv,xlsx"], ALLOWED, ("csv",), single=True)
    assert many.value.exit_code == 2


def test_synth_refuses_two_formats(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "-n", "3", "--out", str(tmp_path / "x"), "--format", "csv,xlsx"]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()
