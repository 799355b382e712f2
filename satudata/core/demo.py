"""The Kabupaten Pasuruan demo: real OPD names, one user per role, a started cycle, a Forum meeting
and Daftar Data items built on real indicators, statistical activities and published datasets. The
Daftar Data holds definitions, not values; the dataset figures are sample data except where their
description names an official source (see `satudata.datasets.demo`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from satudata.accounts.models import Membership, Organization, Role, User
from satudata.planning.actions import do_create_item, do_review_item, do_start_cycle, do_submit_item
from satudata.planning.models import Attendance, Cycle, DaftarDataItem, ForumMeeting, ReviewDecision

PASSWORD = "satudata-demo"

# (slug, name, short name, kind). Names as the Pemerintah Kabupaten Pasuruan uses them.
ORGANIZATIONS = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas"),
    ("bappelitbangda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "Bappelitbangda", "badan"),
    ("dinkes", "Dinas Kesehatan", "Dinkes", "dinas"),
    ("dispendik", "Dinas Pendidikan", "Dispendik", "dinas"),
    ("dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dispendukcapil", "dinas"),
    ("distan", "Dinas Pertanian", "Distan", "dinas"),
    ("diskan", "Dinas Perikanan", "Diskan", "dinas"),
    ("dinsos", "Dinas Sosial", "Dinsos", "dinas"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "dinas"),
    ("rsud-bangil", "RSUD Bangil", "RSUD Bangil", "rsud"),
    ("bps", "Badan Pusat Statistik Kabupaten Pasuruan", "BPS Kab. Pasuruan", "vertikal"),
]
PRODUCER_ORGS = [
    "dinkes",
    "dispendik",
    "dispendukcapil",
    "distan",
    "diskan",
    "dinsos",
    "dlh",
    "rsud-bangil",
    "bappelitbangda",
    "diskominfo",
]

# (org, nama data, nama indikator, satuan, penyajian, jadwal, sumber, dokumen, prioritas, indikator/variabel, definisi)
ITEMS: list[tuple[Any, ...]] = [
    (
        "dispendukcapil",
        "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
        "Jumlah penduduk",
        "jiwa",
        "Kecamatan, Jenis Kelamin",
        "semesteran",
        "RPJMD 2025–2029",
        "rpjmd",
        True,
        "variabel",
        "Banyaknya penduduk yang tercatat dalam data kependudukan (DKB) pada akhir semester.",
    ),
    (
        "dispendukcapil",
        "Kepadatan Penduduk menurut Kecamatan",
        "Kepadatan penduduk",
        "jiwa/km²",
        "Kecamatan",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        False,
        "indikator",
        "Jumlah penduduk dibagi luas wilayah daratan (km²).",
    ),
    (
        "dispendukcapil",
        "Cakupan Kepemilikan Akta Kelahiran Anak 0–18 Tahun",
        "Cakupan kepemilikan akta kelahiran",
        "persen",
        "Kecamatan",
        "semesteran",
        "Renstra Dispendukcapil",
        "renstra",
        False,
        "indikator",
        "Persentase anak usia 0–18 tahun yang memiliki akta kelahiran terhadap seluruh anak usia 0–18 tahun.",
    ),
    (
        "dispendik",
        "Angka Partisipasi Murni (APM) SD/MI",
        "APM SD/MI",
        "persen",
        "Kecamatan",
        "tahunan",
        "SPM Pendidikan",
        "spm",
        True,
        "indikator",
        "Persentase penduduk usia 7–12 tahun yang bersekolah di SD/MI terhadap penduduk usia 7–12 tahun.",
    ),
    (
        "dispendik",
        "Angka Partisipasi Murni (APM) SMP/MTs",
        "APM SMP/MTs",
        "persen",
        "Kecamatan",
        "tahunan",
        "SPM Pendidikan",
        "spm",
        True,
        "indikator",
        "Persentase penduduk usia 13–15 tahun yang bersekolah di SMP/MTs terhadap penduduk usia 13–15 tahun.",
    ),
    (
        "dispendik",
        "Jumlah Sekolah menurut Jenjang dan Kecamatan",
        "Jumlah sekolah",
        "unit",
        "Kecamatan, Jenjang Pendidikan",
        "tahunan",
        "Renstra Dispendik",
        "renstra",
        False,
        "variabel",
        "Banyaknya satuan pendidikan formal yang terdaftar di Dapodik menurut jenjang.",
    ),
    (
        "dispendik",
        "Rasio Murid terhadap Guru SD",
        "Rasio murid-guru SD",
        "rasio",
        "Kecamatan",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        False,
        "indikator",
        "Banyaknya murid SD dibagi banyaknya guru SD.",
    ),
    (
        "dinkes",
        "Angka Kematian Ibu",
        "AKI",
        "per 100.000 kelahiran hidup",
        "Kabupaten",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        True,
        "indikator",
        "Banyaknya kematian ibu selama kehamilan, persalinan dan nifas per 100.000 kelahiran hidup.",
    ),
    (
        "dinkes",
        "Angka Kematian Bayi",
        "AKB",
        "per 1.000 kelahiran hidup",
        "Kabupaten",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        True,
        "indikator",
        "Banyaknya kematian bayi usia di bawah satu tahun per 1.000 kelahiran hidup.",
    ),
    (
        "dinkes",
        "Prevalensi Stunting pada Balita",
        "Prevalensi stunting",
        "persen",
        "Kecamatan",
        "tahunan",
        "Daftar Data Prioritas (stunting)",
        "ddp",
        True,
        "indikator",
        "Persentase balita dengan tinggi badan menurut umur kurang dari -2 simpangan baku median standar WHO.",
    ),
    (
        "dinkes",
        "Cakupan Imunisasi Dasar Lengkap",
        "Cakupan IDL",
        "persen",
        "Kecamatan",
        "tahunan",
        "SPM Kesehatan",
        "spm",
        False,
        "indikator",
        "Persentase bayi usia 0–11 bulan yang mendapat imunisasi dasar lengkap.",
    ),
    (
        "dinkes",
        "Jumlah Puskesmas menurut Kecamatan",
        "Jumlah puskesmas",
        "unit",
        "Kecamatan",
        "tahunan",
        "Renstra Dinkes",
        "renstra",
        False,
        "variabel",
        "Banyaknya pusat kesehatan masyarakat yang beroperasi.",
    ),
    (
        "rsud-bangil",
        "Bed Occupancy Rate (BOR) RSUD Bangil",
        "BOR",
        "persen",
        "Kabupaten",
        "bulanan",
        "Renstra RSUD Bangil",
        "renstra",
        False,
        "indikator",
        "Persentase pemakaian tempat tidur pada periode tertentu.",
    ),
    (
        "distan",
        "Luas Panen Padi menurut Kecamatan",
        "Luas panen padi",
        "hektare",
        "Kecamatan",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        True,
        "variabel",
        "Luas tanaman padi yang dipungut hasilnya setelah cukup umur.",
    ),
    (
        "distan",
        "Produksi Padi menurut Kecamatan",
        "Produksi padi",
        "ton GKG",
        "Kecamatan",
        "tahunan",
        "RPJMD 2025–2029",
        "rpjmd",
        True,
        "variabel",
        "Banyaknya hasil panen padi dalam bentuk gabah kering giling.",
    ),
    (
        "distan",
        "Produktivitas Padi",
        "Produktivitas padi",
        "kuintal/hektare",
        "Kecamatan",
        "tahunan",
        "Renstra Distan",
        "renstra",
        False,
        "indikator",
        "Produksi padi dibagi luas panen.",
    ),
    (
        "distan",
        "Populasi Sapi Perah menurut Kecamatan",
        "Populasi sapi perah",
        "ekor",
        "Kecamatan",
        "tahunan",
        "Renstra Distan",
        "renstra",
        False,
        "variabel",
        "Banyaknya sapi perah yang dipelihara pada akhir tahun.",
    ),
    (
        "diskan",
        "Produksi Perikanan Budidaya menurut Jenis Budidaya",
        "Produksi perikanan budidaya",
        "ton",
        "Kabupaten, Jenis Budidaya",
        "tahunan",
        "Renstra Diskan",
        "renstra",
        False,
        "variabel",
        "Banyaknya hasil panen ikan budidaya (tambak, kolam, keramba) dalam satu tahun.",
    ),
    (
        "diskan",
        "Produksi Perikanan Tangkap",
        "Produksi perikanan tangkap",
        "ton",
        "Kecamatan",
        "tahunan",
        "Renstra Diskan",
        "renstra",
        False,
        "variabel",
        "Banyaknya ikan hasil penangkapan di laut yang didaratkan.",
    ),
    (
        "dinsos",
        "Jumlah Keluarga Penerima Manfaat PKH",
        "Jumlah KPM PKH",
        "keluarga",
        "Kecamatan",
        "triwulanan",
        "LKjIP Dinsos",
        "lkjip",
        False,
        "variabel",
        "Banyaknya keluarga penerima bantuan sosial Program Keluarga Harapan.",
    ),
    (
        "dinsos",
        "Jumlah Penyandang Disabilitas Terdata",
        "Penyandang disabilitas",
        "jiwa",
        "Kecamatan, Jenis Disabilitas",
        "tahunan",
        "SPM Sosial",
        "spm",
        False,
        "variabel",
        "Banyaknya penyandang disabilitas yang tercatat dalam data terpadu.",
    ),
    (
        "dlh",
        "Timbulan Sampah Harian",
        "Timbulan sampah",
        "ton/hari",
        "Kabupaten",
        "tahunan",
        "Renstra DLH",
        "renstra",
        False,
        "variabel",
        "Banyaknya sampah yang dihasilkan per hari.",
    ),
    (
        "bappelitbangda",
        "Luas Wilayah menurut Kecamatan",
        "Luas wilayah",
        "km²",
        "Kecamatan",
        "insidental",
        "RPJMD 2025–2029",
        "rpjmd",
        False,
        "variabel",
        "Luas daratan wilayah administrasi menurut Kepmendagri dan BIG.",
    ),
    (
        "diskominfo",
        "Jumlah Desa yang Terjangkau Internet",
        "Desa terjangkau internet",
        "desa",
        "Kecamatan",
        "tahunan",
        "Renstra Diskominfo",
        "renstra",
        False,
        "variabel",
        "Banyaknya desa/kelurahan yang memiliki akses jaringan internet.",
    ),
]


def _user(username: str, full_name: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(PASSWORD)
        user.is_superuser = user.is_staff = superuser
        user.email = f"{username}@satudata.invalid"
        user.save()
    return user


def _member(user: User, role: Role, org: Organization | None) -> None:
    Membership.objects.get_or_create(user=user, role=role, organization=org)


@transaction.atomic
def load_demo(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    orgs: dict[str, Organization] = {}
    for slug, name, short, kind in ORGANIZATIONS:
        orgs[slug], _ = Organization.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "kind": kind}
        )
    _user("admin", "Admin Situs", superuser=True)
    walidata = _user("walidata", "Petugas Walidata Diskominfo")
    _member(walidata, Role.WALIDATA, orgs["diskominfo"])
    pembina = _user("pembina", "Statistisi BPS Kabupaten Pasuruan")
    _member(pembina, Role.PEMBINA, orgs["bps"])
    forum = _user("forum", "Sekretariat Forum Satu Data (Bappelitbangda)")
    _member(forum, Role.FORUM, orgs["bappelitbangda"])
    producers: dict[str, User] = {}
    for slug in PRODUCER_ORGS:
        producers[slug] = _user(f"produsen-{slug}", f"Produsen Data {orgs[slug].short_name}")
        _member(producers[slug], Role.PRODUCER, orgs[slug])

    cycle = Cycle.objects.filter(year=today.year).first()
    if cycle is None:
        # Started three weeks ago: step 1 is due and step 2 under way, so the dashboard shows
        # what lateness looks like.
        cycle = do_start_cycle(year=today.year, start_date=today - dt.timedelta(days=21), acting_user=walidata)

    meeting = cycle.meetings.first()
    if meeting is None:
        start = timezone.make_aware(dt.datetime.combine(cycle.start_date + dt.timedelta(days=3), dt.time(9, 0)))
        meeting = ForumMeeting.objects.create(
            cycle=cycle, created_by=forum, starts_at=start,
            title=f"Rapat Forum Satu Data: Pembahasan Rencana Daftar Data dan Data Prioritas {cycle.year}",
            agenda="1. Pembukaan oleh Sekretariat Forum\n2. Paparan kebutuhan data RPJMD dan SPM\n3. Pembahasan usulan Daftar Data tiap Perangkat Daerah\n4. Penetapan Data Prioritas\n5. Kesepakatan dan tindak lanjut",
            place="Ruang Rapat Bappelitbangda, Kompleks Perkantoran Raci, Bangil",
            minutes="Forum membahas usulan Daftar Data dari Perangkat Daerah. Butir yang definisinya belum lengkap dikembalikan kepada produsen untuk diperbaiki sebelum Berita Acara ditandatangani.",
        )  # fmt: skip
        meeting.invited_organizations.set([o for s, o in orgs.items()])
        for slug, user in [
            ("bappelitbangda", forum),
            ("diskominfo", walidata),
            ("bps", pembina),
            *[(s, producers[s]) for s in PRODUCER_ORGS[:8]],
        ]:
            Attendance.objects.create(
                meeting=meeting, name=user.display_name(), organization=orgs[slug], position="Perwakilan", present=True
            )

    if not cycle.items.exists():
        for number, row in enumerate(ITEMS, start=1):
            slug, nama, indikator, satuan, penyajian, jadwal, sumber, dokumen, prioritas, jenis, definisi = row
            item = DaftarDataItem(
                cycle=cycle, id_ddd=f"DDD-{cycle.year}-{number:03d}", id_ddp="-" if not prioritas else f"DDP-{number:03d}",
                sumber_referensi=sumber, kode_indikator=f"{slug.upper()[:4]}.{number:02d}", nama_indikator=indikator,
                nama_data=nama, jenis_data="statistik", indikator_variabel=jenis, kode_standar_data="N/A",
                organization=orgs[slug], klasifikasi="terbuka", definisi=definisi, satuan=satuan,
                klasifikasi_penyajian=penyajian, jadwal_pemutakhiran=jadwal, kategori_rad="Data Statistik Sektoral",
                is_priority=prioritas, planning_document=dokumen,
            )  # fmt: skip
            do_create_item(item=item, acting_user=producers[slug])
            # A mix of states: most agreed, some waiting for review, two returned, some drafts.
            if number % 6 == 0:
                continue  # stays a draft
            do_submit_item(item=item, acting_user=producers[slug])
            if number % 5 == 0:
                continue  # waits for review
            accepted = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
            if number in (4, 13):
                accepted["definisi"] = {
                    "decision": ReviewDecision.NEEDS_REVISION,
                    "comment": "Sebutkan sumber data dan rujukan definisi baku (BPS/kementerian).",
                }
            do_review_item(item=item, field_reviews=accepted, acting_user=forum)
    _load_standards(orgs, walidata=walidata, pembina=pembina, producers=producers)
    from satudata.metadata.demo import load_activities

    load_activities(cycle, orgs, producers=producers, walidata=walidata, pembina=pembina)
    from satudata.datasets.demo import load_datasets

    load_datasets(orgs, producers=producers, walidata=walidata, pembina=pembina, cycle=cycle)
    from satudata.publications.demo import load_demo_publications
    from satudata.schedule.demo import load_demo_schedule

    load_demo_schedule(walidata=walidata, today=today)
    load_demo_publications(walidata=walidata, year=today.year)
    from satudata.evaluation.demo import load_demo_epss
    from satudata.planning.renaksi_demo import load_demo_renaksi

    load_demo_epss(walidata=walidata, year=cycle.year)
    load_demo_renaksi(cycle=cycle, forum=forum, orgs=orgs)
    return {"organizations": len(orgs), "items": cycle.items.count(), "year": cycle.year}


# (name, concept, definition, classification, measure, unit, reference, proposing OPD, state)
STANDARDS = [
    ("Penduduk", "Orang yang berdomisili di wilayah Indonesia dan tercatat dalam data kependudukan.",
     "Warga Negara Indonesia dan Orang Asing yang bertempat tinggal di Indonesia (UU 23/2006 jo. UU 24/2013).",
     "Jenis kelamin; kelompok umur; kecamatan", "Jumlah", "jiwa", "UU 24/2013 tentang Administrasi Kependudukan", "dispendukcapil", "accepted"),
    ("Kematian Bayi", "Kematian anak sebelum mencapai usia satu tahun.",
     "Banyaknya kematian bayi berusia di bawah satu tahun per 1.000 kelahiran hidup pada tahun yang sama.",
     "Kecamatan", "Rasio", "per 1.000 kelahiran hidup", "Kemenkes, Profil Kesehatan Indonesia", "dinkes", "accepted"),
    ("Balita Stunting", "Balita dengan tinggi badan menurut umur di bawah standar pertumbuhan.",
     "Anak usia 0–59 bulan dengan z-skor tinggi badan menurut umur kurang dari -2 simpangan baku median standar WHO.",
     "Jenis kelamin; kecamatan", "Persentase", "persen", "Permenkes 2/2020 tentang Standar Antropometri Anak", "dinkes", "proposed"),
    ("Panen Padi", "Padi yang dipungut hasilnya setelah cukup umur.",
     "Luas tanaman padi yang dipanen, dihitung sekali untuk setiap musim tanam.",
     "Jenis padi (sawah, ladang); kecamatan", "Luas", "hektare", "", "distan", "needs_revision"),
]  # fmt: skip


def _load_standards(
    orgs: dict[str, Organization], *, walidata: User, pembina: User, producers: dict[str, User]
) -> None:
    from satudata.reference.actions import do_propose_standard, do_review_standard
    from satudata.reference.models import DataStandard

    if DataStandard.objects.exists():
        return
    for name, concept, definition, classification, measure, unit, reference, slug, state in STANDARDS:
        standard = do_propose_standard(
            standard=DataStandard(name=name, concept=concept, definition=definition, classification=classification,
                                  measure=measure, unit=unit, reference=reference, organization=orgs[slug]),
            acting_user=producers[slug],
        )  # fmt: skip
        if state == "accepted":
            do_review_standard(standard=standard, accept=True, note="", acting_user=pembina)
        elif state == "needs_revision":
            do_review_standard(
                standard=standard,
                accept=False,
                note="Lengkapi referensi (mis. pedoman Survei Ubinan BPS).",
                acting_user=walidata,
            )
