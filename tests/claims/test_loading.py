"""claim_lines sources: CSV, XLSX, Parquet, NDC normalisation and located validation errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusionkit.catalog.ndc import NdcError, normalize_ndc
from infusionkit.claims import load_claims
from infusionkit.errors import InputErrors
from tests.claims.helpers import HEADER, write_claims

GOOD = [
    "C1,1,P1,ACME,2025-01-06,2025-01-15,S9500,sh,10,1200.00,,",
    "C1,2,P1,ACME,2025-01-06,,J0696,,4.5,80.00,0409-6532-01,",
]


@pytest.mark.parametrize(
    ("text", "ndc"),
    [
        ("00409653201", "00409653201"),
        ("00409-6532-01", "00409653201"),
        ("0409-6532-01", "00409653201"),  # 4-4-2
        ("12345-678-90", "12345067890"),  # 5-3-2
        ("12345-6789-1", "12345678901"),  # 5-4-1
        (" 0409-6532-01 ", "00409653201"),
    ],
)
def test_ndc_forms_normalise_to_11_digits(text: str, ndc: str) -> None:
    assert normalize_ndc(text) == ndc


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("409653201", "lost its leading zeros"),
        ("409653201.0", "lost its leading zeros"),
        ("0409653201", "10 digits without hyphens"),
        ("123-4567-89", "segments of 3-4-2"),
        ("J0696", "is not an NDC"),
        ("123456789012", "is not an NDC"),
    ],
)
def test_bad_or_mangled_ndcs_are_refused(text: str, why: str) -> None:
    with pytest.raises(NdcError, match=why):
        normalize_ndc(text)


@given(
    st.sampled_from([(4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2)]),
    st.integers(0, 10**11 - 1),
)
def test_hyphenated_ndcs_keep_their_digits(shape: tuple[int, int, int], number: int) -> None:
    digits = str(number).rjust(11, "0")[-sum(shape) :]
    parts = [digits[: shape[0]], digits[shape[0] : shape[0] + shape[1]], digits[-shape[2] :]]
    ndc = normalize_ndc("-".join(parts))
    assert len(ndc) == 11 and ndc.isdigit()
    assert [ndc[:5].lstrip("0"), ndc[5:9].lstrip("0"), ndc[9:].lstrip("0")] == [
        p.lstrip("0") for p in parts
    ]


def test_csv_xlsx_and_parquet_read_the_same(tmp_path: Path) -> None:
    csv = write_claims(tmp_path / "csv", GOOD)
    frame = load_claims(csv).frame
    assert list(frame["modifiers"]) == ["SH", pd.NA] or frame["modifiers"].iloc[0] == "SH"
    assert frame["ndc"].iloc[1] == "00409653201"
    assert list(frame["line_type"]) == ["per_diem", "drug"]
    assert frame["service_to"].iloc[1] == frame["service_from"].iloc[1]
    raw = pd.read_csv(csv, dtype=str, keep_default_na=False)
    book = tmp_path / "claims.xlsx"
    raw.to_excel(book, sheet_name="claim_lines", index=False)
    parquet = tmp_path / "pq"
    parquet.mkdir()
    raw.to_parquet(parquet / "claim_lines.parquet")
    columns = ["claim_id", "line_number", "hcpcs", "modifiers", "units", "billed_charge", "ndc"]
    for other in (book, parquet, tmp_path / "csv"):
        assert load_claims(other).frame[columns].astype(str).equals(frame[columns].astype(str))


def test_every_problem_is_located(tmp_path: Path) -> None:
    rows = [
        "C1,1,P1,ACME,2025-01-06,2025-01-05,S9500,,10,1200.00,,",  # to before from
        "C1,1,P1,ACME,2025-01-06,,S9500,,1,100.00,,",  # duplicate line
        "C2,0,P2,ACME,06/01/2025,,XYZ,S,1.2345,12.345,409653201,",  # many problems
        "C3,1,P3,ACME,2025-01-06,,J0696,,1,10.00,,per_diem",  # line type does not fit the code
        "C4,1,P4,ACME,2025-01-06,,S9500,SH SJ,1,10.00,,weekly",
    ]
    path = write_claims(tmp_path, rows)
    with pytest.raises(InputErrors) as caught:
        load_claims(path)
    text = caught.value.render()
    for expected in (
        "line 2, id C1, service_to: service_to is before service_from",
        "line 3, id C1, line_number: claim C1 has line 1 twice (lines 2 and 3)",
        "line 4, id C2, line_number: must be 1 or more",
        "line 4, id C2, service_from: '06/01/2025' is not a date",
        "line 4, id C2, hcpcs: 'XYZ' is not a HCPCS code",
        "line 4, id C2, modifiers: 'S' is not a modifier",
        "line 4, id C2, units: '1.2345' has more than 3 decimal places",
        "line 4, id C2, billed_charge: '12.345' has more than 2 decimal places",
        "line 4, id C2, ndc: NDC '409653201' has lost its leading zeros",
        "line 5, id C3, line_type: line_type per_diem: J0696 is not a per diem code",
        "line 6, id C4, modifiers: SH and SJ on one line",
        "line 6, id C4, line_type: unknown line_type 'weekly'",
    ):
        assert expected in text, expected


def test_line_types_follow_the_catalog_places(tmp_path: Path) -> None:
    """A blank line type is the catalog place of the code (catalog.misfit), as in contracts."""
    rows = [
        "C1,1,P1,ACME,2025-01-06,,S9500,,1,100.00,,",
        "C1,2,P1,ACME,2025-01-06,,99601,,1,100.00,,",
        "C1,3,P1,ACME,2025-01-06,,S9123,,2,100.00,,",  # nursing by the hour: a nursing code
        "C1,4,P1,ACME,2025-01-06,,S9123,,2,100.00,,nursing",
        "C1,5,P1,ACME,2025-01-06,,J0696,,1,10.00,,",
        "C1,6,P1,ACME,2025-01-06,,S5497,,1,10.00,,",  # catheter care: neither of the three
        "C1,7,P1,ACME,2025-01-06,,S9500,,1,100.00,,infrequent",
    ]
    frame = load_claims(write_claims(tmp_path, rows)).frame
    assert list(frame["line_type"]) == [
        "per_diem",
        "nursing",
        "nursing",
        "nursing",
        "drug",
        "other",
        "infrequent",
    ]
    wrong = ["C2,1,P2,ACME,2025-01-06,,99601,,1,10.00,,other"]
    with pytest.raises(InputErrors) as caught:
        load_claims(write_claims(tmp_path / "wrong", wrong))
    assert "line_type other: 99601 is a nursing code" in caught.value.render()


def test_missing_columns_and_unknown_sources(tmp_path: Path) -> None:
    path = write_claims(tmp_path / "a", ["C1,1,P1"], "claim_id,line_number,patient_id")
    with pytest.raises(InputErrors, match="line 1, service_from: missing required column"):
        load_claims(path)
    with pytest.raises(InputErrors, match="claims source not found"):
        load_claims(tmp_path / "nothing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputErrors, match="no claim_lines table and no X12 file"):
        load_claims(empty)
    notes = tmp_path / "n.docx"
    notes.write_text("x")
    with pytest.raises(InputErrors, match="not a claims source"):
        load_claims(notes)


def test_header_only_table_is_empty_not_an_error(tmp_path: Path) -> None:
    path = write_claims(tmp_path, [], HEADER)
    assert len(load_claims(path)) == 0
