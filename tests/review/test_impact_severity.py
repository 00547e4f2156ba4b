"""With a history, a measured finding's severity follows its value of meeting the
recommendation; --payer keeps one payer's therapies."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.review import review
from infusionkit.review.api import HIGH_SHARE, MEDIUM_SHARE

MODELS = Path(__file__).resolve().parents[2] / "rate_models"
CURRENT = MODELS / "acme_current.yaml"
SAMPLE = MODELS / "sample_episodes"


def test_severity_follows_the_dollar_value() -> None:
    plain = {f.rule: f.severity for f in review(CURRENT).findings}
    result = review(CURRENT, episodes=SAMPLE, payer="ACME")
    assert result.history is not None
    allowed = result.history.allowed
    measured = [f for f in result.findings if f.impact is not None]
    assert measured
    for finding in measured:
        share = abs(finding.impact) / allowed  # type: ignore[arg-type]
        expected = "high" if share >= HIGH_SHARE else "medium" if share >= MEDIUM_SHARE else "low"
        assert finding.severity == expected, finding.rule
    assert any(plain[f.rule] != f.severity for f in measured)  # the value, not the set, decides
    for finding in result.findings:
        if finding.impact is None:
            assert finding.severity == plain[finding.rule]
    ranks = ["high", "medium", "low"]
    assert [ranks.index(f.severity) for f in result.findings] == sorted(
        ranks.index(f.severity) for f in result.findings
    )


def test_payer_option_keeps_one_payer() -> None:
    acme = review(CURRENT, episodes=SAMPLE, payer="ACME")
    everyone = review(CURRENT, episodes=SAMPLE)
    assert acme.history is not None and everyone.history is not None
    assert acme.history.allowed < everyone.history.allowed
    result = CliRunner().invoke(
        app, ["review", str(CURRENT), "--episodes", str(SAMPLE), "--payer", "ACME", "--format",
              "json"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # findings
    assert f'"allowed": "{acme.history.allowed:.2f}"' in result.output
    bad = CliRunner().invoke(
        app, ["review", str(CURRENT), "--episodes", str(SAMPLE), "--payer", "NOPE"]
    )
    assert bad.exit_code == 2
