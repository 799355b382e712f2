"""The descriptive analysis of a release (satudata.analysis.descriptive, SOP step 12).

Every expected figure is recomputed here from the rows the test wrote, with the statistics module
or by hand, never with the store. Most tests analyse a stored file directly (no database); the
last ones go through a published release.
"""

from __future__ import annotations

import csv
import json
import random
import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from satudata import store
from satudata.accounts.models import Organization, User
from satudata.analysis.descriptive import Analysis, analyse, describe
from satudata.datasets import actions
from satudata.datasets.models import Dataset, Release
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import Field, TableSchema
from satudata.portal.charts import ChartParamError, shape_of
from satudata.reference.models import Wilayah
from satudata.store import Rows
from tests.datasets.conftest import SCHEMA, population_rows
from tests.portal.test_downloads import publish

# kode_kecamatan, nama_kecamatan, jenis_kelamin, jumlah_penduduk (jiwa), tahun
COLUMNS = {f.name: f.duckdb_type for f in SCHEMA.fields}
AREAS = [("35.14.01", "Purwodadi"), ("35.14.02", "Tutur"), ("35.14.03", "Puspo"), ("35.14.04", "Lumbang")]
SEXES = ("Laki-laki", "Perempuan")


@pytest.fixture(autouse=True)
def store_dir(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "store"
    root.mkdir()
    with override_settings(STORE_DIR=root):
        cache.clear()
        yield root
    cache.clear()


def analysed(
    rows: Sequence[dict[str, Any]],
    columns: dict[str, str] = COLUMNS,
    fields: Sequence[Field] = SCHEMA.fields,
    **options: Any,
) -> Analysis:
    key = store.write_version(Rows(rows, columns)).key
    analysis = describe(key, shape_of(columns, fields), **options)
    assert analysis is not None
    return analysis


def row(area: int, sex: str, value: Any, year: Any) -> dict[str, Any]:
    kode, nama = AREAS[area]
    return {"kode_kecamatan": kode, "nama_kecamatan": nama, "jenis_kelamin": sex, "jumlah_penduduk": value,
            "tahun": year}  # fmt: skip


def totals(rows: Sequence[dict[str, Any]], by: str, measure: str = "jumlah_penduduk") -> dict[Any, int | None]:
    """Sums per value of ``by``, None for a group without any value (as SQL's sum)."""
    out: dict[Any, int | None] = {}
    for r in rows:
        value = r[measure]
        current = out.setdefault(r[by], None)
        if value is not None:
            out[r[by]] = value if current is None else current + value
    return out


def line(
    years: Sequence[Any], values: Sequence[Any], type_: str = "DOUBLE"
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The rows and columns of a release of one measure over one period column, and nothing else."""
    columns = {"tahun": "INTEGER" if isinstance(years[0], int) else "VARCHAR", "nilai": type_}
    return [{"tahun": y, "nilai": v} for y, v in zip(years, values, strict=True)], columns


# ---------------------------------------------------------------------------------------------
# Per measure


def test_each_measure_is_summarised_like_the_statistics_module() -> None:
    columns = {"kode": "VARCHAR", "nilai": "BIGINT", "angka": "DECIMAL(10,2)", "suhu": "DOUBLE"}
    nilai = [5, -3, None, 12, 7, None, 0]
    angka = [Decimal("1.25"), Decimal("2.50"), None, Decimal("-0.75"), Decimal("10.10"), Decimal("3.00"), None]
    suhu = [21.5, None, None, None, 19.25, 30.0, -2.125]
    rows = [{"kode": f"K{i}", "nilai": n, "angka": a, "suhu": s}
            for i, (n, a, s) in enumerate(zip(nilai, angka, suhu, strict=True))]  # fmt: skip
    analysis = analysed(rows, columns, ())
    assert [m.column.name for m in analysis.measures] == ["nilai", "angka", "suhu"]
    assert analysis.rows == 7
    columns_values: list[list[Any]] = [nilai, angka, suhu]
    for summary, values in zip(analysis.measures, columns_values, strict=True):
        known = [v for v in values if v is not None]
        assert (summary.count, summary.missing) == (len(known), len(values) - len(known))
        assert summary.sum == pytest.approx(float(sum(known)))
        assert summary.min == pytest.approx(float(min(known)))
        assert summary.max == pytest.approx(float(max(known)))
        assert summary.mean == pytest.approx(float(statistics.fmean(known)))
        assert summary.median == pytest.approx(float(statistics.median(known)))
    whole, decimal_, double = analysis.measures
    # Integers stay integers; decimals become floats (JSON has no decimal); mean and median are floats.
    assert whole.sum == 21 and isinstance(whole.sum, int) and isinstance(whole.min, int) and whole.min == -3
    assert isinstance(whole.median, float) and whole.median == 5.0
    assert isinstance(decimal_.sum, float) and decimal_.sum == pytest.approx(16.10)
    assert double.min == -2.125


def test_an_empty_release_has_counts_of_zero_and_says_so() -> None:
    analysis = analysed([])
    assert analysis.rows == 0
    (summary,) = analysis.measures
    assert (summary.count, summary.missing, summary.sum, summary.mean, summary.median) == (0, 0, None, None, None)
    assert analysis.periods == [] and analysis.growth == [] and analysis.trend is None
    assert analysis.latest_period is None
    assert analysis.ranking == [] and analysis.distribution is None and analysis.shares == []
    assert analysis.sentences == ["Rilis ini belum memuat data."]


def test_a_measure_without_any_value_has_no_figures_but_keeps_its_rows() -> None:
    rows = [row(a, sex, None, year) for year in (2023, 2024) for a in range(3) for sex in SEXES]
    analysis = analysed(rows)
    (summary,) = analysis.measures
    assert (summary.count, summary.missing) == (0, 12)
    assert (summary.min, summary.max, summary.mean, summary.median, summary.sum) == (None,) * 5
    assert [(p.period, p.value, p.count) for p in analysis.periods] == [(2023, None, 0), (2024, None, 0)]
    assert [(g.change, g.change_pct) for g in analysis.growth] == [(None, None)]
    assert analysis.trend is None and analysis.shares == [] and analysis.distribution is None
    assert [(a.code, a.rank, a.value) for a in analysis.ranking] == [(kode, None, None) for kode, _ in AREAS[:3]]
    assert analysis.sentences == ["Kolom Jumlah Penduduk belum berisi nilai."]


def test_no_measure_is_no_analysis_and_an_unknown_measure_is_refused() -> None:
    key = store.write_version(Rows([{"kategori": "a"}], {"kategori": "VARCHAR"})).key
    assert describe(key, shape_of({"kategori": "VARCHAR"}, ())) is None
    rows = [row(0, "Laki-laki", 1, 2024)]
    key = store.write_version(Rows(rows, COLUMNS)).key
    with pytest.raises(ChartParamError) as info:
        describe(key, shape_of(COLUMNS, SCHEMA.fields), measure="tahun")
    assert info.value.parameter == "ukuran"


# ---------------------------------------------------------------------------------------------
# Over the periods


def test_growth_between_periods_absolute_and_percent() -> None:
    values: dict[int, list[int | None]] = {2020: [0, 0, 0], 2021: [400, 350, 250], 2022: [None, None, None], 2023: [500, 300, -100],
              2024: [520, 310, -90]}  # fmt: skip
    rows = [row(a, "Laki-laki", v, year) for year, vs in values.items() for a, v in enumerate(vs)]
    random.Random(3).shuffle(rows)  # the file's order does not matter
    analysis = analysed(rows)
    expected = totals(rows, "tahun")
    assert expected == {2020: 0, 2021: 1000, 2022: None, 2023: 700, 2024: 740}
    assert [(p.period, p.value, p.count) for p in analysis.periods] == [
        (2020, 0, 3), (2021, 1000, 3), (2022, None, 0), (2023, 700, 3), (2024, 740, 3)
    ]  # fmt: skip
    steps = [(g.previous_period, g.period, g.previous, g.value, g.change) for g in analysis.growth]
    assert steps == [(2020, 2021, 0, 1000, 1000), (2021, 2022, 1000, None, None), (2022, 2023, None, 700, None),
                     (2023, 2024, 700, 740, 40)]  # fmt: skip
    pcts = [g.change_pct for g in analysis.growth]
    assert pcts[0] is None  # from zero: no percent
    assert pcts[1] is None and pcts[2] is None  # to or from a missing value
    assert pcts[3] == pytest.approx((740 - 700) / 700 * 100)
    assert analysis.latest_period == 2024


def test_growth_in_percent_is_of_the_size_of_a_negative_previous_value() -> None:
    analysis = analysed(*line([2023, 2024], [-200.0, -150.0]), fields=())
    (step,) = analysis.growth
    assert step.change == 50.0 and step.change_pct == pytest.approx(25.0)  # -200 → -150 is a rise


def test_one_period_has_no_growth_and_no_trend() -> None:
    rows = [row(a, sex, 100 + a, 2024) for a in range(4) for sex in SEXES]
    analysis = analysed(rows)
    assert [(p.period, p.value) for p in analysis.periods] == [(2024, sum(100 + a for a in range(4)) * 2)]
    assert analysis.growth == [] and analysis.trend is None
    assert analysis.sentences[0] == "Jumlah Penduduk tahun 2024 sebesar 812 jiwa."


@pytest.mark.parametrize(
    ("start", "step", "direction"),
    [(1000.0, 7.0, "naik"), (80.0, -2.5, "turun"), (42.0, 0.0, "tetap")],
)
def test_the_trend_of_a_linear_series_is_its_slope(start: float, step: float, direction: str) -> None:
    years = list(range(2019, 2025))
    analysis = analysed(*line(years, [start + step * (y - 2019) for y in years]), fields=())
    assert analysis.trend is not None
    assert analysis.trend.slope == pytest.approx(step, abs=1e-9)
    assert analysis.trend.direction == direction and analysis.trend.over == "key"
    assert (analysis.trend.first_period, analysis.trend.last_period, analysis.trend.periods) == (2019, 2024, 6)


def test_the_trend_over_years_with_gaps_is_per_year_by_least_squares() -> None:
    years, values = [2015, 2018, 2019, 2024], [10.0, 16.0, 15.0, 40.0]
    analysis = analysed(*line(years, values), fields=())
    mx, my = statistics.fmean(years), statistics.fmean(values)
    slope = sum((x - mx) * (y - my) for x, y in zip(years, values, strict=True)) / sum((x - mx) ** 2 for x in years)
    assert analysis.trend is not None and analysis.trend.slope == pytest.approx(slope)
    assert analysis.trend.slope == pytest.approx(statistics.linear_regression(years, values).slope)


def test_text_periods_are_in_the_store_order_and_the_trend_is_per_period() -> None:
    periods = ["2024-S1", "2023-S2", "2022-S2", "2023-S1"]
    values = [Decimal("30.00"), Decimal("26.00"), Decimal("20.00"), Decimal("25.00")]
    analysis = analysed(*line(periods, values, "DECIMAL(10,2)"), fields=())
    assert [p.period for p in analysis.periods] == ["2022-S2", "2023-S1", "2023-S2", "2024-S1"] == sorted(periods)
    assert [p.value for p in analysis.periods] == [20.0, 25.0, 26.0, 30.0]
    assert all(isinstance(p.value, float) for p in analysis.periods)  # DECIMAL becomes float
    assert [(g.previous_period, g.period, g.change) for g in analysis.growth] == [
        ("2022-S2", "2023-S1", 5.0), ("2023-S1", "2023-S2", 1.0), ("2023-S2", "2024-S1", 4.0)
    ]  # fmt: skip
    assert analysis.growth[0].change_pct == pytest.approx(25.0)
    assert analysis.latest_period == "2024-S1"
    # Least squares over the positions 1, 2, 3, 4.
    assert analysis.trend is not None and analysis.trend.over == "position"
    assert analysis.trend.slope == pytest.approx(statistics.linear_regression([1, 2, 3, 4], [20, 25, 26, 30]).slope)


def test_shares_and_rates_are_averaged_per_period() -> None:
    fields = (*SCHEMA.fields[:3], Field(name="persen", title="Persentase Balita Gizi Buruk", type="number",
                                        role="measure", unit="%"), SCHEMA.fields[4])  # fmt: skip
    columns = {f.name: f.duckdb_type for f in fields}
    rng = random.Random(5)
    rows = [{**row(a, sex, None, year), "persen": rng.choice([None, round(rng.uniform(0, 30), 2)])}
            for year in (2023, 2024) for a in range(4) for sex in SEXES]  # fmt: skip
    for r in rows:
        del r["jumlah_penduduk"]
    analysis = analysed(rows, columns, fields)
    assert analysis.measure.func == "mean"
    for p in analysis.periods:
        known = [r["persen"] for r in rows if r["tahun"] == p.period and r["persen"] is not None]
        assert p.value == pytest.approx(statistics.fmean(known))
    assert analysis.shares == []  # shares of averages mean nothing
    assert all(a.share_pct is None for a in analysis.ranking)
    latest = [r for r in rows if r["tahun"] == 2024]
    for area in analysis.ranking:
        known = [r["persen"] for r in latest if r["kode_kecamatan"] == area.code and r["persen"] is not None]
        assert area.value == (pytest.approx(statistics.fmean(known)) if known else None)


# ---------------------------------------------------------------------------------------------
# In the latest period: shares and the kecamatan


def test_shares_of_a_small_category_in_the_latest_period_add_up_to_100() -> None:
    rows = [row(a, sex, 100 * (a + 1) + (7 if sex == "Perempuan" else 0), year)
            for year in (2023, 2024) for a in range(4) for sex in SEXES]  # fmt: skip
    rows += [row(0, "Perempuan", 5000, 2023)]  # an older period does not count
    analysis = analysed(rows)
    (shares,) = analysis.shares
    assert shares.column.name == "jenis_kelamin" and shares.period == 2024
    by_sex = totals([r for r in rows if r["tahun"] == 2024], "jenis_kelamin")
    total = sum(v for v in by_sex.values() if v is not None)
    assert [(s.key, s.label, s.value) for s in shares.items] == [(k, k, by_sex[k]) for k in SEXES]
    for item in shares.items:
        assert item.share_pct == pytest.approx((by_sex[item.key] or 0) / total * 100)
    assert sum(s.share_pct or 0 for s in shares.items) == pytest.approx(100.0)


def test_a_category_of_more_than_eight_values_gets_no_shares() -> None:
    columns = {"kategori": "VARCHAR", "jumlah": "BIGINT"}
    few = analysed([{"kategori": f"K{i}", "jumlah": i + 1} for i in range(8)], columns, ())
    assert len(few.shares) == 1 and len(few.shares[0].items) == 8
    many = analysed([{"kategori": f"K{i}", "jumlah": i + 1} for i in range(9)], columns, ())
    assert many.shares == []


def test_kecamatan_are_ranked_largest_first_and_equal_values_share_a_rank() -> None:
    values = {0: 50, 1: 80, 2: 50, 3: 20}  # Purwodadi 50, Tutur 80, Puspo 50, Lumbang 20
    rows = [row(a, "Laki-laki", v, 2024) for a, v in values.items()]
    rows += [row(a, "Laki-laki", 999, 2023) for a in values]  # the latest period only
    rows += [{**row(0, "Laki-laki", None, 2024), "kode_kecamatan": "35.14.05", "nama_kecamatan": "Sukapura"}]
    analysis = analysed(rows)
    assert [(a.rank, a.code, a.name, a.value) for a in analysis.ranking] == [
        (1, "35.14.02", "Tutur", 80),
        (2, "35.14.01", "Purwodadi", 50),  # a tie: both second, in code order
        (2, "35.14.03", "Puspo", 50),
        (4, "35.14.04", "Lumbang", 20),
        (None, "35.14.05", "Sukapura", None),  # no value: no rank, last
    ]
    assert [a.share_pct for a in analysis.ranking] == pytest.approx([40.0, 25.0, 25.0, 10.0, None])


def test_the_distribution_of_the_kecamatan_matches_the_statistics_module() -> None:
    rng = random.Random(11)
    kecamatan = [(f"35.14.{i:02}", f"Kecamatan {i}") for i in range(1, 25)]
    rows = []
    for kode, nama in kecamatan:
        for sex in SEXES:
            rows.append({"kode_kecamatan": kode, "nama_kecamatan": nama, "jenis_kelamin": sex,
                         "jumlah_penduduk": rng.randint(-50, 90_000), "tahun": 2024})  # fmt: skip
    analysis = analysed(rows)
    per_area = {k: v for k, v in totals(rows, "kode_kecamatan").items() if v is not None}
    values = list(per_area.values())
    d = analysis.distribution
    assert d is not None and d.areas == 24
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")  # linear interpolation
    assert [d.p25, d.median, d.p75] == pytest.approx([p25, median, p75])
    assert d.median == pytest.approx(statistics.median(values))
    assert (d.min, d.max) == (min(values), max(values))
    assert d.mean == pytest.approx(statistics.fmean(values))
    assert d.stddev == pytest.approx(statistics.pstdev(values))
    assert d.cv_pct == pytest.approx(statistics.pstdev(values) / statistics.fmean(values) * 100)
    assert d.highest.code == max(per_area, key=per_area.__getitem__) and d.highest.rank == 1
    assert d.lowest.code == min(per_area, key=per_area.__getitem__) and d.lowest.rank == 24
    assert [a.code for a in analysis.ranking] == sorted(per_area, key=lambda k: (-per_area[k], k))
    assert sum(a.share_pct or 0 for a in analysis.ranking) == pytest.approx(100.0)


def test_kecamatan_without_a_name_column_are_named_by_the_lookup() -> None:
    fields = (SCHEMA.fields[0], SCHEMA.fields[3], SCHEMA.fields[4])
    columns = {f.name: f.duckdb_type for f in fields}
    rows = [{"kode_kecamatan": kode, "jumlah_penduduk": 10 * i, "tahun": 2024} for i, (kode, _) in enumerate(AREAS)]
    asked: list[list[str]] = []

    def names(codes: list[str]) -> dict[str, str]:
        asked.append(codes)
        return dict(AREAS[:3])

    analysis = analysed(rows, columns, fields, area_names=names)
    assert asked == [[kode for kode, _ in AREAS]]
    assert [(a.code, a.name) for a in analysis.ranking] == [("35.14.04", "35.14.04"), *reversed(AREAS[:3])]


# ---------------------------------------------------------------------------------------------
# Sentences and JSON


def test_the_sentences_state_the_figures_in_indonesian() -> None:
    people = {  # (men, women) per kecamatan
        2023: [(300_000, 300_000), (200_000, 200_000), (150_000, 154_200), (150_000, 150_000)],  # 1.604.200
        2024: [(300_000, 305_000), (200_000, 210_000), (150_000, 158_456), (150_000, 150_000)],  # 1.623.456
    }
    rows = [row(a, sex, n, year) for year, areas in people.items() for a, pair in enumerate(areas)
            for sex, n in zip(SEXES, pair, strict=True)]  # fmt: skip
    rows.append(row(3, "Perempuan", None, 2022))
    with translation.override("id"):
        analysis = analysed(rows)
    # 19.256 more people than 1.604.200 is 1,2%. The kecamatan in 2024: 605.000, 410.000, 308.456 and
    # 300.000; quartiles by linear interpolation 306.342, 359.228 and 458.750; mean 405.864, population
    # standard deviation 122.849,26, so a coefficient of variation of 30,3%. Men 800.000 of 1.623.456.
    assert analysis.sentences == [
        "Jumlah Penduduk tahun 2024 sebesar 1.623.456 jiwa, naik 1,2% dari 2023.",
        "Menurut kecamatan pada tahun 2024, Jumlah Penduduk tertinggi di Purwodadi (605.000 jiwa) dan terendah di "
        "Lumbang (300.000 jiwa).",
        "Separuh kecamatan bernilai antara 306.342 jiwa dan 458.750 jiwa (median 359.228 jiwa); koefisien variasi "
        "30,3%.",
        "Menurut Jenis Kelamin pada tahun 2024: Laki-laki 49,3%, Perempuan 50,7%.",
        "1 baris tidak berisi nilai Jumlah Penduduk.",
    ]
    with translation.override("en"):
        analysis = analysed(rows)
    assert "1,623,456" in analysis.sentences[0]  # numbers follow the active language


def test_the_sentences_name_a_trend_and_a_fall() -> None:
    years = list(range(2020, 2025))
    analysis = analysed(*line(years, [50.0, 48.0, 45.0, 44.0, 40.0]), fields=())
    assert analysis.sentences == [
        "Nilai tahun 2024 sebesar 40, turun 9,1% dari 2023.",
        "Selama 2020–2024, nilai cenderung turun rata-rata 2,4 per tahun.",
    ]


def test_as_dict_is_plain_json_with_numbers_as_numbers() -> None:
    rows = [row(a, sex, 1000 * (a + 1) + (5 if sex == "Perempuan" else 0), year)
            for year in (2023, 2024) for a in range(4) for sex in SEXES]  # fmt: skip
    analysis = analysed(rows)
    data = json.loads(json.dumps(analysis.as_dict()))
    assert data["measure"] == {"name": "jumlah_penduduk", "label": "Jumlah Penduduk", "unit": "jiwa", "func": "sum"}
    assert data["measures"][0]["sum"] == sum(r["jumlah_penduduk"] for r in rows)
    assert data["periods"] == [{"period": 2023, "value": 20020, "count": 8}, {"period": 2024, "value": 20020,
                                                                            "count": 8}]  # fmt: skip
    assert data["growth"][0]["change"] == 0 and data["growth"][0]["change_pct"] == 0.0
    assert data["ranking"][0] == {"rank": 1, "code": "35.14.04", "name": "Lumbang", "value": 8005,
                                  "share_pct": pytest.approx(8005 / 20020 * 100)}  # fmt: skip
    assert data["distribution"]["highest"]["code"] == "35.14.04"
    assert data["trend"]["direction"] == "tetap" and data["sentences"] == analysis.sentences
    assert "sama dengan 2023" in analysis.sentences[0]


# ---------------------------------------------------------------------------------------------
# A population-like release of 20.400 rows against the CSV it came from


def test_a_large_release_matches_sums_computed_from_its_csv(tmp_path: Path) -> None:
    rng = random.Random(2024)
    ages = [f"{a}-{a + 4}" for a in range(0, 80, 5)] + ["80+"]
    path = tmp_path / "penduduk.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kode_kecamatan", "nama_kecamatan", "kode_desa", "kelompok_umur", "jenis_kelamin",
                         "jumlah_penduduk", "tahun"])  # fmt: skip
        for year in range(2020, 2025):
            for k in range(1, 25):
                for d in range(1, 6):
                    for age in ages:
                        for sex in SEXES:
                            value = "" if rng.random() < 0.02 else rng.randint(0, 400) + 3 * (year - 2020) + k
                            writer.writerow([f"35.14.{k:02}", f"Kecamatan {k}", f"35.14.{k:02}.20{d:02}", age, sex,
                                             value, year])  # fmt: skip
    stored = store.write_version(path)
    assert stored.rows == 5 * 24 * 5 * 17 * 2 == 20_400
    columns = store.schema(stored.key)
    analysis = describe(stored.key, shape_of(columns, ()))
    assert analysis is not None and analysis.measure.name == "jumlah_penduduk"

    # Independently, from the CSV.
    with path.open(newline="", encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    values = [int(r["jumlah_penduduk"]) for r in records if r["jumlah_penduduk"]]
    by_year: dict[int, int] = defaultdict(int)
    by_area: dict[str, int] = defaultdict(int)
    by_sex: dict[str, int] = defaultdict(int)
    for r in records:
        if r["jumlah_penduduk"]:
            by_year[int(r["tahun"])] += int(r["jumlah_penduduk"])
            if r["tahun"] == "2024":
                by_area[r["kode_kecamatan"]] += int(r["jumlah_penduduk"])
                by_sex[r["jenis_kelamin"]] += int(r["jumlah_penduduk"])

    (summary,) = analysis.measures
    assert (summary.count, summary.missing) == (len(values), len(records) - len(values))
    assert (summary.sum, summary.min, summary.max) == (sum(values), min(values), max(values))
    assert summary.mean == pytest.approx(statistics.fmean(values))
    assert summary.median == pytest.approx(statistics.median(values))
    assert [(p.period, p.value) for p in analysis.periods] == sorted(by_year.items())
    for step in analysis.growth:
        before, after = by_year[step.previous_period], by_year[step.period]
        assert step.change == after - before
        assert step.change_pct == pytest.approx((after - before) / before * 100)
    assert analysis.trend is not None and analysis.trend.direction == "naik"
    slope = statistics.linear_regression(list(by_year), list(by_year.values())).slope
    assert analysis.trend.slope == pytest.approx(slope)
    assert [(a.code, a.value) for a in analysis.ranking] == sorted(by_area.items(), key=lambda kv: (-kv[1], kv[0]))
    assert analysis.distribution is not None
    assert analysis.distribution.median == pytest.approx(statistics.median(by_area.values()))
    (shares,) = analysis.shares  # kode_desa (120 values) and kelompok_umur (17) are too many
    assert shares.column.name == "jenis_kelamin"
    assert {s.key: s.value for s in shares.items} == by_sex


# ---------------------------------------------------------------------------------------------
# A published release


@pytest.fixture
def pasuruan(pasuruan_wilayah: None) -> list[tuple[str, str]]:
    """The 24 kecamatan of Kabupaten Pasuruan: (kode, nama)."""
    return list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))


def published(schema: TableSchema, rows: dict[str, list[dict[str, Any]]], orgs: dict[str, Organization],
              people: dict[str, User]) -> tuple[Release, Dataset]:  # fmt: skip
    """A dataset of Dinas Kesehatan with ``rows`` per period published one period after the other."""
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Penduduk menurut Kecamatan",
                                        schema=schema, acting_user=people["alice"])  # fmt: skip
    for period, period_rows in rows.items():
        publish(import_rows(dataset=dataset, rows=period_rows, period=period, acting_user=people["alice"]).version,
                people)  # fmt: skip
    release = dataset.latest_release()
    assert release is not None
    return release, dataset


def test_the_analysis_of_a_published_release_reads_its_file_and_schema(
    pasuruan: list[tuple[str, str]], orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    rows = {"2024": population_rows(pasuruan, 2024), "2023": population_rows(pasuruan, 2023, base=900)}
    release, dataset = published(SCHEMA, rows, orgs, people)
    analysis = analyse(release, dataset)
    assert analysis is not None
    # Kecamatan i has base + 10i men and base + 1 + 10i women: a year sums to 48 base + 24 + 20 * 276.
    assert [(p.period, p.value) for p in analysis.periods] == [(2023, 48_744), (2024, 53_544)]
    (step,) = analysis.growth
    assert step.change == 4800 and step.change_pct == pytest.approx(4800 / 48_744 * 100)
    first = analysis.ranking[0]
    assert (first.rank, first.code, first.name, first.value) == (1, "35.14.24", "Tosari", 2461)
    assert first.share_pct == pytest.approx(2461 / 53_544 * 100)
    assert analysis.ranking[-1].code == "35.14.01" and analysis.ranking[-1].value == 2001
    assert [s.key for s in analysis.shares[0].items] == ["Laki-laki", "Perempuan"]
    assert analysis.sentences[0] == "Jumlah Penduduk tahun 2024 sebesar 53.544 jiwa, naik 9,8% dari 2023."
    with pytest.raises(ChartParamError):
        analyse(release, dataset, measure="nama_kecamatan")


def test_kecamatan_of_a_release_without_names_are_named_from_the_kode_wilayah(
    pasuruan: list[tuple[str, str]], orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    schema = TableSchema(fields=(SCHEMA.fields[0], SCHEMA.fields[3], SCHEMA.fields[4]),
                         primary_key=("kode_kecamatan", "tahun"))  # fmt: skip
    rows = [{"kode_kecamatan": kode, "jumlah_penduduk": i + 1, "tahun": 2024} for i, (kode, _) in enumerate(pasuruan)]
    analysis = analyse(*published(schema, {"2024": rows}, orgs, people))
    assert analysis is not None
    assert [(a.code, a.name) for a in analysis.ranking] == list(reversed(pasuruan))


def test_a_release_without_a_file_has_no_analysis() -> None:
    assert analyse(Release(number=2, file_key=""), Dataset(title="Ditarik")) is None
