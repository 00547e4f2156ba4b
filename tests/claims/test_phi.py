"""PHI: patient names and member ids from 837P/835 files never reach an output or a message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from infusionkit.claims import load_claims
from infusionkit.claims.x12_write import write_835, write_837
from infusionkit.cli.main import app
from tests.claims.helpers import CURRENT, RATES, claim, service, write_claims

MEMBER = "ZQMEMBER771"
LAST, FIRST = "ZQLASTNAME", "ZQFIRSTNAME"
SECRETS = (MEMBER, LAST, FIRST)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    table = write_claims(
        tmp_path / "t",
        [
            f"C1,1,{MEMBER},ACME,2025-01-06,2025-01-15,S9500,,10,1200.00,,",
            f"C1,2,{MEMBER},ACME,2025-01-06,,99601,,1,200.00,,",
            f"C1,3,{MEMBER},ACME,2025-01-20,,99602,,1,100.00,,",
        ],
    )
    x12 = tmp_path / "claims.837"
    x12.write_text(write_837(load_claims(table).frame, names={MEMBER: (LAST, FIRST)}))
    remits = tmp_path / "remits.835"
    day = date(2025, 1, 6)
    remits.write_text(
        write_835(
            [
                claim(
                    "C1",
                    service(
                        "S9500",
                        "1200",
                        "800",
                        "10",
                        day,
                        end=date(2025, 1, 15),
                        ref="1",
                        adjustments=(("CO", "45", "400"),),
                    ),
                    patient_name=(LAST, FIRST),
                    member_id=MEMBER,
                ),
                claim(
                    "C7",
                    service("S9500", "100", "85", "1", day, ref="1"),
                    patient_name=(LAST, FIRST),
                    member_id=MEMBER,
                ),
            ]
        )
    )
    return x12, remits


def _outputs(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file())


def test_names_and_member_ids_never_reach_outputs(tmp_path: Path) -> None:
    x12, remits = _files(tmp_path)
    assert MEMBER in x12.read_text() and LAST in remits.read_text()
    runner = CliRunner()
    out = tmp_path / "out"
    runs = [
        [
            "reprice",
            str(x12),
            "-c",
            str(CURRENT),
            "--out",
            str(out / "r"),
            "-f",
            "csv,xlsx,parquet",
        ],
        ["variance", str(x12), "-c", str(CURRENT), "-r", str(remits), "--out", str(out / "v")],
        ["episodes", "from-claims", str(x12), "--out", str(out / "e")],
    ]
    for args in runs:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert not any(secret in result.output for secret in SECRETS)
    simulated = runner.invoke(
        app,
        [
            "simulate",
            str(out / "e"),
            "-c",
            str(CURRENT),
            "--rates",
            str(RATES),
            "--out",
            str(out / "s"),
        ],
    )
    assert simulated.exit_code == 0, simulated.output
    text = _outputs(out)
    assert text  # the runs wrote files
    assert not any(secret in text for secret in SECRETS)


def test_messages_about_bad_lines_show_no_patient_id(tmp_path: Path) -> None:
    x12, _ = _files(tmp_path)
    bad = tmp_path / "bad.837"
    bad.write_text(x12.read_text().replace("*UN*10", "*UN*ten"))
    result = CliRunner().invoke(
        app, ["reprice", str(bad), "-c", str(CURRENT), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "SV104 (units)" in result.output
    assert not any(secret in result.output for secret in SECRETS)
    table = write_claims(
        tmp_path / "two",
        [
            f"C1,1,{MEMBER},ACME,2025-01-06,,S9500,,1,100,,",
            "C1,2,OTHER99,ACME,2025-01-06,,S9500,,1,100,,",
        ],
    )
    result = CliRunner().invoke(
        app, ["reprice", str(table), "-c", str(CURRENT), "--out", str(tmp_path / "o2")]
    )
    assert result.exit_code == 2 and "more than one patient" in result.output
    assert MEMBER not in result.output and "OTHER99" not in result.output
