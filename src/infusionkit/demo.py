"""The whole toolkit on the bundled sample data: simulate, review, propose, report, variance.

Used by ``infusionkit demo`` (and ``make demo``); each step writes its outputs atomically. The
sample history holds therapies of two payers; the demo prices Acme's (``payer_id`` ACME) only.
What a contracting manager sends the payer (``propose/redline.docx``, ``report/report.pdf``)
stays apart from what stays in house (``brief/``: the negotiation brief and the redline with
internal notes and dollar values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from infusionkit.drafting.propose import propose
from infusionkit.errors import InputError, InputErrors
from infusionkit.files import OutputSet
from infusionkit.reporting import build_report, write_report
from infusionkit.review import review
from infusionkit.review.render import to_markdown
from infusionkit.simulation import Simulation, simulate
from infusionkit.simulation.claims_outputs import write_variance
from infusionkit.simulation.outputs import write_simulation
from infusionkit.simulation.variance import variance


@dataclass(frozen=True)
class Sample:
    """The bundled sample data: episodes, current and proposed contracts, price files."""

    folder: Path
    payer: str = "ACME"

    @property
    def episodes(self) -> Path:
        return self.folder / "sample_episodes"

    @property
    def current(self) -> Path:
        return self.folder / "acme_current.yaml"

    @property
    def proposed(self) -> Path:
        return self.folder / "acme_proposed.yaml"

    @property
    def claims(self) -> Path:
        return self.folder / "sample_claims" / "claim_lines.csv"

    @property
    def remits(self) -> Path:
        return self.folder / "sample_claims" / "acme_2025.835.x12"

    def check(self) -> None:
        """Raise InputErrors when the sample files are missing (installed, not cloned)."""
        needed = (self.episodes, self.current, self.proposed, self.claims, self.remits)
        missing = [p for p in needed if not p.exists()]
        if missing:
            raise InputErrors(
                [
                    InputError(
                        str(p), "sample data not found (run the demo from a source checkout)"
                    )
                    for p in missing
                ]
            )


def sample_data() -> Sample:
    """The repository's rate_models folder (beside src/)."""
    import infusionkit

    return Sample(Path(infusionkit.__file__).resolve().parents[2] / "rate_models")


@dataclass(frozen=True)
class DemoResult:
    """What the demo wrote, step by step, and the simulation it priced."""

    simulation: Simulation
    outputs: dict[str, list[Path]] = field(default_factory=dict)


def _review(sample: Sample, sim: Simulation, out: Path) -> list[Path]:
    result = review(sample.current, simulation=sim)
    folder = out / "review"
    with OutputSet(folder, "review", possible=("review.md", "review.json")) as files:
        files.write_text("review.md", to_markdown(result))
        files.write_text("review.json", result.to_json())
    return files.written


def _propose(sample: Sample, sim: Simulation, out: Path, audience: str) -> list[Path]:
    result = propose(
        sample.current,
        sample.proposed,
        out_dir=out,
        episodes=sim,
        rates=sample.folder,
        audience=audience,
    )
    return list(result.paths.values())


def run_demo(
    out: Path, sample: Sample | None = None, on_step: Callable[[str], None] | None = None
) -> DemoResult:
    """Run every step on the sample data into ``out``; ``on_step(name)`` announces each step."""
    sample = sample or sample_data()
    sample.check()
    announce = on_step or (lambda _name: None)
    announce("simulate")
    sim = simulate(sample.episodes, [sample.current, sample.proposed], payer=sample.payer)
    outputs = {"simulate": write_simulation(sim, out / "simulate")}
    announce("review")
    outputs["review"] = _review(sample, sim, out)
    announce("propose")
    outputs["propose"] = _propose(sample, sim, out / "propose", "payer")
    announce("brief")
    outputs["brief"] = _propose(sample, sim, out / "brief", "internal")
    announce("report")
    outputs["report"] = write_report(build_report(sim), out / "report")
    announce("variance")
    outputs["variance"] = write_variance(
        variance(sample.claims, sample.current, remits=[sample.remits], payer="ACME"),
        out / "variance",
    )
    return DemoResult(simulation=sim, outputs=outputs)
