"""The verification workflow as functions: every transition, who may make it, from which state,
its history row and whom it tells."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from satudata import store
from satudata.accounts.models import Notification, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, Release, VersionEvent, VersionStatus
from satudata.datasets.pipeline import import_rows
from tests.datasets.conftest import population_rows


def test_grid_rows_make_a_valid_draft(draft: DatasetVersion) -> None:
    assert draft.status == VersionStatus.DRAFT
    assert draft.number == 1 and draft.period == "2024"
    assert draft.row_count == 48 and draft.is_valid
    assert store.schema(draft.file_key) == {
        "kode_kecamatan": "VARCHAR", "nama_kecamatan": "VARCHAR", "jenis_kelamin": "VARCHAR",
        "jumlah_penduduk": "BIGINT", "tahun": "INTEGER",
    }  # fmt: skip
    first = store.read(draft.file_key, limit=1).rows[0]
    assert first == {"kode_kecamatan": "35.14.01", "nama_kecamatan": "Purwodadi", "jenis_kelamin": "Laki-laki",
                     "jumlah_penduduk": 1000, "tahun": 2024}  # fmt: skip
    assert [e.kind for e in draft.events.all()] == [VersionEvent.Kind.CREATED]


def test_round_trip_submit_comment_return_fix_resubmit_verify_publish(
    draft: DatasetVersion, people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    alice, wali = people["alice"], people["wali"]
    version = actions.do_submit_version(version=draft, acting_user=alice)
    assert version.status == VersionStatus.SUBMITTED and version.review_round == 1
    assert Notification.objects.filter(recipient=wali, url=version.get_absolute_url()).exists()

    comment = actions.do_comment_version(version=version, acting_user=wali, text="Angka ini terlalu kecil",
                                         column="jumlah_penduduk", row=3)  # fmt: skip
    assert comment.review_round == 1
    version = actions.do_return_version(version=version, acting_user=wali, note="")
    assert version.status == VersionStatus.RETURNED
    assert list(version.open_comments()) == [comment]
    assert Notification.objects.filter(recipient=alice, text__contains="dikembalikan").exists()

    rows = population_rows(kecamatan, 2024)
    rows[2]["jumlah_penduduk"] = 5555
    fixed = import_rows(dataset=version.dataset, rows=rows, period="2024", acting_user=alice).version
    assert fixed.pk == version.pk and fixed.status == VersionStatus.RETURNED
    assert fixed.file_key != draft.file_key
    data_event = fixed.events.get(kind=VersionEvent.Kind.DATA)
    assert data_event.changes["file_key"] == [draft.file_key, fixed.file_key]

    fixed = actions.do_submit_version(version=fixed, acting_user=alice)
    assert fixed.status == VersionStatus.RESUBMITTED and fixed.review_round == 2
    assert not fixed.open_comments().exists()  # the new round starts clean
    fixed = actions.do_verify_version(version=fixed, acting_user=wali)
    fixed = actions.do_publish_version(version=fixed, acting_user=wali)
    assert fixed.status == VersionStatus.PUBLISHED and fixed.published_at is not None
    assert fixed.schema.is_locked
    release = Release.objects.get(dataset=fixed.dataset)
    assert release.number == 1 and release.periods == ["2024"] and release.row_count == 48
    assert (
        store.read(release.file_key, filters=[("jumlah_penduduk", "eq", 5555)]).rows[0]["kode_kecamatan"] == "35.14.02"
    )
    statuses = [(e.from_status, e.to_status) for e in fixed.events.filter(kind=VersionEvent.Kind.TRANSITION)]
    assert statuses == [
        ("draft", "submitted"), ("submitted", "returned"), ("returned", "resubmitted"),
        ("resubmitted", "verified"), ("verified", "published"),
    ]  # fmt: skip


def _publish(version: DatasetVersion, people: dict[str, User]) -> DatasetVersion:
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    if version.dataset.is_priority:
        version = actions.do_check_version(version=version, acting_user=people["bps"])
    return actions.do_publish_version(version=version, acting_user=people["wali"])


def test_a_correction_is_a_new_version_and_the_old_one_stays(
    draft: DatasetVersion, people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    v1 = _publish(draft, people)
    rows = population_rows(kecamatan, 2024, base=2000)
    with pytest.raises(ValidationError, match="catatan perubahan"):
        import_rows(dataset=v1.dataset, rows=rows, period="2024", acting_user=people["alice"])
    v2 = import_rows(dataset=v1.dataset, rows=rows, period="2024", acting_user=people["alice"],
                     change_note="Koreksi angka dari DKB semester II").version  # fmt: skip
    assert v2.number == 2 and v2.replaces == v1 and v2.status == VersionStatus.DRAFT
    v2 = _publish(v2, people)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.PUBLISHED  # never changed
    assert store.read(v1.file_key, limit=1).rows[0]["jumlah_penduduk"] == 1000
    latest = v1.dataset.latest_release()
    assert latest is not None and latest.number == 2 and list(latest.versions.all()) == [v2]
    assert store.read(latest.file_key, limit=1).rows[0]["jumlah_penduduk"] == 2000
    # Withdrawing the correction falls back to the version it corrected.
    actions.do_withdraw_version(version=v2, reason="Angka DKB belum final", acting_user=people["wali"])
    third = v1.dataset.latest_release()
    assert third is not None and third.number == 3 and list(third.versions.all()) == [v1]


def test_a_second_period_joins_the_release(
    draft: DatasetVersion, people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    _publish(draft, people)
    v2025 = import_rows(dataset=draft.dataset, rows=population_rows(kecamatan, 2025), period="2025",
                        acting_user=people["alice"]).version  # fmt: skip
    _publish(v2025, people)
    release = draft.dataset.latest_release()
    assert release is not None and release.periods == ["2024", "2025"] and release.row_count == 96
    assert store.aggregate(release.file_key, group_by=["tahun"], measures=[("*", "count")]) == [
        {"tahun": 2024, "count": 48},
        {"tahun": 2025, "count": 48},
    ]


def test_invalid_data_cannot_be_submitted(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> None:
    rows = population_rows(kecamatan, 2024)
    rows[0]["kode_kecamatan"] = "35.14.99"
    rows[1]["jumlah_penduduk"] = "banyak"
    version = import_rows(dataset=make_dataset(), rows=rows, period="2024", acting_user=people["alice"]).version
    assert version.status == VersionStatus.DRAFT and version.error_count >= 2 and not version.is_valid
    # Nothing typed is lost: the column with bad text is kept as text.
    assert store.read(version.file_key, limit=2).rows[1]["jumlah_penduduk"] == "banyak"
    with pytest.raises(ValidationError, match="kesalahan validasi"):
        actions.do_submit_version(version=version, acting_user=people["alice"])


@pytest.mark.parametrize("who", ["bob", "bps", "forum", "nobody"])
def test_only_the_opd_and_walidata_submit(draft: DatasetVersion, people: dict[str, User], who: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_submit_version(version=draft, acting_user=people[who])
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


@pytest.mark.parametrize("who", ["alice", "bob", "bps", "forum"])
def test_only_the_walidata_verifies(draft: DatasetVersion, people: dict[str, User], who: str) -> None:
    version = actions.do_submit_version(version=draft, acting_user=people["alice"])
    with pytest.raises(PermissionDenied):
        actions.do_verify_version(version=version, acting_user=people[who])
    with pytest.raises(PermissionDenied):
        actions.do_return_version(version=version, note="x", acting_user=people[who])


def test_transitions_work_only_from_the_expected_state(draft: DatasetVersion, people: dict[str, User]) -> None:
    wali = people["wali"]
    with pytest.raises(ValidationError, match="Draf"):
        actions.do_verify_version(version=draft, acting_user=wali)
    submitted = actions.do_submit_version(version=draft, acting_user=people["alice"])
    stale = DatasetVersion.objects.get(pk=submitted.pk)  # a second reviewer's page, loaded earlier
    actions.do_verify_version(version=submitted, acting_user=wali)
    with pytest.raises(ValidationError, match="Diverifikasi"):
        actions.do_return_version(version=stale, note="terlambat", acting_user=wali)
    assert DatasetVersion.objects.get(pk=draft.pk).status == VersionStatus.VERIFIED
    assert VersionEvent.objects.filter(version=draft, to_status=VersionStatus.RETURNED).count() == 0


def test_returning_needs_a_reason_or_comments(draft: DatasetVersion, people: dict[str, User]) -> None:
    version = actions.do_submit_version(version=draft, acting_user=people["alice"])
    with pytest.raises(ValidationError, match="alasan"):
        actions.do_return_version(version=version, note=" ", acting_user=people["wali"])


def test_comment_targets_are_checked(draft: DatasetVersion, people: dict[str, User]) -> None:
    version = actions.do_submit_version(version=draft, acting_user=people["alice"])
    with pytest.raises(ValidationError, match="Kolom"):
        actions.do_comment_version(version=version, text="x", column="tidak_ada", acting_user=people["wali"])
    with pytest.raises(ValidationError, match="Baris 49"):
        actions.do_comment_version(version=version, text="x", row=49, acting_user=people["wali"])
    with pytest.raises(PermissionDenied):
        actions.do_comment_version(version=version, text="x", acting_user=people["alice"])


def test_priority_data_needs_the_pembina(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> None:
    dataset = make_dataset(is_priority=True)
    version = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024), period="2024",
                          acting_user=people["alice"]).version  # fmt: skip
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    assert Notification.objects.filter(recipient=people["bps"], text__contains="Data Prioritas").exists()
    with pytest.raises(ValidationError, match="pembina"):
        actions.do_publish_version(version=version, acting_user=people["wali"])
    with pytest.raises(PermissionDenied):
        actions.do_check_version(version=version, acting_user=people["wali"])
    # The pembina may send it back too.
    actions.do_comment_version(version=version, text="Cek ulang Tosari", column="jumlah_penduduk",
                               acting_user=people["bps"])  # fmt: skip
    version = actions.do_return_version(version=version, note="", acting_user=people["bps"])
    assert version.status == VersionStatus.RETURNED
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    version = actions.do_check_version(version=version, acting_user=people["bps"])
    version = actions.do_publish_version(version=version, acting_user=people["wali"])
    assert version.status == VersionStatus.PUBLISHED


def test_a_period_in_review_takes_no_new_data(draft: DatasetVersion, people: dict[str, User], kecamatan: Any) -> None:
    actions.do_submit_version(version=draft, acting_user=people["alice"])
    with pytest.raises(ValidationError, match="sedang direviu"):
        import_rows(dataset=draft.dataset, rows=population_rows(kecamatan, 2024), period="2024",
                    acting_user=people["alice"])  # fmt: skip


def test_withdrawal_needs_a_reason(draft: DatasetVersion, people: dict[str, User]) -> None:
    version = _publish(draft, people)
    with pytest.raises(ValidationError, match="Alasan"):
        actions.do_withdraw_version(version=version, reason="", acting_user=people["wali"])
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_version(version=version, reason="salah", acting_user=people["alice"])


def test_the_next_actor_gets_an_email(draft: DatasetVersion, people: dict[str, User]) -> None:
    wali, alice = people["wali"], people["alice"]
    wali.email = "walidata@pasuruankab.go.id"
    wali.save()
    alice.email = "alice@satudata.invalid"  # reserved, never deliverable: the demo's accounts
    alice.save()
    mail.outbox.clear()
    version = actions.do_submit_version(version=draft, acting_user=alice)
    assert [m.to for m in mail.outbox] == [["walidata@pasuruankab.go.id"]]
    assert "diajukan untuk diverifikasi" in mail.outbox[0].subject
    assert f"/kelola/dataset/{draft.dataset.slug}/v1/" in mail.outbox[0].body
    actions.do_return_version(version=version, note="Periksa Tosari", acting_user=wali)
    assert len(mail.outbox) == 1  # alice was notified in the portal only
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 1
