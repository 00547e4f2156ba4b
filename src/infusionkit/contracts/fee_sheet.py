"""Fee schedules in Excel (spec §7): a contract's rates out to a sheet and back, exactly.

``export_fees`` writes sheet ``fee_schedule`` (``section``, ``code``, ``descriptor``, ``rate`` in a
currency format, ``unit``) and a protected ``notes`` sheet with the contract's other terms.
``import_fees`` reads such a sheet — or a payer's own sheet whose code and rate columns have other
headers — into a copy of a contract. Rates are read exactly as typed: text cells as written,
number cells only when they hold a whole number of cents (``95.1`` is $95.10; ``95.123`` or a
formula result like ``104.50000000000001`` is an error naming the cell, e.g. ``B7``). Untrusted
workbooks are bounded: file size, unpacked size, rows and columns read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from infusionkit import catalog
from infusionkit.contracts.loading import contract_to_yaml, with_changes
from infusionkit.contracts.model import Contract
from infusionkit.contracts.sections import RATE_LINE_TYPES, SECTION_KEYS, unit_of
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import MoneyError, parse_money

SHEET = "fee_schedule"
NOTES = "notes"
HEADER = ("section", "code", "descriptor", "rate", "unit")
CURRENCY = '"$"#,##0.00'
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
HEADER_ROWS = 20


def _descriptor(code: str) -> str:
    info = catalog.get(code)
    return info.descriptor if info is not None else "(code not in the infusionkit catalog)"


def fee_rows(contract: Contract) -> list[tuple[str, str, str, Decimal, str]]:
    """(section, code, descriptor, rate, unit) of every listed rate, in contract order."""
    rows = []
    for section in RATE_LINE_TYPES:
        terms = contract.section(section)
        if terms is None:
            continue
        for code, rate in terms.rates.items():
            rows.append((section, code, _descriptor(code), rate, unit_of(section, code)))
    return rows


def _notes(contract: Contract) -> list[tuple[str, str]]:
    """The contract's terms other than listed rates, as (key, value) text."""
    notes = [
        ("payer", contract.payer),
        ("name", contract.name or ""),
        ("effective", contract.effective.isoformat()),
    ]
    for section in RATE_LINE_TYPES:
        terms = contract.section(section)
        if terms is not None:
            notes.append((f"{SECTION_KEYS[section]}.default", terms.default.describe()))
    if contract.per_diem is not None:
        terms = contract.per_diem
        notes += [
            ("per_diem.day_count", terms.day_count),
            ("per_diem.concurrent.primary", terms.concurrent.primary),
            ("per_diem.concurrent.SH", f"{terms.concurrent.SH}%"),
            ("per_diem.concurrent.SJ", f"{terms.concurrent.SJ}%"),
            ("per_diem.ais_percent", f"{terms.ais_percent}%"),
        ]
    if contract.drugs is not None:
        notes.append(("drugs", f"{contract.drugs.basis} {contract.drugs.percent:+}%"))
        for code, override in contract.drugs.overrides.items():
            notes.append((f"drugs.overrides.{code}", f"{override.basis} {override.percent:+}%"))
    notes.append(("lesser_of_billed_charges", str(contract.lesser_of_billed_charges).lower()))
    for key, value in contract.terms.model_dump(exclude_none=True).items():
        notes.append((f"terms.{key}", str(value)))
    return notes


def export_fees(contract: Contract, path: Path) -> None:
    """Write the contract's fee schedule to ``path`` (an .xlsx file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from infusionkit.cells import xml_text

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = fee_rows(contract)
    for section, code, descriptor, rate, unit in rows:
        sheet.append([section, code, xml_text(descriptor), rate, unit])
        sheet.cell(row=sheet.max_row, column=4).number_format = CURRENCY
        sheet.cell(row=sheet.max_row, column=2).data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:E{len(rows) + 1}"
    for column, width in zip("ABCDE", (12, 9, 70, 12, 20), strict=True):
        sheet.column_dimensions[column].width = width
    choice = DataValidation(type="list", formula1='"' + ",".join(RATE_LINE_TYPES) + '"')
    choice.add(f"A2:A{max(len(rows) + 200, 2)}")
    sheet.add_data_validation(choice)
    notes = book.create_sheet(NOTES)
    notes.append(["key", "value (read-only: edit these in the contract file)"])
    for key, value in _notes(contract):
        notes.append([key, xml_text(value)])
        notes.cell(row=notes.max_row, column=2).data_type = "s"
    notes.column_dimensions["A"].width = 36
    notes.column_dimensions["B"].width = 60
    notes.protection.sheet = True
    book.save(path)


# --- import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeImport:
    """The contract with imported rates, and what changed."""

    contract: Contract
    yaml: str
    added: list[tuple[str, str, Decimal]] = field(default_factory=list)
    changed: list[tuple[str, str, Decimal, Decimal]] = field(default_factory=list)
    unchanged: int = 0
    kept: list[tuple[str, str]] = field(default_factory=list)  # rates not in the sheet
    removed: list[tuple[str, str]] = field(default_factory=list)  # with replace


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _check_package(path: Path) -> None:
    name = str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputErrors(
            [
                InputError(
                    file=name,
                    message=f"workbook is {size:,} bytes",
                    allowed=f"at most {MAX_FILE_BYTES:,} bytes",
                )
            ]
        )
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputErrors(
            [InputError(file=name, message="not an .xlsx workbook (not a zip package)")]
        ) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or len(members) > 2000:
        raise InputErrors(
            [
                InputError(
                    file=name,
                    message=f"workbook unpacks to {unpacked:,} bytes in {len(members)} parts",
                    allowed="a fee schedule of ordinary size",
                )
            ]
        )


def _rate(value: Any, where: str, file: str) -> Decimal | InputError:
    allowed = "a dollar amount with at most 2 decimals (text, or a number of whole cents)"
    if isinstance(value, bool | datetime | date):
        return InputError(
            file=file, column=where, message=f"{value!r} is not a rate", allowed=allowed
        )
    if isinstance(value, int):
        rate = Decimal(value)
    elif isinstance(value, float):
        rate = Decimal(repr(value))
        if rate.as_tuple().exponent < -2:  # type: ignore[operator]
            return InputError(
                file=file,
                column=where,
                message=f"{value!r} is not a whole number of cents",
                allowed="type the rate with at most 2 decimals (or as text)",
            )
    else:
        try:
            rate = parse_money(str(value))
        except MoneyError as exc:
            return InputError(file=file, column=where, message=str(exc), allowed=allowed)
    if rate < 0:
        return InputError(
            file=file, column=where, message="rate must not be negative", allowed=allowed
        )
    return rate.quantize(Decimal("0.01"))


_PLACE: dict[str, catalog.Place] = {
    "per_diem": "per_diem",
    "infrequent": "per_diem",
    "nursing": "nursing",
    "other": "other",
}


def _section_of(code: str, given: str | None) -> tuple[str | None, str | None]:
    """(section, problem) for a code and the sheet's section cell (None when not given)."""
    info = catalog.get(code)
    if info is not None and info.kind == "modifier":
        return None, f"{code} is a modifier, not a code"
    if given is not None:
        section = given.strip().lower()
        if section not in RATE_LINE_TYPES:
            return None, f"unknown section {given!r}"
        found = catalog.misfit(code, _PLACE[section])
        if found is None:
            return section, None
        if section in ("per_diem", "infrequent"):
            return None, f"{code} is not a per diem code (section {section})"
        if section == "nursing":
            return None, f"{code} is not a nursing code"
        if found.kind is None:
            return None, f"{code!r} is not a HCPCS code"
        return None, f"{code} is a {found.kind.replace('_', ' ')} code, not an other code"
    if info is not None and info.kind == "per_diem":
        return "per_diem", None
    if info is not None and info.kind == "nursing_visit":
        return "nursing", None
    if info is None and code.startswith("J"):
        return None, f"{code} is a drug code: drugs are priced by the drugs terms, not a rate"
    if info is None and not catalog.is_hcpcs_level2(code):
        return None, f"{code!r} is not a HCPCS code"
    return "other", None


def read_fee_sheet(
    path: Path,
    *,
    sheet: str | None = None,
    code_column: str = "code",
    rate_column: str = "rate",
    section_column: str = "section",
) -> list[tuple[str, str, Decimal, str]]:
    """(section, code, rate, cell of the rate) of every row of a fee sheet; all problems at once."""
    from openpyxl import load_workbook

    _check_package(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise InputErrors(
            [InputError(file=str(path), message=f"cannot read workbook: {exc}")]
        ) from None
    try:
        names = list(book.sheetnames)
        chosen = sheet or (SHEET if SHEET in names else names[0] if len(names) == 1 else None)
        if chosen not in names:
            raise InputErrors(
                [
                    InputError(
                        file=str(path),
                        message=f"no sheet {chosen!r}" if chosen else "which sheet? (several)",
                        allowed="--sheet NAME, one of: " + ", ".join(names),
                    )
                ]
            )
        rows = list(
            book[chosen].iter_rows(
                max_row=MAX_ROWS + HEADER_ROWS, max_col=MAX_COLUMNS, values_only=True
            )
        )
    finally:
        book.close()
    return _rows(rows, f"{path}#{chosen}", code_column, rate_column, section_column)


def _rows(
    rows: list[tuple[Any, ...]], file: str, code_column: str, rate_column: str, section_column: str
) -> list[tuple[str, str, Decimal, str]]:
    wanted = code_column.strip().lower(), rate_column.strip().lower()
    header_at = None
    for number, row in enumerate(rows[:HEADER_ROWS]):
        cells = [str(c).strip().lower() if c is not None else "" for c in row]
        if wanted[0] in cells and wanted[1] in cells:
            header_at, header = number, cells
            break
    if header_at is None:
        raise InputErrors(
            [
                InputError(
                    file=file,
                    message=f"no header row with columns {code_column!r} and {rate_column!r} "
                    f"in the first {HEADER_ROWS} rows",
                    allowed="--code-column and --rate-column naming your sheet's headers",
                )
            ]
        )
    code_at, rate_at = header.index(wanted[0]), header.index(wanted[1])
    section_name = section_column.strip().lower()
    section_at = header.index(section_name) if section_name in header else None
    if len(rows) > MAX_ROWS + header_at + 1:
        raise InputErrors(
            [
                InputError(
                    file=file,
                    message="sheet has too many rows",
                    allowed=f"at most {MAX_ROWS:,} fee rows",
                )
            ]
        )
    found: list[tuple[str, str, Decimal, str]] = []
    errors: list[InputError] = []
    seen: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = list(row) + [None] * (MAX_COLUMNS - len(row))
        code_cell, rate_cell = cells[code_at], cells[rate_at]
        code_text = "" if code_cell is None else str(code_cell).strip()
        code_where = f"{_column_letter(code_at + 1)}{number}"
        rate_where = f"{_column_letter(rate_at + 1)}{number}"
        blank_rate = rate_cell is None or (isinstance(rate_cell, str) and not rate_cell.strip())
        if not code_text:
            if not blank_rate:
                errors.append(
                    InputError(file=file, column=code_where, message="rate without a code")
                )
            continue
        code = catalog.normalize(code_text)
        if blank_rate:
            errors.append(
                InputError(
                    file=file,
                    column=rate_where,
                    message=f"no rate for {code}",
                    allowed="a rate, or remove the row",
                )
            )
            continue
        given = cells[section_at] if section_at is not None else None
        section, problem = _section_of(code, None if given is None else str(given))
        if problem:
            errors.append(InputError(file=file, column=code_where, message=problem))
            continue
        rate = _rate(rate_cell, rate_where, file)
        if isinstance(rate, InputError):
            errors.append(rate)
            continue
        assert section is not None
        key = (section, code)
        if key in seen:
            errors.append(
                InputError(
                    file=file,
                    column=code_where,
                    message=f"{section} {code} is listed twice ({seen[key]} and {code_where})",
                )
            )
            continue
        seen[key] = code_where
        found.append((section, code, rate, rate_where))
    if errors:
        raise InputErrors(errors)
    return found


def import_fees(
    path: Path,
    contract: Contract,
    *,
    sheet: str | None = None,
    code_column: str = "code",
    rate_column: str = "rate",
    replace: bool = False,
    source: str | None = None,
) -> FeeImport:
    """A copy of ``contract`` with the sheet's rates (listed codes set; others kept unless
    ``replace``, which drops the rates a listed section has but the sheet does not)."""
    rows = read_fee_sheet(path, sheet=sheet, code_column=code_column, rate_column=rate_column)
    current = {
        (section, code): rate for section, code, _descriptor, rate, _unit in fee_rows(contract)
    }
    sheet_keys = {(section, code) for section, code, _rate, _where in rows}
    sections = {section for section, _code, _rate, _where in rows}
    changes: dict[str, Any] = {}
    result = FeeImport(contract=contract, yaml="")
    for section in sections:
        terms = contract.section(section)
        rates = dict(terms.rates) if terms is not None else {}
        if replace:
            rates = {}
        for row_section, code, rate, _where in rows:
            if row_section == section:
                rates[code] = rate
        changes[f"{SECTION_KEYS[section]}.rates"] = rates
    for section, code, rate, _where in rows:
        old = current.get((section, code))
        if old is None:
            result.added.append((section, code, rate))
        elif old != rate:
            result.changed.append((section, code, old, rate))
    for key in current:
        if key not in sheet_keys:
            (result.removed if replace and key[0] in sections else result.kept).append(key)
    updated = with_changes(contract, **changes)
    text = f"# fee schedule imported from {source or path.name}\n" + contract_to_yaml(updated)
    unchanged = len(rows) - len(result.added) - len(result.changed)
    return FeeImport(
        updated, text, result.added, result.changed, unchanged, result.kept, result.removed
    )
