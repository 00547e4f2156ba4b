"""`infusionkit report` and `infusionkit demo` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.episodes import synth_episodes
from infusionkit.episodes.writers import write_episodes
from infusionkit.files import MANIFEST
from infusionkit.money import format_money
from infusionkit.simulation import simulate

from .conftest import CURRENT, PROPOSED, SAMPLE

runner = CliRunner()


@pytest.fixture(scope="module")
def small_episodes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("episodes") / "eps"
    write_episodes(synth_episodes(25, seed=11), folder)
    return folder


def _files(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def test_report_html_only(small_episodes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "report",
            str(small_episodes),
            "-c",
            str(CURRENT),
            "-c",
            str(PROPOSED),
            "--format",
            "html",
            "--title",
            "Acme <review> & rates",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in _files(out)] == ["report.html", "report.json"]
    html = (out / "report.html").read_text("utf-8")
    assert "Acme &lt;review&gt; &amp; rates" in html  # autoescaped


def test_bad_contract_exits_2_and_writes_nothing(small_episodes: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: infusionkit.contract/1\npayer: X\neffective: 2025-01-01\n"
        "per_diem: {rates: {S9500: -5}}\n"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["report", str(small_episodes), "-c", str(CURRENT), "-c", str(bad), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "bad.yaml" in result.output
    assert "Traceback" not in result.output
    assert _files(out) == []


def test_missing_episodes_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["report", str(tmp_path / "nope"), "-c", str(CURRENT), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert _files(out) == []


def test_unknown_format_exit_2(small_episodes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "report",
            str(small_episodes),
            "-c",
            str(CURRENT),
            "--format",
            "docx,rtf",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "rtf" in result.output
    assert _files(out) == []


def test_demo_writes_every_output(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {str(p.relative_to(out)) for p in _files(out)}
    assert names == {
        "simulate/lines.csv",
        "simulate/summary.csv",
        "simulate/unbilled.csv",
        "review/review.md",
        "review/review.json",
        "propose/current.docx",
        "propose/proposed.docx",
        "propose/redline.docx",
        "propose/changes.json",
        "brief/current.docx",
        "brief/proposed.docx",
        "brief/redline.docx",
        "brief/changes.json",
        "brief/brief.md",
        "brief/brief.docx",
        "report/report.docx",
        "report/report.pdf",
        "report/report.html",
        "report/report.json",
        "variance/variance.csv",
        "variance/variance_summary.csv",
        "variance/unmatched_remits.csv",
        "variance/worklist.xlsx",
    }
    contracts = [SAMPLE.parent / "acme_current.yaml", SAMPLE.parent / "acme_proposed.yaml"]
    sim = simulate(SAMPLE, contracts, payer="ACME")  # the demo prices Acme's therapies only
    everyone = simulate(SAMPLE, contracts)
    for name in sim.names:
        assert format_money(sim.total_allowed(name)) in result.output
        assert format_money(everyone.total_allowed(name)) not in result.output
    report = json.loads((out / "report" / "report.json").read_text("utf-8"))
    changes = json.loads((out / "propose" / "changes.json").read_text("utf-8"))
    assert _by_key(report) == _by_key(changes)  # one valuation: the same change, the same value
    brief = (out / "brief" / "brief.md").read_text("utf-8")
    for change in changes["changes"]:
        if change["effect"] is not None:
            assert change["title"] in brief


def _by_key(data: dict[str, list[dict[str, str]]]) -> dict[str, str | None]:
    return {c["key"]: c["effect"] for c in data["changes"]}


def test_report_payer_option_and_labels(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["report", str(SAMPLE), "--payer", "ACME", "-c", f"Today={CURRENT}",
         "-c", f"Ask={PROPOSED}", "--format", "html", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text("utf-8"))
    acme = simulate(SAMPLE, [CURRENT, PROPOSED], payer="ACME")
    everyone = simulate(SAMPLE, [CURRENT, PROPOSED])
    totals = [s["total_allowed"] for s in data["scenarios"]]
    assert totals == [f"{acme.total_allowed(n):.2f}" for n in acme.names]
    assert totals != [f"{everyone.total_allowed(n):.2f}" for n in everyone.names]
    assert [(s["name"], s["label"]) for s in data["scenarios"]] == [
        ("Today", "Today"),
        ("Ask", "Ask"),
    ]
    html = (out / "report.html").read_text("utf-8")
    assert "Today" in html and "acme_current" not in html


def test_report_unknown_payer_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", str(SAMPLE), "--payer", "NOPE", "-c", str(CURRENT), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "payer_id" in result.output
