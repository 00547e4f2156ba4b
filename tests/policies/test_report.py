"""The report's methodology appendix lists the payer policies each scenario applies."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from infusionkit.episodes import synth_episodes
from infusionkit.reporting import build_report, write_report
from infusionkit.reporting.methodology import SETTING_NAMES, settings_table
from infusionkit.simulation import simulate

MODELS = Path(__file__).resolve().parents[2] / "rate_models"
CURRENT_POLICIES = (
    "C10 per diem only on days with a dose or a nursing visit; "
    "C11 S5497, S5498, S5501, S5502 bundled on per diem days (allowed 0.00)"
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.cells.append(" ".join(data.split()))


def test_settings_table_lists_the_policies_of_each_scenario() -> None:
    sim = simulate(
        synth_episodes(20, seed=3), [MODELS / "acme_current.yaml", MODELS / "acme_proposed.yaml"]
    )
    table = settings_table(sim)
    row = table.rows[SETTING_NAMES.index("Payer policies")]
    assert row.cells == ("Payer policies", CURRENT_POLICIES, "none")


def test_the_written_report_shows_them(tmp_path: Path) -> None:
    sim = simulate(
        synth_episodes(20, seed=3), [MODELS / "acme_current.yaml", MODELS / "acme_proposed.yaml"]
    )
    report = build_report(sim, title="Policies", generated=date(2025, 3, 1))
    written = write_report(report, tmp_path, formats=("html",))
    (html,) = [path for path in written if path.suffix == ".html"]
    parser = _Text()
    parser.feed(html.read_text(encoding="utf-8"))
    cells = parser.cells
    at = cells.index("Payer policies")
    assert CURRENT_POLICIES in cells[at + 1 : at + 4]
    assert any(text.startswith("Payer policies: where a contract applies") for text in cells)
