"""The proposal applied to the payer's own document: its ``edits:`` and its fee-table rates,
both as tracked changes."""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from infusionkit.catalog import normalize
from infusionkit.contracts import Contract
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import format_money
from infusionkit.redline import CellEdit, TextEdit, apply_edits

_RATE_HEADER = re.compile(r"(?i)\b(rate|fee|allow\w*|amount|reimburse\w*|price|payment|pays?)\b")
_CODE = re.compile(r"^[A-Z0-9]\d{4}$")
_AMOUNT = re.compile(r"(\$\s?)?\d[\d,]*(\.\d+)?")
_MONEY_CELL = re.compile(r"^(USD\s?)?\$?\s?\d[\d,]*(\.\d{1,2})?(\s|$|/)")
_SHARE = 0.6


@dataclass
class PayerRedline:
    """The marked-up payer document and what happened on the way."""

    docx_bytes: bytes
    rate_cells: list[str] = field(default_factory=list)  # codes whose rate cell changed
    warnings: list[str] = field(default_factory=list)
    fee_tables: int = 0  # tables found to be fee schedules (a code and a money column)
    rate_changes: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new


def apply_text_edits(
    payer_docx: Path | bytes,
    proposal: Contract,
    *,
    proposal_source: str,
    author: str,
    date: datetime | None,
) -> bytes:
    """The payer's document with the proposal's ``edits:`` as tracked changes.

    Bad documents (not a zip, corrupt, macro-enabled, encrypted, too large) and edits whose
    text is not found are input errors; a missing edit is named by ``edits[i].find``.
    """
    name = payer_docx.name if isinstance(payer_docx, Path) else "payer document"
    edits = [
        TextEdit(e.find, e.replace, e.regex, e.comment, e.under_heading) for e in proposal.edits
    ]
    data, missing = apply_edits(payer_docx, edits, author=author, date=date)
    if missing:
        errors = _missing_errors(proposal, missing, proposal_source, name)
        raise InputErrors(
            errors or [InputError(file=proposal_source, message=f"edits not found: {missing}")]
        )
    return data


def apply_rates(
    docx_bytes: bytes,
    proposal: Contract,
    *,
    author: str,
    date: datetime | None,
) -> PayerRedline:
    """Set the rate cell of every fee-table row whose code has a different proposed rate; one
    comment, on the first changed cell, says which rates changed in this document."""
    cells, made, warnings, tables = rate_cell_edits(docx_bytes, proposal)
    result = PayerRedline(docx_bytes, warnings=warnings, fee_tables=tables)
    if not cells:
        return result
    data, not_set = apply_edits(docx_bytes, cells, author=author, date=date)
    done = [
        (cell, change) for cell, change in zip(cells, made, strict=True)
        if cell.describe() not in set(not_set)
    ]  # fmt: skip
    if done:
        first = dataclasses.replace(done[0][0], comment=rates_comment([c for _, c in done]))
        data, not_set = apply_edits(
            docx_bytes, [first, *(c for c, _ in done[1:])], author=author, date=date
        )
    result.docx_bytes = data
    result.rate_cells = [cell.key_value for cell, _ in done]
    result.rate_changes = [change for _, change in done]
    result.warnings += [f"rate cell not changed (not a plain-text cell): {d}" for d in not_set]
    return result


def _missing_errors(
    proposal: Contract, missing: list[str], source: str, name: str
) -> list[InputError]:
    errors = []
    for n, edit in enumerate(proposal.edits):
        if edit.find in missing:
            where = f" under heading {edit.under_heading!r}" if edit.under_heading else ""
            errors.append(
                InputError(
                    file=source,
                    column=f"edits[{n}].find",
                    message=f"edit text {edit.find!r} not found in {name}{where}",
                    allowed="text (or with regex: true, a pattern) that occurs in one paragraph",
                )
            )
    return errors


def proposed_rate(proposal: Contract, code: str, row_text: str) -> Decimal | None:
    """The proposal's rate for ``code``; a row that speaks of administrations prefers the
    per-administration (infrequent) rate."""
    order: tuple[str, ...] = ("per_diem", "nursing", "other", "infrequent")
    if "administration" in row_text.lower():
        order = ("infrequent", *order)
    for line_type in order:
        section = proposal.section(line_type)
        if section is not None and code in section.rates:
            return section.rates[code]
    return None


@dataclass(frozen=True)
class FeeTable:
    """A table found to be a fee schedule by its content: a column of codes and a column of
    money amounts (whatever the headers say: Allowable, Fee, Rate, Reimbursement, Amount …)."""

    index: int
    header: tuple[str, ...]
    code_column: int
    rate_column: int
    rows: tuple[tuple[str, ...], ...]  # body rows, cell texts


def _is_code(text: str) -> bool:
    return bool(_CODE.match(normalize(text)))


def _is_money(text: str) -> bool:
    return bool(_MONEY_CELL.match(text.strip()))


def find_fee_tables(document: object) -> list[FeeTable]:
    """Every table with a header row, a code column and a money column (by content: at least
    :data:`_SHARE` of the coded rows hold a code and an amount)."""
    found = []
    for n, table in enumerate(document.tables):  # type: ignore[attr-defined]
        rows = [tuple(cell.text.strip() for cell in row.cells) for row in table.rows]
        if len(rows) < 2:
            continue
        header, body = rows[0], rows[1:]
        if any(_is_code(cell) for cell in header):
            continue  # no header row: cells could not be addressed by column
        width = min(len(r) for r in rows)
        codes = [sum(1 for r in body if _is_code(r[c])) for c in range(width)]
        if not codes or max(codes) == 0:
            continue
        code_column = codes.index(max(codes))
        coded = [r for r in body if _is_code(r[code_column])]
        if len(coded) < _SHARE * len(body):
            continue
        money = [
            c
            for c in range(width)
            if c != code_column and sum(1 for r in coded if _is_money(r[c])) >= _SHARE * len(coded)
        ]
        if not money:
            continue
        named = [c for c in money if _RATE_HEADER.search(header[c])]
        rate_column = (named or money)[0]
        found.append(FeeTable(n, header[:width], code_column, rate_column, tuple(body)))
    return found


def rate_cell_edits(
    docx_bytes: bytes, proposal: Contract
) -> tuple[list[CellEdit], list[tuple[str, str, str]], list[str], int]:
    """Cell edits for every fee-table row whose rate differs from the proposal, the changes
    made ((code, old text, new text)), warnings, and the number of fee tables found."""
    import docx

    try:
        document = docx.Document(io.BytesIO(docx_bytes))
    except Exception as exc:  # an unusual package python-docx cannot open: rates left alone
        return [], [], [f"fee tables not read ({exc}); rates not applied"], 0
    tables = find_fee_tables(document)
    edits: list[CellEdit] = []
    made: list[tuple[str, str, str]] = []
    warnings: list[str] = []
    seen: set[tuple[tuple[str, str], str]] = set()
    for table in tables:
        key_header = table.header[table.code_column]
        target_header = table.header[table.rate_column]
        for row in table.rows:
            raw_code = row[table.code_column]
            code = normalize(raw_code)
            if not _CODE.match(code):
                continue
            new = proposed_rate(proposal, code, " ".join(row))
            old_text = row[table.rate_column]
            if new is None or _amount(old_text) == new:
                continue
            where = ((key_header, target_header), code)
            if where in seen:
                warnings.append(
                    f"{code} is listed more than once under the headers {key_header!r} / "
                    f"{target_header!r}: only its first row was changed; set the others by hand"
                )
                continue
            seen.add(where)
            new_text = _replace_amount(old_text, new)
            edits.append(CellEdit(key_header, raw_code, target_header, new_text, None))
            made.append((code, old_text, new_text))
    return edits, made, warnings, len(tables)


def rates_comment(made: list[tuple[str, str, str]], limit: int = 12) -> str:
    """``Rates changed in this fee schedule to the proposed rates: S9500 $85.00 → $95.00; …``."""
    shown = "; ".join(f"{code} {old} \u2192 {new}" for code, old, new in made[:limit])
    more = f"; and {len(made) - limit} more" if len(made) > limit else ""
    return f"Rates changed in this fee schedule to the proposed rates: {shown}{more}."


def _amount(text: str) -> Decimal | None:
    match = _AMOUNT.search(text)
    if match is None:
        return None
    return Decimal(match.group(0).replace("$", "").replace(",", "").strip())


def _replace_amount(old_text: str, new: Decimal) -> str:
    match = _AMOUNT.search(old_text)
    if match is None:
        return format_money(new)
    written = format_money(new, dollar_sign=bool(match.group(1)) or not old_text)
    return old_text[: match.start()] + written + old_text[match.end() :]
