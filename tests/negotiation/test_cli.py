"""The negotiation commands end to end: files read back, exit codes 0 / 1 / 2."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.contracts import load_contract
from infusionkit.simulation import WhatIf

from .conftest import CURRENT, PROPOSED, SAMPLE

runner = CliRunner()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_solve_writes_the_solved_contract_and_json(tmp_path: Path, service: WhatIf) -> None:
    args = ["solve", str(SAMPLE), "-c", str(CURRENT), "--vary", "per_diem", "--target", "+6%"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "solve.json").read_text())
    assert data["reached"] is True and data["selector"] == "per_diem"
    solved = load_contract(tmp_path / "solved.yaml")
    assert service.total(solved) == Decimal(data["total_after"]) >= Decimal(data["target"])
    assert data["total_before"] == f"{service.total(load_contract(CURRENT)):.2f}"
    assert f"+{data['p']}" in result.output


def test_solve_match_takes_labelled_contracts(tmp_path: Path, service: WhatIf) -> None:
    result = runner.invoke(
        app,
        [
            "solve",
            str(SAMPLE),
            "-c",
            f"today={CURRENT}",
            "--vary",
            "per_diem",
            "--match",
            f"proposal={PROPOSED}",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "solve.json").read_text())
    assert data["target"] == f"{service.total(load_contract(PROPOSED)):.2f}"
    assert Decimal(data["total_after"]) >= Decimal(data["target"])
    assert data["target_text"] == "total of proposal"


def test_unreachable_exits_1_with_the_closest_total(tmp_path: Path) -> None:
    (tmp_path / "solved.yaml").write_text("stale")
    args = ["solve", str(SAMPLE), "-c", str(CURRENT), "--vary", "S9500", "--target", "+60%"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "target not reachable" in result.output and "capped" in result.output
    assert not (tmp_path / "solved.yaml").exists()  # no stale answer left beside solve.json
    data = json.loads((tmp_path / "solve.json").read_text())
    assert data["reached"] is False and data["p"] is None and data["closest_p"] == "1000.00"


def test_bad_solve_input_exits_2_without_output(tmp_path: Path) -> None:
    base = ["solve", str(SAMPLE), "-c", str(CURRENT), "--out", str(tmp_path)]
    for extra in (
        ["--vary", "nope", "--target", "+1%"],
        ["--vary", "SH", "--target", "lots"],
        ["--vary", "SH"],
        ["--vary", "SH", "--target", "+1%", "--match", str(PROPOSED)],
    ):
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == 2, (extra, result.output)
        assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_sensitivity_writes_csv_and_tornado(tmp_path: Path) -> None:
    args = ["sensitivity", str(SAMPLE), "-c", str(CURRENT), "--top", "5", "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "sensitivity.csv")
    assert len(rows) > 30
    first = rows[0]
    assert first["key"] == "drugs.percent" and first["step"] == "1 point"
    assert Decimal(first["effect"]) > 0
    assert (tmp_path / "tornado.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "… and" in result.output


def test_forecast_writes_years_and_terms(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "forecast",
            str(SAMPLE),
            "-c",
            f"current={CURRENT}",
            "-c",
            f"proposed={PROPOSED}",
            "--years",
            "3",
            "--volume-growth",
            "2%",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "forecast.csv")
    assert [(r["scenario"], r["year"]) for r in rows] == [
        ("current", "1"),
        ("current", "2"),
        ("current", "3"),
        ("current", "term"),
        ("proposed", "1"),
        ("proposed", "2"),
        ("proposed", "3"),
        ("proposed", "term"),
    ]
    current = [Decimal(r["total"]) for r in rows[:3]]
    assert Decimal(rows[3]["total"]) == sum(current)
    assert rows[5]["escalator"] == "fixed 3%"
    bad = runner.invoke(app, ["forecast", str(SAMPLE), "-c", str(CURRENT), "--cpi", "x"])
    assert bad.exit_code == 2


def test_rates_writes_csv_and_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "rates",
            f"current={CURRENT}",
            str(PROPOSED),
            "--episodes",
            str(SAMPLE),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "rates.csv")
    s9500 = next(r for r in rows if r["section"] == "per_diem" and r["code"] == "S9500")
    assert s9500["current"] == "$85.00" and s9500["lowest"] == "current"
    assert s9500["highest"] == "acme_proposed" and int(s9500["volume"]) > 0
    assert (tmp_path / "rates.xlsx").exists()
    only_csv = runner.invoke(app, ["rates", str(CURRENT), "-f", "csv", "--out", str(tmp_path)])
    assert only_csv.exit_code == 0, only_csv.output
    assert not (tmp_path / "rates.xlsx").exists()  # a stale xlsx of the earlier run is removed
