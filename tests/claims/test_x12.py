"""X12 reading: delimiters from ISA, round trips, and bad files named by segment position."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from infusionkit.claims import load_claims
from infusionkit.claims.x12_write import write_837
from infusionkit.claims.x835 import load_remits
from infusionkit.cli.main import app
from infusionkit.errors import InputErrors
from tests.claims.helpers import CURRENT, SAMPLE, write_claims

COLUMNS = [
    "claim_id",
    "line_number",
    "patient_id",
    "payer_id",
    "service_from",
    "service_to",
    "hcpcs",
    "modifiers",
    "units",
    "billed_charge",
    "ndc",
]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    left = a[COLUMNS].astype(object).where(a[COLUMNS].notna(), None)
    right = b[COLUMNS].astype(object).where(b[COLUMNS].notna(), None)
    assert left.to_dict("records") == right.to_dict("records")


def test_sample_837p_reads_back_as_the_claim_lines_it_came_from() -> None:
    table = load_claims(SAMPLE / "claim_lines.csv")
    x12 = load_claims(SAMPLE / "acme_2025.837p.x12")
    assert x12.kind == "x12" and len(x12) == len(table) > 2000
    _same(table.frame, x12.frame)
    # X12 lines carry no line type: the code's kind decides (infrequent becomes per_diem)
    changed = table.frame["line_type"] != x12.frame["line_type"]
    assert set(table.frame["line_type"][changed]) == {"infrequent"}
    assert set(x12.frame["line_type"][changed]) == {"per_diem"}


@pytest.fixture()
def small(tmp_path: Path) -> str:
    claims = write_claims(
        tmp_path / "c",
        [
            "C1,1,P1,ACME,2025-01-06,2025-01-15,S9500,,10,1200.00,,",
            "C1,2,P1,ACME,2025-01-06,2025-01-15,S9502,SH SS,10,1500.00,,",
            "C1,3,P1,ACME,2025-01-06,,J0696,,4,80.00,00409653201,",
            "C2,1,P2,OTHER,2025-02-01,,99601,,1,200.00,,",
        ],
    )
    return write_837(load_claims(claims).frame)


def test_round_trip_and_other_delimiters(small: str, tmp_path: Path) -> None:
    plain = tmp_path / "a.837"
    plain.write_text(small)
    # the same interchange with | elements, > components and one segment per line, no "~"
    other = small.replace("*", "|").replace(":", ">").replace("~\n", "\n")
    other = other.replace("|^|00501", "|!|00501")
    odd = tmp_path / "b.837"
    odd.write_text(other)
    _same(load_claims(plain).frame, load_claims(odd).frame)
    frame = load_claims(plain).frame
    assert list(frame["modifiers"].fillna("")) == ["", "SH SS", "", ""]
    assert list(frame["payer_id"]) == ["ACME", "ACME", "ACME", "OTHER"]
    assert frame["ndc"].iloc[2] == "00409653201"


def _errors(path: Path) -> str:
    with pytest.raises(InputErrors) as caught:
        load_claims(path)
    return caught.value.render()


def _recount(text: str) -> str:
    """The text with SE01 counting its transaction's segments again (after a removal)."""
    segments = text.split("~\n")
    st = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    parts = segments[se].split("*")
    segments[se] = "*".join([parts[0], str(se - st + 1), *parts[2:]])
    return "~\n".join(segments)


def _segment_of(text: str, start: str) -> int:
    return next(i for i, s in enumerate(text.split("~\n"), start=1) if s.startswith(start))


@pytest.mark.parametrize(
    ("mangle", "expect"),
    [
        (lambda t: t[: len(t) // 2], "truncated"),
        (lambda t: t.replace("*00501*", "*00401*"), "ISA12"),
        (lambda t: t.replace("005010X222A1", "005010X223A2", 1), "GS08"),
        (lambda t: t.replace("SE*", "XX*"), "has no SE"),
        (lambda t: t.replace("IEA*1*000000001~\n", ""), "no IEA"),
        (lambda t: t.replace("ST*837*0001", "ST*835*0001"), "ST01"),
        (lambda t: t.replace("SV1*HC:J0696*80.00", "SV1*HC:J0696*8O.00"), "SV102"),
        (lambda t: _recount(t.replace("DTP*472*D8*20250201~\n", "")), "no service date"),
    ],
)
def test_bad_x12_names_the_segment(small: str, tmp_path: Path, mangle: object, expect: str) -> None:
    bad = tmp_path / "bad.837"
    text = mangle(small)  # type: ignore[operator]
    assert text != small
    bad.write_text(text)
    message = _errors(bad)
    assert expect in message
    assert "segment " in message


def test_missing_sv1_and_wrong_counts(small: str, tmp_path: Path) -> None:
    lines = small.split("~\n")
    at = _segment_of(small, "SV1*HC:99601")
    without = "~\n".join(lines[: at - 1] + lines[at:])
    path = tmp_path / "x.837"
    path.write_text(without)
    assert "SE01" in _errors(path)  # the count no longer matches: edited or truncated
    path.write_text(_recount(without))
    message = _errors(path)
    assert f"segment {at - 1}" in message and "no SV1" in message


def test_bad_value_is_named_by_segment_and_element(small: str, tmp_path: Path) -> None:
    path = tmp_path / "x.837"
    path.write_text(small.replace("SV1*HC:S9500*1200.00*UN*10", "SV1*HC:S9500*1200.00*UN*-10"))
    message = _errors(path)
    at = _segment_of(small, "SV1*HC:S9500")
    assert f"segment {at}, id C1, SV104 (units): must not be negative" in message


def test_cli_exit_2_for_bad_x12(small: str, tmp_path: Path) -> None:
    path = tmp_path / "t.837"
    path.write_text(small[:-40])
    result = CliRunner().invoke(
        app, ["reprice", str(path), "-c", str(CURRENT), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "segment" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "lines.csv").exists()


def test_835_reads_amounts_exactly_and_rejects_an_837(tmp_path: Path) -> None:
    remits = load_remits(SAMPLE / "acme_2025.835.x12")
    frame = remits.frame
    assert len(frame) > 1500
    assert frame["paid"].map(type).eq(type(frame["paid"].iloc[0])).all()
    partial = frame[frame["carc"].str.contains("CO-151")].iloc[0]
    assert partial["rarc"] == "N362"
    with pytest.raises(InputErrors, match="ST01|GS08"):
        load_remits(SAMPLE / "acme_2025.837p.x12")
    not_x12 = tmp_path / "n.835"
    not_x12.write_text("hello")
    with pytest.raises(InputErrors, match="does not start with an ISA"):
        load_remits(not_x12)
