"""`infusionkit demo`: every step on the bundled sample data, and where each output is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infusionkit.cli._common import fail, user_errors

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation

NAME = "demo"
SKIPPED = "skipped (not installed)"


@dataclass(frozen=True)
class Sample:
    """The bundled sample data: episodes, current and proposed contracts, price files."""

    folder: Path

    @property
    def episodes(self) -> Path:
        return self.folder / "sample_episodes"

    @property
    def current(self) -> Path:
        return self.folder / "acme_current.yaml"

    @property
    def proposed(self) -> Path:
        return self.folder / "acme_proposed.yaml"


def sample_data() -> Sample:
    """The repository's rate_models folder (beside src/)."""
    import infusionkit

    return Sample(Path(infusionkit.__file__).resolve().parents[2] / "rate_models")


def _simulate(sample: Sample, out: Path) -> tuple[Simulation, list[Path]]:
    from infusionkit.simulation import simulate
    from infusionkit.simulation.outputs import write_simulation

    sim = simulate(sample.episodes, [sample.current, sample.proposed])
    return sim, write_simulation(sim, out / "simulate")


def _review(sample: Sample, sim: Simulation, out: Path) -> list[Path] | None:
    try:
        from infusionkit.review import review
        from infusionkit.review.render import to_markdown
    except ImportError:
        return None
    from infusionkit.simulation.outputs import atomic_files

    result = review(sample.current, episodes=sim.episodes, simulation=sim)
    folder = out / "review"
    with atomic_files(folder) as temp_for:
        temp_for("review.md").write_text(to_markdown(result), encoding="utf-8")
        temp_for("review.json").write_text(result.to_json(), encoding="utf-8")
    return [folder / "review.md", folder / "review.json"]


def _propose(sample: Sample, sim: Simulation, out: Path) -> list[Path] | None:
    try:
        from infusionkit.drafting.propose import propose
    except ImportError:
        return None
    result = propose(
        sample.current,
        sample.proposed,
        out_dir=out / "propose",
        episodes=sim.episodes,
        rates=sample.folder,
    )
    return list(result.paths.values())


def _report(sim: Simulation, out: Path) -> list[Path]:
    from infusionkit.reporting import build_report, write_report

    return write_report(build_report(sim), out / "report")


def command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("reports/demo"),
) -> None:
    """Run everything on the bundled sample data: simulate, review, propose and report.

    Uses rate_models/sample_episodes with the illustrative Acme contracts (current and
    proposed) and prints where each output is.

    Example:

        infusionkit demo --out reports/demo
    """
    from rich.console import Console
    from rich.table import Table

    sample = sample_data()
    for path in (sample.episodes, sample.current, sample.proposed):
        if not path.exists():
            raise fail(f"sample data not found: {path} (run the demo from a source checkout)")
    results: list[tuple[str, str, list[Path]]] = []
    console = Console()
    with user_errors():
        with console.status("Simulating the sample history"):
            sim, written = _simulate(sample, out)
        results.append(("simulate", "done", written))
        steps: list[tuple[str, Callable[[], list[Path] | None]]] = [
            ("review", lambda: _review(sample, sim, out)),
            ("propose", lambda: _propose(sample, sim, out)),
            ("report", lambda: _report(sim, out)),
        ]
        for name, step in steps:
            with console.status(f"Running {name}"):
                paths = step()
            results.append((name, "done" if paths is not None else SKIPPED, paths or []))
    table = Table(title=f"infusionkit demo: outputs in {out}", title_justify="left")
    table.add_column("step")
    table.add_column("status")
    table.add_column("output")
    for name, status, paths in results:
        table.add_row(name, status, "\n".join(str(p) for p in paths) or "-")
    console.print(table)
