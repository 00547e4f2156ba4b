"""Every validation problem names file, line, row id and column; all are reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.episodes import load_episodes
from infusionkit.errors import MAX_SHOWN, InputError, InputErrors

from .conftest import VALID, WriteSource

THERAPY_HEADER = VALID["therapies"].splitlines()[0]


def problems(folder: Path) -> list[InputError]:
    with pytest.raises(InputErrors) as caught:
        load_episodes(folder)
    return list(caught.value.errors)


def where(error: InputError) -> tuple[str, int | None, str | None, str | None]:
    return (Path(error.file.split("#")[0]).name, error.line, error.row_id, error.column)


# Tables that mention therapies T2/T3 removed, for tests that only define T1.
ONLY_T1: dict[str, None] = {"holds": None, "administrations": None, "drugs": None}


def therapies(*rows: str) -> str:
    return THERAPY_HEADER + "\n" + "".join(row + "\n" for row in rows)


def test_missing_therapies_table(write_source: WriteSource) -> None:
    (error,) = problems(write_source(therapies=None))
    assert error.file.endswith("therapies.csv")
    assert "missing table 'therapies'" in error.message


def test_missing_source_is_an_input_error(tmp_path: Path) -> None:
    (error,) = problems(tmp_path / "nowhere")
    assert "not found" in error.message


def test_missing_required_columns_all_named(write_source: WriteSource) -> None:
    text = "therapy_id,patient_id,hcpcs,start_date\nT1,P1,S9500,2025-01-01\n"
    errors = problems(write_source(therapies=text))
    assert {e.column for e in errors} == {"episode_id", "end_date", "dosing_interval_hours"}
    assert all(e.line == 1 and "missing required column" in e.message for e in errors)


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("T9,E1,P1,,S9500,2025-13-01,2025-12-31,24,,", "start_date", "is not a date"),
        ("T9,E1,P1,,S9500,01/02/2025,2025-12-31,24,,", "start_date", "is not a date"),
        ("T9,E1,P1,,S9500,2025-1-2,2025-12-31,24,,", "start_date", "is not a date"),
        ("T9,E1,P1,,S9500,2025-01-01,2025-12-31,daily,,", "dosing_interval_hours", "not a number"),
        ("T9,E1,P1,,S9500,2025-02-01,2025-01-31,24,,", "end_date", "before start_date"),
        ("T9,E1,P1,,S9999,2025-01-01,2025-01-31,24,,", "hcpcs", "unknown code"),
        ("T9,E1,P1,,S5498,2025-01-01,2025-01-31,24,,", "hcpcs", "wrong kind: S5498 is a"),
        ("T9,E1,P1,,S9500,2025-01-01,2025-01-31,24,clinic,", "site", "unknown site"),
        ("T9,E1,P1,,S9500,2025-01-01,2025-01-31,-1,,", "dosing_interval_hours", "negative"),
        ("T9,E1,P1,,S9365,2025-01-01,2025-01-31,24,,0", "daily_volume_ml", "more than 0"),
        ("T9,,P1,,S9500,2025-01-01,2025-01-31,24,,", "episode_id", "blank"),
        ("T9,E1,P1,,S9500,2025-01-01,2025-01-31,,,", "dosing_interval_hours", "blank"),
    ],
)
def test_therapy_row_problems(
    write_source: WriteSource, row: str, column: str, fragment: str
) -> None:
    text = therapies("T1,E1,P1,,S9500,2025-01-01,2025-01-05,24,,", row)
    (error,) = problems(write_source(therapies=text, **ONLY_T1))
    assert where(error) == ("therapies.csv", 3, "T9", column)
    assert fragment in error.message
    assert error.allowed


def test_wrong_kind_message_names_the_kind(write_source: WriteSource) -> None:
    text = therapies("T1,E1,P1,,99601,2025-01-01,2025-01-05,24,,")
    (error,) = problems(write_source(therapies=text, **ONLY_T1))
    assert error.message == (
        "wrong kind: 99601 is a nursing_visit code, therapies need a per diem S-code"
    )


def test_duplicate_therapy_id_names_both_lines(write_source: WriteSource) -> None:
    text = therapies(
        "T1,E1,P1,,S9500,2025-01-01,2025-01-05,24,,",
        "T2,E1,P1,,S9500,2025-01-01,2025-01-05,24,,",
        "T1,E1,P1,,S9501,2025-01-01,2025-01-05,12,,",
    )
    (error,) = problems(write_source(therapies=text, **ONLY_T1))
    assert where(error) == ("therapies.csv", 4, "T1", "therapy_id")
    assert "lines 2 and 4" in error.message


@pytest.mark.parametrize(
    ("table", "text", "expected", "fragment"),
    [
        (
            "nursing",
            "visit_id,episode_id,patient_id,visit_date,minutes,site\n"
            "V1,E1,P1,2025-01-01,60,\nV1,E1,P1,2025-01-02,60,\n",
            ("nursing.csv", 3, "V1", "visit_id"),
            "lines 2 and 3",
        ),
        (
            "nursing",
            "visit_id,episode_id,patient_id,visit_date,minutes,site\nV1,E1,P1,2025-01-01,0,\n",
            ("nursing.csv", 2, "V1", "minutes"),
            "more than 0",
        ),
        (
            "nursing",
            "visit_id,episode_id,patient_id,visit_date,minutes,site\nV1,E1,P1,2025-01-01,90.5,\n",
            ("nursing.csv", 2, "V1", "minutes"),
            "not a whole number",
        ),
        (
            "nursing",
            "visit_id,episode_id,patient_id,visit_date,minutes,site\nV1,E1,P1,2025-01-01,90,suite\n",
            ("nursing.csv", 2, "V1", "site"),
            "unknown site",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,1,5\nD1,E1,T1,2025-01-02,J0696,,1,5\n",
            ("drugs.csv", 3, "D1", "line_id"),
            "lines 2 and 3",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,S9500,,1,5\n",
            ("drugs.csv", 2, "D1", "hcpcs"),
            "wrong kind: S9500 is a per diem S-code",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J12,,1,5\n",
            ("drugs.csv", 2, "D1", "hcpcs"),
            "not a HCPCS level II code",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,1.2345,5\n",
            ("drugs.csv", 2, "D1", "units"),
            "more than 3 decimal places",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,-1,5\n",
            ("drugs.csv", 2, "D1", "units"),
            "negative",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,1,-5\n",
            ("drugs.csv", 2, "D1", "billed_charge"),
            "negative",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,1,5.001\n",
            ("drugs.csv", 2, "D1", "billed_charge"),
            "more than 2 decimal places",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,1,five\n",
            ("drugs.csv", 2, "D1", "billed_charge"),
            "is not a dollar amount",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T7,2025-01-01,J0696,,1,5\n",
            ("drugs.csv", 2, "D1", "therapy_id"),
            "'T7' is not in therapies",
        ),
        (
            "drugs",
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            "D1,E1,T1,2025-01-01,J0696,,,5\n",
            ("drugs.csv", 2, "D1", "units"),
            "blank",
        ),
        (
            "other",
            "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
            "O1,E1,S9500,2025-01-01,1,\n",
            ("other.csv", 2, "O1", "hcpcs"),
            "wrong kind: S9500 is a per_diem code",
        ),
        (
            "other",
            "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
            "O1,E1,99602,2025-01-01,1,\n",
            ("other.csv", 2, "O1", "hcpcs"),
            "wrong kind: 99602 is a nursing_visit code",
        ),
        (
            "other",
            "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
            "O1,E1,96365,2025-01-01,1,\n",
            ("other.csv", 2, "O1", "hcpcs"),
            "not a HCPCS level II code",
        ),
        (
            "other",
            "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
            "O1,E1,S5035,2025-01-01,1,\nO1,E1,S5035,2025-02-01,1,\n",
            ("other.csv", 3, "O1", "line_id"),
            "lines 2 and 3",
        ),
        (
            "holds",
            "patient_id,therapy_id,start_date,end_date,reason\nP1,T1,2025-01-09,2025-01-08,\n",
            ("holds.csv", 2, "T1", "end_date"),
            "before start_date",
        ),
        (
            "holds",
            "patient_id,therapy_id,start_date,end_date,reason\nP1,T8,2025-01-07,2025-01-08,\n",
            ("holds.csv", 2, "T8", "therapy_id"),
            "'T8' is not in therapies",
        ),
        (
            "holds",
            "patient_id,therapy_id,start_date,end_date,reason\nP2,T1,2025-01-07,2025-01-08,\n",
            ("holds.csv", 2, "T1", "patient_id"),
            "differs from the patient of therapy 'T1' (patient PT-",
        ),
        (
            "administrations",
            "therapy_id,date\nT3,2025-02-01\nT4,2025-02-02\n",
            ("administrations.csv", 3, "T4", "therapy_id"),
            "'T4' is not in therapies",
        ),
        (
            "administrations",
            "therapy_id,date\nT3,2025-02-30\n",
            ("administrations.csv", 2, "T3", "date"),
            "is not a date",
        ),
    ],
)
def test_other_table_problems(
    write_source: WriteSource,
    table: str,
    text: str,
    expected: tuple[str, int, str, str],
    fragment: str,
) -> None:
    (error,) = problems(write_source(**{table: text}))
    assert where(error) == expected
    assert fragment in error.message


def test_other_accepts_catalog_and_level2_codes(write_source: WriteSource) -> None:
    text = (
        "line_id,episode_id,hcpcs,service_date,units,billed_charge\n"
        "O1,E1,S5501,2025-01-01,1,\nO2,E1,s9810,2025-01-01,2.5,\nO3,E1,A4222,2025-01-01,1,\n"
        "O4,E1,S9123,2025-01-01,3,\n"
    )
    other = load_episodes(write_source(other=text)).other
    assert other["hcpcs"].tolist() == ["S5501", "S9810", "A4222", "S9123"]


def test_every_problem_reported_at_once(write_source: WriteSource) -> None:
    text = therapies(
        "T1,E1,P1,,S9500,2025-01-01,2025-01-05,24,,",
        "T2,E1,P1,,S9999,2025-01-01,2025-01-05,24,,",
        "T3,E1,P1,,S9500,2025-01-xx,2025-01-05,24,,",
    )
    nursing = "visit_id,episode_id,patient_id,visit_date,minutes,site\nV1,E1,P1,2025-01-01,0,\n"
    errors = problems(write_source(therapies=text, nursing=nursing, **ONLY_T1))
    assert [where(e) for e in errors] == [
        ("nursing.csv", 2, "V1", "minutes"),
        ("therapies.csv", 3, "T2", "hcpcs"),
        ("therapies.csv", 4, "T3", "start_date"),
    ]
    rendered = str(InputErrors(errors))
    assert "therapies.csv, line 3, id T2, hcpcs: unknown code 'S9999'" in rendered


def test_problems_capped_with_a_count(write_source: WriteSource) -> None:
    rows = [f"T{i},E1,P1,,S9999,2025-01-01,2025-01-05,24,," for i in range(1, 251)]
    folder = write_source(therapies=therapies(*rows), **ONLY_T1)
    with pytest.raises(InputErrors) as caught:
        load_episodes(folder)
    errors = caught.value.errors
    assert len(errors) == MAX_SHOWN and caught.value.total == 250
    assert all(e.message == "unknown code 'S9999'" for e in errors)
    assert caught.value.render().endswith("\n... and 200 more problem(s)")
