"""Ids that look like spreadsheet formulas are written as text: never live in xlsx, neutralised
(``'`` prefix, as OWASP recommends) in every CSV a run writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from infusionkit.cells import FORMULA_START, csv_safe_table, csv_text, xlsx_text_cell

from . import builders
from .harness import Case, Result, Run, problems_of

KLASS = "formula_injection"
PAYLOADS = ('=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "-2+3")


def _outputs_are_inert(tmp: Path, _result: Result) -> list[str]:
    out = tmp / "out"
    problems = []
    for name in ("lines.csv", "summary.csv", "unbilled.csv"):
        path = out / name
        if not path.is_file():
            problems.append(f"{name} not written")
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                live = [cell for cell in row if cell.startswith(FORMULA_START)]
                if live:
                    problems.append(f"{name} line {number} has live cells {live}")
    text = "".join(
        (out / name).read_text(encoding="utf-8")
        for name in ("lines.csv", "summary.csv", "unbilled.csv")
        if (out / name).is_file()
    ).replace('""', '"')
    for payload in PAYLOADS:
        if f"'{payload}" not in text:
            problems.append(f"payload {payload!r} not kept as neutralised text")
    if (out / "lines.xlsx").is_file():
        sheet = load_workbook(out / "lines.xlsx")["lines"]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"lines.xlsx {cell.coordinate} is a formula: {cell.value!r}")
                if (
                    isinstance(cell.value, str)
                    and cell.value.startswith("=")
                    and not (cell.quotePrefix)
                ):
                    problems.append(f"lines.xlsx {cell.coordinate} lacks the quote prefix")
        values = {c.value for row in sheet.iter_rows() for c in row}
        if PAYLOADS[0] not in values:
            problems.append("the =HYPERLINK id is not kept as text in lines.xlsx")
    return problems


def _ids_as_formulas(tmp: Path) -> Run:
    hyperlink, plus, at, minus = PAYLOADS
    quoted = '"' + hyperlink.replace('"', '""') + '"'
    source = builders.episodes(
        tmp,
        therapies=(
            builders.THERAPIES.splitlines()[0]
            + "\n"
            + f"{quoted},{plus},MRN-884421,ACME,S9500,2025-01-01,2025-01-10,24,,\n"
            + f"{minus},E2,MRN-551903,ACME,S9365,2025-01-07,2025-01-08,24,ais,1500\n"
        ),
        drugs=(
            "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
            f"D1,{at},{quoted},2025-01-01,J3370,,8.125,120.00\n"
        ),
        holds="patient_id,therapy_id,start_date,end_date,reason\nMRN-551903,,2025-01-01,2025-01-31,x\n",
        nursing=None,
        other=None,
    )
    return Run(
        builders.simulate_args(tmp, source=source, extra=("-f", "csv,xlsx")),
        exit_code=0,
        secrets=builders.PATIENTS,
        check=_outputs_are_inert,
    )


def _phi_as_formula(tmp: Path) -> Run:
    source = builders.episodes(
        tmp,
        therapies=builders.THERAPIES.replace("MRN-884421", "=cmd|'/C calc'!A0"),
        holds=None,
        nursing=None,
    )

    def check(tmp: Path, _result: Result) -> list[str]:
        text = (tmp / "out" / "lines.csv").read_text(encoding="utf-8")
        if "'=cmd|'/C calc'!A0" not in text:
            return ["raw patient id written with --include-phi is not neutralised"]
        return []

    return Run(
        builders.simulate_args(tmp, source=source, extra=("--include-phi",)),
        exit_code=0,
        check=check,
    )


CASES = [
    Case(KLASS, "ids as formulas in lines, summary, unbilled (csv, xlsx)", _ids_as_formulas),
    Case(KLASS, "raw patient id as formula with --include-phi", _phi_as_formula),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_written_as_text(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_csv_text_neutralises_every_formula_start(text: str) -> None:
    assert csv_text(text) == "'" + text
    assert csv_text("a" + text) == "a" + text


def test_arrow_tables_keep_numbers_and_nulls() -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "text": pa.array(["=x", None, "ok"]),
            "codes": pa.array(["-a", "b", "-a"]).dictionary_encode(),
            "money": pa.array([-1, 2, 3]),
        }
    )
    safe = csv_safe_table(table).to_pydict()
    assert safe == {"text": ["'=x", None, "ok"], "codes": ["'-a", "b", "'-a"], "money": [-1, 2, 3]}


def test_text_cell_strips_characters_excel_cannot_hold(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append([xlsx_text_cell(sheet, "a\x01b\x0bc"), xlsx_text_cell(sheet, "=1")])
    book.save(tmp_path / "x.xlsx")
    row = next(load_workbook(tmp_path / "x.xlsx")["s"].iter_rows())
    assert [c.value for c in row] == ["a\ufffdb\ufffdc", "=1"]
    assert row[1].data_type == "s" and row[1].quotePrefix


def test_episode_writers_neutralise_csv_and_keep_xlsx_text(tmp_path: Path) -> None:
    from infusionkit.episodes import from_frames, write_episodes

    source = builders.episodes(tmp_path, holds=None, nursing=None, drugs=None, other=None)
    import pandas as pd

    frame = pd.read_csv(source / "therapies.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "therapy_id"] = "=HYPERLINK(1)"
    episodes = from_frames(therapies=frame)
    write_episodes(episodes, tmp_path / "csv", "csv")
    assert "'=HYPERLINK(1)" in (tmp_path / "csv" / "therapies.csv").read_text()
    write_episodes(episodes, tmp_path / "xlsx", "xlsx")
    sheet = load_workbook(tmp_path / "xlsx" / "episodes.xlsx")["therapies"]
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
