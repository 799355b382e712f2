"""Writes of the EPSS self-assessment: each is one typed function, run in one transaction, that
checks the acting user's permission and leaves its history row behind."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.evaluation import epss, permissions
from satudata.evaluation.models import (
    Aspect,
    Assessment,
    AssessmentEvent,
    AssessmentStatus,
    Domain,
    Evidence,
    Indicator,
    ScoreEvent,
)


def _structure_of(assessment: Assessment) -> tuple[epss.DomainSpec, ...]:
    """An assessment's stored structure in the pure form, so a new year can start from it."""
    domains = []
    for domain in assessment.domains.prefetch_related("aspects__indicators"):
        aspects = []
        for aspect in domain.aspects.all():
            indicators = tuple(
                epss.IndicatorSpec(i.code, i.name, i.weight, tuple(i.criteria), i.description)
                for i in aspect.indicators.all()
            )
            aspects.append(epss.AspectSpec(aspect.code, aspect.name, aspect.weight, indicators))
        domains.append(epss.DomainSpec(domain.code, domain.name, domain.weight, tuple(aspects)))
    return tuple(domains)


def current_ips(assessment: Assessment) -> Decimal | None:
    try:
        return epss.round_ips(epss.compute_ips(assessment.weights(), assessment.levels()))
    except epss.MissingLevels:
        return None


@transaction.atomic
def do_start_assessment(*, year: int, acting_user: User) -> Assessment:
    """Start the year's self-assessment with the structure of the latest earlier year (its weights
    and criteria, as that year may have changed them), or the default structure of Perba 3/2022.
    Levels, explanations and evidence start empty: each year is assessed afresh."""
    if not permissions.can_run_epss(acting_user):
        raise PermissionDenied
    if Assessment.objects.filter(year=year).exists():
        raise ValidationError(_("Penilaian mandiri EPSS %(year)s sudah ada.") % {"year": year})
    previous = Assessment.objects.filter(year__lt=year).order_by("-year").first()
    structure = _structure_of(previous) if previous else epss.DEFAULT_STRUCTURE
    framework = previous.framework if previous else epss.FRAMEWORK
    assessment = Assessment.objects.create(year=year, framework=framework, created_by=acting_user)
    for d in structure:
        domain = Domain.objects.create(assessment=assessment, code=d.code, name=d.name, weight=d.weight)
        for a in d.aspects:
            aspect = Aspect.objects.create(domain=domain, code=a.code, name=a.name, weight=a.weight)
            Indicator.objects.bulk_create(
                Indicator(
                    aspect=aspect,
                    code=i.code,
                    name=i.name,
                    description=i.description,
                    weight=i.weight,
                    criteria=list(i.criteria),
                )
                for i in a.indicators
            )
    note = _("Struktur dari penilaian %(year)s") % {"year": previous.year} if previous else epss.FRAMEWORK
    AssessmentEvent.objects.create(
        assessment=assessment, kind=AssessmentEvent.Kind.CREATED, actor=acting_user, note=note
    )
    return assessment


@transaction.atomic
def do_score_indicator(*, indicator: Indicator, level: int | None, explanation: str, acting_user: User) -> Indicator:
    """Save the team's answer for one indicator: the level chosen and the explanation."""
    assessment = Assessment.objects.select_for_update().get(pk=indicator.aspect.domain.assessment_id)
    if not permissions.can_assess(acting_user, assessment):
        raise PermissionDenied
    if level is not None and level not in epss.Level.values:
        raise ValidationError(_("Tingkat kematangan harus 1 sampai 5."))
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if current.level == level and current.explanation == explanation:
        return current
    ScoreEvent.objects.create(
        indicator=current, actor=acting_user, from_level=current.level, to_level=level, explanation=explanation
    )
    current.level, current.explanation = level, explanation
    current.updated_by, current.updated = acting_user, timezone.now()
    current.save(update_fields=["level", "explanation", "updated_by", "updated"])
    return current


@transaction.atomic
def do_add_evidence(
    *,
    indicator: Indicator,
    title: str,
    acting_user: User,
    url: str = "",
    file: UploadedFile | None = None,
    note: str = "",
    proposal_key: str = "",
) -> Evidence:
    """Attach evidence: a file, a link, or a proposal of the system (its key keeps it from being
    attached twice)."""
    assessment = indicator.aspect.domain.assessment
    if not permissions.can_assess(acting_user, assessment):
        raise PermissionDenied
    if not (url or file):
        raise ValidationError(_("Bukti dukung memerlukan berkas atau tautan."))
    if proposal_key and indicator.evidence.filter(proposal_key=proposal_key, removed_at__isnull=True).exists():
        raise ValidationError(_("Usulan bukti ini sudah dilampirkan."))
    evidence = Evidence(
        indicator=indicator, title=title[:300], url=url, note=note,
        proposal_key=proposal_key, added_by=acting_user,
    )  # fmt: skip
    if file is not None:
        name = file.name or "bukti"
        evidence.original_name = name[:255]
        evidence.file.save(name, file, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def do_remove_evidence(*, evidence: Evidence, acting_user: User) -> None:
    if not permissions.can_assess(acting_user, evidence.indicator.aspect.domain.assessment):
        raise PermissionDenied
    if (
        Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=acting_user
        )
        != 1
    ):
        raise ValidationError(_("Bukti ini sudah dihapus."))


def _set_status(
    assessment: Assessment, status: AssessmentStatus, kind: AssessmentEvent.Kind, *, acting_user: User, note: str
) -> None:
    if not permissions.can_run_epss(acting_user):
        raise PermissionDenied
    old = AssessmentStatus.LOCKED if status == AssessmentStatus.DRAFT else AssessmentStatus.DRAFT
    if Assessment.objects.filter(pk=assessment.pk, status=old).update(status=status) != 1:
        raise ValidationError(_("Status penilaian baru saja berubah; muat ulang halaman."))
    assessment.status = status
    AssessmentEvent.objects.create(
        assessment=assessment, kind=kind, actor=acting_user, note=note, ips=current_ips(assessment)
    )


@transaction.atomic
def do_lock_assessment(*, assessment: Assessment, acting_user: User, note: str = "") -> None:
    """Lock the self-assessment when the team is done (before BPS's document review): every
    indicator must have a level and an explanation."""
    unanswered = [i.code for i in assessment.indicators() if i.level is None or not i.explanation.strip()]
    if unanswered:
        raise ValidationError(
            _("Indikator berikut belum diberi tingkat dan penjelasan: %(codes)s.") % {"codes": ", ".join(unanswered)}
        )
    _set_status(assessment, AssessmentStatus.LOCKED, AssessmentEvent.Kind.LOCKED, acting_user=acting_user, note=note)


@transaction.atomic
def do_reopen_assessment(*, assessment: Assessment, acting_user: User, note: str) -> None:
    """Reopen a locked assessment (e.g. after BPS's document review); the reason is required."""
    if not note.strip():
        raise ValidationError(_("Tulis alasan membuka kembali penilaian."))
    _set_status(assessment, AssessmentStatus.DRAFT, AssessmentEvent.Kind.REOPENED, acting_user=acting_user, note=note)


def weight_errors(assessment: Assessment, weights: dict[str, Decimal]) -> list[str]:
    """The groups whose weights do not add up to 100 %: the domains together, the aspects of each
    domain, the indicators of each aspect."""
    domains = list(assessment.domains.prefetch_related("aspects__indicators"))
    groups: list[tuple[str, list[str]]] = [(_("domain"), [d.code for d in domains])]
    for d in domains:
        groups.append((_("aspek domain %(code)s") % {"code": d.code}, [a.code for a in d.aspects.all()]))
        for a in d.aspects.all():
            groups.append((_("indikator aspek %(code)s") % {"code": a.code}, [i.code for i in a.indicators.all()]))
    errors = []
    for label, codes in groups:
        total = sum((weights[code] for code in codes), Decimal(0))
        if total != epss.HUNDRED:
            errors.append(
                _("Jumlah bobot %(label)s %(total)s%%, seharusnya 100%%.") % {"label": label, "total": f"{total:n}"}
            )
    return errors


@transaction.atomic
def do_change_weights(
    *, assessment: Assessment, weights: dict[str, Decimal], acting_user: User, note: str = ""
) -> None:
    """Change the year's weights (keys: domain "1", aspect "101" or indicator "10101" codes). Every
    group must still add up to 100 %; the change and the IPS before it are kept in the history."""
    if not permissions.can_run_epss(acting_user) or assessment.is_locked:
        raise PermissionDenied
    models_by_code: dict[str, Any] = {}
    for domain in assessment.domains.prefetch_related("aspects__indicators"):
        models_by_code[domain.code] = domain
        for aspect in domain.aspects.all():
            models_by_code[aspect.code] = aspect
            for indicator in aspect.indicators.all():
                models_by_code[indicator.code] = indicator
    unknown = sorted(set(weights) - set(models_by_code))
    if unknown:
        raise ValidationError(_("Kode tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    merged = {code: weights.get(code, obj.weight) for code, obj in models_by_code.items()}
    errors = weight_errors(assessment, merged)
    if errors:
        raise ValidationError(errors)
    ips_before = current_ips(assessment)
    changes = {}
    for code, value in weights.items():
        obj = models_by_code[code]
        if obj.weight != value:
            changes[code] = [f"{obj.weight:.2f}", f"{value:.2f}"]
            obj.weight = value
            obj.save(update_fields=["weight"])
    if changes:
        AssessmentEvent.objects.create(
            assessment=assessment, kind=AssessmentEvent.Kind.WEIGHTS, actor=acting_user,
            note=note, changes=changes, ips=ips_before,
        )  # fmt: skip
