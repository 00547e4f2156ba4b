"""An output folder holding an earlier run ends with only this run's files: outputs of the same
command that this run did not write (an old lines.parquet, report.pdf, brief.md) are removed,
so nothing stale looks current. (infusionkit.files.OutputSet and its manifest.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.files import MANIFEST

from . import builders
from .harness import Case, Result, Run, problems_of

KLASS = "stale_outputs"


def _only(expected: set[str], gone: set[str]) -> object:
    def check(tmp: Path, _result: Result) -> list[str]:
        out = tmp / "out"
        names = {p.name for p in out.iterdir()} - {MANIFEST}
        problems = [f"stale {name} left beside the new outputs" for name in sorted(gone & names)]
        problems += [f"{name} not written" for name in sorted(expected - names)]
        return problems

    return check


def _first(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _simulate(tmp: Path) -> Run:
    args = builders.simulate_args(tmp)
    _first(*args, "-f", "csv,parquet,xlsx")
    return Run(
        args,
        exit_code=0,
        check=_only({"lines.csv", "summary.csv"}, {"lines.parquet", "lines.xlsx"}),  # type: ignore[arg-type]
    )


def _simulate_before_manifests(tmp: Path) -> Run:
    """Files of a run made before manifests existed: found by name among simulate's outputs."""
    out = tmp / "out"
    out.mkdir()
    (out / "lines.parquet").write_bytes(b"old numbers")
    (out / "lines.xlsx").write_bytes(b"old numbers")
    return Run(
        builders.simulate_args(tmp),
        exit_code=0,
        check=_only({"lines.csv"}, {"lines.parquet", "lines.xlsx"}),  # type: ignore[arg-type]
    )


def _report(tmp: Path) -> Run:
    """An earlier docx run, and a report.pdf of an earlier version (no manifest lists it)."""
    args = builders.simulate_args(tmp)
    args[0] = "report"
    _first(*args, "--format", "docx")
    (tmp / "out" / "report.pdf").write_bytes(b"%PDF old numbers")
    return Run(
        [*args, "--format", "html"],
        exit_code=0,
        check=_only({"report.html"}, {"report.pdf", "report.docx"}),  # type: ignore[arg-type]
        seconds=60.0,
    )


def _propose(tmp: Path) -> Run:
    contract = builders.contract(tmp)
    proposal = builders.contract(tmp, builders.CONTRACT.replace("95.00", "105.00"), "p.yaml")
    args = ["propose", str(contract), "--proposal", str(proposal), "--out", str(tmp / "out")]
    args += ["--episodes", str(builders.episodes(tmp)), "--rates", str(builders.rates(tmp))]
    _first(*args, "--audience", "internal")
    return Run(
        [*args, "--audience", "payer"],
        exit_code=0,
        check=_only({"redline.docx"}, {"brief.md", "brief.docx"}),  # type: ignore[arg-type]
        seconds=60.0,
    )


CASES = [
    Case(KLASS, "simulate csv after csv+parquet+xlsx", _simulate),
    Case(KLASS, "simulate beside files of a run before manifests", _simulate_before_manifests),
    Case(KLASS, "report html after docx (and an old pdf)", _report),
    Case(KLASS, "propose payer after internal", _propose),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_only_this_runs_outputs_remain(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_files_of_other_commands_and_the_user_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    _first(*builders.simulate_args(tmp_path))
    assert (out / "notes.txt").read_text() == "mine"
