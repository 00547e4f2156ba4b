"""Workbooks whose declared extent is huge read in time linear in their data (one cell at
XFD1048576, thousands of formatted blank columns); oversize workbooks are refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infusionkit.episodes import load_episodes

from . import builders
from .harness import Case, Result, Run, problems_of

KLASS = "xlsx_bounds"
# Before: more than 10 minutes (XFD1048576) and 86 s (blank columns). Reads now take a few
# hundredths of a second; the limit leaves room for a loaded test machine.
LIMIT = 3.0


def _far_cell(tmp: Path) -> Run:
    book = builders.xlsx_book(
        tmp / "episodes.xlsx",
        builders.valid_sheets(),
        far_cell=("XFD1048576", "x"),
        dimension="A1:XFD1048576",
    )
    return Run(
        builders.simulate_args(tmp, source=book),
        mentions=("episodes.xlsx#therapies", "line 1048576", "XFD", "no header"),
        seconds=LIMIT,
    )


def _dimension_only(tmp: Path) -> Run:
    book = builders.xlsx_book(
        tmp / "episodes.xlsx", builders.valid_sheets(), dimension="A1:XFD1048576"
    )

    def check(tmp: Path, _result: Result) -> list[str]:
        return [] if (tmp / "out" / "lines.csv").is_file() else ["lines.csv not written"]

    return Run(builders.simulate_args(tmp, source=book), exit_code=0, check=check, seconds=LIMIT)


def _blank_columns(tmp: Path) -> Run:
    book = builders.xlsx_book(
        tmp / "episodes.xlsx",
        builders.valid_sheets(),
        blank_columns=5000,
        dimension="A1:GJH4",
    )

    def check(tmp: Path, _result: Result) -> list[str]:
        return [] if (tmp / "out" / "lines.csv").is_file() else ["lines.csv not written"]

    return Run(builders.simulate_args(tmp, source=book), exit_code=0, check=check, seconds=LIMIT)


def _too_wide(tmp: Path) -> Run:
    sheets = builders.valid_sheets()
    sheets["nursing"][0] += [f"extra{i}" for i in range(1200)]
    book = builders.xlsx_book(tmp / "episodes.xlsx", sheets)
    return Run(
        builders.simulate_args(tmp, source=book),
        mentions=("episodes.xlsx#nursing", "columns"),
        seconds=LIMIT,
    )


def _zip_bomb(tmp: Path) -> Run:
    """A member that claims to unpack to 600 MB (its size in the zip directory is all we read)."""
    import struct
    import zipfile

    book = builders.xlsx_book(tmp / "episodes.xlsx", builders.valid_sheets())
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 16)
    data = bytearray(book.read_bytes())
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"xl/media/padding.bin"))
    data[entry + 24 : entry + 28] = struct.pack("<I", 600 * 1024 * 1024)
    book.write_bytes(bytes(data))
    return Run(
        builders.simulate_args(tmp, source=book),
        mentions=("episodes.xlsx", "unpacks to"),
        seconds=LIMIT,
    )


CASES = [
    Case(KLASS, "one cell at XFD1048576", _far_cell),
    Case(KLASS, "declared extent A1:XFD1048576", _dimension_only),
    Case(KLASS, "5,000 formatted blank columns", _blank_columns),
    Case(KLASS, "1,200 header columns", _too_wide),
    Case(KLASS, "member claiming 600 MB unpacked", _zip_bomb),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bounded(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_cost_grows_linearly_with_blank_cells(tmp_path: Path) -> None:
    """Ten times the blank cells costs well under ten times more than the data alone would
    suggest: compare 500 and 5,000 blank columns on the same data."""
    seconds = []
    for columns in (500, 5000):
        book = builders.xlsx_book(
            tmp_path / f"b{columns}.xlsx",
            builders.valid_sheets(),
            blank_columns=columns,
            dimension="A1:B2",
        )
        started = time.perf_counter()
        load_episodes(book)
        seconds.append(time.perf_counter() - started)
    assert seconds[1] < 2.0
    assert seconds[1] < 10 * seconds[0] + 0.2


def test_values_keep_their_types(tmp_path: Path) -> None:
    sheets = builders.valid_sheets()
    sheets["therapies"][1][7] = 24  # a number cell
    episodes = load_episodes(builders.xlsx_book(tmp_path / "b.xlsx", sheets))
    assert list(episodes.therapies["dosing_interval_hours"]) == [24.0, 24.0]
