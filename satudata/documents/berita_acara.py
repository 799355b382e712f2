"""Berita Acara of the agreed Daftar Data: DOCX (docxtpl) for signing, PDF (WeasyPrint) for the record."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from satudata.core.region import logo_path, region_city
from satudata.documents.dates import nama_hari, tanggal_panjang
from satudata.planning.models import ActionItem, BeritaAcara, BeritaAcaraSubject, DaftarDataItem

TEMPLATE = Path(__file__).resolve().parent / "docx" / "berita_acara.docx"
RENAKSI_TEMPLATE = Path(__file__).resolve().parent / "docx" / "berita_acara_renaksi.docx"

DEFAULT_SIGNATORIES = [
    {"role": "Perwakilan Produsen Data", "title": "", "name": "", "nip": ""},
    {"role": "Pembina Data", "title": "Kepala BPS", "name": "", "nip": ""},
    {"role": "Walidata", "title": "Kepala Dinas Komunikasi dan Informatika", "name": "", "nip": ""},
    {"role": "Sekretariat Forum Satu Data", "title": "", "name": "", "nip": ""},
]


def item_rows(items: QuerySet[DaftarDataItem]) -> list[dict[str, str]]:
    rows = []
    for number, item in enumerate(items.order_by("organization__name", "id_ddd"), start=1):
        rows.append(
            {
                "no": str(number),
                "id_ddd": item.id_ddd,
                "nama_data": item.nama_data,
                "produsen": item.organization.name,
                "satuan": item.satuan,
                "penyajian": item.klasifikasi_penyajian,
                "jadwal": item.get_jadwal_pemutakhiran_display(),
                "klasifikasi": item.get_klasifikasi_display(),
                "prioritas": "Ya" if item.is_priority else "Tidak",
            }
        )
    return rows


def action_item_rows(items: QuerySet[ActionItem]) -> list[dict[str, str]]:
    """The Renaksi items as the Berita Acara records them (copied: the record never changes)."""
    rows = []
    for number, item in enumerate(items, start=1):
        basis = [
            f"EPSS {item.indicator_code}" if item.indicator_code else "",
            item.dataset.title if item.dataset else "",
            item.problem,
        ]
        rows.append(
            {
                "no": str(number),
                "kegiatan": item.title,
                "alasan": item.reason,
                "dasar": "; ".join(part for part in basis if part),
                "penanggung_jawab": item.organization.name,
                "tenggat": tanggal_panjang(item.due_date),
            }
        )
    return rows


def context(ba: BeritaAcara) -> dict[str, Any]:
    meeting = ba.meeting
    signatories = ba.signatories or DEFAULT_SIGNATORIES
    pairs = [
        {"left": signatories[i], "right": signatories[i + 1] if i + 1 < len(signatories) else {}}
        for i in range(0, len(signatories), 2)
    ]
    attendance = list(meeting.attendance.select_related("organization"))
    return {
        "title": ba.title,
        "number": ba.number,
        "date_long": tanggal_panjang(ba.date),
        "day_name": nama_hari(ba.date),
        "place": meeting.place,
        "meeting_title": meeting.title,
        "meeting_date": tanggal_panjang(timezone.localtime(meeting.starts_at).date()),
        "year": meeting.cycle.year,
        "region": settings.REGION_NAME,
        "region_city": region_city(),
        "government": settings.REGION_GOVERNMENT,
        "address": settings.REGION_ADDRESS,
        "subject": ba.subject,
        "plan_year": meeting.cycle.year + 1,
        "items": ba.items,
        "priority_count": sum(1 for row in ba.items if row.get("prioritas") == "Ya"),
        "signatory_pairs": pairs,
        "signatories": signatories,
        "attendance": attendance,
        "participants": [
            {
                "no": str(i),
                "name": a.name,
                "organization": a.organization.name if a.organization else "",
                "position": a.position,
            }
            for i, a in enumerate((a for a in attendance if a.present), start=1)
        ],
        "attendance_present": sum(1 for a in attendance if a.present),
    }


def render_docx(ba: BeritaAcara) -> ContentFile[bytes]:
    if ba.subject == BeritaAcaraSubject.RENAKSI:
        template_path = RENAKSI_TEMPLATE
    else:
        template_path = Path(settings.SATUDATA_BERITA_ACARA_TEMPLATE or TEMPLATE)
    doc = DocxTemplate(str(template_path))
    ctx = context(ba)
    ctx["logo"] = InlineImage(doc, str(logo_path()), width=Cm(2.2))
    doc.render(ctx, autoescape=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return ContentFile(buffer.getvalue())


def render_pdf(ba: BeritaAcara) -> ContentFile[bytes]:
    from weasyprint import HTML

    ctx = context(ba)
    ctx["logo_uri"] = logo_path().as_uri()
    html = render_to_string("documents/berita_acara.html", ctx)
    return ContentFile(HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf())
