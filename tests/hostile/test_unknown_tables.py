"""A table under another name, or Parquet beside CSV, is an error (with a close name: a suggestion),
never skipped silently (nursing $0)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from infusionkit.episodes import load_episodes

from . import builders
from .harness import Case, Run, problems_of

KLASS = "unknown_tables"


def _renamed(file: str, table: str, *mentions: str) -> object:
    def build(tmp: Path) -> Run:
        source = builders.episodes(tmp, **{table: None, file: builders.VALID[table]})
        return Run(builders.simulate_args(tmp, source=source), mentions=(file, *mentions))

    return build


def _parquet_beside_csv(tmp: Path) -> Run:
    source = builders.episodes(tmp, nursing=None)
    pq.write_table(pa.table({"visit_id": ["V1"]}), source / "nursing.parquet")
    return Run(builders.simulate_args(tmp, source=source), mentions=("CSV and Parquet", "nursing"))


def _subfolder(tmp: Path) -> Run:
    source = builders.episodes(tmp, nursing=None)
    (source / "nursing").mkdir()
    (source / "nursing" / "nursing.csv").write_text(builders.VALID["nursing"])
    return Run(builders.simulate_args(tmp, source=source), mentions=("unknown folder 'nursing'",))


def _sheet(title: str, *mentions: str) -> object:
    def build(tmp: Path) -> Run:
        sheets = builders.valid_sheets()
        sheets[title] = sheets.pop("nursing")
        book = builders.xlsx_book(tmp / "episodes.xlsx", sheets)
        return Run(builders.simulate_args(tmp, source=book), mentions=(title, *mentions))

    return build


def _twin_sheets(tmp: Path) -> Run:
    sheets = builders.valid_sheets()
    sheets["Nursing"] = sheets["nursing"]
    book = builders.xlsx_book(tmp / "episodes.xlsx", sheets)
    return Run(builders.simulate_args(tmp, source=book), mentions=("'nursing' and 'Nursing'",))


CASES = [
    Case(KLASS, "Nursing.csv", _renamed("Nursing.csv", "nursing", "did you mean 'nursing.csv'")),  # type: ignore[arg-type]
    Case(KLASS, "drug.csv", _renamed("drug.csv", "drugs", "did you mean 'drugs.csv'")),  # type: ignore[arg-type]
    Case(KLASS, "therapies.CSV", _renamed("therapies.CSV", "therapies", "'therapies.csv'")),  # type: ignore[arg-type]
    Case(KLASS, "nursing_visits.csv", _renamed("nursing_visits.csv", "nursing", "'nursing.csv'")),  # type: ignore[arg-type]
    Case(KLASS, "holds.txt", _renamed("holds.txt", "holds", "'holds.csv'")),  # type: ignore[arg-type]
    Case(KLASS, "Parquet beside CSV", _parquet_beside_csv),
    Case(KLASS, "table in a subfolder", _subfolder),
    Case(KLASS, "sheet 'Nursing visits'", _sheet("Nursing visits", "did you mean 'nursing'")),  # type: ignore[arg-type]
    Case(KLASS, "sheet 'Drug'", _sheet("Drug", "did you mean 'drugs'")),  # type: ignore[arg-type]
    Case(KLASS, "sheets 'nursing' and 'Nursing'", _twin_sheets),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_notes_hidden_files_and_empty_extra_sheets_are_fine(tmp_path: Path) -> None:
    source = builders.episodes(tmp_path)
    (source / "README.md").write_text("where the data came from")
    (source / ".DS_Store").write_bytes(b"\0")
    assert load_episodes(source).counts()["nursing"] == 2
    sheets = builders.valid_sheets()
    sheets["Sheet1"] = []
    assert load_episodes(builders.xlsx_book(tmp_path / "b.xlsx", sheets)).counts()["nursing"] == 2
