"""`satudata generate_bench_data`: benchmark datasets for the public portal (issue 5)."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from satudata import store
from satudata.accounts.models import Organization, User
from satudata.datasets.models import Dataset, DatasetVersion, Release, VersionStatus
from satudata.portal import search
from satudata.portal.management.commands.generate_bench_data import SAMPLE_DESCRIPTION, generate
from satudata.portal.models import SearchEntry
from satudata.reference.models import AccessClass


def fts_rows() -> int:
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_search_fts")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_makes_catalogued_datasets_labelled_as_sample_data() -> None:
    out = StringIO()
    call_command("generate_bench_data", datasets=30, stdout=out)

    datasets = Dataset.objects.filter(slug__startswith="bench-")
    assert datasets.count() == 30
    assert "30 dataset dibuat" in out.getvalue()
    assert all(d.title.endswith("(data contoh benchmark)") for d in datasets)
    assert all(d.description.startswith(SAMPLE_DESCRIPTION) for d in datasets)
    assert {d.organization.slug.split("-")[0] for d in datasets} == {"bench"}
    assert SearchEntry.objects.filter(dataset__in=datasets).count() == 30
    # Every dataset: published versions, one per period, in one release pointing at real data.
    for dataset in datasets:
        release = Release.objects.get(dataset=dataset)
        versions = list(dataset.versions.order_by("number"))
        assert [v.period for v in versions] == release.periods
        assert {v.status for v in versions} == {VersionStatus.PUBLISHED}
        assert set(release.versions.all()) == set(versions)
        assert store.count(release.file_key) == release.row_count >= 24
    assert search.search(search.Query(q="contoh benchmark")).entries.count() == 30

    slug = datasets.filter(access_class=AccessClass.TERBUKA).values_list("slug", flat=True).first()
    client = Client()
    assert client.get("/dataset/", {"q": "data contoh"}).status_code == 200
    assert client.get(f"/dataset/{slug}/").status_code == 200


@pytest.mark.django_db
def test_running_again_adds_only_the_missing_datasets() -> None:
    first = generate(datasets=10)
    titles = dict(Dataset.objects.values_list("slug", "title"))
    again = generate(datasets=30)

    assert (first.created, again.created, again.existing) == (10, 20, 10)
    assert Dataset.objects.count() == SearchEntry.objects.count() == 30
    # The same seed gives the same datasets, whatever the number asked for.
    assert {s: t for s, t in Dataset.objects.values_list("slug", "title") if s in titles} == titles
    assert generate(datasets=30).created == 0


@pytest.mark.django_db
def test_clear_removes_only_what_the_prefix_made(make_dataset: Callable[..., Dataset]) -> None:
    own = make_dataset("Jumlah Penduduk menurut Kecamatan")
    generate(datasets=12, prefix="bench")
    generate(datasets=5, prefix="lain")
    entries_before = fts_rows()

    call_command("generate_bench_data", clear=True, force=True, stdout=StringIO())

    assert not Dataset.objects.filter(slug__startswith="bench-").exists()
    assert not Organization.objects.filter(slug__startswith="bench-").exists()
    assert not User.objects.filter(username="bench-generator").exists()
    assert Dataset.objects.filter(slug__startswith="lain-").count() == 5
    assert Dataset.objects.filter(pk=own.pk).exists()
    assert SearchEntry.objects.count() == 5
    assert not DatasetVersion.objects.filter(dataset__slug__startswith="bench-").exists()
    if connection.vendor == "sqlite":
        assert fts_rows() == entries_before - 12


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_refuses_without_debug_or_force() -> None:
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("generate_bench_data", datasets=3)
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("generate_bench_data", clear=True)
    assert not Dataset.objects.exists()

    call_command("generate_bench_data", datasets=3, force=True, stdout=StringIO())
    assert Dataset.objects.count() == 3


@pytest.mark.django_db
def test_refuses_a_prefix_that_is_not_a_plain_word() -> None:
    with pytest.raises(CommandError, match="Awalan"):
        call_command("generate_bench_data", datasets=3, prefix="Bench-1", force=True)
