"""Inputs that used to end in a traceback now end with exit 2 and a located message: non-UTF-8
files, control characters bound for xlsx/docx writers, an --out that is a file, a full standard
output, and synth arguments out of range."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import builders
from .harness import Case, Run, problems_of

KLASS = "tracebacks"


def _latin1_rates(name: str) -> object:
    def build(tmp: Path) -> Run:
        text = builders.CHARGEMASTER if name == "chargemaster" else builders.DRUG_PRICES
        data = text.encode("utf-8").replace(b"\n", b" caf\xe9\n", 2)
        rates = builders.rates(tmp, **{name: data})
        return Run(
            builders.simulate_args(tmp, rates_dir=rates),
            mentions=(f"{name}.csv", "line 1", "not UTF-8", "0xE9"),
        )

    return build


def _latin1_episodes(tmp: Path) -> Run:
    source = builders.episodes(tmp)
    therapies = builders.THERAPIES.replace("ACME,S9365", "Soci\xe9t\xe9,S9365")
    (source / "therapies.csv").write_bytes(therapies.encode("latin-1"))
    return Run(
        builders.simulate_args(tmp, source=source),
        mentions=("therapies.csv", "line 3", "not UTF-8"),
        secrets=builders.PATIENTS,
    )


def _control_in_episodes(old: str, new: str, line: int, column: str) -> object:
    def build(tmp: Path) -> Run:
        source = builders.episodes(tmp, therapies=builders.THERAPIES.replace(old, new, 1))
        return Run(
            builders.simulate_args(tmp, source=source, extra=("-f", "csv,xlsx")),
            mentions=("therapies.csv", f"line {line}", column, "control character"),
            secrets=builders.PATIENTS,
        )

    return build


def _control_in_payer(command: str) -> object:
    def build(tmp: Path) -> Run:
        text = builders.CONTRACT.replace(
            "payer: Hostile Health", 'payer: "Hostile\\x01Health\\x0b"'
        )
        path = builders.contract(tmp, text)
        out = str(tmp / "out")
        if command == "report":
            source = builders.episodes(tmp)
            args = ["report", str(source), "-c", str(path), "--rates", str(builders.rates(tmp))]
            args += ["--format", "docx", "--out", out]
        else:
            args = ["propose", str(path), "--proposal", str(path), "--out", out]
        return Run(args, mentions=("contract.yaml", "line 2", "payer", "control character"))

    return build


def _out_is_a_file(command: str) -> object:
    def build(tmp: Path) -> Run:
        target = tmp / "not-a-folder"
        target.write_text("an existing file\n")
        contract = builders.contract(tmp)
        if command == "propose":
            args = ["propose", str(contract), "--proposal", str(contract), "--out", str(target)]
        else:
            args = builders.simulate_args(tmp, out=target)
            args[0] = command
        return Run(args, mentions=("not-a-folder", "existing file"))

    return build


def _full_stdout(_tmp: Path) -> Run:
    return Run(
        ["codes"],
        subprocess=True,
        stdout_path="/dev/full",
        mentions=("cannot write the output", "No space left"),
    )


def _synth(*arguments: str, mention: str) -> object:
    def build(tmp: Path) -> Run:
        return Run(["synth", "--out", str(tmp / "out"), *arguments], mentions=(mention,))

    return build


CASES = [
    Case(KLASS, "latin-1 chargemaster.csv", _latin1_rates("chargemaster")),  # type: ignore[arg-type]
    Case(KLASS, "latin-1 drug_prices.csv", _latin1_rates("drug_prices")),  # type: ignore[arg-type]
    Case(KLASS, "latin-1 therapies.csv", _latin1_episodes),
    Case(
        KLASS, "\\x01 in a therapy id", _control_in_episodes("T1,E1", "T\x011,E1", 2, "therapy_id")
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "\\x0b in a payer id",
        _control_in_episodes("ACME,S9365", "AC\x0bME,S9365", 3, "payer_id"),
    ),  # type: ignore[arg-type]
    Case(KLASS, "\\x01 in the payer name (report docx)", _control_in_payer("report")),  # type: ignore[arg-type]
    Case(KLASS, "\\x01 in the payer name (propose)", _control_in_payer("propose")),  # type: ignore[arg-type]
    Case(KLASS, "simulate --out is a file", _out_is_a_file("simulate")),  # type: ignore[arg-type]
    Case(KLASS, "report --out is a file", _out_is_a_file("report")),  # type: ignore[arg-type]
    Case(KLASS, "propose --out is a file", _out_is_a_file("propose")),  # type: ignore[arg-type]
    Case(KLASS, "synth --start 9999-12-01", _synth("--start", "9999-12-01", mention="--start")),  # type: ignore[arg-type]
    Case(KLASS, "synth --start 1800-01-01", _synth("--start", "1800-01-01", mention="--start")),  # type: ignore[arg-type]
    Case(KLASS, "synth --seed -1", _synth("--seed", "-1", mention="--seed")),  # type: ignore[arg-type]
    Case(KLASS, "synth --seed 2**70", _synth("--seed", str(2**70), mention="--seed")),  # type: ignore[arg-type]
    Case(KLASS, "synth --months 1000000", _synth("--months", "1000000", mention="--months")),  # type: ignore[arg-type]
    Case(KLASS, "synth -n 10**11", _synth("-n", str(10**11), mention="--therapies")),  # type: ignore[arg-type]
]
if not os.path.exists("/dev/full"):  # pragma: no cover - not on Linux
    CASES = [case for case in CASES if case.name != "codes > /dev/full"]
else:
    CASES.append(Case(KLASS, "codes > /dev/full", _full_stdout))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_no_traceback(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_synth_arguments_are_checked_by_the_library() -> None:
    from datetime import date

    from infusionkit.episodes import synth_episodes
    from infusionkit.errors import InputErrors

    with pytest.raises(InputErrors, match="--seed"):
        synth_episodes(1, seed=-1)
    with pytest.raises(InputErrors, match="--start"):
        synth_episodes(1, start=date(2199, 6, 1), months=12)
