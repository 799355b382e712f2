"""The "… Dalam Angka" publication: its charts (SVG, PNG for DOCX), its PDF and its DOCX.

Page convention under test: the cover is page 1 and shows no number; page i of the PDF prints "i".
"""

import dataclasses
import io
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from satudata.documents import svgcharts
from satudata.documents.publication import (
    SAMPLE_LABEL,
    Chapter,
    PublicationDoc,
    Section,
    Table,
    render_docx,
    render_pdf,
)

SVG = "{http://www.w3.org/2000/svg}"
MM = 72 / 25.4
KECAMATAN = ["Purwodadi", "Tutur", "Puspo", "Tosari", "Lumbang", "Pasrepan", "Kejayan", "Wonorejo", "Purwosari",
             "Prigen", "Sukorejo", "Pandaan", "Gempol", "Beji", "Bangil"]  # fmt: skip
LONG_TABLE_HEADER = ["Desa/Kelurahan", "Kecamatan", "Luas", "Penduduk", "Kepadatan"]
VILLAGE = re.compile(r"Desa Contoh (\d{3})")


def village_table(rows: int = 150) -> Table:
    return Table(
        columns=LONG_TABLE_HEADER,
        units=["", "", "km²", "jiwa", "jiwa/km²"],
        rows=[
            [
                f"Desa Contoh {i:03d}",
                KECAMATAN[i % len(KECAMATAN)],
                2.5 + i * 0.25,
                1000 + i * 137,
                (1000 + i * 137) / (2.5 + i * 0.25),
            ]
            for i in range(1, rows + 1)
        ],
        numeric=[False, False, True, True, True],
    )


def publication(*, sample_data: bool = True) -> PublicationDoc:
    population = [41234 + 1750 * i for i in range(len(KECAMATAN))]
    return PublicationDoc(
        title="Kabupaten Contoh Dalam Angka 2025",
        subtitle="Penyediaan Data untuk Perencanaan Pembangunan",
        region_name="Kabupaten Contoh",
        year=2025,
        organization="Dinas Komunikasi dan Informatika Kabupaten Contoh",
        foreword="Publikasi ini menyajikan data sektoral Kabupaten Contoh.\n\nTerima kasih kepada semua Produsen Data.",
        sample_data=sample_data,
        logo_path=Path(settings.PACKAGE_DIR) / "static" / "satudata" / "emblem.png",
        isbn_or_number="Nomor Publikasi: 3514.2501",
        chapters=[
            Chapter(
                title="Geografi dan Iklim",
                intro="Letak dan luas wilayah.",
                sections=[
                    Section(
                        title="Luas Wilayah Desa",
                        narrative="Luas dan kepadatan setiap desa dan kelurahan.",
                        table=village_table(),
                        source="Bagian Tata Pemerintahan",
                        notes="Luas menurut peta dasar 2024.\nKepadatan dihitung dari penduduk akhir tahun.",
                    ),
                    Section(
                        title="Curah Hujan",
                        narrative="Curah hujan bulanan.",
                        chart_svg=svgcharts.line_chart(
                            ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
                            [svgcharts.Series("2024", [310, 280, 250, 150, 90, 40, 20, 15, 30, 120, 210, 300.5])],
                            title="Curah Hujan Bulanan & Rata-rata",
                            unit="mm",
                        ),
                        source="Stasiun Klimatologi",
                    ),
                ],
            ),
            Chapter(
                title="Kependudukan",
                intro="Penduduk menurut kecamatan.",
                sections=[
                    Section(
                        title="Penduduk per Kecamatan",
                        narrative="Jumlah penduduk akhir tahun.",
                        table=Table(
                            columns=["Kecamatan", "Penduduk"],
                            rows=[[k, p] for k, p in zip(KECAMATAN, population, strict=True)],
                            units=["", "jiwa"],
                            numeric=[False, True],
                        ),
                        chart_svg=svgcharts.bar_chart(
                            KECAMATAN,
                            population,
                            title="Penduduk per Kecamatan <2025>",
                            unit="jiwa",
                            source="Dispendukcapil",
                        ),
                        source="Dinas Kependudukan dan Pencatatan Sipil",
                        notes="",
                    ),
                ],
            ),
            Chapter(
                title="Ekonomi",
                intro="Struktur ekonomi.",
                sections=[
                    Section(
                        title="Struktur PDRB",
                        narrative="Distribusi PDRB menurut lapangan usaha.",
                        chart_svg=svgcharts.share_chart(
                            ["Pertanian", "Industri", "Perdagangan", "Lainnya"],
                            [21.5, 38.2, 17.9, 22.4],
                            title="Struktur PDRB Atas Dasar Harga Berlaku",
                            unit="persen",
                        ),
                        source="BPS Kabupaten Contoh",
                    ),
                    Section(
                        title="Inflasi",
                        narrative="Inflasi tahunan.",
                        table=Table(
                            columns=["Tahun", "Inflasi"], rows=[["2023", 2.61], ["2024", None]], units=["", "persen"]
                        ),
                    ),
                ],
            ),
        ],
    )


# Charts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 97, [0, 20, 40, 60, 80, 100]),
        (0, 1.23, [0, 0.25, 0.5, 0.75, 1, 1.25]),
        (-35, 80, [-40, -20, 0, 20, 40, 60, 80]),
        (1_500_000, 1_561_000, [1_500_000, 1_520_000, 1_540_000, 1_560_000, 1_580_000]),
        (5, 5, [0, 1, 2, 3, 4, 5]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ],
)
def test_ticks_are_round_and_cover_the_values(low: float, high: float, ticks: list[float]) -> None:
    assert svgcharts.nice_ticks(low, high) == ticks


@pytest.mark.parametrize(("low", "high"), [(0, 0.0037), (-1e6, 3.3e6), (17.2, 17.9), (0, 123456789), (-0.5, -0.1)])
def test_ticks_are_evenly_spaced_few_and_around_the_range(low: float, high: float) -> None:
    ticks = svgcharts.nice_ticks(low, high)
    steps = {round(b - a, 12) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert 2 <= len(ticks) <= 7
    assert ticks[0] <= low and ticks[-1] >= high


@pytest.mark.parametrize(
    ("value", "decimals", "printed"),
    [
        (1234567, None, "1.234.567"),
        (1234.5, None, "1.234,5"),
        (1234.5, 2, "1.234,50"),
        (2.675, 2, "2,68"),  # half up on the decimal written, not on the binary float
        (-0.125, 2, "-0,13"),
        (-1234, None, "-1.234"),
        (0.0, None, "0"),
        (999.996, None, "1.000"),
        (12, 1, "12,0"),
    ],
)
def test_numbers_are_written_the_indonesian_way(value: float, decimals: int | None, printed: str) -> None:
    assert svgcharts.format_number(value, decimals) == printed


def test_a_column_gets_the_decimals_its_values_need() -> None:
    assert svgcharts.decimals_needed([1, 2.5, 3.25, None]) == 2
    assert svgcharts.decimals_needed([1.0, 20.0]) == 0
    assert svgcharts.decimals_needed([0.12345]) == 2
    with pytest.raises(ValueError):
        svgcharts.format_number(float("nan"))


def all_charts(label: str = "Kota", title: str = "Judul") -> dict[str, str]:
    return {
        "vertical": svgcharts.bar_chart([label, "B", "C"], [1200.5, None, -30], title=title, unit="jiwa", source=label),
        "vertical-many": svgcharts.bar_chart([f"{label} {i}" for i in range(30)], list(range(30)), title=title),
        "horizontal": svgcharts.bar_chart(
            [label, "Nama yang sangat panjang sekali untuk satu kategori"], [3, 4.5], title=title, horizontal=True
        ),
        "line": svgcharts.line_chart(
            ["2023", "2024"], [svgcharts.Series(label, [1, None]), svgcharts.Series("B", [2, 3])], title=title
        ),
        "share": svgcharts.share_chart([label, "B"], [1, 3], title=title, unit="unit", source="x"),
    }


@pytest.mark.parametrize("kind", ["vertical", "vertical-many", "horizontal", "line", "share"])
def test_every_chart_is_well_formed_svg_with_title_and_description(kind: str) -> None:
    svg = all_charts()[kind]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title") == "Judul"
    assert root.findtext(f"{SVG}desc")
    assert root.attrib["role"] == "img"
    assert svg == all_charts()[kind]  # deterministic


@pytest.mark.parametrize("kind", ["vertical", "vertical-many", "horizontal", "line", "share"])
def test_chart_text_is_escaped(kind: str) -> None:
    label, title = 'Kota <&>"\x07', 'Grafik <b>&amp; "uji"'
    svg = all_charts(label, title)[kind]
    root = ET.fromstring(svg)  # would fail on raw markup or a control character
    assert root.findtext(f"{SVG}title") == title
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert any('Kota <&>"' in text for text in texts)
    assert "<b>" not in svg and "\x07" not in svg


def test_values_and_ticks_are_printed_in_indonesian_notation() -> None:
    root = ET.fromstring(all_charts()["vertical"])
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert {"1.200,5", "-30,0", "1.250", "Satuan: jiwa", "Sumber: Kota", "…"} <= texts


def test_long_labels_are_wrapped_then_cut() -> None:
    lines = svgcharts.wrap("Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", 80, 10, max_lines=2)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert all(svgcharts.text_width(line, 10) <= 80 for line in lines)


def test_a_chart_paints_as_png_for_docx() -> None:
    svg = all_charts()["vertical-many"]
    png = svgcharts.svg_to_png(svg, scale=2)
    with Image.open(io.BytesIO(png)) as image:
        root = ET.fromstring(svg)
        assert image.format == "PNG"
        assert image.size == (2 * int(root.attrib["width"]), round(2 * float(root.attrib["height"])))
        assert min(image.convert("L").getextrema()) < 100  # something drawn, not a white sheet


def test_png_refuses_svg_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="ellipse"):
        svgcharts.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><ellipse/></svg>')


def test_a_share_chart_needs_a_positive_total() -> None:
    with pytest.raises(ValueError):
        svgcharts.share_chart(["A", "B"], [0, 0], title="t")
    with pytest.raises(ValueError):
        svgcharts.share_chart(["A", "B"], [1, -1], title="t")


def test_a_table_formats_numbers_only_in_numeric_columns() -> None:
    table = Table(
        columns=["Tahun", "Nilai", "Kode"], rows=[[2023, 1234.5, "x"], [2024, None, 7]], numeric=[False, True, False]
    )
    assert table.cells() == [
        [("2023", False), ("1.234,5", True), ("x", False)],
        [("2024", False), ("…", True), ("7", False)],
    ]
    assert Table(columns=["A", "B"], rows=[["a", 1], ["b", None]]).numeric == [False, True]  # inferred
    with pytest.raises(ValueError, match="row 2"):
        Table(columns=["A", "B"], rows=[["a", 1], ["b"]])


# PDF --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Page:
    text: str
    lines: list[str]
    handle: Any


@pytest.fixture(scope="module")
def pdf_pages() -> Iterator[list[Page]]:
    document = pdfium.PdfDocument(render_pdf(publication(sample_data=True)))
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range()
        pages.append(Page(text=text, lines=[line.strip() for line in text.splitlines() if line.strip()], handle=page))
    yield pages
    document.close()


def footer_text(page: Page) -> str:
    width, _ = page.handle.get_size()
    return str(page.handle.get_textpage().get_text_bounded(left=0, bottom=0, right=width, top=18 * MM))


def toc_entries(pages: list[Page]) -> dict[str, int]:
    """Heading as printed ("1.1 Curah Hujan") -> page number printed in the Daftar Isi."""
    entry = re.compile(r"^(\d+\.(?:\d+)?\s.+?)\s*\.{4,}\s*(\d+)$")
    toc_pages = [page for page in pages if "Daftar Isi" in page.lines[:3]]
    assert toc_pages, "no Daftar Isi"
    return {m[1]: int(m[2]) for page in toc_pages for line in page.lines if (m := entry.match(line))}


def test_every_page_renders_to_an_image(pdf_pages: list[Page], tmp_path: Path) -> None:
    assert len(pdf_pages) >= 8  # cover, foreword, contents, three chapters, a table over several pages
    for number, page in enumerate(pdf_pages, start=1):
        image = page.handle.render(scale=1).to_pil()
        image.save(tmp_path / f"page-{number:02d}.png")
        assert page.handle.get_size() == pytest.approx((210 * MM, 297 * MM), abs=0.5)  # A4 portrait
        darkest, _ = image.convert("L").getextrema()
        assert darkest < 100, f"page {number} is blank"


def test_each_page_but_the_cover_prints_its_own_number(pdf_pages: list[Page]) -> None:
    assert not re.search(r"\d", footer_text(pdf_pages[0]))
    for number, page in enumerate(pdf_pages[1:], start=2):
        printed = re.findall(r"\d+", footer_text(page))
        assert printed == [str(number)], f"page {number} footer: {footer_text(page)!r}"


def test_the_contents_give_the_page_of_every_heading(pdf_pages: list[Page]) -> None:
    doc = publication()
    expected = [f"{i}. {c.title}" for i, c in enumerate(doc.chapters, 1)] + [
        f"{i}.{j} {s.title}" for i, c in enumerate(doc.chapters, 1) for j, s in enumerate(c.sections, 1)
    ]
    entries = toc_entries(pdf_pages)
    assert sorted(entries) == sorted(expected)
    for heading, page_number in entries.items():
        found = [number for number, page in enumerate(pdf_pages, start=1) if heading in page.lines]
        assert found == [page_number], heading


def test_each_chapter_starts_a_page(pdf_pages: list[Page]) -> None:
    for i, chapter in enumerate(publication().chapters, start=1):
        assert any(page.lines[0] == f"{i}. {chapter.title}" for page in pdf_pages)


def test_the_long_table_repeats_its_header_above_its_rows_on_every_page(pdf_pages: list[Page]) -> None:
    pages_with_rows = 0
    seen: list[int] = []
    for page in pdf_pages:
        villages = VILLAGE.findall(page.text)
        if not villages:
            continue
        pages_with_rows += 1
        seen += [int(v) for v in villages]
        textpage = page.handle.get_textpage()
        first_row_top = max(box[3] for box in boxes(textpage, "Desa Contoh "))
        for name in LONG_TABLE_HEADER:
            above = [box for box in boxes(textpage, name) if box[1] > first_row_top]
            assert above, f"header {name!r} missing above the rows on a page"
            assert min(box[1] for box in above) - first_row_top < 15 * MM, f"header {name!r} is not right above"
    assert pages_with_rows >= 3
    assert seen == list(range(1, 151))  # every row once, in order: none lost at a page break


def boxes(textpage: Any, text: str) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the first character of each occurrence, in PDF points (y up)."""
    searcher = textpage.search(text, match_case=True)
    found = []
    while (hit := searcher.get_next()) is not None:
        found.append(textpage.get_charbox(hit[0]))
    return found


def test_table_numbers_are_right_aligned_in_indonesian_notation(pdf_pages: list[Page]) -> None:
    text = "\n".join(page.text for page in pdf_pages)
    assert "1.137" in text  # Penduduk of Desa Contoh 001, thousands with a dot
    assert "2,75" in text  # Luas of Desa Contoh 001, decimal comma, the column's two decimals
    assert "2,61" in text and "…" in text  # inflation, and a missing value
    page = next(p for p in pdf_pages if "Desa Contoh 001" in p.text)
    textpage = page.handle.get_textpage()
    row = boxes(textpage, "Desa Contoh 002")[0]
    header = boxes(textpage, "Penduduk")[0]
    number = next(box for box in boxes(textpage, "1.274") if abs(box[1] - row[1]) < 2)  # 1000 + 2 × 137
    assert number[0] > header[0]  # starts right of the header's left edge: aligned right, not left


def test_the_sample_label_is_on_the_cover_and_every_page(pdf_pages: list[Page]) -> None:
    for page in pdf_pages:
        assert SAMPLE_LABEL in footer_text(page)
    assert pdf_pages[0].text.count(SAMPLE_LABEL) == 2  # the stamp and the footer


def test_real_data_carries_no_sample_label() -> None:
    document = pdfium.PdfDocument(render_pdf(publication(sample_data=False)))
    for page in document:
        assert "DATA CONTOH" not in page.get_textpage().get_text_range()


def test_chart_text_is_in_the_pdf(pdf_pages: list[Page]) -> None:
    text = "\n".join(page.text for page in pdf_pages)
    for title in [
        "Curah Hujan Bulanan & Rata-rata",
        "Penduduk per Kecamatan <2025>",
        "Struktur PDRB Atas Dasar Harga Berlaku",
    ]:
        assert title in text
    assert "Sumber: Dispendukcapil" in text


# DOCX -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_file() -> Any:
    return Document(io.BytesIO(render_docx(publication(sample_data=True))))


def test_docx_headings_follow_chapters_and_sections(docx_file: Any) -> None:
    doc = publication()
    by_style: dict[str, list[str]] = {"Heading 1": [], "Heading 2": []}
    for paragraph in docx_file.paragraphs:
        by_style.get(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == [f"{i}. {c.title}" for i, c in enumerate(doc.chapters, 1)]
    assert by_style["Heading 2"] == [
        f"{i}.{j} {s.title}" for i, c in enumerate(doc.chapters, 1) for j, s in enumerate(c.sections, 1)
    ]


def test_docx_has_a_toc_field_word_updates_on_open(docx_file: Any) -> None:
    body = docx_file.element.body
    instructions = [element.text for element in body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-3" \\h \\z \\u ' in instructions
    settings_element = docx_file.settings.element
    update = settings_element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    tags = [child.tag for child in settings_element]
    assert tags.index(qn("w:updateFields")) < tags.index(qn("w:compat"))  # the schema's order: Word is strict


def test_docx_table_header_repeats_and_rows_do_not_split(docx_file: Any) -> None:
    table = next(t for t in docx_file.tables if t.rows[0].cells[0].text == "Desa/Kelurahan")
    assert len(table.rows) == 151
    header_properties = table.rows[0]._tr.trPr
    assert header_properties.find(qn("w:tblHeader")) is not None
    for row in table.rows[1:]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    first = table.rows[1].cells
    assert [c.text for c in first] == ["Desa Contoh 001", "Tutur", "2,75", "1.137", "413,45"]
    assert first[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0].cells[3].text == "Penduduk\n(jiwa)"


def test_docx_footer_numbers_pages_but_not_the_cover(docx_file: Any) -> None:
    section = docx_file.sections[0]
    assert section.different_first_page_header_footer

    def page_fields(footer: Any) -> list[str]:
        return [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]

    assert page_fields(section.footer) == ["PAGE"]
    assert page_fields(section.first_page_footer) == []
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_carries_the_sample_label_on_cover_and_footers(docx_file: Any) -> None:
    section = docx_file.sections[0]
    assert SAMPLE_LABEL in section.footer.paragraphs[0].text
    assert SAMPLE_LABEL in section.first_page_footer.paragraphs[0].text
    cover = [p.text for p in docx_file.paragraphs[:10]]
    assert SAMPLE_LABEL in cover


def test_docx_of_real_data_has_no_sample_label() -> None:
    docx_file = Document(io.BytesIO(render_docx(publication(sample_data=False))))
    texts = [p.text for p in docx_file.paragraphs]
    section = docx_file.sections[0]
    texts += [p.text for p in section.footer.paragraphs + section.first_page_footer.paragraphs]
    assert not any("DATA CONTOH" in text for text in texts)


def test_docx_charts_are_pictures(docx_file: Any) -> None:
    assert len(docx_file.inline_shapes) == 1 + 3  # the logo and three charts
    widths = [shape.width.cm for shape in docx_file.inline_shapes]
    assert all(width <= 16.01 for width in widths)


def test_docx_says_when_a_chart_cannot_be_drawn() -> None:
    doc = publication()
    doc.chapters = [
        Chapter(
            title="Lain",
            sections=[
                Section(
                    title="Peta",
                    chart_svg='<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><path d="M0 0"/></svg>',
                )
            ],
        )
    ]
    docx_file = Document(io.BytesIO(render_docx(doc)))
    assert "Grafik ini hanya tersedia dalam versi PDF." in [p.text for p in docx_file.paragraphs]
