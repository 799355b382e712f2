"""The whole EPSS worksheet as XLSX (for the team to work on and send) and PDF (for the record):
levels, explanations and the evidence list with absolute links."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urljoin

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from satudata.evaluation.models import Evidence, Indicator
from satudata.evaluation.worksheet import Worksheet


def evidence_link(evidence: Evidence, base_url: str) -> str:
    return urljoin(base_url, evidence.get_absolute_url())


def _evidence(indicator: Indicator) -> list[Evidence]:
    return list(getattr(indicator, "active_evidence", []))


def worksheet_xlsx(sheet: Worksheet, base_url: str) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    pct = book.add_format({"num_format": "0.000%", "valign": "top"})
    num = book.add_format({"num_format": "0.00", "valign": "top"})

    summary = book.add_worksheet("Ringkasan")
    summary.set_column(0, 0, 40)
    summary.set_column(1, 2, 16)
    summary.write(0, 0, f"Penilaian Mandiri EPSS {sheet.assessment.year} — {settings.REGION_NAME}", bold)
    summary.write(1, 0, f"Dasar penilaian: {sheet.assessment.framework}")
    summary.write(2, 0, f"Dicetak: {timezone.localtime():%d-%m-%Y %H:%M}")
    if sheet.assessment.is_sample:
        summary.write(3, 0, "DATA CONTOH — tingkat, penjelasan dan IPS adalah contoh pada instalasi demo", bold)
    summary.write(4, 0, "Indeks Pembangunan Statistik (IPS)", bold)
    if sheet.ips is not None:
        summary.write_number(4, 1, float(sheet.ips), num)
        summary.write(4, 2, str(sheet.predicate.label) if sheet.predicate else "")
    else:
        summary.write(4, 1, f"belum lengkap ({sheet.answered}/{sheet.total} indikator dinilai)")
    summary.write_row(6, 0, ["Domain", "Bobot", "Indeks domain"], head)
    for row, d in enumerate(sheet.domains, start=7):
        summary.write(row, 0, f"{d.domain.code}. {d.domain.name}")
        summary.write_number(row, 1, float(d.domain.weight) / 100, pct)
        if d.index is not None:
            summary.write_number(row, 2, float(d.index), num)

    ws = book.add_worksheet("Lembar Kerja")
    headers = [
        "Kode", "Domain", "Aspek", "Indikator", "Bobot dalam aspek", "Bobot efektif", "Tingkat",
        "Nama tingkat", "Kriteria tingkat terpilih", "Penjelasan", "Bukti dukung",
    ]  # fmt: skip
    widths = [8, 22, 22, 40, 10, 10, 8, 16, 40, 60, 60]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.write_row(0, 0, headers, head)
    ws.freeze_panes(1, 1)
    row = 1
    for d in sheet.domains:
        for a in d.aspects:
            for i in a.indicators:
                evidence = "\n".join(f"{e.title}: {evidence_link(e, base_url)}" for e in _evidence(i))
                ws.write(row, 0, i.code, wrap)
                ws.write(row, 1, f"{d.domain.code}. {d.domain.name}", wrap)
                ws.write(row, 2, f"{a.aspect.code} {a.aspect.name}", wrap)
                ws.write(row, 3, i.name, wrap)
                ws.write_number(row, 4, float(i.weight) / 100, pct)
                ws.write_number(row, 5, float(sheet.weights[i.code]), pct)
                if i.level is not None:
                    ws.write_number(row, 6, i.level)
                    ws.write(row, 7, i.get_level_display(), wrap)
                    ws.write(row, 8, i.criterion(i.level), wrap)
                ws.write(row, 9, i.explanation, wrap)
                ws.write(row, 10, evidence, wrap)
                row += 1

    ev = book.add_worksheet("Bukti Dukung")
    ev.write_row(0, 0, ["Kode", "Judul", "Tautan", "Keterangan", "Dilampirkan oleh", "Tanggal"], head)
    for col, width in enumerate([8, 40, 60, 50, 20, 12]):
        ev.set_column(col, col, width)
    row = 1
    for i in sheet.indicators:
        for e in _evidence(i):
            ev.write_row(
                row, 0,
                [i.code, e.title, evidence_link(e, base_url), e.note, str(e.added_by), f"{timezone.localtime(e.created):%d-%m-%Y}"],
                wrap,
            )  # fmt: skip
            row += 1
    book.close()
    return out.getvalue()


def worksheet_pdf(sheet: Worksheet, base_url: str) -> bytes:
    html = render_to_string(
        "evaluation/worksheet_pdf.html",
        {
            "sheet": sheet, "region": settings.REGION_NAME, "printed": timezone.localtime(), "base_url": base_url,
            "rows": [
                (d, a, i, [(e, evidence_link(e, base_url)) for e in _evidence(i)], sheet.weights[i.code] * Decimal(100))
                for d in sheet.domains for a in d.aspects for i in a.indicators
            ],
        },
    )  # fmt: skip
    pdf: bytes = HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf()
    return pdf
