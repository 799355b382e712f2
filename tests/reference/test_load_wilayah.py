import gzip
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from satudata.reference.loaders import WILAYAH_FILE, ReferenceFileError, load_wilayah
from satudata.reference.models import Wilayah
from tests.conftest import SHARED_WILAYAH_CSV


@pytest.mark.django_db
def test_loads_all_of_indonesia_idempotently_in_seconds() -> None:
    started = time.perf_counter()
    first = load_wilayah(WILAYAH_FILE)
    elapsed = time.perf_counter() - started
    lines = gzip.decompress(WILAYAH_FILE.read_bytes()).count(b"\n") - 1
    assert first.created == lines == Wilayah.objects.count()
    second = load_wilayah(WILAYAH_FILE)
    assert (second.created, second.updated, second.unchanged) == (0, 0, lines)
    print(f"load_wilayah: {lines} rows in {elapsed:.1f} s")  # the figure; benchmarks live in bench/

    regency = Wilayah.objects.get(kode="35.14")
    assert regency.nama == "Kabupaten Pasuruan"
    assert regency.level == Wilayah.Level.KABUPATEN_KOTA
    assert regency.parent_id == "35"
    kecamatan = Wilayah.objects.filter(parent_id="35.14")
    assert kecamatan.count() == 24
    assert kecamatan.first().nama == "Purwodadi"  # type: ignore[union-attr]
    villages = Wilayah.objects.filter(kode__startswith="35.14.", level=Wilayah.Level.DESA_KELURAHAN)
    assert villages.count() == 365
    assert Wilayah.objects.get(kode="35.14.01.2001").nama == "Gerbo"
    assert Wilayah.objects.get(kode="35.14.01.2001").kind_label == "Desa"


@pytest.mark.django_db
def test_renamed_codes_are_updated_and_pruning_is_explicit(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text(
        "kode,nama,tingkat\n35,Jawa Timur,provinsi\n35.14,Kab Pasuruan,kabupaten_kota\n35.99,Hilang,kabupaten_kota\n"
    )
    load_wilayah(first)
    second = tmp_path / "b.csv"
    second.write_text("kode,nama,tingkat\n35,Jawa Timur,provinsi\n35.14,Kabupaten Pasuruan,kabupaten_kota\n")
    result = load_wilayah(second)
    assert (result.updated, result.unchanged, result.removed) == (1, 1, 0)
    assert Wilayah.objects.filter(kode="35.99").exists()  # kept: records may point at it
    result = load_wilayah(second, prune=True)
    assert result.removed == 1
    assert not Wilayah.objects.filter(kode="35.99").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name\n35,Jawa Timur\n", "kolom kode, nama, tingkat tidak ada"),
        ("kode,nama,tingkat\n35,Jawa Timur,negara\n", "baris 2, kolom tingkat: 'negara' tidak dikenal"),
        (
            "kode,nama,tingkat\n35,Jawa Timur,provinsi\n35.14,Pasuruan,kecamatan\n",
            "baris 3, kolom kode: '35.14' tidak sesuai tingkat 'kecamatan'",
        ),
    ],
)
def test_bad_files_are_refused_with_row_and_column_and_nothing_is_written(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ReferenceFileError, match=message):
        load_wilayah(path)
    assert Wilayah.objects.count() == 0


@pytest.mark.django_db
def test_command_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("load_wilayah", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_code_lists_load_idempotently() -> None:
    from satudata.reference.models import CodeList

    call_command("load_codelists")
    call_command("load_codelists")
    sex = CodeList.objects.get(slug="jenis-kelamin")
    assert list(sex.items.values_list("code", "label")) == [("1", "Laki-laki"), ("2", "Perempuan")]
    assert CodeList.objects.get(slug="jadwal-pemutakhiran").items.count() == 7


@pytest.mark.django_db
def test_the_shipped_file_matches_the_shared_reference_data() -> None:
    if not SHARED_WILAYAH_CSV.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert gzip.decompress(WILAYAH_FILE.read_bytes()) == SHARED_WILAYAH_CSV.read_bytes()
    call_command("load_wilayah")
    assert Wilayah.objects.filter(parent_id="35.14").count() == 24
