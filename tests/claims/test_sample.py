"""The sample claims are what the committed generator makes, and the demo's variance finds the
cases the sample was made with."""

from __future__ import annotations

from pathlib import Path

import infusionkit
from infusionkit.simulation.claims_synth import write_sample
from tests.claims.helpers import CURRENT, SAMPLE


def test_sample_files_are_regenerated_exactly(tmp_path: Path) -> None:
    written = write_sample(tmp_path)
    assert {p.name for p in written} == {
        "claim_lines.csv",
        "acme_2025.837p.x12",
        "acme_2025.835.x12",
    }
    for path in written:
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), path.name


def test_sample_variance_has_every_case() -> None:
    result = infusionkit.variance(
        SAMPLE / "claim_lines.csv",
        CURRENT,
        remits=[SAMPLE / "acme_2025.835.x12"],
        payer="ACME",
    )
    statuses = set(result.frame["status"])
    assert statuses == {
        "underpaid",
        "denied",
        "overpaid",
        "as_expected",
        "no_remittance",
        "unpriced",
    }
    carcs = " ".join(result.frame["carc"].dropna())
    for code in ("CO-45", "PR-2", "CO-197", "CO-29", "CO-151"):
        assert code in carcs
    sh = result.frame[(result.frame["modifiers"] == "SH") & (result.frame["status"] == "underpaid")]
    assert len(sh) >= 3 and all(sh["paid"] * 2 == sh["expected"])
    assert len(result.unmatched) == 2
