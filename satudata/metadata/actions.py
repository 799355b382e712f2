"""Writes to an activity's metadata: each leaves an ActivityEvent behind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satudata.accounts.models import Role, User
from satudata.metadata import permissions, rules
from satudata.metadata.models import (
    AccuracyAssessment,
    ActivityEvent,
    Indicator,
    Instrument,
    MetadataStatus,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    StatisticalActivity,
    Variable,
)  # fmt: skip
from satudata.planning.models import DaftarDataItem


def snapshot(activity: StatisticalActivity, fields: list[str]) -> dict[str, Any]:
    """The values of `fields`; the linked Daftar Data items as their sorted ids."""
    values = {field: getattr(activity, field) for field in fields if field != "daftar_items"}
    if "daftar_items" in fields:
        values["daftar_items"] = sorted(activity.daftar_items.values_list("pk", flat=True)) if activity.pk else []
    return values


@transaction.atomic
def do_create_activity(*, activity: StatisticalActivity, acting_user: User) -> StatisticalActivity:
    if not permissions.can_create_activity(acting_user, activity.organization_id):
        raise PermissionDenied
    activity.cycle.check_open()
    activity.status = MetadataStatus.DRAFT
    activity.created_by = acting_user
    activity.save()
    ActivityEvent.objects.create(
        activity=activity, kind=ActivityEvent.Kind.CREATED, actor=acting_user, to_status=activity.status
    )
    return activity


@transaction.atomic
def do_update_activity(
    *,
    activity: StatisticalActivity,
    before: dict[str, Any],
    acting_user: User,
    note: str = "",
    daftar_items: list[DaftarDataItem] | None = None,
) -> StatisticalActivity:
    """Save one block (and, for the header, the linked Daftar Data items); contradictions were
    refused by the form, missing items may stay (a draft)."""
    current = StatisticalActivity.objects.select_for_update().get(pk=activity.pk)
    if not permissions.can_edit_activity(acting_user, current):
        raise PermissionDenied
    current.cycle.check_open()
    after = {f: getattr(activity, f) for f in before if f != "daftar_items"}
    if daftar_items is not None:
        after["daftar_items"] = sorted(item.pk for item in daftar_items)
    changes = {f: [before.get(f), v] for f, v in after.items() if before.get(f) != v}
    if changes:
        activity.status = current.status
        activity.save()
        if daftar_items is not None:
            activity.daftar_items.set(daftar_items)
        ActivityEvent.objects.create(
            activity=activity, kind=ActivityEvent.Kind.EDITED, actor=acting_user, from_status=current.status,
            to_status=current.status, changes=_jsonable(changes), note=note,
        )  # fmt: skip
    return activity


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def submission_problems(
    activity: StatisticalActivity,
    *,
    checked: list[rules.Problem] | None = None,
    variables: list[Variable] | None = None,
    indicators: list[Indicator] | None = None,
) -> list[str]:
    """Everything that keeps an activity from being submitted, in Indonesian. A page that has already
    run the rules (`checked`, with the same variable count) or loaded the rows passes them in."""
    variables = list(activity.variables.all()) if variables is None else variables
    indicators = list(activity.indicators.all()) if indicators is None else indicators
    if checked is None:
        checked = rules.check(activity, variable_count=len(variables))
    problems = [str(p) for p in checked]
    for variable in variables:
        problems += [f"MS-Var {variable.name}: {m}" for m in rules.check_variable(variable)]
    for indicator in indicators:
        problems += [f"MS-Ind {indicator.name}: {m}" for m in rules.check_indicator(indicator)]
    return problems


@transaction.atomic
def do_submit_activity(*, activity: StatisticalActivity, acting_user: User) -> StatisticalActivity:
    if not permissions.can_edit_activity(acting_user, activity):
        raise PermissionDenied
    activity.cycle.check_open()
    problems = submission_problems(activity)
    if problems:
        raise ValidationError(problems)
    old = activity.status
    if StatisticalActivity.objects.filter(pk=activity.pk, status=old).update(status=MetadataStatus.SUBMITTED) != 1:
        raise ValidationError(_("Kegiatan ini baru saja diubah orang lain; muat ulang halaman."))
    activity.status = MetadataStatus.SUBMITTED
    ActivityEvent.objects.create(
        activity=activity,
        kind=ActivityEvent.Kind.SUBMITTED,
        actor=acting_user,
        from_status=old,
        to_status=activity.status,
    )
    return activity


def reviewer_role(user: User) -> str:
    """The role a review counts for. A site admin without a reviewing role counts as the walidata,
    never as BPS: only the pembina's own review satisfies the Data Prioritas rule."""
    if user.has_role(Role.PEMBINA):
        return Role.PEMBINA
    return Role.WALIDATA


def acceptances_since_submission(activity: StatisticalActivity) -> set[str]:
    """Roles that accepted the current submission."""
    events = list(activity.events.order_by("-created", "-id"))
    roles: set[str] = set()
    for event in events:
        if event.kind == ActivityEvent.Kind.SUBMITTED:
            break
        if event.kind == ActivityEvent.Kind.REVIEWED and event.to_status != MetadataStatus.NEEDS_REVISION:
            roles.add(event.reviewer_role)
    return roles


@transaction.atomic
def do_review_activity(
    *, activity: StatisticalActivity, field_reviews: dict[str, dict[str, str]], acting_user: User, note: str = ""
) -> StatisticalActivity:
    """Field-by-field review. Any field needing revision returns the activity to its producer. It is
    agreed once the walidata has accepted it and, for an activity serving Data Prioritas, the pembina
    too (Perpres 39/2019: BPS re-checks priority data)."""
    if not permissions.can_review_activity(acting_user):
        raise PermissionDenied
    activity.cycle.check_open()
    if activity.status != MetadataStatus.SUBMITTED:
        raise ValidationError(_("Hanya kegiatan berstatus Diajukan yang dapat direviu."))
    for field, review in field_reviews.items():
        if review["decision"] == "needs_revision" and not review.get("comment", "").strip():
            raise ValidationError(_("%(field)s: tulis komentar yang menjelaskan perbaikannya.") % {"field": field})
    role = reviewer_role(acting_user)
    returned = any(r["decision"] == "needs_revision" for r in field_reviews.values())
    if returned:
        new = MetadataStatus.NEEDS_REVISION
    else:
        accepted_by = acceptances_since_submission(activity) | {role}
        needed = {Role.WALIDATA, Role.PEMBINA} if activity.is_priority else {Role.WALIDATA}
        new = MetadataStatus.ACCEPTED if needed <= accepted_by else MetadataStatus.SUBMITTED
    if StatisticalActivity.objects.filter(pk=activity.pk, status=MetadataStatus.SUBMITTED).update(status=new) != 1:
        raise ValidationError(_("Kegiatan ini baru saja direviu orang lain; muat ulang halaman."))
    activity.status = new
    ActivityEvent.objects.create(
        activity=activity, kind=ActivityEvent.Kind.REVIEWED, actor=acting_user, reviewer_role=role,
        from_status=MetadataStatus.SUBMITTED, to_status=new, field_reviews=field_reviews, note=note,
    )  # fmt: skip
    return activity


@transaction.atomic
def do_save_metadata_row(*, activity: StatisticalActivity, row: Any, acting_user: User, created: bool) -> Any:
    """Save an MS-Var or MS-Ind row of an activity and note it in the activity's history."""
    if not permissions.can_edit_activity(acting_user, activity):
        raise PermissionDenied
    activity.cycle.check_open()
    row.activity = activity
    row.save()
    kind = "MS-Var" if row.__class__.__name__ == "Variable" else "MS-Ind"
    verb = _("ditambahkan") if created else _("diubah")
    ActivityEvent.objects.create(
        activity=activity, kind=ActivityEvent.Kind.EDITED, actor=acting_user, from_status=activity.status,
        to_status=activity.status, note=f"{kind} {row.name} {verb}",
    )  # fmt: skip
    return row


@transaction.atomic
def do_record_recommendation(
    *, activity: StatisticalActivity, status: str, acting_user: User, note: str = "",
    submitted_on: Any = None, number: str = "", issued_on: Any = None, letter: Any = None,
) -> Recommendation:  # fmt: skip
    """Record a step of the Romantik recommendation. A recommendation with its number fills MS-Keg's
    "Identitas Rekomendasi" (and the question "mendapat rekomendasi" = Ya) while the metadata is a
    draft or returned; submitted or agreed metadata is left as it was."""
    if not permissions.can_record_recommendation(acting_user, activity):
        raise PermissionDenied
    activity.cycle.check_open()
    if activity.cara_pengumpulan not in ("survei", "kompilasi_produk_administrasi"):
        raise ValidationError(_("Rekomendasi BPS dicatat untuk survei dan kompilasi produk administrasi."))
    if status == RecommendationStatus.RECOMMENDED and not (number and issued_on):
        raise ValidationError(_("Rekomendasi memerlukan nomor dan tanggal surat."))
    if status == RecommendationStatus.RETURNED and not note.strip():
        raise ValidationError(_("Tulis catatan perbaikan dari BPS."))
    recommendation, _created = Recommendation.objects.select_for_update().get_or_create(activity=activity)
    old = recommendation.status
    recommendation.status = status
    recommendation.submitted_on = submitted_on or recommendation.submitted_on
    if status == RecommendationStatus.RECOMMENDED:
        recommendation.number, recommendation.issued_on = number, issued_on
    if letter:
        recommendation.letter.save(f"rekomendasi-{activity.pk}.pdf", letter, save=False)
    recommendation.save()
    RecommendationEvent.objects.create(
        recommendation=recommendation, actor=acting_user, from_status=old, to_status=status, note=note
    )
    # Submitted or agreed metadata changes only through review, so the number waits for the next
    # revision there. Not `can_edit_activity`: the pembina issues the number and may not edit the
    # blocks, yet the number belongs in a draft's MS-Keg.
    if status == RecommendationStatus.RECOMMENDED and activity.is_editable and activity.identitas_rekomendasi != number:
        before = {"rekomendasi": activity.rekomendasi, "identitas_rekomendasi": activity.identitas_rekomendasi}
        activity.rekomendasi, activity.identitas_rekomendasi = "ya", number
        activity.save(update_fields=["rekomendasi", "identitas_rekomendasi", "updated"])
        ActivityEvent.objects.create(
            activity=activity, kind=ActivityEvent.Kind.EDITED, actor=acting_user, from_status=activity.status,
            to_status=activity.status, note=_("Identitas rekomendasi dari Romantik"),
            changes={k: [v, getattr(activity, k)] for k, v in before.items()},
        )  # fmt: skip
    return recommendation


@transaction.atomic
def do_record_accuracy(*, assessment: AccuracyAssessment, acting_user: User) -> AccuracyAssessment:
    """Keep an accuracy assessment; when asked, its figure becomes MS-Keg 5.6 (only for a probability
    sample, and only while the metadata can be edited)."""
    activity = assessment.activity
    if not permissions.can_assess_accuracy(acting_user, activity):
        raise PermissionDenied
    activity.cycle.check_open()
    if assessment.applied:
        if not permissions.can_edit_activity(acting_user, activity):
            raise ValidationError(
                _("MS-Keg 5.6 hanya dapat diisi selama metadata berstatus Draf atau Perlu perbaikan.")
            )
        if activity.metode_pemilihan_sampel != "sampel_probabilitas":
            raise ValidationError(_("MS-Keg 5.6 hanya diisi untuk sampel probabilitas (5.2)."))
    assessment.created_by = acting_user
    assessment.save()
    if assessment.applied:
        before = {"sampling_error": activity.sampling_error}
        activity.sampling_error = assessment.text
        do_update_activity(
            activity=activity, before=before, acting_user=acting_user, note=_("Penilaian akurasi: MS-Keg 5.6")
        )
    return assessment


@transaction.atomic
def do_add_instrument(
    *, activity: StatisticalActivity, title: str, version: str, dated: Any, file: Any, acting_user: User
) -> Instrument:
    """Keep a new version of an instrument, stamped with the recommendation number in force."""
    if not permissions.can_add_instrument(acting_user, activity):
        raise PermissionDenied
    activity.cycle.check_open()
    recommendation = Recommendation.objects.filter(activity=activity, status=RecommendationStatus.RECOMMENDED).first()
    instrument = Instrument(
        activity=activity, title=title, version=version, dated=dated, uploaded_by=acting_user,
        recommendation_number=recommendation.number if recommendation else activity.identitas_rekomendasi,
        original_name=(file.name or "instrumen")[:255],
    )  # fmt: skip
    instrument.file.save(file.name or "instrumen", file, save=False)
    instrument.save()
    ActivityEvent.objects.create(
        activity=activity, kind=ActivityEvent.Kind.EDITED, actor=acting_user, from_status=activity.status,
        to_status=activity.status, note=f"Instrumen {title} v{version}",
    )  # fmt: skip
    return instrument
