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


def addendum_docx(addendum: Addendum) -> bytes:
    """The addendum as .docx bytes."""
    return build_addendum_docx(addendum).data


def build_addendum_docx(addendum: Addendum) -> AddendumDocx:
    """The addendum as .docx bytes plus where each clause's heading paragraph is."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = addendum.title
    props.subject = addendum.payer
    props.author = "infusionkit"
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


def _table(document: object, rows: tuple[tuple[str, ...], ...]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c in range(width):
            cell = table.cell(r, c)
            cell.text = row[c] if c < len(row) else ""
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
