"""The 22 steps of SOP 00.8.3.3/114.6/424.084/2024 "Pelaksanaan Statistik Sektoral", defined once.

Source: shared/design/sop.md (from the SOP text beside it). The SOP leaves the actors of steps 2–5
unmarked (its flowchart was lost in conversion); those are read from the step's content, as sop.md
does. Durations: "2 Minggu" = 14 days, "1 Minggu" = 7 days, "1 Bulan" = 30 days; steps follow one
another, so each starts when the one before is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Role

StrOrPromise = str | Promise

if TYPE_CHECKING:
    from satudata.accounts.models import User
    from satudata.planning.models import Cycle, CycleStep

P, W, B, F = Role.PRODUCER, Role.WALIDATA, Role.PEMBINA, Role.FORUM


@dataclass(frozen=True)
class Step:
    number: int
    name: StrOrPromise
    actors: tuple[Role, ...]
    duration_days: int
    time_standard: StrOrPromise
    inputs: StrOrPromise
    outputs: StrOrPromise
    epss: tuple[str, ...]
    ket: str = ""
    # True where this version of satudata holds the step's outputs itself (so its status follows
    # from them); False where the actor uploads an evidence file with a note instead.
    system_output: bool = False

    @property
    def actor_labels(self) -> list[str]:
        return [str(Role(actor).label) for actor in self.actors]


TWO_WEEKS, ONE_WEEK, ONE_MONTH = 14, 7, 30

STEPS: tuple[Step, ...] = (
    Step(
        1,
        _("Pembahasan rencana daftar data dan data prioritas, serta koordinasi kegiatan statistik secara berkala"),
        (F,),
        TWO_WEEKS,
        _("2 minggu"),
        _(
            "Dokumen perencanaan daerah (RPJPD, RPJMD, LKPJ, LPPD, LKjIP, daftar data prioritas pemerintah, modul E-Walidata SIPD, Renstra Perangkat Daerah, SPM)"
        ),
        _("Berita Acara Rencana Daftar Data hasil Forum Satu Data; awal penyusunan rencana kegiatan statistik"),
        ("30101",),
        "Spesifikasi Kebutuhan",
        system_output=True,
    ),
    Step(
        2,
        _("Penyusunan rencana kegiatan statistik"),
        (P,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Berita Acara Rencana Daftar Data hasil Forum Satu Data"),
        _(
            "Berita Acara Rencana Daftar Data; Rencana Kegiatan Statistik; metadata kegiatan, variabel dan indikator (mulai diisi)"
        ),
        ("30101", "30102"),
    ),
    Step(
        3,
        _("Penyusunan kebutuhan data dan sistem aplikasi pendukung (Identifikasi Kebutuhan Data)"),
        (P, W),
        TWO_WEEKS,
        _("2 minggu"),
        _("Data yang dibutuhkan untuk mengisi Rencana Kegiatan Statistik dan metadata; Portal Satu Data"),
        _(
            "Rencana Kegiatan Statistik dan metadata kegiatan, variabel, indikator terisi; sistem aplikasi pendukung siap"
        ),
        ("20102",),
        "Identifikasi Kebutuhan Data",
    ),
    Step(
        4,
        _("Pemeriksaan Data (Penilaian Akurasi Data)"),
        (W, F),
        TWO_WEEKS,
        _("2 minggu"),
        _(
            "Validasi atau reviu sumber data; pemeriksaan dan editing data; supervisi akurasi; sampling error untuk survei dengan probability sampling"
        ),
        _(
            "Berita Acara Rencana Daftar Data yang diperiksa dan ditandatangani Produsen Data, Pembina Data, Walidata dan Sekretariat Forum; undangan dan notulensi Forum"
        ),
        ("20201",),
        "Penilaian Akurasi Data",
        system_output=True,
    ),
    Step(
        5,
        _("Pemberian rekomendasi statistik serta koordinasi, konsultasi dan pembinaan"),
        (B,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Rencana Kegiatan Statistik dan metadata terisi; aplikasi Romantik dan INDAH BPS"),
        _("Kegiatan statistik mendapat rekomendasi dan tersinkronisasi dengan INDAH"),
        ("50201",),
        "Romantik",
    ),
    Step(
        6,
        _("Perancangan standar data, metadata, pengumpulan, pengolahan dan output"),
        (P,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Berita Acara Rencana Daftar Data; rekomendasi statistik"),
        _("Metadata kegiatan, variabel dan indikator, tersinkronisasi dengan INDAH"),
        ("30102", "10101", "10201"),
        "Perancangan statistik",
    ),
    Step(
        7,
        _("Perancangan diseminasi dan integrasi data (Penjaminan Aktualitas Data)"),
        (W,),
        TWO_WEEKS,
        _("2 minggu"),
        _(
            "Berita Acara Rencana Daftar Data; rekomendasi statistik; Portal Satu Data sebagai basis data integrasi dan diseminasi"
        ),
        _("Berita Acara dilengkapi Jadwal Rilis Data; jadwal pemutakhiran/rilis tersedia di portal"),
        ("20301",),
        "Penjaminan Aktualitas Data",
    ),
    Step(
        8,
        _("Penyusunan instrumen kegiatan statistik"),
        (P,),
        ONE_WEEK,
        _("1 minggu"),
        _("Rencana Kegiatan Statistik; Romantik"),
        _("Instrumen dan metadata kegiatan, variabel, indikator"),
        ("30103",),
        "Penyusunan instrumen",
    ),
    Step(
        9,
        _("Penyusunan sistem aplikasi pendukung"),
        (W,),
        ONE_MONTH,
        _("1 bulan"),
        _("Portal Satu Data sebagai basis data integrasi dan diseminasi"),
        _("Portal siap untuk siklus: dataset dari Daftar Data, templat, akses API"),
        ("10301",),
    ),
    Step(
        10,
        _("Pengumpulan data oleh produsen data; akuisisi data dan implementasi sistem oleh walidata"),
        (P, W),
        TWO_WEEKS,
        _("2 minggu"),
        _("Portal Satu Data"),
        _("Data yang dikumpulkan dimasukkan ke portal oleh produsen data untuk diproses walidata"),
        ("30201",),
        "Pengumpulan data",
        system_output=True,
    ),
    Step(
        11,
        _("Pengolahan dan rekonsiliasi data oleh Produsen Data dan Walidata"),
        (P, W),
        ONE_WEEK,
        _("1 minggu"),
        _("Data terintegrasi melalui verifikasi dan validasi walidata"),
        _("Data terintegrasi, terverifikasi dan tervalidasi walidata"),
        ("30301", "40304"),
        "Pengolahan data",
        system_output=True,
    ),
    Step(
        12,
        _("Analisis data deskriptif dan mendalam"),
        (P, W),
        ONE_WEEK,
        _("1 minggu"),
        _("Data terverifikasi"),
        _("Data dianalisis kembali oleh produsen data"),
        ("30302",),
        "Analisis statistik",
    ),
    Step(
        13,
        _("Penyusunan produk statistik oleh produsen data"),
        (P,),
        ONE_WEEK,
        _("1 minggu"),
        _("Data yang telah dianalisis"),
        _("Produk statistik tersusun dan siap dipublikasikan"),
        ("30401",),
        "Diseminasi statistik",
    ),
    Step(
        14,
        _("Penjaminan Ketersediaan Data"),
        (P, W),
        TWO_WEEKS,
        _("2 minggu"),
        _("Berita Acara; undangan dan notulen desk pengumpulan data; metadata dan data terunggah"),
        _(
            "Metadata dan penjelasan teknis tersedia di portal; data dikecualikan dapat diakses melalui mekanisme tertentu"
        ),
        ("20401", "40104"),
    ),
    Step(
        15,
        _("Penyebarluasan statistik dan Pemantauan Ketepatan Waktu Diseminasi"),
        (W,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Produk statistik siap dipublikasikan"),
        _("Publikasi dan diseminasi data di portal"),
        ("20302",),
        "Pemantauan Ketepatan Waktu Diseminasi",
    ),
    Step(
        16,
        _("Penjaminan Akses Media Penyebarluasan Data"),
        (W,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Data yang sudah dipublikasikan"),
        _("Katalog publikasi dan layanan tersedia; berita kegiatan statistik disebarluaskan"),
        ("20402",),
        "Akses Media Penyebarluasan Data",
    ),
    Step(
        17,
        _("Penyediaan Format Data"),
        (W,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Panduan publikasi output statistik (tata letak, teks, tabel, grafik)"),
        _("Pengguna dapat mengakses data dalam format yang disepakati (xlsx, csv, html, json)"),
        ("20403",),
        "Format Data",
    ),
    Step(
        18,
        _("Pembinaan dan interoperabilitas data"),
        (B,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Portal Satu Data"),
        _("Publikasi dan diseminasi data kegiatan statistik di portal"),
        ("10301", "50302"),
    ),
    Step(
        19,
        _("Evaluasi penyelenggaraan kegiatan statistik sektoral"),
        (B,),
        ONE_WEEK,
        _("1 minggu"),
        _("Publikasi dan diseminasi data di portal"),
        _("Hasil evaluasi (EPSS)"),
        (),
        "Evaluasi statistik",
    ),
    Step(
        20,
        _("Evaluasi kualitas data dan proses statistik"),
        (P,),
        ONE_WEEK,
        _("1 minggu"),
        _("Hasil evaluasi"),
        _("Hasil evaluasi kualitas data dan proses statistik"),
        ("40103", "20501", "20502"),
    ),
    Step(
        21,
        _("Penyusunan renaksi kegiatan statistik untuk tahun selanjutnya (Konsistensi Statistik)"),
        (F,),
        TWO_WEEKS,
        _("2 minggu"),
        _("Hasil evaluasi kualitas data dan proses statistik"),
        _("Data konsisten dengan Daftar Data yang disepakati dan prinsip SDI; Renaksi tahun berikutnya"),
        ("20502", "50301"),
        "Konsistensi Statistik",
    ),
    Step(
        22,
        _("Proses selesai"),
        (F,),
        0,
        _("—"),
        _("—"),
        _("SELESAI: siklus ditutup dan diarsipkan"),
        (),
        system_output=True,
    ),
)

STEP_BY_NUMBER = {step.number: step for step in STEPS}
assert [step.number for step in STEPS] == list(range(1, 23)), "the SOP has 22 numbered steps"


def get_step(number: int) -> Step:
    return STEP_BY_NUMBER[number]


def steps_for_user(user: User, cycle: Cycle) -> list[CycleStep]:
    """The steps a user sees on their home page: the whole cycle for those who run or oversee it,
    the steps they act in for everyone else."""
    from satudata.planning.permissions import can_view_whole_cycle

    steps = list(cycle.steps.order_by("number"))
    if can_view_whole_cycle(user):
        return steps
    roles = set(user.role_map)
    return [s for s in steps if roles & set(s.step.actors)]
