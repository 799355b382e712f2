"""Reconciliation flags computed at submission, and the bulk-load command."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, FlagKind, ReconciliationFlag, VersionStatus
from satudata.datasets.pipeline import import_rows
from tests.datasets.conftest import population_rows

Kecamatan = list[tuple[str, str]]


def publish(version: DatasetVersion, people: dict[str, User]) -> DatasetVersion:
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    return actions.do_publish_version(version=version, acting_user=people["wali"])


def test_change_from_previous_period_beyond_the_threshold_is_flagged(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, people: dict[str, User], settings: object
) -> None:
    dataset = make_dataset()
    publish(import_rows(dataset=dataset, rows=population_rows(kecamatan, 2023), period="2023",
                        acting_user=people["alice"]).version, people)  # fmt: skip
    rows = population_rows(kecamatan, 2024)
    rows[0]["jumlah_penduduk"] = 1500  # +50 % for Purwodadi, laki-laki
    rows[5]["jumlah_penduduk"] = 1030  # +1 %: not flagged
    version = import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    flag = ReconciliationFlag.objects.get(version=version, kind=FlagKind.PREVIOUS_PERIOD)
    assert flag.detail["count"] == 1 and flag.detail["previous_period"] == "2023"
    assert flag.detail["rows"] == [
        {"key": "35.14.01 | Laki-laki", "column": "jumlah_penduduk", "old": 1000.0, "new": 1500.0, "pct": 50.0}
    ]
    assert "lebih dari 25%" in flag.message


def test_totals_row_is_checked_against_the_kecamatan(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, people: dict[str, User]
) -> None:
    dataset = make_dataset()
    rows = population_rows(kecamatan, 2024)
    men = sum(r["jumlah_penduduk"] for r in rows if r["jenis_kelamin"] == "Laki-laki")
    women = sum(r["jumlah_penduduk"] for r in rows if r["jenis_kelamin"] == "Perempuan")
    rows.append({"kode_kecamatan": "35.14", "nama_kecamatan": "Jumlah", "jenis_kelamin": "Laki-laki",
                 "jumlah_penduduk": men, "tahun": 2024})  # fmt: skip
    rows.append({"kode_kecamatan": None, "nama_kecamatan": "Jumlah", "jenis_kelamin": "Perempuan",
                 "jumlah_penduduk": women + 7, "tahun": 2024})  # fmt: skip
    version = import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version
    assert version.row_count == 48 and version.is_valid, version.report
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    flags = {f.detail["filters"]["jenis_kelamin"]: f for f in version.flags.filter(kind=FlagKind.TOTALS)}
    assert flags["Laki-laki"].detail["ok"] is True and flags["Laki-laki"].detail["computed"] == men
    assert flags["Perempuan"].detail["ok"] is False and flags["Perempuan"].detail["difference"] == -7
    assert "selisih -7.00" in flags["Perempuan"].message


def test_bps_reference_figure_difference_is_shown(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, people: dict[str, User],
    client_for: Callable[[str], Client],
) -> None:  # fmt: skip
    dataset = make_dataset()
    rows = population_rows(kecamatan, 2024)
    total = sum(r["jumlah_penduduk"] for r in rows)
    page = client_for("bps").post(
        f"/kelola/dataset/{dataset.slug}/rujukan/",
        {"period": "2024", "column": "jumlah_penduduk", "value": str(total + 100), "source": "Pasuruan Dalam Angka"},
    )
    assert page.status_code == 302
    assert client_for("alice").post(
        f"/kelola/dataset/{dataset.slug}/rujukan/",
        {"period": "2024", "column": "jumlah_penduduk", "value": "1", "source": "x"},
    ).status_code == 403  # fmt: skip
    bad = client_for("wali").post(
        f"/kelola/dataset/{dataset.slug}/rujukan/",
        {"period": "2024", "column": "nama_kecamatan", "value": "1", "source": "x"}, follow=True,
    )  # fmt: skip
    assert "Kolom ukuran" in bad.content.decode()
    version = import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    flag = version.flags.get(kind=FlagKind.REFERENCE)
    assert flag.detail["difference"] == -100 and flag.detail["stated"] == total + 100
    assert "Pasuruan Dalam Angka" in flag.message
    page = client_for("wali").get(version.get_absolute_url()).content.decode()
    assert "Selisih dengan angka rujukan BPS" in page and "-100.00" in page


def test_import_version_command(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, people: dict[str, User], tmp_path: Path
) -> None:
    dataset = make_dataset()
    good = tmp_path / "penduduk.csv"
    lines = ["kode_kecamatan,nama_kecamatan,jenis_kelamin,jumlah_penduduk,tahun"]
    lines += [",".join(str(v) for v in r.values()) for r in population_rows(kecamatan, 2024)]
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_version", dataset.slug, str(good), "--period", "2024", "--submit", "--user", "wali",
                 stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "Versi 1 periode 2024: 48 baris, 0 kesalahan" in text and "diajukan" in text
    assert DatasetVersion.objects.get(dataset=dataset).status == VersionStatus.SUBMITTED

    bad = tmp_path / "buruk.csv"
    bad.write_text("\n".join([lines[0], "35.14.99,Entah,Laki-laki,12,2025"]) + "\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="tidak sah"):
        call_command("import_version", dataset.slug, str(bad), "--period", "2025", "--user", "wali", stdout=out)
    assert "KESALAHAN" in out.getvalue() and "35.14.99" in out.getvalue()
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_version", "tidak-ada", str(good), "--period", "2024")
    garbage = tmp_path / "sampah.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_version", dataset.slug, str(garbage), "--period", "2026", "--user", "wali")
    with pytest.raises(CommandError, match="tidak berhak"):
        call_command("import_version", dataset.slug, str(good), "--period", "2026", "--user", "bob")
