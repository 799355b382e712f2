"""The demo datasets: built through the real workflow, labelled where invented, real where they say
so, one version in every state, and loaded only once."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from pathlib import Path

import pytest

from satudata import store
from satudata.accounts.models import Notification, User
from satudata.analysis.descriptive import analyse
from satudata.core.demo import PRODUCER_ORGS, load_demo
from satudata.datasets import demo
from satudata.datasets.actions import current_versions
from satudata.datasets.models import (
    Dataset,
    DatasetVersion,
    FlagKind,
    ReconciliationFlag,
    ReferenceFigure,
    Release,
    VersionEvent,
    VersionStatus,
)
from satudata.reference.loaders import WILAYAH_FILE, load_wilayah

TODAY = dt.date(2026, 11, 23)
SAMPLE = "data contoh"
# Real: the desa/kelurahan counts (kode wilayah), Jawa Timur's population (Kemendagri) and area (BIG).
REAL_TITLES = {
    "Jumlah Desa dan Kelurahan menurut Kecamatan",
    "Jumlah Penduduk Kabupaten/Kota di Jawa Timur menurut Jenis Kelamin",
    "Luas Wilayah Kabupaten/Kota di Jawa Timur",
}
POPULATION = "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin (data contoh)"


@pytest.fixture
def jatim_wilayah(db: None, tmp_path: Path) -> None:
    """Jawa Timur, its regencies and cities, and the kecamatan and desa of Kabupaten Pasuruan."""
    subset = tmp_path / "wilayah_jatim.csv"
    with gzip.open(WILAYAH_FILE, "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        writer.writerow(next(reader))
        writer.writerows(
            row for row in reader if row[0] == "35" or (row[2] == "kabupaten_kota" and row[0].startswith("35."))
            or row[0].startswith("35.14.")
        )  # fmt: skip
    load_wilayah(subset)


def _penduduk_csv(kode: str) -> dict[str, str]:
    with (demo.POPULATION_FILE).open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["kode"] == kode)


def _release(title: str) -> Release:
    release = Dataset.objects.get(title=title).latest_release()
    assert release is not None
    return release


def test_demo_datasets(jatim_wilayah: None) -> None:
    load_demo(TODAY)
    datasets = list(Dataset.objects.select_related("organization"))
    assert len(datasets) == 19
    periods = {d.title: [v.period for v in current_versions(d)] for d in datasets}
    several = [t for t, p in periods.items() if len(p) >= 3]
    assert len(several) == 16, periods
    assert {t for t, p in periods.items() if len(p) == 1} == REAL_TITLES
    for dataset in datasets:
        release = dataset.latest_release()
        assert release is not None and release.file_key and release.periods == periods[dataset.title]
        assert dataset.frequency == "tahunan" and dataset.topic and dataset.unit and dataset.keywords
        schema = dataset.current_schema
        assert schema is not None and schema.is_locked
        table = schema.table_schema
        assert table.period_field is not None and table.period_field.name == "tahun"
        assert table.measures and all(m.unit for m in table.measures)
        assert table.get("satuan") is not None
        if table.get("kode_kecamatan"):
            assert [f.name_of for f in table.fields if f.name == "nama_kecamatan"] == ["kode_kecamatan"]
        if table.get("kode_kabupaten_kota"):
            assert [f.name_of for f in table.fields if f.name == "nama_kabupaten_kota"] == ["kode_kabupaten_kota"]
            # Among regencies "Kabupaten Pasuruan" is a row of data, not a totals row left out.
            regency = [("nama_kabupaten_kota", "eq", "Kabupaten Pasuruan")]
            assert store.read(release.file_key, filters=regency, limit=1).rows, dataset.title

    # Invented figures are labelled; real ones name their source and are not labelled.
    for dataset in datasets:
        if dataset.title in REAL_TITLES:
            assert SAMPLE not in dataset.title.lower() and SAMPLE not in dataset.description.lower()
            assert SAMPLE not in dataset.keyword_list and "Sumber:" in dataset.description
        else:
            assert dataset.title.endswith(" (data contoh)"), dataset.title
            assert dataset.description.startswith("Data contoh (bukan angka resmi): ")
            assert SAMPLE in dataset.keyword_list
    by_title = {d.title: d for d in datasets}
    assert (
        "Kepmendagri No. 300.2.2-2138 Tahun 2025" in by_title["Jumlah Desa dan Kelurahan menurut Kecamatan"].description
    )
    assert "BIG" in by_title["Luas Wilayah Kabupaten/Kota di Jawa Timur"].description

    # Owners, access, priority and links to the Daftar Data and the statistical activities.
    owners = {d.organization.slug for d in datasets}
    assert set(PRODUCER_ORGS) <= owners
    assert [d.access_class for d in datasets].count("terbatas") == 1
    assert {d.access_class for d in datasets} == {"terbuka", "terbatas"}
    population = by_title[POPULATION]
    assert population.organization.slug == "dispendukcapil" and population.is_priority
    assert population.daftar_item is not None and population.daftar_item.nama_data in population.title
    assert population.daftar_item.cycle.year == TODAY.year
    assert population.activity is not None and population.activity.organization == population.organization
    assert sum(1 for d in datasets if d.daftar_item_id) >= 12
    assert all(d.daftar_item.organization_id == d.organization_id for d in datasets if d.daftar_item)
    assert all(d.activity.organization_id == d.organization_id for d in datasets if d.activity)
    for dataset in datasets:
        if dataset.is_priority:
            for version in dataset.versions.filter(status=VersionStatus.PUBLISHED):
                assert version.events.filter(to_status=VersionStatus.CHECKED).exists()

    # Real figures: the 2025 regency totals by sex are Kemendagri's.
    real = _penduduk_csv("35.14")
    totals = store.aggregate(_release(POPULATION).file_key, group_by=["jenis_kelamin"],
                             measures=[("jumlah_penduduk", "sum")], filters=[("tahun", "eq", 2025)])  # fmt: skip
    assert totals == [
        {"jenis_kelamin": "Laki-laki", "sum_jumlah_penduduk": int(real["laki_laki"])},
        {"jenis_kelamin": "Perempuan", "sum_jumlah_penduduk": int(real["perempuan"])},
    ]
    assert int(real["total"]) == 1_665_922
    earlier = store.aggregate(_release(POPULATION).file_key, group_by=["tahun"], measures=[("jumlah_penduduk", "sum")])
    assert [r["tahun"] for r in earlier] == [2022, 2023, 2024, 2025]
    assert [r["sum_jumlah_penduduk"] for r in earlier] == sorted(r["sum_jumlah_penduduk"] for r in earlier)

    # Real: 341 desa and 24 kelurahan in 24 kecamatan.
    villages = store.aggregate(_release("Jumlah Desa dan Kelurahan menurut Kecamatan").file_key,
                               group_by=["jenis_wilayah"], measures=[("jumlah", "sum"), ("*", "count")])  # fmt: skip
    assert villages == [
        {"jenis_wilayah": "Desa", "sum_jumlah": 341, "count": 24},
        {"jenis_wilayah": "Kelurahan", "sum_jumlah": 24, "count": 24},
    ]
    bangil = store.read(
        _release("Jumlah Desa dan Kelurahan menurut Kecamatan").file_key,
        filters=[("nama_kecamatan", "eq", "Bangil"), ("jenis_wilayah", "eq", "Kelurahan")],
    ).rows
    assert [r["jumlah"] for r in bangil] == [11]

    # Real: every regency/city of Jawa Timur, adding up to the province.
    jatim = _release("Jumlah Penduduk Kabupaten/Kota di Jawa Timur menurut Jenis Kelamin")
    province = _penduduk_csv("35")
    by_sex = store.aggregate(jatim.file_key, group_by=["jenis_kelamin"], measures=[("jumlah_penduduk", "sum")])
    assert [r["sum_jumlah_penduduk"] for r in by_sex] == [int(province["laki_laki"]), int(province["perempuan"])]
    assert jatim.row_count == 38 * 2
    area = store.read(_release("Luas Wilayah Kabupaten/Kota di Jawa Timur").file_key,
                      filters=[("kode_kabupaten_kota", "eq", "35.14")]).rows  # fmt: skip
    assert [r["luas_wilayah"] for r in area] == [1493.161]

    # Versions in every state, with what each should show.
    versions = DatasetVersion.objects.select_related("dataset")
    assert set(versions.values_list("status", flat=True)) == set(VersionStatus.values)

    def one(status: VersionStatus) -> DatasetVersion:
        found = [v for v in versions if v.status == status]
        assert len(found) == 1, (status, found)
        return found[0]

    broken = versions.get(status=VersionStatus.DRAFT, error_count__gt=0)
    kinds = {p["kind"] for p in broken.report["problems"] if p["severity"] == "error"}
    assert {"code", "type", "required"} <= kinds and broken.period == "2025"
    assert versions.filter(status=VersionStatus.DRAFT, error_count=0, validated_at__isnull=False).count() == 1

    submitted = one(VersionStatus.SUBMITTED)
    totals_flags = ReconciliationFlag.objects.filter(version=submitted, kind=FlagKind.TOTALS)
    assert sorted(f.detail["ok"] for f in totals_flags) == [False, True]

    returned = one(VersionStatus.RETURNED)
    comments = list(returned.open_comments())
    assert {(c.column, c.row is not None) for c in comments} == {("jumlah_fasilitas", True), ("satuan", False)}
    assert all(c.author.username == "walidata" for c in comments)

    resubmitted = one(VersionStatus.RESUBMITTED)
    assert resubmitted.review_round == 2 and resubmitted.change_note
    flag = ReconciliationFlag.objects.get(version=resubmitted, review_round=2, kind=FlagKind.PREVIOUS_PERIOD)
    assert flag.detail["count"] >= 3 and flag.detail["previous_period"] == "2024"

    verified = one(VersionStatus.VERIFIED)
    assert verified.dataset.is_priority
    pembina = User.objects.get(username="pembina")
    assert Notification.objects.filter(recipient=pembina, read_at__isnull=True, url=verified.get_absolute_url())
    checked = one(VersionStatus.CHECKED)
    assert checked.dataset.is_priority
    walidata = User.objects.get(username="walidata")
    unread = Notification.objects.filter(recipient=walidata, read_at__isnull=True)
    assert unread.filter(url=checked.get_absolute_url()).exists()
    assert unread.filter(url=submitted.get_absolute_url()).exists()
    assert unread.filter(url=resubmitted.get_absolute_url()).exists()

    withdrawn = one(VersionStatus.WITHDRAWN)
    event = withdrawn.events.get(to_status=VersionStatus.WITHDRAWN)
    assert event.note and event.actor == walidata
    assert withdrawn.period not in _release(withdrawn.dataset.title).periods
    assert len(_release(withdrawn.dataset.title).periods) == 3

    correction = versions.get(status=VersionStatus.PUBLISHED, replaces__isnull=False)
    assert correction.number > correction.replaces.number and correction.change_note  # type: ignore[union-attr]
    assert correction.replaces.status == VersionStatus.PUBLISHED  # type: ignore[union-attr]
    assert correction in _release(correction.dataset.title).versions.all()
    assert store.read(correction.replaces.file_key, limit=1).rows  # type: ignore[union-attr]

    # The BPS figure came before the 2025 population was submitted, so reconciliation shows it.
    figure = ReferenceFigure.objects.get(dataset=population)
    assert figure.period == "2025" and SAMPLE in figure.source and figure.entered_by == pembina
    population_2025 = population.versions.get(period="2025")
    reference = ReconciliationFlag.objects.get(version=population_2025, kind=FlagKind.REFERENCE)
    assert reference.detail["computed"] == int(real["total"]) and not reference.detail["ok"]

    # The producers' narratives of a few latest periods: the analysis of the demo figures, labelled.
    narrated = {v.dataset.title: v for v in DatasetVersion.objects.exclude(narrative="").select_related("dataset")}
    assert len(narrated) == 4 and POPULATION in narrated
    for title, version in narrated.items():
        assert version.status == VersionStatus.PUBLISHED and version.narrative.startswith("(Data contoh) ")
        assert version in _release(title).versions.all() and version.period == max(_release(title).periods)
        assert version.events.filter(kind=VersionEvent.Kind.NARRATIVE, actor__username__startswith="produsen-")
        # Written before submission from the release it was going to make: the one published.
        analysis = analyse(_release(title), version.dataset)
        assert analysis is not None and version.narrative == "(Data contoh) " + " ".join(analysis.sentences)
    narrative = narrated[POPULATION].narrative
    assert narrative.startswith("(Data contoh) Jumlah Penduduk tahun 2025 sebesar 1.665.922 jiwa, naik ")
    assert "Selama 2022–2025" in narrative and "Menurut Jenis Kelamin pada tahun 2025: " in narrative

    # The EPSS proposals see them, and the Renaksi takes the weakest dataset by quality score.
    from satudata.evaluation import quality
    from satudata.evaluation.models import Indicator
    from satudata.planning.models import ActionItem

    narrative_indicator = Indicator.objects.get(code="30302", aspect__domain__assessment__year=TODAY.year)
    assert "3 dari 10 Produsen Data sudah menulis narasi" in narrative_indicator.explanation
    weakest = quality.weakest(quality.assess(quality.scored_datasets()), limit=1)[0].dataset
    assert ActionItem.objects.get(dataset__isnull=False).dataset == weakest

    # The published backlog is history: its notifications are read.
    assert not Notification.objects.filter(read_at__isnull=True, text__contains="(2022, v1)").exists()

    # Running again adds nothing.
    counts = [m.objects.count() for m in (Dataset, DatasetVersion, Release, VersionEvent, Notification)]
    assert load_demo(TODAY)["organizations"] == 11
    assert demo.load_datasets({}, producers={}, walidata=walidata, pembina=pembina) == 0
    assert [m.objects.count() for m in (Dataset, DatasetVersion, Release, VersionEvent, Notification)] == counts


@pytest.mark.django_db
def test_no_datasets_without_the_kode_wilayah() -> None:
    load_demo(TODAY)
    assert not Dataset.objects.exists()


def test_figures_are_deterministic(jatim_wilayah: None) -> None:
    first, second = demo.Figures(), demo.Figures()
    for a, b in zip(demo.build_specs(first), demo.build_specs(second), strict=True):
        for year in (*demo.YEARS, demo.LATEST):
            assert a.rows(year) == b.rows(year), a.key
    assert sum(first.regency_population()) == sum(m + f for m, f in first.population(2025).values())
    assert round(sum(first.area.values()), 3) == 1493.161
