import math
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.metadata.models import AccuracyAssessment, StatisticalActivity
from satudata.planning.models import Cycle

BASE = "/kelola/siklus/2026/kegiatan/"


@pytest.fixture
def survey(cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]) -> StatisticalActivity:
    return StatisticalActivity.objects.create(
        cycle=cycle, organization=orgs["dinkes"], title="Survei Status Gizi Balita", year=2026, cara_pengumpulan="survei",
        metode_pemilihan_sampel="sampel_probabilitas", metode_sampel="stratified_random_sampling", created_by=people["alice"],
    )  # fmt: skip


def sig4(x: float) -> float:
    return float(f"{x:.4g}")


def test_stratified_textbook_example_to_four_significant_digits_fills_5_6(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    # Scheaffer, Mendenhall, Ott & Gerow, Elementary Survey Sampling, 7th ed., ch. 5 (TV viewing by
    # town; data as in tests/analysis/test_sampling.py): s² 35.358, 232.411, 87.636.
    lines = "\n".join([
        f"Kota A | 155 | 20 | 33.900 | {math.sqrt(35.358):.6f}",
        f"Kota B | 62 | 8 | 25.125 | {math.sqrt(232.411):.6f}",
        f"Perdesaan | 93 | 12 | 19.000 | {math.sqrt(87.636):.6f}",
    ])  # fmt: skip
    data = {"variable_name": "Jam menonton TV", "design": "stratified_mean", "strata_lines": lines, "apply": "on"}
    assert client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", data).status_code == 302
    assessment = AccuracyAssessment.objects.get()
    # ȳ_st = (155·33.9 + 62·25.125 + 93·19)/310 = 8579.25/310 = 27.675
    # V = Σ W²(1−f)s²/n = 0.25·(135/155)·35.358/20 + 0.04·(54/62)·232.411/8 + 0.09·(81/93)·87.636/12 ≈ 1.9695
    weights = [(155, 20, 35.358), (62, 8, 232.411), (93, 12, 87.636)]
    variance = sum((size / 310) ** 2 * (1 - n / size) * s2 / n for size, n, s2 in weights)
    assert sig4(assessment.result["estimate"]) == 27.68
    assert sig4(assessment.result["se"]) == sig4(math.sqrt(variance)) == 1.403
    assert sig4(assessment.result["rse_percent"]) == sig4(100 * math.sqrt(variance) / 27.675) == 5.071
    assert assessment.result["band"] == "reliable" or assessment.result["band_label"].startswith("Akurat")
    survey.refresh_from_db()
    assert survey.sampling_error == assessment.text and "RSE 5,07%" in survey.sampling_error
    page = client_for("bps").get(f"{BASE}{survey.pk}/akurasi/").content.decode()
    assert "<th>deff</th>" in page and f"{assessment.result['deff']:.3f}".replace(".", ",") in page
    assert survey.events.filter(kind="edited").exists()


def test_srs_from_summary_and_from_a_sample_csv(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    alice = client_for("alice")
    summary = {
        "variable_name": "Berat badan",
        "design": "srs_mean",
        "n": 50,
        "mean": 29.42,
        "sd": math.sqrt(228.98),
        "population_size": 676,
    }
    assert alice.post(f"{BASE}{survey.pk}/akurasi/", summary).status_code == 302
    srs = AccuracyAssessment.objects.get()
    assert sig4(srs.result["se"]) == sig4(math.sqrt((1 - 50 / 676) * 228.98 / 50)) == 2.059  # Cochran (1977) ch. 2
    csv = "strata;populasi_strata;nilai\nA;100;10\nA;100;12\nA;100;11\nB;50;20\nB;50;24\n"
    upload = {
        "variable_name": "Berat badan",
        "design": "sample_csv",
        "sample": SimpleUploadedFile("sampel.csv", csv.encode()),
    }
    assert alice.post(f"{BASE}{survey.pk}/akurasi/", upload).status_code == 302
    stratified = AccuracyAssessment.objects.order_by("-id").first()
    assert stratified is not None and stratified.inputs == {"strata": {"A": 3, "B": 2}}
    assert sig4(stratified.result["estimate"]) == sig4((100 * 11 + 50 * 22) / 150)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"design": "srs_mean", "n": 50}, "Isi n, rata-rata dan simpangan baku."),
        ({"design": "stratified_mean", "strata_lines": "A | 100 | 1 | 5 | 1\nB | 50 | 3 | 4 | 1"}, "minimal 2 sampel"),
        (
            {"design": "stratified_mean", "strata_lines": "A | seratus | 10 | 5 | 1"},
            "Strata baris 1 (N): &#x27;seratus&#x27; bukan angka.",
        ),
        (
            {"design": "sample_csv", "sample": SimpleUploadedFile("s.csv", b"jumlah\n1\n2\n")},
            "Kolom &#x27;nilai&#x27; tidak ada",
        ),
        ({"design": "srs_mean", "n": 5, "mean": 1, "sd": 1, "population_size": 3}, "n"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    client_for: Callable[[str], Client], survey: StatisticalActivity, data: dict[str, object], message: str
) -> None:
    response = client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", {"variable_name": "X", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccuracyAssessment.objects.exists()


def test_a_non_probability_survey_gets_no_5_6(client_for: Callable[[str], Client], survey: StatisticalActivity) -> None:
    survey.metode_pemilihan_sampel, survey.metode_sampel = "sampel_nonprobabilitas", "quota_sampling"
    survey.save()
    page = client_for("alice").get(f"{BASE}{survey.pk}/akurasi/").content.decode()
    assert "Validasi atau reviu sumber data" in page  # the notes form, not the calculator


def test_administrative_data_records_validation_editing_and_supervision(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    survey.cara_pengumpulan, survey.metode_pemilihan_sampel, survey.metode_sampel = (
        "kompilasi_produk_administrasi",
        "",
        "",
    )
    survey.save()
    notes = {
        "source_validation": "Dicocokkan dengan register SIMPUS.",
        "editing": "Aturan validasi rentang.",
        "supervision": "Kunjungan ke 5 puskesmas.",
    }
    assert client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", notes).status_code == 302
    assessment = AccuracyAssessment.objects.get()
    assert (assessment.kind, assessment.supervision) == ("administrative", "Kunjungan ke 5 puskesmas.")
    missing = client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", {"source_validation": "x"})
    assert missing.status_code == 400


def test_who_may_assess(client_for: Callable[[str], Client], survey: StatisticalActivity) -> None:
    url = f"{BASE}{survey.pk}/akurasi/"
    data = {"variable_name": "X", "design": "srs_proportion", "n": 100, "p": 0.3, "apply": "on"}
    assert client_for("bob").post(url, data).status_code == 404
    assert client_for("forum").post(url, data).status_code == 403
    # BPS may record an assessment but cannot write the producer's MS-Keg
    response = client_for("bps").post(url, data)
    assert response.status_code == 400 and "MS-Keg 5.6 hanya dapat diisi selama metadata" in response.content.decode()
    assert client_for("bps").post(url, {**data, "apply": ""}).status_code == 302
    survey.refresh_from_db()
    assert survey.sampling_error == ""


def test_an_agreed_survey_can_be_assessed_but_not_rewritten(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    survey.status = "accepted"
    survey.save()
    url = f"{BASE}{survey.pk}/akurasi/"
    data = {"variable_name": "X", "design": "srs_proportion", "n": 100, "p": 0.3}
    assert client_for("alice").post(url, data).status_code == 302
    refused = client_for("alice").post(url, {**data, "apply": "on"})
    assert refused.status_code == 400 and "MS-Keg 5.6 hanya dapat diisi selama metadata" in refused.content.decode()
    survey.refresh_from_db()
    assert survey.sampling_error == "" and AccuracyAssessment.objects.count() == 1


def test_cluster_and_multistage_samples_from_csv(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    import numpy as np

    alice = client_for("alice")
    url = f"{BASE}{survey.pk}/akurasi/"
    # One-stage cluster sample: 3 of M = 20 villages, every household observed.
    elements = {"A": [2, 3, 4], "B": [5, 5], "C": [1, 2, 3, 2]}
    csv = "klaster,nilai\n" + "".join(f"{k},{v}\n" for k, vs in elements.items() for v in vs)
    response = alice.post(
        url,
        {
            "variable_name": "Anggota rumah tangga",
            "design": "cluster_csv",
            "total_clusters": 20,
            "sample": SimpleUploadedFile("k.csv", csv.encode()),
        },
    )
    assert response.status_code == 302
    cluster = AccuracyAssessment.objects.get()
    # Independent computation (Lohr 2010 ch. 5, ratio estimator with Taylor linearisation):
    totals = np.array([sum(v) for v in elements.values()], dtype=float)
    sizes = np.array([len(v) for v in elements.values()], dtype=float)
    r = totals.sum() / sizes.sum()
    m, M = len(totals), 20
    var = (1 - m / M) / (m * sizes.mean() ** 2) * ((totals - r * sizes) ** 2).sum() / (m - 1)
    assert cluster.result["estimate"] == pytest.approx(r, rel=1e-9)
    assert cluster.result["se"] == pytest.approx(math.sqrt(var), rel=1e-9)
    # Two-stage, two strata, weighted elements: ultimate-cluster mean.
    rows = [
        ("U", "p1", 10, 4),
        ("U", "p1", 10, 6),
        ("U", "p2", 12, 5),
        ("U", "p2", 12, 7),
        ("D", "p3", 8, 2),
        ("D", "p4", 8, 3),
        ("D", "p4", 8, 4),
    ]
    csv = "strata;psu;bobot;nilai\n" + "".join(f"{s};{p};{w};{y}\n" for s, p, w, y in rows)
    response = alice.post(
        url,
        {
            "variable_name": "Pengeluaran",
            "design": "multistage_csv",
            "sample": SimpleUploadedFile("m.csv", csv.encode()),
        },
    )
    assert response.status_code == 302
    multi = AccuracyAssessment.objects.order_by("-id").first()
    assert multi is not None and multi.inputs == {"psu": 4, "strata": 2}
    w = np.array([r[2] for r in rows], dtype=float)
    y = np.array([r[3] for r in rows], dtype=float)
    assert multi.result["estimate"] == pytest.approx((w * y).sum() / w.sum(), rel=1e-9)
    missing = alice.post(
        url,
        {
            "variable_name": "X",
            "design": "cluster_csv",
            "sample": SimpleUploadedFile("k.csv", b"klaster,nilai\nA,1\nB,2\n"),
        },
    )
    assert missing.status_code == 400 and "Isi jumlah klaster di populasi (M)." in missing.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("sampel.txt", b"nilai\n1\n2\n"), ("sampel.pdf", b"%PDF-1.4\n"), ("sampel", b"nilai\n1\n2\n")],
)
def test_only_a_csv_file_is_taken_as_sample(
    client_for: Callable[[str], Client], survey: StatisticalActivity, name: str, content: bytes
) -> None:
    data = {"variable_name": "X", "design": "sample_csv", "sample": SimpleUploadedFile(name, content)}
    response = client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", data)
    assert response.status_code == 400
    assert f"Berkas &#x27;{name}&#x27; bukan jenis yang diterima (.csv)." in response.content.decode()
    assert not AccuracyAssessment.objects.exists()


def test_a_sample_over_the_limit_is_refused_before_it_is_read(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    from satudata.metadata.accuracy import MAX_CSV_BYTES

    big = SimpleUploadedFile("besar.csv", b"nilai\n" + b"1\n" * (MAX_CSV_BYTES // 2))
    response = client_for("alice").post(
        f"{BASE}{survey.pk}/akurasi/", {"variable_name": "X", "design": "sample_csv", "sample": big}
    )
    assert response.status_code == 400
    assert "Berkas &#x27;besar.csv&#x27; berukuran" in response.content.decode()
    assert "batasnya 5,0" in response.content.decode()


@pytest.mark.parametrize("design", ["sample_csv", "cluster_csv", "multistage_csv"])
def test_a_field_too_long_for_the_csv_reader_is_explained(
    client_for: Callable[[str], Client], survey: StatisticalActivity, design: str
) -> None:
    # Python's csv module refuses a field over 128 KB; that is bad input, not a server error.
    header = {"sample_csv": "nilai", "cluster_csv": "klaster,nilai", "multistage_csv": "psu,bobot,nilai"}[design]
    rows = {"sample_csv": "1", "cluster_csv": "A,1", "multistage_csv": "p1,2,1"}[design]
    content = f"{header}\n{rows}\n{rows}\n".encode() + b"9" * 200_000 + b"\n"
    data = {
        "variable_name": "X",
        "design": design,
        "total_clusters": 20,
        "sample": SimpleUploadedFile("s.csv", content),
    }
    response = client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", data)
    assert response.status_code == 400
    assert "CSV baris 4 tidak dapat dibaca" in response.content.decode()
    assert not AccuracyAssessment.objects.exists()


def test_a_header_too_long_for_the_csv_reader_is_explained() -> None:
    from satudata.metadata.accuracy import AccuracyInputError, estimate_from_csv

    with pytest.raises(AccuracyInputError, match="CSV baris 1 tidak dapat dibaca"):
        estimate_from_csv(b"x" * 200_000 + b"\n1\n", population_size=None)


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("1500", True, 1500),
        ("1.500", True, 1500),  # Indonesian thousands: an integer has no decimals
        ("-1.500", True, -1500),
        ("1.234.567", True, 1234567),
        ("1.234.567", False, 1234567),  # several dot groups are thousands whatever the value
        ("1.234,5", False, 1234.5),
        ("12,5", False, 12.5),
        ("0,25", False, 0.25),
        ("12.5", False, 12.5),
        ("33.900", False, 33.9),  # one dot in a decimal value stays the decimal mark (textbook tables)
        ("0.225", False, 0.225),
        (" 1 500 ", True, 1500),
    ],
)
def test_numbers_in_indonesian_and_english_writing(text: str, integer: bool, expected: float) -> None:
    from satudata.metadata.accuracy import _number

    assert _number(text, "Uji", integer=integer) == expected


@pytest.mark.parametrize("text", ["1.50", "1.5000", "1.23.456", "1,5"])
def test_an_integer_that_is_not_whole_is_refused(text: str) -> None:
    from satudata.metadata.accuracy import AccuracyInputError, _number

    with pytest.raises(AccuracyInputError):
        _number(text, "Uji", integer=True)


def test_a_stratum_size_written_with_thousands_dots(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    lines = "Kota | 1.500 | 20 | 0,3\nDesa | 2.500 | 30 | 0,4"
    data = {"variable_name": "X", "design": "stratified_proportion", "strata_lines": lines}
    assert client_for("alice").post(f"{BASE}{survey.pk}/akurasi/", data).status_code == 302
    strata = AccuracyAssessment.objects.get().inputs["strata"]
    assert [s["population_size"] for s in strata] == [1500, 2500]
