"""The proposal applied to the payer's own document: its ``edits:`` and its fee-table rates,
both as tracked changes."""

from __future__ import annotations

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

_KEY_HEADER = re.compile(r"(?i)\b(code|hcpcs|cpt)\b")
_RATE_HEADER = re.compile(r"(?i)\b(rate|fee|allowed|amount|reimbursement|price|payment)\b")
_CODE = re.compile(r"^[A-Z0-9]\d{4}$")
_AMOUNT = re.compile(r"(\$\s?)?\d[\d,]*(\.\d+)?")


@dataclass
class PayerRedline:
    """The marked-up payer document and what happened on the way."""

    docx_bytes: bytes
    rate_cells: list[str] = field(default_factory=list)  # codes whose rate cell changed
    warnings: list[str] = field(default_factory=list)


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
    comment: str | None = None,
) -> PayerRedline:
    """Set the rate cell of every fee-table row whose code has a different proposed rate."""
    cells, warnings = rate_cell_edits(docx_bytes, proposal, comment)
    result = PayerRedline(docx_bytes, warnings=warnings)
    if cells:
        result.docx_bytes, not_set = apply_edits(docx_bytes, cells, author=author, date=date)
        done = [c for c in cells if c.describe() not in set(not_set)]
        result.rate_cells = [c.key_value for c in done]
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


def rate_cell_edits(
    docx_bytes: bytes, proposal: Contract, comment: str | None
) -> tuple[list[CellEdit], list[str]]:
    """Cell edits for every fee-table row whose rate differs from the proposal."""
    import docx

    try:
        document = docx.Document(io.BytesIO(docx_bytes))
    except Exception as exc:  # an unusual package python-docx cannot open: rates left alone
        return [], [f"fee tables not read ({exc}); rates not applied"]
    edits: list[CellEdit] = []
    tables = 0
    for table in document.tables:
        rows = table.rows
        if len(rows) < 2:
            continue
        header = [cell.text.strip() for cell in rows[0].cells]
        key = next((i for i, h in enumerate(header) if _KEY_HEADER.search(h)), None)
        target = next((i for i, h in enumerate(header) if _RATE_HEADER.search(h)), None)
        if key is None or target is None or key == target:
            continue
        tables += 1
        for row in rows[1:]:
            cells = row.cells
            if max(key, target) >= len(cells):
                continue
            raw_code = cells[key].text.strip()
            code = normalize(raw_code)
            if not _CODE.match(code):
                continue
            row_text = " ".join(c.text for c in cells)
            new = proposed_rate(proposal, code, row_text)
            old_text = cells[target].text.strip()
            if new is None or _amount(old_text) == new:
                continue
            note = comment if comment and not edits else None
            edits.append(
                CellEdit(
                    header[key], raw_code, header[target], _replace_amount(old_text, new), note
                )
            )
    warnings = [] if tables else ["no fee-schedule table (code and rate columns) found"]
    return edits, warnings


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
