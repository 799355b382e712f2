"""The issue's check on the demo: the analysis of the population dataset matches sums computed
independently — from the CSV anyone downloads from the portal, and, for the regency total, from the
Kemendagri source file the demo distributes."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from django.test import Client

from satudata.analysis.descriptive import analyse
from satudata.core.demo import load_demo
from satudata.datasets import demo
from satudata.datasets.models import Dataset
from tests.datasets.test_demo import POPULATION, TODAY, jatim_wilayah  # noqa: F401 (fixture)


@pytest.mark.usefixtures("jatim_wilayah")
def test_population_analysis_matches_the_downloaded_csv_and_the_source() -> None:
    load_demo(TODAY)
    dataset = Dataset.objects.get(title=POPULATION)
    release = dataset.latest_release()
    assert release is not None
    analysis = analyse(release, dataset)
    assert analysis is not None and analysis.measure.name == "jumlah_penduduk"

    response = Client().get(f"/dataset/{dataset.slug}.csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    by_year: dict[int, int] = defaultdict(int)
    by_area: dict[str, int] = defaultdict(int)
    latest = max(int(r["tahun"]) for r in rows)
    for row in rows:
        by_year[int(row["tahun"])] += int(row["jumlah_penduduk"])
        if int(row["tahun"]) == latest:
            by_area[row["kode_kecamatan"]] += int(row["jumlah_penduduk"])

    (summary,) = analysis.measures
    assert summary.sum == sum(by_year.values()) and summary.count == len(rows) and summary.missing == 0
    assert [(p.period, p.value) for p in analysis.periods] == sorted(by_year.items())
    for step in analysis.growth:
        assert step.change == by_year[step.period] - by_year[step.previous_period]
    assert analysis.latest_period == latest
    assert [(r.code, r.value) for r in analysis.ranking] == sorted(by_area.items(), key=lambda kv: (-kv[1], kv[0]))
    assert len(analysis.ranking) == 24
    # The demo publishes its latest year, whose regency total is the real Kemendagri figure.
    assert latest == demo.LATEST
    with demo.POPULATION_FILE.open(encoding="utf-8", newline="") as handle:
        source = next(r for r in csv.DictReader(handle) if r["kode"] == demo.REGION)
    assert by_year[latest] == int(source["laki_laki"]) + int(source["perempuan"])
