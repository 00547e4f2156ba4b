"""Small generated inputs for the hostile cases: a valid episodes source, contract and price files.

Every builder writes into a folder it is given and returns the paths; cases change one thing.
Patient ids are distinctive (``MRN-...``) so a leak is found by a plain text search.
"""

from __future__ import annotations

from pathlib import Path

PATIENTS = ("MRN-884421", "MRN-551903")

THERAPIES = (
    "therapy_id,episode_id,patient_id,payer_id,hcpcs,start_date,end_date,"
    "dosing_interval_hours,site,daily_volume_ml\n"
    "T1,E1,MRN-884421,ACME,S9500,2025-01-01,2025-01-10,24,,\n"
    "T2,E2,MRN-551903,ACME,S9365,2025-01-05,2025-01-20,24,ais,1500\n"
)
VALID: dict[str, str] = {
    "therapies": THERAPIES,
    "holds": (
        "patient_id,therapy_id,start_date,end_date,reason\nMRN-884421,,2025-01-07,2025-01-08,inpt\n"
    ),
    "nursing": (
        "visit_id,episode_id,patient_id,visit_date,minutes,site\n"
        "V1,E1,MRN-884421,2025-01-01,150,\n"
        "V2,E2,MRN-551903,2025-01-06,90,home\n"
    ),
    "drugs": (
        "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
        "D1,E1,T1,2025-01-01,J3370,,8.125,120.00\n"
    ),
    "other": (
        "line_id,episode_id,hcpcs,service_date,units,billed_charge\nO1,E1,S5498,2025-01-01,10,150.00\n"
    ),
}

CONTRACT = """\
schema: infusionkit.contract/1
payer: Hostile Health
name: hostile test contract
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00, S9365: 250.00}
  default: unpriced
nursing: {rates: {"99601": 180.00, "99602": 80.00}, default: unpriced}
drugs: {basis: AWP, percent: -18}
other: {rates: {S5498: 12.00}, default: {percent_of_charges: 50}}
lesser_of_billed_charges: true
"""

DRUG_PRICES = (
    "hcpcs,ndc,basis,unit_price,effective_from,effective_to\n"
    "J3370,,AWP,6.12000,2024-01-01,2024-12-31\n"
    "J3370,,AWP,6.50000,2025-01-01,\n"
)
CHARGEMASTER = "hcpcs,unit_charge\nS9500,200.00\nS9365,400.00\n99601,250.00\n"


def episodes(folder: Path, **changes: str | None) -> Path:
    """The valid CSV tables in ``folder/episodes``; ``name=text`` replaces one (None: left out)."""
    target = folder / "episodes"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in {**VALID, **changes}.items():
        if text is not None:
            path = target / (name if "." in name else f"{name}.csv")
            path.write_text(text, encoding="utf-8", newline="")
    return target


def rates(
    folder: Path, *, drug_prices: str | bytes | None = None, chargemaster: str | bytes | None = None
) -> Path:
    """A rates folder with drug_prices.csv and chargemaster.csv (given text replaces one)."""
    target = folder / "rates"
    target.mkdir(parents=True, exist_ok=True)
    for name, data in (
        ("drug_prices.csv", DRUG_PRICES if drug_prices is None else drug_prices),
        ("chargemaster.csv", CHARGEMASTER if chargemaster is None else chargemaster),
    ):
        path = target / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return target


def contract(folder: Path, text: str = CONTRACT, name: str = "contract.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def simulate_args(
    folder: Path,
    *,
    source: Path | None = None,
    contract_path: Path | None = None,
    rates_dir: Path | None = None,
    out: Path | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """``simulate`` on the valid inputs, any of them replaced."""
    return [
        "simulate",
        str(source or episodes(folder)),
        "-c",
        str(contract_path or contract(folder)),
        "--rates",
        str(rates_dir or rates(folder)),
        "--out",
        str(out or folder / "out"),
        *extra,
    ]


# --- raw xlsx (exact control over cells, dimensions and blank styled cells; fast to build) -------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'  # noqa: E501
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    "</styleSheet>"
)


def _cell(ref: str, value: object) -> str:
    from xml.sax.saxutils import escape

    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def xlsx_book(
    path: Path,
    sheets: dict[str, list[list[object]]],
    *,
    dimension: str | None = None,
    far_cell: tuple[str, object] | None = None,
    blank_columns: int = 0,
) -> Path:
    """Write a workbook cell by cell: ``sheets`` of rows; a declared ``dimension``; one cell far
    away (``("XFD1048576", "x")``, on the first sheet); ``blank_columns`` styled empty cells after
    each row's values."""
    import zipfile

    from openpyxl.utils import get_column_letter

    def sheet_xml(rows: list[list[object]], first: bool) -> str:
        body = []
        for number, row in enumerate(rows, start=1):
            cells = [
                _cell(f"{get_column_letter(col)}{number}", value)
                for col, value in enumerate(row, start=1)
                if value is not None
            ]
            start = len(row) + 1
            cells += [
                f'<c r="{get_column_letter(col)}{number}" s="1"/>'
                for col in range(start, start + blank_columns)
            ]
            body.append(f'<row r="{number}">{"".join(cells)}</row>')
        if first and far_cell is not None:
            ref, value = far_cell
            digits = "".join(ch for ch in ref if ch.isdigit())
            body.append(f'<row r="{digits}">{_cell(ref, value)}</row>')
        dim = f'<dimension ref="{dimension}"/>' if dimension else ""
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{''.join(body)}</sheetData></worksheet>"
        )

    names = list(sheets)
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        types = "".join(_SHEET_TYPE.format(n=i) for i in range(1, len(names) + 1))
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", _STYLES)
        for i, name in enumerate(names, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(sheets[name], i == 1))
    return path


def rows_of(text: str) -> list[list[object]]:
    """CSV text of a table as rows for :func:`xlsx_book` (numbers stay text: exact)."""
    import csv
    import io

    return [list(row) for row in csv.reader(io.StringIO(text))]


def valid_sheets() -> dict[str, list[list[object]]]:
    return {name: rows_of(text) for name, text in VALID.items()}
