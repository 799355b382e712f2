"""The BPS metadata code lists (domain-reference §2 and §3.2): legacy codes, bit sums and INDAH names."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from django import forms

from satudata.metadata import codes
from satudata.metadata.codes import (
    ALL_LISTS,
    CARA_PENGUMPULAN_DATA,
    FREKUENSI_PENYELENGGARAAN,
    JADWAL_KEGIATAN,
    METODE_PEMILIHAN_SAMPEL,
    METODE_PENGUMPULAN_DATA,
    METODE_SAMPEL,
    PRODUK_KEGIATAN,
    SARANA_PENGUMPULAN_DATA,
    SEKTOR_KEGIATAN,
    STATUS_METADATA,
    TAHAPAN_PENGOLAHAN_DATA,
    TINGKAT_PENYAJIAN,
    UNIT_ANALISIS,
    CodeList,
    FlagList,
    ScheduleStages,
    YesNoGroup,
)

LOWER_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9_]*$")

every_list = pytest.mark.parametrize("listing", ALL_LISTS.values(), ids=ALL_LISTS.keys())
FLAG_LISTS = {key: lst for key, lst in ALL_LISTS.items() if isinstance(lst, FlagList)}
every_flag_list = pytest.mark.parametrize("flags", FLAG_LISTS.values(), ids=FLAG_LISTS.keys())
CODE_LISTS = {key: lst for key, lst in ALL_LISTS.items() if isinstance(lst, CodeList)}
every_code_list = pytest.mark.parametrize("codelist", CODE_LISTS.values(), ids=CODE_LISTS.keys())


def subsets(values: tuple[str, ...]) -> Iterator[frozenset[str]]:
    for size in range(len(values) + 1):
        for combination in itertools.combinations(values, size):
            yield frozenset(combination)


# --- every list --------------------------------------------------------------------------------


def test_the_registry_holds_every_list_of_the_module() -> None:
    listed = {id(lst) for lst in ALL_LISTS.values()}
    kinds = (CodeList, FlagList, YesNoGroup, ScheduleStages)
    defined = {name for name, obj in vars(codes).items() if isinstance(obj, kinds)}
    assert {name for name in defined if id(getattr(codes, name)) not in listed} == set()
    assert set(ALL_LISTS) == {name.lower() for name in defined}


@every_list
def test_codes_are_unique_and_in_form_order(listing: codes.AnyList) -> None:
    numbers = [entry.code for entry in listing]
    assert numbers == sorted(set(numbers))


@every_list
def test_values_are_unique_lower_snake_case_and_fit_a_charfield(listing: codes.AnyList) -> None:
    assert len(set(listing.values)) == len(listing)
    assert all(LOWER_SNAKE.match(value) for value in listing.values)
    assert listing.max_length <= 50


@every_list
def test_indah_names_are_unique(listing: codes.AnyList) -> None:
    names = [name for entry in listing for name in entry.indah_names]
    assert len(names) == len(set(names))
    # Enum strings are upper snake case; boolean keys and schedule keys are lower snake case.
    pattern = UPPER_SNAKE if isinstance(listing, CodeList) else LOWER_SNAKE
    assert all(pattern.match(name) for name in names)


@every_list
def test_labels_are_not_empty(listing: codes.AnyList) -> None:
    assert all(entry.label.strip() == entry.label and entry.label for entry in listing)
    assert listing.title.strip()


@every_list
def test_every_option_is_found_by_its_value_and_its_code(listing: codes.AnyList) -> None:
    for entry in listing:
        assert listing.by_value(entry.value) is entry
        assert listing.by_code(entry.code) is entry
        assert entry.value in listing
    assert listing.choices == [(entry.value, entry.label) for entry in listing]


@every_code_list
def test_every_option_is_found_by_its_indah_enum_and_aliases(codelist: CodeList) -> None:
    for option in codelist:
        for name in option.indah_names:
            assert codelist.by_indah(name) is option
            assert codelist.by_indah(f" {name.lower()} ") is option


@every_code_list
def test_code_lists_serve_as_django_choices(codelist: CodeList) -> None:
    field = forms.ChoiceField(choices=codelist.choices)
    for value in codelist.values:
        assert field.clean(value) == value
    with pytest.raises(forms.ValidationError):
        field.clean("bukan_pilihan")


def test_unknown_look_ups_raise_in_indonesian() -> None:
    with pytest.raises(ValueError, match=r"^Nilai 'sensus' tidak ada dalam daftar Cara Pengumpulan Data\.$"):
        CARA_PENGUMPULAN_DATA.by_value("sensus")
    with pytest.raises(ValueError, match=r"^Kode 9 tidak ada dalam daftar 4\.2 Frekuensi Penyelenggaraan\.$"):
        FREKUENSI_PENYELENGGARAAN.by_code(9)
    with pytest.raises(ValueError, match=r"^Kode True tidak ada"):
        FREKUENSI_PENYELENGGARAAN.by_code(True)
    with pytest.raises(ValueError, match=r"^Enum INDAH 'BIENNIAL' tidak dikenal untuk 4\.2 Frekuensi"):
        FREKUENSI_PENYELENGGARAAN.by_indah("BIENNIAL")


# --- single-choice lists -----------------------------------------------------------------------


def test_cara_pengumpulan_data_has_the_four_ways_with_their_indah_enums() -> None:
    assert [(o.code, o.value, o.indah) for o in CARA_PENGUMPULAN_DATA] == [
        (1, "pencacahan_lengkap", "PENCACAHAN_LENGKAP"),
        (2, "survei", "SURVEI"),
        (3, "kompilasi_produk_administrasi", "KOMPILASI_PRODUK_ADMINISTRASI"),
        (4, "cara_lain", "CARA_LAIN_SESUAI_PERKEMBANGAN_TEKNOLOGI_DAN_INFORMASI"),
    ]
    # the spelling of an older client is read, never written
    assert CARA_PENGUMPULAN_DATA.by_indah("CARA_LAIN_SESUAI_DENGAN_PERKEMBANGAN_TI").code == 4


def test_sektor_kegiatan_is_the_22_sectors_in_form_order() -> None:
    assert [(o.code, o.label) for o in SEKTOR_KEGIATAN] == list(
        enumerate(
            [
                "Pertanian dan Perikanan",
                "Demografi dan Kependudukan",
                "Pembangunan",
                "Proyeksi Ekonomi",
                "Pendidikan dan Pelatihan",
                "Lingkungan",
                "Keuangan",
                "Globalisasi",
                "Kesehatan",
                "Industri dan Jasa",
                "Teknologi Informasi dan Komunikasi",
                "Perdagangan Internasional dan Neraca Perdagangan",
                "Ketenagakerjaan",
                "Neraca Nasional",
                "Indikator Ekonomi Bulanan",
                "Produktivitas",
                "Harga dan Paritas Daya Beli",
                "Sektor Publik, Perpajakan, dan Regulasi Pasar",
                "Perwilayahan dan Perkotaan",
                "Ilmu Pengetahuan dan Hak Paten",
                "Perlindungan Sosial dan Kesejahteraan",
                "Transportasi",
            ],
            start=1,
        )
    )
    assert SEKTOR_KEGIATAN.by_code(18).indah == "SEKTOR_PUBLIK_PERPAJAKAN_DAN_REGULASI_PASAR"


def test_frekuensi_keeps_the_code_and_the_indah_enum() -> None:
    tahunan = FREKUENSI_PENYELENGGARAAN.by_value("tahunan")
    assert (tahunan.code, tahunan.indah) == (7, "TAHUNAN")
    assert FREKUENSI_PENYELENGGARAAN.by_indah("DUA_TAHUNAN") is FREKUENSI_PENYELENGGARAAN.by_code(8)


def test_metode_sampel_splits_probability_1_to_5_and_nonprobability_6_to_10() -> None:
    probabilitas, nonprobabilitas = METODE_PEMILIHAN_SAMPEL.values
    assert [o.code for o in METODE_SAMPEL.in_group(probabilitas)] == [1, 2, 3, 4, 5]
    assert [o.code for o in METODE_SAMPEL.in_group(nonprobabilitas)] == [6, 7, 8, 9, 10]
    assert {o.group for o in METODE_SAMPEL} == set(METODE_PEMILIHAN_SAMPEL.values)
    assert METODE_SAMPEL.choices_for(nonprobabilitas)[0] == ("quota_sampling", "Quota Sampling")


def test_ya_tidak_is_a_boolean_in_indah() -> None:
    assert codes.ya_tidak_to_bool("ya") is True
    assert codes.ya_tidak_to_bool("tidak") is False
    assert codes.bool_to_ya_tidak(True) == "ya"
    assert codes.bool_to_ya_tidak(False) == "tidak"
    assert [o.code for o in codes.UJI_COBA] == [1, 2]
    with pytest.raises(ValueError):
        codes.ya_tidak_to_bool("mungkin")


def test_status_metadata_are_the_seven_indah_statuses() -> None:
    assert [o.indah for o in STATUS_METADATA] == [
        "DRAFT",
        "SUBMITTED",
        "UNDER_REVIEW",
        "CORRECTION_REQUIRED",
        "REVISED",
        "APPROVED",
        "REJECTED",
    ]


# --- multi-choice lists: bit sums --------------------------------------------------------------


@every_flag_list
def test_bits_are_the_powers_of_two_in_form_order(flags: FlagList) -> None:
    assert [o.bit for o in flags] == [2**i for i in range(len(flags))]
    assert flags.max_sum == 2 ** len(flags) - 1
    assert flags.other in flags.values


@every_flag_list
def test_every_subset_round_trips_through_the_bit_sum(flags: FlagList) -> None:
    seen = set()
    for chosen in subsets(flags.values):
        total = flags.to_bitsum(chosen)
        assert flags.from_bitsum(total) == chosen
        seen.add(total)
    assert seen == set(range(flags.max_sum + 1))


def test_the_reference_example_1_plus_4_is_wawancara_and_observasi() -> None:
    chosen = METODE_PENGUMPULAN_DATA.from_bitsum(1 + 4)
    assert chosen == {"wawancara", "pengamatan"}
    assert [o.label for o in METODE_PENGUMPULAN_DATA.ordered(chosen)] == ["Wawancara", "Pengamatan (observasi)"]
    assert METODE_PENGUMPULAN_DATA.to_bitsum(["pengamatan", "wawancara", "wawancara"]) == 5


@every_flag_list
def test_the_empty_set_is_zero(flags: FlagList) -> None:
    assert flags.to_bitsum(set()) == 0
    assert flags.from_bitsum(0) == frozenset()


@every_flag_list
@pytest.mark.parametrize("where", ["beyond", "negative"])
def test_impossible_sums_are_refused(flags: FlagList, where: str) -> None:
    total = flags.max_sum + 1 if where == "beyond" else -1
    with pytest.raises(ValueError, match=rf"^Jumlah kode {total} tidak mungkin untuk {re.escape(flags.name)}: "):
        flags.from_bitsum(total)


def test_an_impossible_sum_says_which_codes_make_a_valid_one() -> None:
    with pytest.raises(ValueError) as error:
        METODE_PENGUMPULAN_DATA.from_bitsum(32)
    assert str(error.value) == (
        "Jumlah kode 32 tidak mungkin untuk 4.6 Metode Pengumpulan Data: "
        "isian harus jumlah dari kode 1, 2, 4, 8, 16 (0 sampai 31)."
    )
    with pytest.raises(ValueError) as error:
        SARANA_PENGUMPULAN_DATA.from_bitsum(64 + 1)
    assert str(error.value) == (
        "Jumlah kode 65 tidak mungkin untuk 4.7 Sarana Pengumpulan Data: "
        "isian harus jumlah dari kode 1, 2, 4, 8, 16, 32 (0 sampai 63)."
    )


@pytest.mark.parametrize("total", ["5", 5.0, True, None])
def test_a_sum_that_is_not_an_integer_is_refused(total: object) -> None:
    with pytest.raises(ValueError, match=r"^Jumlah kode untuk 4\.6 Metode Pengumpulan Data harus bilangan bulat"):
        METODE_PENGUMPULAN_DATA.from_bitsum(total)  # type: ignore[arg-type]


def test_an_unknown_value_has_no_bit() -> None:
    with pytest.raises(ValueError, match=r"^Nilai 'telepon' tidak ada dalam daftar 4\.6 Metode Pengumpulan Data\.$"):
        METODE_PENGUMPULAN_DATA.to_bitsum({"wawancara", "telepon"})


def test_lainnya_asks_for_the_text() -> None:
    assert METODE_PENGUMPULAN_DATA.needs_other_text({"wawancara", "lainnya"})
    assert not METODE_PENGUMPULAN_DATA.needs_other_text({"wawancara"})


def test_sarana_with_interviewers_are_papi_capi_cati() -> None:
    assert SARANA_PENGUMPULAN_DATA.to_bitsum(codes.SARANA_DENGAN_PETUGAS) == 1 + 2 + 4


# --- multi-choice lists: INDAH booleans --------------------------------------------------------


def test_indah_keys_are_those_of_the_v2_json() -> None:
    assert METODE_PENGUMPULAN_DATA.to_indah({"wawancara", "pengamatan"}) == {
        "wawancara": True,
        "mengisi_kuesioner_sendiri": False,
        "pengamatan": True,
        "pengumpulan_data_sekunder": False,
        "lainnya": False,
    }
    assert METODE_PENGUMPULAN_DATA.indah_field == "blok_iv.metode_pengumpulan_data"
    assert list(SARANA_PENGUMPULAN_DATA.to_indah(set())) == ["papi", "capi", "cati", "cawi", "mail", "lainnya"]
    assert list(UNIT_ANALISIS.to_indah(set())) == ["individu", "rumah_tangga", "usaha_atau_perusahaan", "lainnya"]


@every_flag_list
def test_every_subset_round_trips_through_indah_booleans(flags: FlagList) -> None:
    exported = tuple(v for v in flags.values if v not in flags.indah_export_as)
    for chosen in subsets(exported):
        booleans = flags.to_indah(chosen)
        assert set(booleans.values()) <= {True, False}
        assert flags.from_indah(booleans) == chosen


def test_kecamatan_goes_to_indah_as_lainnya() -> None:
    booleans = TINGKAT_PENYAJIAN.to_indah({"kabupaten_kota", "kecamatan"})
    assert booleans == {"nasional": False, "provinsi": False, "kabupaten_atau_kota": True, "lainnya": True}
    assert TINGKAT_PENYAJIAN.from_indah(booleans) == {"kabupaten_kota", "lainnya"}
    assert TINGKAT_PENYAJIAN.indah_other_text({"kecamatan", "lainnya"}, " Desa ") == "Kecamatan; Desa"
    assert TINGKAT_PENYAJIAN.indah_other_text({"kecamatan"}, None) == "Kecamatan"
    assert TINGKAT_PENYAJIAN.indah_other_text({"provinsi"}, "") is None
    # a client that does send a kecamatan boolean is still understood
    assert TINGKAT_PENYAJIAN.from_indah({"kecamatan": True, "lainnya": False}) == {"kecamatan"}


def test_indah_null_is_false_and_other_keys_are_ignored() -> None:
    data = {"wawancara": True, "pengamatan": None, "lainnya": False, "metode_pengumpulan_lainnya": "Telepon"}
    assert METODE_PENGUMPULAN_DATA.from_indah(data) == {"wawancara"}


def test_an_indah_boolean_that_is_not_a_boolean_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"^Isian INDAH 'wawancara' untuk 4\.6 Metode Pengumpulan Data harus true/false"
    ):
        METODE_PENGUMPULAN_DATA.from_indah({"wawancara": "ya"})


# --- items made of several Ya/Tidak questions --------------------------------------------------


def test_tahapan_pengolahan_is_four_ya_tidak_questions() -> None:
    assert [(i.label, i.indah_key) for i in TAHAPAN_PENGOLAHAN_DATA] == [
        ("Penyuntingan (Editing)", "editing"),
        ("Penyandian (Coding)", "coding"),
        ("Data Entry", "data_entry"),
        ("Penyahihan (Validasi)", "validasi"),
    ]
    for answers in itertools.product([True, False], repeat=4):
        given = dict(zip(TAHAPAN_PENGOLAHAN_DATA.values, answers, strict=True))
        assert TAHAPAN_PENGOLAHAN_DATA.from_indah(TAHAPAN_PENGOLAHAN_DATA.to_indah(given)) == given


def test_produk_kegiatan_uses_the_indah_ketersediaan_keys() -> None:
    assert PRODUK_KEGIATAN.values == ("tercetak", "digital", "data_mikro")
    assert PRODUK_KEGIATAN.to_indah({"digital": True}) == {
        "ketersediaan_produk_tercetak": False,
        "ketersediaan_produk_digital": True,
        "ketersediaan_produk_mikrodata": False,
    }
    assert PRODUK_KEGIATAN.by_indah("ketersediaan_produk_mikrodata").value == "data_mikro"
    assert set(codes.PRODUK_RENCANA_RILIS_INDAH) == set(PRODUK_KEGIATAN.values)


def test_ya_tidak_groups_refuse_unknown_questions_and_non_booleans() -> None:
    with pytest.raises(ValueError, match=r"^Nilai 'imputasi' tidak ada dalam daftar 7\.1 Tahapan Pengolahan Data\.$"):
        TAHAPAN_PENGOLAHAN_DATA.to_indah({"imputasi": True})
    with pytest.raises(ValueError, match=r"harus Ya/Tidak \(bool\)"):
        TAHAPAN_PENGOLAHAN_DATA.to_indah({"penyuntingan": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match=r"harus true/false"):
        TAHAPAN_PENGOLAHAN_DATA.from_indah({"editing": "Ya"})


# --- 3.3 Rencana Jadwal Kegiatan ---------------------------------------------------------------


def test_jadwal_has_seven_stages_under_headings_a_to_d() -> None:
    assert [(letter, heading, [s.code for s in stages]) for letter, heading, stages in JADWAL_KEGIATAN.groups] == [
        ("A", "Perencanaan", [1, 2]),
        ("B", "Pengumpulan", [3]),
        ("C", "Pemeriksaan", [4, 5]),
        ("D", "Penyebarluasan", [6, 7]),
    ]
    assert [s.indah_key for s in JADWAL_KEGIATAN] == [
        "perencanaan_kegiatan",
        "desain",
        "pengumpulan_data",
        "pengolahan_data",
        "analisis",
        "diseminasi_hasil",
        "evaluasi",
    ]


def test_every_multi_choice_field_of_ms_keg_has_its_list_and_lainnya_text() -> None:
    from satudata.metadata.models import StatisticalActivity

    fields = {f.name for f in StatisticalActivity._meta.get_fields()}
    assert set(codes.FLAG_FIELDS.values()) == set(FLAG_LISTS.values())  # every flag list, once
    for name, flags in codes.FLAG_FIELDS.items():
        assert {name, f"{name}_lainnya"} <= fields
        assert flags.needs_other_text({"lainnya"}) and not flags.needs_other_text(set(flags.values) - {"lainnya"})


def test_interviewer_items_follow_the_interview_modes_of_4_7() -> None:
    assert {"papi", "capi", "cati"} == codes.SARANA_DENGAN_PETUGAS
    assert set(SARANA_PENGUMPULAN_DATA.values) >= codes.SARANA_DENGAN_PETUGAS
