"""`satudata epss_ips <year> [--levels FILE]`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from satudata.accounts.models import User
from satudata.evaluation.models import Assessment
from tests.evaluation.conftest import score_all


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("epss_ips", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_stored_assessment(assessment: Assessment, people: dict[str, User]) -> None:
    score_all(assessment, people["wali"], 2, i10101=4, i10201=4, i10301=4, i10401=4)
    out, _ = run("2026")
    assert out.strip() == "IPS 2026: 2.56 (Cukup)"


def test_incomplete_assessment_names_the_missing_indicators(assessment: Assessment, people: dict[str, User]) -> None:
    with pytest.raises(CommandError, match=r"Indikator tanpa tingkat kematangan: 10101, 10201, .*50303\."):
        run("2026")


def test_no_assessment(db: None) -> None:
    with pytest.raises(CommandError, match="Belum ada penilaian mandiri EPSS tahun 2031"):
        run("2031")


def test_levels_file_is_a_what_if_that_saves_nothing(
    assessment: Assessment, people: dict[str, User], tmp_path: Path
) -> None:
    score_all(assessment, people["wali"], 2, i10101=4, i10201=4, i10301=4, i10401=4)
    before = assessment.levels()
    levels = tmp_path / "levels.csv"
    levels.write_text("indicator,level\n20302,5\n", encoding="utf-8")
    out, _ = run("2026", "--levels", str(levels))
    assert out.strip() == "IPS 2026: 2.64 (Baik)"  # 2.56 + 0.0252 × 3
    assert assessment.levels() == before


def test_levels_file_without_assessment_uses_default_weights(db: None, tmp_path: Path) -> None:
    from satudata.evaluation.epss import DEFAULT_STRUCTURE, flat_weights

    levels = tmp_path / "levels.csv"
    # Excel in an Indonesian locale writes ";" and a BOM.
    rows = "\n".join(f"{code};3" for code in sorted(flat_weights(DEFAULT_STRUCTURE)))
    levels.write_text("\ufeffindicator;level\n" + rows + "\n", encoding="utf-8")
    out, err = run("2027", "--levels", str(levels))
    assert out.strip() == "IPS 2027: 3.00 (Baik)"
    assert "bobot bawaan" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kode,tingkat\n20302,3\n", "Baris 1: kepala kolom harus 'indicator,level'"),
        ("indicator,level\n20302,3\n99999,2\n", "Baris 3, kolom indicator: '99999' bukan kode indikator EPSS"),
        ("indicator,level\n20302,enam\n", "Baris 2, kolom level: 'enam' bukan tingkat kematangan 1 sampai 5"),
        ("indicator,level\n20302,0\n", "Baris 2, kolom level: '0' bukan tingkat kematangan 1 sampai 5"),
        ("indicator,level\n20302,3\n20302,4\n", "Baris 3, kolom indicator: indikator 20302 sudah ada"),
        ("indicator,level\n20302\n", "Baris 2: harus ada dua kolom"),
        ("", "Baris 1: kepala kolom harus"),
    ],
)
def test_bad_levels_file(assessment: Assessment, tmp_path: Path, text: str, message: str) -> None:
    levels = tmp_path / "levels.csv"
    levels.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("2026", "--levels", str(levels))


def test_unreadable_levels_file(assessment: Assessment, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run("2026", "--levels", str(tmp_path / "tidak-ada.csv"))
    binary = tmp_path / "biner.csv"
    binary.write_bytes(b"\xff\xfe\x00\x00")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run("2026", "--levels", str(binary))
