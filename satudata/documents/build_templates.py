"""Builds the shipped DOCX templates and default emblem. Run after changing the layout:

    python -m satudata.documents.build_templates

Offices may replace a template with their own Word file (setting SATUDATA_BERITA_ACARA_TEMPLATE);
it must keep the Jinja tags that docxtpl fills ({{ number }}, {%tr for item in items %} …).
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
COLUMNS = ["No", "ID DDD", "Nama Data", "Produsen Data", "Satuan", "Klasifikasi Penyajian",
           "Jadwal Pemutakhiran", "Klasifikasi", "Prioritas"]  # fmt: skip
KEYS = ["no", "id_ddd", "nama_data", "produsen", "satuan", "penyajian", "jadwal", "klasifikasi",
        "prioritas"]  # fmt: skip


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    # Long tables continue on the next page with their header row repeated.
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


DAFTAR_DATA_INTRO = (
    "Pada hari ini {{ day_name }}, tanggal {{ date_long }}, bertempat di {{ place }}, telah "
    "dilaksanakan {{ meeting_title }} dalam rangka siklus Satu Data tahun {{ year }}. Forum "
    "Satu Data {{ region }} menyepakati Daftar Data berikut sebanyak {{ items|length }} butir, "
    "yang {{ priority_count }} di antaranya merupakan Data Prioritas."
)


def build_berita_acara(
    path: Path, *, intro: str = DAFTAR_DATA_INTRO, columns: list[str] = COLUMNS, keys: list[str] = KEYS
) -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(10)

    kop = doc.add_table(rows=1, cols=2)
    kop.alignment = WD_TABLE_ALIGNMENT.CENTER
    kop.cell(0, 0).width, kop.cell(0, 1).width = Cm(3), Cm(23)
    kop.cell(0, 0).paragraphs[0].add_run("{{ logo }}")
    right = kop.cell(0, 1).paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.add_run("{{ government|upper }}\n").bold = True
    right.add_run("FORUM SATU DATA {{ region|upper }}\n").bold = True
    right.add_run("{{ address }}")
    doc.add_paragraph("_" * 130).alignment = WD_ALIGN_PARAGRAPH.CENTER

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("{{ title|upper }}\n").bold = True
    title.add_run("Nomor: {{ number }}")

    doc.add_paragraph(intro)
    table = doc.add_table(rows=3, cols=len(columns))
    table.style = "Table Grid"
    for i, label in enumerate(columns):
        cell = table.rows[0].cells[i]
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for item in items %}"
    for i, key in enumerate(keys):
        table.rows[2].cells[i].text = "{{ item.%s }}" % key
    table.add_row().cells[0].text = "{%tr endfor %}"

    doc.add_paragraph("")
    doc.add_paragraph().add_run("Peserta rapat").bold = True
    people = doc.add_table(rows=3, cols=4)
    people.style = "Table Grid"
    for i, label in enumerate(["No", "Nama", "Organisasi", "Jabatan"]):
        people.rows[0].cells[i].text = ""
        people.rows[0].cells[i].paragraphs[0].add_run(label).bold = True
    _repeat_header(people.rows[0])
    people.rows[1].cells[0].text = "{%tr for p in participants %}"
    for i, key in enumerate(["no", "name", "organization", "position"]):
        people.rows[2].cells[i].text = "{{ p.%s }}" % key
    people.add_row().cells[0].text = "{%tr endfor %}"

    doc.add_paragraph("")
    doc.add_paragraph(
        "Daftar hadir mencatat {{ attendance_present }} orang hadir. "
        "Demikian Berita Acara ini dibuat untuk dipergunakan sebagaimana mestinya."
    )
    doc.add_paragraph("{{ region_city }}, {{ date_long }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    blocks = doc.add_table(rows=3, cols=2)
    blocks.rows[0].cells[0].text = "{%tr for pair in signatory_pairs %}"
    for col, key in enumerate(("left", "right")):
        cell = blocks.rows[1].cells[col]
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("{{ pair.%s.role }}\n{{ pair.%s.title }}\n\n\n\n" % (key, key))
        p.add_run("{{ pair.%s.name }}\n" % key).bold = True
        p.add_run("{%% if pair.%s.nip %%}NIP. {{ pair.%s.nip }}{%% endif %%}" % (key, key))
    blocks.rows[2].cells[0].text = "{%tr endfor %}"
    doc.save(str(path))


RENAKSI_COLUMNS = ["No", "Kegiatan", "Alasan", "Indikator EPSS / masalah kualitas", "Penanggung Jawab", "Tenggat"]
RENAKSI_KEYS = ["no", "kegiatan", "alasan", "dasar", "penanggung_jawab", "tenggat"]


def build_berita_acara_renaksi(path: Path) -> None:
    """The Berita Acara of the Renaksi: the same letterhead, participants and signatures as the
    Daftar Data one, with the action items in the table."""
    build_berita_acara(
        path,
        intro=(
            "Pada hari ini {{ day_name }}, tanggal {{ date_long }}, bertempat di {{ place }}, telah "
            "dilaksanakan {{ meeting_title }} dalam rangka siklus Satu Data tahun {{ year }}. Forum "
            "Satu Data {{ region }} menyepakati Rencana Aksi (Renaksi) Satu Data untuk tahun "
            "{{ plan_year }} berikut sebanyak {{ items|length }} butir."
        ),
        columns=RENAKSI_COLUMNS,
        keys=RENAKSI_KEYS,
    )


def build_emblem(path: Path) -> None:
    # A neutral emblem for installations that have not set SATUDATA_REGION_LOGO; a regency's own
    # coat of arms is not shipped (its use is regulated).
    size = 240
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    shield = [(20, 20), (220, 20), (220, 130), (120, 225), (20, 130)]
    draw.polygon(shield, fill=(20, 83, 45), outline=(202, 160, 30))
    draw.line([*shield, shield[0]], fill=(202, 160, 30), width=10)
    for i, height in enumerate((50, 80, 110, 140)):
        x = 52 + i * 38
        draw.rectangle([x, 175 - height, x + 24, 175], fill=(202, 160, 30))
    img.save(path, optimize=True)


if __name__ == "__main__":
    build_berita_acara(HERE / "docx" / "berita_acara.docx")
    build_berita_acara_renaksi(HERE / "docx" / "berita_acara_renaksi.docx")
    build_emblem(HERE.parent / "static" / "satudata" / "emblem.png")
    print("templates built")
