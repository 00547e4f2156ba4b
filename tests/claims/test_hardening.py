"""Input hardening found with the claims work: NDCs in episodes and price files, repeated
administrations, and optional tables or columns that are absent said so in the output."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.episodes import load_episodes
from infusionkit.errors import InputErrors
from infusionkit.pricing import load_price_book
from infusionkit.simulation import simulate
from tests.claims.helpers import CURRENT, RATES

THERAPIES = (
    "therapy_id,episode_id,patient_id,payer_id,hcpcs,start_date,end_date,dosing_interval_hours\n"
    "T1,E1,P1,ACME,S9338,2025-01-01,2025-03-01,672\n"
)


def _source(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "therapies.csv").write_text(THERAPIES)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text)
    return folder


DRUGS = "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"


def test_drug_ndcs_are_normalised_and_priced_by_that_ndc(tmp_path: Path) -> None:
    rates = tmp_path / "rates"
    shutil.copytree(RATES, rates, ignore=shutil.ignore_patterns("sample_*", "mappings"))
    with (rates / "drug_prices.csv").open("a") as handle:
        handle.write("J0696,0409-7335-03,AWP,9.00000,2024-01-01,\n")  # 4-4-2 in the price file
    source = _source(tmp_path / "e", drugs=DRUGS + "D1,E1,T1,2025-01-02,J0696,00409-7335-03,2,\n")
    episodes = load_episodes(source)
    assert list(episodes.drugs["ndc"]) == ["00409733503"]
    assert any(p.ndc == "00409733503" for p in load_price_book(rates).drug_prices)
    sim = simulate(episodes, [CURRENT], rates=rates)
    drug = sim.lines[sim.lines["line_type"] == "drug"].iloc[0]
    assert drug["allowed"] == Decimal("14.04")  # 9.00 × 2 × 78 %, the NDC's own price
    assert "NDC 00409733503" in drug["rule"]


def test_an_ndc_turned_into_a_number_is_an_error(tmp_path: Path) -> None:
    source = _source(tmp_path / "e", drugs=DRUGS + "D1,E1,T1,2025-01-02,J0696,409733503,2,\n")
    with pytest.raises(InputErrors) as caught:
        load_episodes(source)
    text = caught.value.render()
    assert "drugs.csv, line 2" in text and "ndc" in text and "lost its leading zeros" in text


def test_a_mangled_ndc_in_the_price_file_is_an_error(tmp_path: Path) -> None:
    rates = tmp_path / "rates"
    rates.mkdir()
    (rates / "drug_prices.csv").write_text(
        "hcpcs,ndc,basis,unit_price,effective_from,effective_to\nJ0696,409733503,AWP,1.0,2024-01-01,\n"
    )
    with pytest.raises(InputErrors, match="line 2.*ndc.*lost its leading zeros"):
        load_price_book(rates)


def test_repeated_administrations_are_reported(tmp_path: Path) -> None:
    source = _source(
        tmp_path / "e",
        administrations="therapy_id,date\nT1,2025-01-01\nT1,2025-01-29\nT1,2025-01-01\n",
    )
    with pytest.raises(InputErrors) as caught:
        load_episodes(source)
    assert "administrations.csv, line 4" in caught.value.render()
    assert "2025-01-01 twice (lines 2 and 4)" in caught.value.render()


def test_absent_optional_tables_and_columns_are_stated(tmp_path: Path) -> None:
    source = _source(tmp_path / "e")
    episodes = load_episodes(source)
    assert "nursing: no table given, not simulated" in episodes.notes
    assert "therapies.site: no column given, every therapy at home" in episodes.notes
    result = CliRunner().invoke(
        app, ["simulate", str(source), "-c", str(CURRENT), "--rates", str(RATES), "--out",
              str(tmp_path / "out")]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "nursing: no table given, not simulated" in result.output
    assert load_episodes(RATES / "sample_episodes").notes == ()
