"""Loading: dtypes, defaults, formats, line numbers, from_frames, filter_payer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from infusionkit.episodes import (
    TABLES,
    Episodes,
    from_frames,
    load_episodes,
    synth_episodes,
    write_episodes,
)
from infusionkit.errors import InputErrors

from .conftest import VALID, WriteSource


def test_valid_csv_folder_loads_with_normalised_types(write_source: WriteSource) -> None:
    episodes = load_episodes(write_source())
    t = episodes.therapies
    assert list(t["therapy_id"]) == ["T1", "T2", "T3"]
    assert t["therapy_id"].dtype == pd.StringDtype()
    assert t["start_date"].dtype == "datetime64[s]"
    assert t["dosing_interval_hours"].dtype == "float64"
    assert list(t["hcpcs"]) == ["S9500", "S9365", "S9338"]  # upper-cased, stripped
    assert list(t["site"]) == ["home", "ais", "home"]  # blank = home, case folded
    assert t["daily_volume_ml"].isna().tolist() == [True, False, True]
    assert t["source_line"].tolist() == [2, 3, 4]
    assert t["source_line"].dtype == "int64"
    assert episodes.holds["therapy_id"].isna().tolist() == [True, False]
    assert episodes.nursing["minutes"].tolist() == [150, 151]
    assert episodes.nursing["minutes"].dtype == "int64"
    drugs = episodes.drugs
    assert drugs["units"].tolist() == [Decimal("8.125"), Decimal("40")]
    assert drugs["billed_charge"].tolist() == [Decimal("1234.50"), None]
    assert drugs["hcpcs"].tolist() == ["J0696", "J1569"]
    assert drugs["ndc"].iloc[0] == "00409733701"  # leading zeros kept: text, never a number
    assert drugs["ndc"].isna().iloc[1]
    assert episodes.other["units"].tolist() == [Decimal("10"), Decimal("1.5")]
    assert episodes.counts() == {
        "therapies": 3,
        "holds": 2,
        "administrations": 2,
        "nursing": 2,
        "drugs": 2,
        "other": 2,
    }
    assert len(episodes.files) == 6


def test_optional_tables_are_empty_with_columns(write_source: WriteSource) -> None:
    folder = write_source(holds=None, administrations=None, nursing=None, drugs=None, other=None)
    episodes = load_episodes(folder)
    assert episodes.files == (folder / "therapies.csv",)
    for name in TABLES[1:]:
        frame = episodes.table(name)
        assert len(frame) == 0
        assert "source_line" in frame.columns
    assert episodes.drugs["service_date"].dtype == "datetime64[s]"
    assert episodes.nursing["minutes"].dtype == "int64"
    assert episodes.holds["patient_id"].dtype == pd.StringDtype()


def test_excel_style_csv_with_bom_crlf_and_blank_lines(write_source: WriteSource) -> None:
    folder = write_source()
    text = VALID["therapies"].replace("\n", "\r\n")
    lines = text.split("\r\n")
    lines.insert(2, "")  # blank line after the first data row
    lines[3] = lines[3].replace("T2", '"T2"')
    (folder / "therapies.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    therapies = load_episodes(folder).therapies
    assert list(therapies.columns[:2]) == ["therapy_id", "episode_id"]  # BOM not in the name
    assert therapies["therapy_id"].tolist() == ["T1", "T2", "T3"]
    assert therapies["source_line"].tolist() == [2, 4, 5]


def test_quoted_line_break_counts_lines(write_source: WriteSource) -> None:
    folder = write_source(
        holds="patient_id,therapy_id,start_date,end_date,reason\n"
        'P1,,2025-01-07,2025-01-08,"two\nlines"\n'
        "P2,T9,2025-02-10,2025-02-11,hold\n"
    )
    with pytest.raises(InputErrors) as caught:
        load_episodes(folder)
    (error,) = caught.value.errors
    assert error.line == 4 and error.row_id == "T9"


def test_unknown_columns_kept_as_text(write_source: WriteSource) -> None:
    text = VALID["other"].replace("billed_charge\n", "billed_charge,Note\n")
    text = text.replace("150.00\n", "150.00,left arm\n")
    other = load_episodes(write_source(other=text)).other
    assert other["note"].iloc[0] == "left arm"
    assert other["note"].isna().iloc[1]
    assert other["note"].dtype == pd.StringDtype()


def _equal(a: Episodes, b: Episodes) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(
            a.table(name).drop(columns="source_line"), b.table(name).drop(columns="source_line")
        )


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_three_formats_load_to_equal_frames(tmp_path: Path, fmt: str) -> None:
    synthetic = synth_episodes(40, seed=7)
    written = write_episodes(synthetic, tmp_path / fmt, fmt)  # type: ignore[arg-type]
    source = written[0] if fmt == "xlsx" else tmp_path / fmt
    loaded = load_episodes(source)
    _equal(loaded, synthetic)
    assert set(loaded.files) == set(written)


def test_xlsx_line_numbers_are_sheet_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "therapies"
    sheet.append(
        [
            "therapy_id",
            "episode_id",
            "patient_id",
            "hcpcs",
            "start_date",
            "end_date",
            "dosing_interval_hours",
            "daily_volume_ml",
        ]
    )
    sheet.append(["T1", "E1", "P1", "S9500", "2025-01-01", "2025-01-05", 24, None])
    sheet.append([])
    sheet.append(["T2", "E1", "P1", "S9366", "2025-01-01", "2025-01-05", 24.0, 1500.5])
    sheet.append(["T3", "E1", "P1", "S9366", "2025-01-01", "2025-01-05", "x", 0.1])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(InputErrors) as caught:
        load_episodes(path)
    (error,) = caught.value.errors
    assert (error.file, error.line, error.row_id, error.column) == (
        f"{path}#therapies",
        5,
        "T3",
        "dosing_interval_hours",
    )


def test_parquet_decimal_and_float_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "pq"
    folder.mkdir()
    therapies = pa.table(
        {
            "therapy_id": ["T1"],
            "episode_id": ["E1"],
            "patient_id": ["P1"],
            "hcpcs": ["S9500"],
            "start_date": pa.array([pd.Timestamp("2025-01-01").date()], pa.date32()),
            "end_date": ["2025-01-03"],
            "dosing_interval_hours": [24.0],
        }
    )
    other = pa.table(
        {
            "line_id": ["O1", "O2"],
            "episode_id": ["E1", "E1"],
            "hcpcs": ["S5035", "S5520"],
            "service_date": ["2025-01-01", "2025-01-02"],
            "units": [0.1, 2.0],  # floats: read through their shortest text
            "billed_charge": pa.array([Decimal("12.50"), None], pa.decimal128(10, 2)),
        }
    )
    pq.write_table(therapies, folder / "therapies.parquet")
    pq.write_table(other, folder / "other.parquet")
    episodes = load_episodes(folder)
    assert episodes.other["units"].tolist() == [Decimal("0.1"), Decimal("2.0")]
    assert episodes.other["billed_charge"].tolist() == [Decimal("12.50"), None]
    assert episodes.other["source_line"].tolist() == [1, 2]
    assert episodes.therapies["start_date"].iloc[0] == pd.Timestamp("2025-01-01")


def test_from_frames_validates_like_files() -> None:
    therapies = pd.DataFrame(
        {
            "therapy_id": ["T1", "T1"],
            "episode_id": ["E1", "E1"],
            "patient_id": ["P1", "P1"],
            "hcpcs": ["S9500", "S9501"],
            "start_date": ["2025-01-01", "2025-01-01"],
            "end_date": ["2025-01-02", "2025-01-02"],
            "dosing_interval_hours": [24, 12],
        }
    )
    with pytest.raises(InputErrors) as caught:
        from_frames(therapies=therapies)
    (error,) = caught.value.errors
    assert (error.file, error.line, error.row_id, error.column) == (
        "therapies",
        2,
        "T1",
        "therapy_id",
    )


def test_from_frames_round_trips_typed_frames() -> None:
    synthetic = synth_episodes(30, seed=3)
    again = from_frames(**{name: synthetic.table(name) for name in TABLES})
    for name in TABLES:
        pd.testing.assert_frame_equal(again.table(name), synthetic.table(name))


def test_filter_payer_keeps_rows_of_kept_episodes(write_source: WriteSource) -> None:
    episodes = load_episodes(write_source())
    other = episodes.filter_payer("OTHER")
    assert other.therapies["therapy_id"].tolist() == ["T3"]
    assert other.holds["therapy_id"].tolist() == ["T3"]
    assert other.administrations["therapy_id"].tolist() == ["T3", "T3"]
    assert other.nursing["visit_id"].tolist() == ["V2"]
    assert other.drugs["line_id"].tolist() == ["D2"]
    assert other.other["line_id"].tolist() == ["O2"]
    acme = episodes.filter_payer("ACME")
    assert acme.holds["patient_id"].tolist() == ["P1"]  # the patient-level hold
    assert episodes.filter_payer("NOBODY").counts() == dict.fromkeys(TABLES, 0)
