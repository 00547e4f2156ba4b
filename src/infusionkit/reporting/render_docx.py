"""The report as a Word document (python-docx): native tables, repeating header rows, PNG charts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infusionkit.money import format_money
from infusionkit.reporting import charts, layout
from infusionkit.reporting.formatting import breakable, wordy

if TYPE_CHECKING:
    from infusionkit.reporting.model import Report, Section, Table

BRAND = "1F3A5F"
ACCENT = "2A9D8F"
MUTED = "5B6673"
BAND = "F3F6F9"
GROUP = "E3E9F0"
RULE = "D5DBE2"
BODY_PT = 10
TABLE_PT = 8


def _rgb(hex_color: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_color)


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _borders(cell: Any, **sides: tuple[str, int]) -> None:
    borders = _el("w:tcBorders")
    for side, (color, size) in sides.items():
        borders.append(_el(f"w:{side}", val="single", sz=str(size), space="0", color=color))
    cell._tc.get_or_add_tcPr().append(borders)


def _repeat_header(row: Any) -> None:
    """Mark a row as a header row repeated at the top of each page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("w:tblHeader", val="true"))
    tr_pr.append(_el("w:cantSplit", val="true"))


def _field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(_el("w:fldChar", fldCharType="begin"))
    text = _el("w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run._r.append(_el("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    end = paragraph.add_run()
    end._r.append(_el("w:fldChar", fldCharType="end"))


def _cell_text(
    cell: Any,
    text: str,
    *,
    right: bool = False,
    bold: bool = False,
    color: str | None = None,
    size: float = TABLE_PT,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if color:
        run.font.color.rgb = _rgb(color)


def _table(doc: Any, table: Table, content_in: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Inches, Pt

    if table.caption:
        caption = doc.add_paragraph(table.caption, style="Caption")
        caption.paragraph_format.keep_with_next = True
    n = len(table.columns)
    grid = doc.add_table(rows=1 + len(table.rows), cols=n)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(c.width for c in table.columns)
    scale = content_in / total if total > content_in else 1.0
    widths = [Inches(c.width * scale) for c in table.columns]
    for i, column in enumerate(grid.columns):
        column.width = widths[i]
    rows = grid.rows
    header = rows[0]
    _repeat_header(header)
    for i, (cell, column) in enumerate(zip(header.cells, table.columns, strict=True)):
        cell.width = widths[i]
        _shade(cell, BRAND)
        _cell_text(cell, breakable(column.header), right=column.numeric, bold=True, color="FFFFFF")
    for r, row in enumerate(table.rows, start=1):
        tr = rows[r]
        tr._tr.get_or_add_trPr().append(_el("w:cantSplit", val="true"))
        cells = tr.cells
        for i, cell in enumerate(cells):
            cell.width = widths[i]
        if row.kind == "group":
            merged = cells[0].merge(cells[-1])
            _shade(merged, GROUP)
            _cell_text(merged, row.cells[0], bold=True, color=BRAND)
            continue
        for i, (cell, text) in enumerate(zip(cells, row.cells, strict=True)):
            if row.kind == "total":
                _borders(cell, top=(BRAND, 8), bottom=(BRAND, 8))
            else:
                _borders(cell, bottom=(RULE, 4))
                if r % 2 == 0:
                    _shade(cell, BAND)
            if table.columns[i].numeric and not wordy(text):
                cell._tc.get_or_add_tcPr().append(_el("w:noWrap"))
            _cell_text(cell, text, right=table.columns[i].numeric, bold=row.kind == "total")
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(table.note)
        run.font.size = Pt(8)
        run.font.color.rgb = _rgb(MUTED)
    else:
        doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _styles(doc: Any) -> None:
    from docx.shared import Pt

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 11)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = _rgb(BRAND)
        style.font.bold = True
    caption = styles["Caption"]
    caption.font.size = Pt(9.5)
    caption.font.italic = False
    caption.font.bold = True
    caption.font.color.rgb = _rgb(BRAND)


def _page_setup(doc: Any, title: str, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt

    section = doc.sections[0]
    width, height = layout.PAGE_IN
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = Inches(width), Inches(height)
    section.left_margin = section.right_margin = Inches(layout.MARGIN_IN)
    section.top_margin, section.bottom_margin = Inches(0.85), Inches(0.8)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    run = head.add_run(title)
    run.font.size = Pt(8)
    run.font.color.rgb = _rgb(MUTED)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot.add_run("Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
    for run in foot.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = _rgb(MUTED)


def _cover(doc: Any, report: Report, content_in: float) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    from infusionkit.reporting.model import Column, Row
    from infusionkit.reporting.model import Table as ModelTable

    cover = report.cover
    kicker = doc.add_paragraph()
    run = kicker.add_run("HOME INFUSION THERAPY \u00b7 CONTRACT RATE COMPARISON")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = _rgb(ACCENT)
    doc.add_paragraph(cover.title, style="Title")
    first, last = cover.period
    period = f"{first:%B %-d, %Y} to {last:%B %-d, %Y}" if first and last else "no dated lines"
    for label, value in (
        ("Payer", ", ".join(cover.payers)),
        ("History covered", period),
        ("Prepared", f"{cover.generated:%B %-d, %Y}"),
    ):
        line = doc.add_paragraph()
        head = line.add_run(f"{label}: ")
        head.bold = True
        head.font.color.rgb = _rgb(MUTED)
        line.add_run(value)
    doc.add_heading("Scenarios", level=2)
    scenarios = ModelTable(
        (
            Column("Scenario", width=1.5),
            Column("Contract", width=3.2),
            Column("Effective", width=1.0),
            Column("Total allowed", numeric=True, width=1.3),
        ),
        tuple(
            Row(
                (
                    s.label or s.name,
                    s.contract_name,
                    s.effective.isoformat(),
                    format_money(s.total_allowed),
                )
            )
            for s in cover.scenarios
        ),
    )
    _table(doc, scenarios, content_in)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _section(doc: Any, section: Section, pngs: dict[str, bytes], content_in: float) -> None:
    from docx.shared import Inches, Pt

    heading = doc.add_heading(section.heading, level=1)
    heading.paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        doc.add_paragraph(text)
    for text in section.bullets:
        doc.add_paragraph(text, style="List Bullet")
    if section.charts_last:
        for table in section.tables:
            _table(doc, table, content_in)
    for chart in section.charts:
        title = doc.add_paragraph(chart.title, style="Caption")
        title.paragraph_format.keep_with_next = True
        picture = doc.add_paragraph()
        picture.paragraph_format.keep_with_next = True
        chart_in = min(content_in, layout.PORTRAIT_IN) - 0.2
        picture.add_run().add_picture(io.BytesIO(pngs[chart.key]), width=Inches(chart_in))
        note = doc.add_paragraph()
        run = note.add_run(chart.caption)
        run.font.size = Pt(8)
        run.font.color.rgb = _rgb(MUTED)
    if not section.charts_last:
        for table in section.tables:
            _table(doc, table, content_in)


def render_docx(report: Report, path: Path, pngs: dict[str, bytes] | None = None) -> None:
    """Write the report as .docx; ``pngs`` (chart key → PNG bytes) are drawn when not given."""
    from docx import Document

    drawn = pngs if pngs is not None else {c.key: charts.png(c) for c in report.charts}
    doc = Document()
    _styles(doc)
    _page_setup(doc, report.title, report.landscape)
    content_in = layout.content_width(report.landscape)
    props = doc.core_properties
    props.title = report.title
    props.author = "infusionkit" if report.audience == "internal" else ""
    props.comments = ""
    props.last_modified_by = ""
    _cover(doc, report, content_in)
    for section in report.sections:
        _section(doc, section, drawn, content_in)
    doc.save(str(path))
