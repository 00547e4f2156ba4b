"""Variance (spec §8): hand-computed expected vs paid for every status, matching and outputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from infusionkit.claims.x12_write import RemitClaim, write_835
from infusionkit.cli.main import app
from infusionkit.simulation.claims_outputs import write_variance
from infusionkit.simulation.variance import variance
from tests.claims.helpers import CURRENT, claim, service, write_claims

D = Decimal
JAN = date(2025, 1, 6)

# acme_current: S9500 $85/day, S9502 $115/day, SH 50 %, 99601 $150, 99602 $60, lesser-of on,
# infrequent S9338 unpriced.
ROWS = [
    "C1,1,P1,ACME,2025-01-06,2025-01-15,S9500,,10,1200.00,,",  # 850.00 paid 850 → as_expected
    "C1,2,P1,ACME,2025-01-06,2025-01-15,S9502,SH,10,1500.00,,",  # 575.00 paid 287.50 → under
    "C1,3,P1,ACME,2025-01-06,2025-01-06,99601,,1,200.00,,",  # 150 paid 120 + PR 30 → as_exp.
    "C1,4,P1,ACME,2025-01-06,2025-01-06,99602,,1,100.00,,",  # 60 paid 0 (CO-197) → denied
    "C2,1,P2,ACME,2025-01-06,2025-01-07,S9500,,2,200.00,,",  # 170 paid 180 → overpaid
    "C3,1,P2,ACME,2025-01-08,2025-01-08,S9338,,1,500.00,,infrequent",  # unpriced, paid 400
    "C4,1,P3,ACME,2025-01-09,2025-01-09,S9500,,1,100.00,,",  # no 835 → no_remittance
    "C5,1,P3,ACME,2025-01-10,2025-01-10,S9500,,1,100.00,,",  # 85 paid 84.50 → tolerance
    "C6,1,P4,ACME,2025-01-10,2025-01-10,S9500,,1,100.00,,",  # claim denied as a whole
    "C6,2,P4,ACME,2025-01-11,2025-01-11,S9500,,1,100.00,,",
]


def _remits() -> list[RemitClaim]:
    return [
        claim(
            "C1",
            service(
                "S9500",
                "1200",
                "850",
                "10",
                JAN,
                end=date(2025, 1, 15),
                adjustments=(("CO", "45", "350"),),
                ref="1",
            ),
            service(
                "S9502",
                "1500",
                "287.50",
                "10",
                JAN,
                end=date(2025, 1, 15),
                mods=("SH",),
                adjustments=(("CO", "45", "1212.50"),),
            ),  # no REF*6R: matched by service
            service(
                "99601",
                "200",
                "120",
                "1",
                JAN,
                adjustments=(("CO", "45", "50"), ("PR", "2", "30")),
                ref="3",
            ),
            service(
                "99602",
                "100",
                "0",
                "1",
                JAN,
                adjustments=(("CO", "197", "100"),),
                ref="4",
                remarks=("N54",),
            ),
            service("S5520", "150", "95", "1", JAN, adjustments=(("CO", "45", "55"),), ref="9"),
        ),
        claim("C2", service("S9500", "200", "180", "2", JAN, end=date(2025, 1, 7), ref="1")),
        claim(
            "C3",
            service(
                "S9338",
                "500",
                "400",
                "1",
                date(2025, 1, 8),
                adjustments=(("CO", "45", "100"),),
                ref="1",
            ),
        ),
        claim(
            "C5",
            service(
                "S9500",
                "100",
                "84.50",
                "1",
                date(2025, 1, 10),
                adjustments=(("CO", "45", "15.50"),),
                ref="1",
            ),
        ),
        claim("C9", service("S9500", "100", "85", "1", JAN, ref="1")),
        RemitClaim("C6", "4", D("200"), D(0), D(0), "PCN-C6", adjustments=(("CO", "29", D(200)),)),
    ]


@pytest.fixture()
def history(tmp_path: Path) -> tuple[Path, Path]:
    claims = write_claims(tmp_path / "claims", ROWS)
    remits = tmp_path / "remits.835"
    remits.write_text(write_835(_remits()), encoding="utf-8")
    return claims, remits


def _by_line(result: object) -> dict[tuple[str, int], dict[str, object]]:
    frame = result.frame  # type: ignore[attr-defined]
    return {(r["claim_id"], r["line_number"]): r for r in frame.to_dict("records")}


def test_each_status_is_hand_computed(history: tuple[Path, Path]) -> None:
    claims, remits = history
    rows = _by_line(variance(claims, CURRENT, remits=[remits]))
    expected = {
        ("C1", 1): ("as_expected", D("850.00"), D("850"), D("850"), D("0.00"), D(0)),
        ("C1", 2): ("underpaid", D("575.00"), D("287.50"), D("287.50"), D("-287.50"), D("287.50")),
        ("C1", 3): ("as_expected", D("150.00"), D("150"), D("120"), D("0.00"), D(0)),
        ("C1", 4): ("denied", D("60.00"), D("0"), D("0"), D("-60.00"), D("60.00")),
        ("C2", 1): ("overpaid", D("170.00"), D("180"), D("180"), D("10.00"), D(0)),
        ("C3", 1): ("unpriced", None, D("400"), D("400"), None, D(0)),
        ("C4", 1): ("no_remittance", D("85.00"), None, None, None, D(0)),
        ("C5", 1): ("underpaid", D("85.00"), D("84.50"), D("84.50"), D("-0.50"), D("0.50")),
        ("C6", 1): ("denied", D("85.00"), D("0"), D("0"), D("-85.00"), D("85.00")),
        ("C6", 2): ("denied", D("85.00"), D("0"), D("0"), D("-85.00"), D("85.00")),
    }
    for key, (status, exp, allowed, paid, var, short) in expected.items():
        row = rows[key]
        assert row["status"] == status, key
        assert row["expected"] == exp, key
        assert row["payer_allowed"] == allowed, key
        assert row["paid"] == paid, key
        assert row["variance"] == var, key
        assert row["shortfall"] == short, key
    assert rows[("C1", 3)]["patient_responsibility"] == D(30)
    assert rows[("C1", 3)]["carc"] == "CO-45 PR-2"
    assert rows[("C1", 4)]["carc"] == "CO-197" and rows[("C1", 4)]["rarc"] == "N54"
    assert "Precertification" in rows[("C1", 4)]["carc_meaning"]
    assert rows[("C6", 1)]["carc"] == "CO-29"


def test_tolerance_absorbs_small_differences(history: tuple[Path, Path]) -> None:
    claims, remits = history
    rows = _by_line(variance(claims, CURRENT, remits=[remits], tolerance=D("1.00")))
    assert rows[("C5", 1)]["status"] == "as_expected"
    assert rows[("C2", 1)]["status"] == "overpaid"  # +10.00 is beyond the tolerance


def test_unmatched_payments_are_reported_not_dropped(history: tuple[Path, Path]) -> None:
    claims, remits = history
    result = variance(claims, CURRENT, remits=[remits])
    unmatched = result.unmatched
    assert sorted(unmatched["claim_id"]) == ["C1", "C9"]
    reasons = dict(zip(unmatched["claim_id"], unmatched["reason"], strict=True))
    assert "not in the claims history" in reasons["C9"]
    assert "code, modifiers" in reasons["C1"]
    assert all(unmatched["segment"] > 0)


def test_worklist_and_summary(history: tuple[Path, Path], tmp_path: Path) -> None:
    claims, remits = history
    result = variance(claims, CURRENT, remits=[remits])
    assert result.total_shortfall == D("518.00")  # 287.50 + 60 + 0.50 + 85 + 85
    worklist = result.worklist
    assert list(worklist["shortfall"]) == sorted(worklist["shortfall"], reverse=True)
    assert set(worklist["status"]) == {"underpaid", "denied"}
    summary = result.summary.set_index(["section", "key"])
    assert summary.loc[("status", "denied"), "lines"] == 3
    assert summary.loc[("all", "all"), "shortfall"] == D("518.00")
    assert summary.loc[("carc", "CO-197"), "shortfall"] == D("60.00")
    written = write_variance(result, tmp_path / "out")
    assert {p.name for p in written} == {
        "variance.csv",
        "variance_summary.csv",
        "unmatched_remits.csv",
        "worklist.xlsx",
    }
    book = load_workbook(tmp_path / "out" / "worklist.xlsx")
    sheet = book["worklist"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:V{len(worklist) + 1}"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["claim_id", "line_number"]
    first = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert first["claim_id"].value == "C1" and first["line_number"].value == 2
    assert Decimal(str(first["shortfall"].value)) == D("287.50")
    assert "$" in first["shortfall"].number_format
    text = (tmp_path / "out" / "variance.csv").read_text()
    assert "C1,2," in text and ",underpaid," in text


def test_text_cells_are_never_formulas(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c", ["=1+2,1,P1,ACME,2025-01-06,,S9500,,1,100.00,,"])
    remits = tmp_path / "r.835"
    remits.write_text(
        write_835(
            [
                claim(
                    "=1+2",
                    service(
                        "S9500", "100", "0", "1", JAN, ref="1", adjustments=(("CO", "50", "100"),)
                    ),
                )
            ]
        )
    )
    result = variance(claims, CURRENT, remits=[remits])
    write_variance(result, tmp_path / "out")
    cell = load_workbook(tmp_path / "out" / "worklist.xlsx")["worklist"]["A2"]
    assert cell.value == "=1+2" and cell.data_type == "s"
    assert "'=1+2,1," in (tmp_path / "out" / "variance.csv").read_text()


def test_table_payment_columns_without_an_835(tmp_path: Path) -> None:
    header = "claim_id,line_number,patient_id,service_from,hcpcs,units,billed_charge,paid,patient_responsibility,carc"  # noqa: E501
    claims = write_claims(
        tmp_path / "c",
        [
            "C1,1,P1,2025-01-06,S9500,2,200.00,100.00,20.00,CO-45 PR-2",
            "C1,2,P1,2025-01-07,S9500,1,100.00,,,",
        ],
        header,
    )
    rows = _by_line(variance(claims, CURRENT))
    assert rows[("C1", 1)]["payer_allowed"] == D("120.00")
    assert rows[("C1", 1)]["status"] == "underpaid" and rows[("C1", 1)]["shortfall"] == D("50.00")
    assert rows[("C1", 2)]["status"] == "no_remittance"


def test_cli_exit_codes_and_fail_over(history: tuple[Path, Path], tmp_path: Path) -> None:
    claims, remits = history
    runner = CliRunner()
    base = ["variance", str(claims), "-c", str(CURRENT), "-r", str(remits), "--out"]
    ok = runner.invoke(app, [*base, str(tmp_path / "a"), "--fail-over", "1000"])
    assert ok.exit_code == 0, ok.output
    assert "2 remittance line(s) matched no claim line" in ok.output
    over = runner.invoke(app, [*base, str(tmp_path / "b"), "--fail-over", "500"])
    assert over.exit_code == 1
    assert "exceeds --fail-over" in over.output
    bad = runner.invoke(app, [*base, str(tmp_path / "c"), "--tolerance", "abc"])
    assert bad.exit_code == 2
