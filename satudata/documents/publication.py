"""A "… Dalam Angka" publication (SOP step 13) from plain data: PDF (WeasyPrint) and DOCX (python-docx).

Only the rendering: the caller fills the dataclasses (from datasets, later). Both formats share one
page-numbering convention: the cover is page 1 but shows no number; every other page shows its
physical page number, so the PDF viewer's page i prints "i".
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from PIL import Image

from satudata.documents.svgcharts import MISSING, data_uri, decimals_needed, format_number, svg_to_png

SAMPLE_LABEL = "DATA CONTOH — bukan data resmi"

Cell = str | int | float | None


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    units: list[str] | None = None
    # One flag per column; left empty, a column is numeric when every filled cell is a number.
    numeric: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(f"row {number} has {len(row)} cells for {width} columns")
        if self.units is not None and len(self.units) != width:
            raise ValueError(f"{len(self.units)} units for {width} columns")
        if not self.numeric:
            self.numeric = [
                all(isinstance(row[i], int | float) for row in self.rows if row[i] is not None) for i in range(width)
            ]
        elif len(self.numeric) != width:
            raise ValueError(f"{len(self.numeric)} numeric flags for {width} columns")

    def header(self) -> list[tuple[str, str]]:
        """(name, unit) per column."""
        return list(zip(self.columns, self.units or [""] * len(self.columns), strict=True))

    def cells(self) -> list[list[tuple[str, bool]]]:
        """Each cell as printed, with whether it aligns right: numbers in Indonesian notation, the
        same decimals down a column, a missing value as "…"."""
        places = [decimals_needed(row[i] for row in self.rows) for i in range(len(self.columns))]
        return [
            [
                (_cell_text(value, places[i] if self.numeric[i] else None), self.numeric[i])
                for i, value in enumerate(row)
            ]
            for row in self.rows
        ]


def _cell_text(value: Cell, places: int | None) -> str:
    """``places`` None: a column of labels, where a number (a year, a code) is printed as it is."""
    if value is None:
        return MISSING
    if places is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, places)
    return str(value)


@dataclass
class Section:
    title: str
    narrative: str = ""
    table: Table | None = None
    chart_svg: str | None = None  # from satudata.documents.svgcharts
    source: str = ""
    notes: str = ""


@dataclass
class Chapter:
    title: str
    intro: str = ""
    sections: list[Section] = field(default_factory=list)


@dataclass
class PublicationDoc:
    title: str
    subtitle: str
    region_name: str
    year: int
    organization: str
    foreword: str  # paragraphs separated by a blank line
    chapters: list[Chapter]
    sample_data: bool
    logo_path: Path | None
    isbn_or_number: str = ""


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text, separated by blank lines (as Django's ``linebreaks`` reads them)."""
    blocks = (block.strip() for block in text.replace("\r\n", "\n").split("\n\n"))
    return [block for block in blocks if block]


# PDF --------------------------------------------------------------------------------------------


def render_pdf(doc: PublicationDoc) -> bytes:
    from weasyprint import HTML

    html = render_to_string("documents/publication.html", _context(doc))
    return bytes(HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf())


def _context(doc: PublicationDoc) -> dict[str, Any]:
    chapters = []
    for i, chapter in enumerate(doc.chapters, start=1):
        sections = [
            {
                "number": f"{i}.{j}",
                "anchor": f"bab-{i}-{j}",
                "section": section,
                "header": section.table.header() if section.table else [],
                "rows": section.table.cells() if section.table else [],
                "chart_uri": data_uri(section.chart_svg) if section.chart_svg else "",
            }
            for j, section in enumerate(chapter.sections, start=1)
        ]
        chapters.append({"number": str(i), "anchor": f"bab-{i}", "chapter": chapter, "sections": sections})
    return {
        "doc": doc,
        "chapters": chapters,
        "logo_uri": doc.logo_path.resolve().as_uri() if doc.logo_path else "",
        "sample_label": SAMPLE_LABEL,
    }


# DOCX -------------------------------------------------------------------------------------------

CHART_WIDTH = Cm(16)
CHART_MAX_HEIGHT = Cm(21)
SAMPLE_RED = RGBColor(0xB0, 0x00, 0x20)


def render_docx(doc: PublicationDoc) -> bytes:
    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.author = doc.organization
    document.core_properties.language = "id-ID"
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.different_first_page_header_footer = True  # the cover: no page number
    footer_tabs = document.styles["Footer"].paragraph_format.tab_stops
    footer_tabs.clear_all()  # the template's stops are for Letter paper
    footer_tabs.add_tab_stop(Mm(170), alignment=WD_TAB_ALIGNMENT.RIGHT)
    _footer(section.first_page_footer.paragraphs[0], doc, page_number=False)
    _footer(section.footer.paragraphs[0], doc, page_number=True)

    _cover(document, doc)
    _front_heading(document, "Kata Pengantar")
    for text in paragraphs(doc.foreword):
        _paragraph(document, text)
    _front_heading(document, "Daftar Isi")
    _toc_field(document.add_paragraph())
    for i, chapter in enumerate(doc.chapters, start=1):
        heading = document.add_heading(f"{i}. {chapter.title}", level=1)
        heading.paragraph_format.page_break_before = True
        for text in paragraphs(chapter.intro):
            _paragraph(document, text)
        for j, part in enumerate(chapter.sections, start=1):
            _docx_section(document, f"{i}.{j}", part)
    _update_fields_on_open(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph(document: Any, text: str, style: str | None = None) -> Any:
    """A paragraph whose single line breaks stay line breaks."""
    paragraph = document.add_paragraph(style=style)
    first, *others = text.split("\n")
    run = paragraph.add_run(first)
    for line in others:
        run.add_break()
        run = paragraph.add_run(line)
    return paragraph


def _front_heading(document: Any, text: str) -> None:
    """Kata Pengantar and Daftar Isi: a new page, large, but outside the TOC's outline levels."""
    paragraph = document.add_paragraph(text, style="TOC Heading")
    paragraph.paragraph_format.page_break_before = True


def _cover(document: Any, doc: PublicationDoc) -> None:
    if doc.logo_path:
        document.add_picture(str(doc.logo_path), width=Cm(3))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, size, bold in [
        (doc.title, 26, True),
        (doc.subtitle, 14, False),
        (doc.region_name, 16, True),
        (str(doc.year), 16, False),
    ]:
        if text:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)
            run = paragraph.add_run(text)
            run.font.size, run.font.bold = Pt(size), bold
    if doc.sample_data:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(SAMPLE_LABEL)
        run.font.size, run.font.bold, run.font.color.rgb = Pt(18), True, SAMPLE_RED
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(48)
    paragraph.add_run(doc.organization).font.bold = True
    if doc.isbn_or_number:
        paragraph = document.add_paragraph(doc.isbn_or_number)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_section(document: Any, number: str, part: Section) -> None:
    document.add_heading(f"{number} {part.title}", level=2)
    for text in paragraphs(part.narrative):
        _paragraph(document, text)
    if part.table:
        caption = document.add_paragraph(f"Tabel {number} {part.title}", style="Caption")
        caption.paragraph_format.keep_with_next = True
        _docx_table(document, part.table)
        _source_and_notes(document, part)
    if part.chart_svg:
        _docx_chart(document, part.chart_svg)
        document.add_paragraph(f"Gambar {number} {part.title}", style="Caption")
    if not part.table:  # without a table, source and notes stand under the chart
        _source_and_notes(document, part)


def _source_and_notes(document: Any, part: Section) -> None:
    if part.source:
        _small(document, f"Sumber: {part.source}")
    if part.notes:
        _small(document, f"Catatan: {part.notes}")


def _docx_table(document: Any, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    _row_properties(header, repeat=True)
    for cell, (name, unit) in zip(header.cells, table.header(), strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(name)
        run.font.bold, run.font.size = True, Pt(8.5)
        if unit:
            run.add_break()
            paragraph.add_run(f"({unit})").font.size = Pt(8)
    for printed in table.cells():
        row = grid.add_row()
        _row_properties(row, repeat=False)
        for cell, (text, right) in zip(row.cells, printed, strict=True):
            paragraph = cell.paragraphs[0]
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(text).font.size = Pt(8.5)


def _row_properties(row: Any, *, repeat: bool) -> None:
    """A row never splits across pages; the header row repeats on each page the table reaches."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        properties.append(OxmlElement("w:tblHeader"))


def _docx_chart(document: Any, svg: str) -> None:
    try:
        png = svg_to_png(svg)
    except (ValueError, KeyError, ET.ParseError):  # not a chart of svgcharts: it cannot be painted here
        _small(document, "Grafik ini hanya tersedia dalam versi PDF.")
        return
    with Image.open(io.BytesIO(png)) as image:
        ratio = image.height / image.width
    width = min(CHART_WIDTH, math.floor(CHART_MAX_HEIGHT / ratio))
    document.add_picture(io.BytesIO(png), width=width)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True


def _small(document: Any, text: str) -> None:
    for run in _paragraph(document, text).runs:
        run.font.size, run.font.italic = Pt(8.5), True


def _footer(paragraph: Any, doc: PublicationDoc, *, page_number: bool) -> None:
    """The sample-data label on the left, the page number on the right (the Footer style's one tab stop)."""
    if doc.sample_data:
        run = paragraph.add_run(SAMPLE_LABEL)
        run.font.bold, run.font.size, run.font.color.rgb = True, Pt(8), SAMPLE_RED
    if page_number:
        paragraph.add_run("\t")
        paragraph._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )


# A TOC field of heading levels 1–3 with hyperlinks. Word fills it in when it opens the file (the
# field is dirty and settings ask for updateFields); until then it shows the hint.
TOC_FIELD = [
    '<w:fldChar w:fldCharType="begin" w:dirty="true"/>',
    r'<w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText>',
    '<w:fldChar w:fldCharType="separate"/>',
    "<w:t>Daftar isi diperbarui saat dokumen dibuka di Microsoft Word (atau tekan F9).</w:t>",
    '<w:fldChar w:fldCharType="end"/>',
]


def _toc_field(paragraph: Any) -> None:
    for part in TOC_FIELD:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{part}</w:r>"))


# w:settings children that must come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema",
        "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
        "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
        "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}  # fmt: skip


def _update_fields_on_open(document: Any) -> None:
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings_element = document.settings.element
    for child in settings_element:
        if child.tag in _AFTER_UPDATE_FIELDS:
            child.addprevious(element)
            return
    settings_element.append(element)
