"""The addendum as a .docx: Heading 1/2 paragraphs, Normal body paragraphs, Table Grid tables."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from infusionkit.drafting.model import Addendum

_FIXED_TIME = datetime(2000, 1, 1)


@dataclass(frozen=True)
class AddendumDocx:
    """The .docx bytes and, per clause id, the index of its heading among body paragraphs."""

    data: bytes
    heading_index: dict[str, int]


def addendum_docx(addendum: Addendum, author: str = "") -> bytes:
    """The addendum as .docx bytes."""
    return build_addendum_docx(addendum, author=author).data


def build_addendum_docx(addendum: Addendum, *, author: str = "") -> AddendumDocx:
    """The addendum as .docx bytes plus where each clause's heading paragraph is (document
    properties: the addendum's title, the payer, ``author``; no tool name)."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = addendum.title
    props.subject = addendum.payer
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    paragraphs = 0
    heading_index: dict[str, int] = {}
    for clause in addendum.clauses:
        for n, block in enumerate(clause.blocks):
            if block.kind == "table":
                _table(document, block.rows)
                continue
            if block.kind == "heading":
                style = f"Heading {min(max(block.level, 1), 9)}"
            else:
                style = "Normal"
            if n == 0:
                heading_index[clause.id] = paragraphs
            document.add_paragraph(block.text, style=style)
            paragraphs += 1
    out = io.BytesIO()
    document.save(out)
    return AddendumDocx(_fixed_zip_times(out.getvalue()), heading_index)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so equal addenda give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


CONTENT_IN = 6.5  # Letter with the default 1-inch margins


def column_widths(rows: tuple[tuple[str, ...], ...], total: float = CONTENT_IN) -> list[float]:
    """Inches per column, by the longest text of each (codes and rates narrow, descriptors
    wide), filling ``total``."""
    width = max(len(row) for row in rows)
    longest = [
        min(max((len(row[c]) for row in rows if c < len(row)), default=1), 60) + 4
        for c in range(width)
    ]
    return [total * n / sum(longest) for n in longest]


def _table(document: object, rows: tuple[tuple[str, ...], ...]) -> None:
    from docx.shared import Inches

    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    inches = [Inches(w) for w in column_widths(rows)]
    for column, size in zip(table.columns, inches, strict=True):
        column.width = size
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, cell in enumerate(row.cells):  # row by row: table.cell(r, c) is quadratic
            cell.width = inches[c]
            cell.text = values[c] if c < len(values) else ""
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
