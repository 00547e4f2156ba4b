"""reprice: claim lines priced as billed (spec §7) through the simulate pricing engine."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from infusionkit.claims import ClaimLines, load_claims
from infusionkit.claims.validation import exact_column
from infusionkit.cli.main import app
from infusionkit.contracts import load_contract
from infusionkit.pricing import load_price_book
from infusionkit.simulation import simulate
from infusionkit.simulation.claims_synth import claims_from_simulation
from infusionkit.simulation.reprice import reprice
from tests.claims.helpers import CURRENT, PROPOSED, RATES, write_claims

D = Decimal


def _allowed(result: object) -> list[object]:
    return result.table["allowed"].to_pylist()  # type: ignore[attr-defined]


def test_hand_computed_lines(tmp_path: Path) -> None:
    claims = write_claims(
        tmp_path,
        [
            "C1,1,P1,ACME,2025-01-01,2025-01-10,S9502,SH,10,1500.00,,",  # 115 × 50 % × 10
            "C1,2,P1,ACME,2025-01-01,2025-01-04,S9500,SS,4,1000.00,,",  # 85 × 75 % × 4
            "C1,3,P1,ACME,2025-01-05,2025-01-07,S9500,SJ SS,3,300.00,,",  # SJ 0 %
            "C1,4,P1,ACME,2025-01-01,2025-01-10,S9500,,10,500.00,,",  # lesser of 850, 500
            "C1,5,P1,ACME,2025-01-02,,J0696,,4,80.00,0409-6532-01,",  # AWP 1.85 × 4 × 78 %
            "C1,6,P1,ACME,2025-01-02,,99602,,2,300.00,,",  # 60 × 2
            "C1,7,P1,ACME,2025-01-02,,S9061,,1,90.00,,",  # per diem code without a rate
        ],
    )
    result = reprice(claims, CURRENT)
    lines = result.lines
    assert _allowed(result) == [
        D("575.00"),
        D("255.00"),
        D("0.00"),
        D("500.00"),
        D("5.77"),
        D("120.00"),
        None,
    ]
    assert "lesser_of" in lines["flags"].iloc[3]
    assert "unpriced" in lines["flags"].iloc[6]
    assert "per_diem" in lines["reason"].iloc[6]
    assert list(lines["modifiers"].iloc[:3]) == ["SH", "SS", "SJ SS"]
    assert list(lines["claim_id"].unique()) == ["C1"]
    assert list(lines["line_number"]) == [1, 2, 3, 4, 5, 6, 7]
    assert lines["ndc"].iloc[4] == "00409653201"
    assert lines["patient_ref"].iloc[0].startswith("PT-")
    proposed = reprice(claims, {"proposal": PROPOSED})
    assert _allowed(proposed)[2] == D("142.50")  # 95 × SJ 50 % × SS 100 % × 3


def test_reprice_of_simulated_lines_equals_simulate() -> None:
    """The same engine: a history's coded lines, billed as claims, reprice to the same cents
    (under the contract that coded them: another contract may rank SH/SJ differently)."""
    sim = simulate(RATES / "sample_episodes", [CURRENT], include_phi=True)
    claims = claims_from_simulation(sim)
    frame = claims.copy()
    frame["units"] = exact_column(frame["units"], 3)
    frame["billed_charge"] = exact_column(frame["billed_charge"], 2)
    frame["source_line"] = range(2, len(frame) + 2)
    result = reprice(ClaimLines(frame), [CURRENT])
    keys = ["line_type", "hcpcs", "modifiers", "service_from", "service_to", "units", "allowed"]
    for name in sim.names:
        assert result.total_allowed(name) == sim.total_allowed(name)
        coded = sim.scenario_lines(name).select(keys).to_pylist()
        mine = result.table.filter(result.table["scenario"].to_numpy() == name)
        assert sorted(map(str, mine.select(keys).to_pylist())) == sorted(map(str, coded))


CODES = ("S9500", "S9502", "S9365", "S9338")
MODS = ("", "SH", "SJ", "SS", "SH SS", "SJ SS")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.sampled_from(MODS),
            st.integers(1, 400),
            st.integers(0, 10_000_000),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_every_line_equals_a_plain_decimal_computation(
    lines: list[tuple[str, str, int, int]],
) -> None:
    contract = load_contract(PROPOSED)  # no lesser-of
    current = load_contract(CURRENT)  # lesser-of, SJ 0 %, AIS 75 %
    n = len(lines)
    frame = pd.DataFrame(
        {
            "claim_id": pd.Series([f"C{i}" for i in range(n)], dtype="string"),
            "line_number": [1] * n,
            "patient_id": pd.Series(["P1"] * n, dtype="string"),
            "payer_id": pd.Series(["ACME"] * n, dtype="string"),
            "service_from": pd.to_datetime(["2025-01-01"] * n).astype("datetime64[s]"),
            "service_to": pd.to_datetime(["2025-01-01"] * n).astype("datetime64[s]"),
            "hcpcs": pd.Series([c for c, _, _, _ in lines], dtype="string"),
            "modifiers": pd.Series([m or pd.NA for _, m, _, _ in lines], dtype="string"),
            "units": exact_column(pd.Series([D(u) for _, _, u, _ in lines], dtype=object), 3),
            "billed_charge": exact_column(
                pd.Series([D(b).scaleb(-2) for _, _, _, b in lines], dtype=object), 2
            ),
            "ndc": pd.Series([pd.NA] * n, dtype="string"),
            "line_type": pd.Series(["per_diem"] * n, dtype="string"),
            "source_line": range(n),
        }
    )
    prices = load_price_book(RATES)
    for terms in (contract, current):
        got = _allowed(reprice(ClaimLines(frame), terms, rates=prices, key=b"k" * 20))
        per_diem = terms.per_diem
        assert per_diem is not None
        for (code, mods, units, billed), allowed in zip(lines, got, strict=True):
            rate = per_diem.rates[code]
            factor = D(1)
            if "SH" in mods.split():
                factor *= per_diem.concurrent.SH / 100
            if "SJ" in mods.split():
                factor *= per_diem.concurrent.SJ / 100
            if "SS" in mods.split():
                factor *= per_diem.ais_percent / 100
            value = (rate * units * factor).quantize(D("0.01"), rounding=ROUND_HALF_UP)
            if terms.lesser_of_billed_charges:
                value = min(value, D(billed).scaleb(-2))
            assert allowed == value


def test_cli_writes_lines_with_claim_ids(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c", ["C1,1,P1,ACME,2025-01-01,2025-01-10,S9500,,10,1200,,"])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["reprice", str(claims), "-c", str(CURRENT), "-c", str(PROPOSED), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = pd.read_csv(out / "lines.csv", dtype=str)
    assert {"claim_id", "line_number", "scenario", "allowed", "rule"} <= set(lines.columns)
    assert list(lines["allowed"]) == ["850.00", "950.00"]
    assert list(lines["scenario"]) == ["acme_current", "acme_proposed"]
    assert (out / "summary.csv").exists()
    assert "P1" not in (out / "lines.csv").read_text()


def test_unknown_payer_is_an_input_error(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c", ["C1,1,P1,ACME,2025-01-01,,S9500,,1,100,,"])
    result = CliRunner().invoke(
        app,
        [
            "reprice",
            str(claims),
            "-c",
            str(CURRENT),
            "--payer",
            "NOPE",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2 and "no claim line has payer_id 'NOPE'" in result.output
    with pytest.raises(Exception, match="ACME"):
        reprice(load_claims(claims), CURRENT, payer="NOPE")
