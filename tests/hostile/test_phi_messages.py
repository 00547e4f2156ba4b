"""Error messages never print a raw patient id: they name row and column and show a patient id
only as its keyed pseudonym (``patient PT-...``, as patient_ref in the outputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.episodes import load_episodes
from infusionkit.errors import InputErrors

from . import builders
from .harness import Case, Run, problems_of

KLASS = "phi_messages"
P1, P2 = builders.PATIENTS


def _therapies(old: str, new: str, *mentions: str, table: str = "therapies") -> object:
    def build(tmp: Path) -> Run:
        text = builders.VALID[table]
        assert old in text
        source = builders.episodes(tmp, **{table: text.replace(old, new)})
        return Run(
            builders.simulate_args(tmp, source=source),
            mentions=(f"{table}.csv", *mentions),
            secrets=builders.PATIENTS,
        )

    return build


def _many(tmp: Path) -> Run:
    rows = "".join(
        f"T{i},E{i},MRN-{900000 + i},ACME,S9500,MRN-{900000 + i},2025-01-10,24,,\n"
        for i in range(60)
    )
    source = builders.episodes(
        tmp, therapies=builders.THERAPIES.splitlines()[0] + "\n" + rows, holds=None, nursing=None
    )
    return Run(
        builders.simulate_args(tmp, source=source),
        mentions=("therapies.csv", "start_date", "patient PT-"),
        secrets=tuple(f"MRN-{900000 + i}" for i in range(60)),
    )


def _mapped(tmp: Path) -> Run:
    """A --map export whose date column holds a patient id: the mapping's own date message."""
    header = builders.THERAPIES.splitlines()[0].replace("patient_id", "PatientNo")
    header = header.replace("start_date", "Begin").replace("end_date", "Finish")
    rows = builders.THERAPIES.splitlines()[1:]
    rows[0] = rows[0].replace("2025-01-01,2025-01-10", f"{P1},01/10/2025")
    rows[1] = rows[1].replace("2025-01-05,2025-01-20", "01/05/2025,01/20/2025")
    source = builders.episodes(tmp, therapies=None, **{"courses.csv": "\n".join([header, *rows])})
    mapping = tmp / "map.yaml"
    mapping.write_text(
        "schema: infusionkit.mapping/1\ntables:\n  therapies:\n    file: courses.csv\n"
        "    columns: {patient_id: PatientNo, start_date: Begin, end_date: Finish}\n"
        '    dates: "%m/%d/%Y"\n'
    )
    return Run(
        builders.simulate_args(tmp, source=source, extra=("--map", str(mapping))),
        mentions=("courses.csv", "patient PT-"),
        secrets=builders.PATIENTS,
    )


CASES = [
    Case(
        KLASS,
        "patient id in a date column",
        _therapies(
            ",2025-01-01,2025-01-10", f",{P1},2025-01-10", "line 2", "start_date", "patient PT-"
        ),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "patient id in a number column",
        _therapies(",24,ais", f",{P2},ais", "line 3", "dosing_interval_hours", "patient PT-"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "patient id as a site",
        _therapies(",24,ais", f",24,{P2}", "line 3", "site", "patient PT-"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "patient id as a code",
        _therapies(",S9500,", f",{P1},", "line 2", "hcpcs", "patient PT-"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "patient id as money",
        _therapies(",120.00", f",{P1}", "line 2", "billed_charge", "patient PT-", table="drugs"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "patient id as a therapy id",
        _therapies(",T1,2025", f",{P2},2025", "line 2", "therapy_id", table="drugs"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "hold of another patient",
        _therapies("MRN-884421,,", f"{P2},T1,", "line 2", "patient_id", "differs", table="holds"),
    ),  # type: ignore[arg-type]
    Case(
        KLASS,
        "hold row without therapy id",
        _therapies(
            ",2025-01-07,2025-01-08", ",2025-01-07,2025-01-0x", "line 2", "end_date", table="holds"
        ),
    ),  # type: ignore[arg-type]
    Case(KLASS, "sixty patient ids in date cells", _many),
    Case(KLASS, "patient id in a mapped date column (--map)", _mapped),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_no_raw_patient_id(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_pseudonym_in_message_is_the_patient_ref(tmp_path: Path) -> None:
    from infusionkit.pseudonym import pseudonym

    source = builders.episodes(
        tmp_path, therapies=builders.THERAPIES.replace(",2025-01-01,", f",{P1},", 1)
    )
    with pytest.raises(InputErrors) as caught:
        load_episodes(source)
    assert f"patient {pseudonym(P1)} is not a date" in caught.value.render()


def test_include_phi_shows_the_raw_id(tmp_path: Path) -> None:
    source = builders.episodes(
        tmp_path, therapies=builders.THERAPIES.replace(",2025-01-01,", f",{P1},", 1)
    )
    with pytest.raises(InputErrors) as caught:
        load_episodes(source, include_phi=True)
    assert f"'{P1}' is not a date" in caught.value.render()


def test_simulate_include_phi_shows_the_raw_id_in_messages(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from infusionkit.cli.main import app

    source = builders.episodes(
        tmp_path, therapies=builders.THERAPIES.replace(",2025-01-01,", f",{P1},", 1)
    )
    args = builders.simulate_args(tmp_path, source=source)
    hidden = CliRunner().invoke(app, args)
    shown = CliRunner().invoke(app, [*args, "--include-phi"])
    assert hidden.exit_code == shown.exit_code == 2
    assert P1 not in hidden.stderr and "patient PT-" in hidden.stderr
    assert f"'{P1}' is not a date" in shown.stderr
