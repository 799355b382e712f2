"""Everything around the datasets: organizations (OPD), the release calendar, publications,
reference codes (kode wilayah, code lists) and statistical activities with their BPS metadata."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, QueryEx, Router, Schema

from satudata.accounts.models import Organization
from satudata.api.rest.datasets import MAX_ID, MAX_OFFSET, _caller, readable
from satudata.api.rest.errors import not_found, responses
from satudata.metadata import codes
from satudata.metadata.indah import export_activity
from satudata.metadata.models import MetadataStatus, StatisticalActivity
from satudata.metadata.workbook import ms_keg_rows
from satudata.publications.models import Publication
from satudata.reference.models import CodeList, Wilayah
from satudata.schedule import queries as schedule_queries

router = Router()


# ---------------------------------------------------------------------------------------------
# Organizations


class OrganizationOut(Schema):
    id: str
    slug: str
    name: str
    short_name: str
    kind: str
    email: str
    phone: str
    website: str
    dataset_count: int
    page_url: str


@router.get("/organizations", response=responses({200: list[OrganizationOut]}), tags=["organizations"],
            url_name="organizations")  # fmt: skip
def list_organizations(request: HttpRequest) -> list[dict[str, Any]]:
    """The OPDs, with the number of datasets the caller may see."""
    visible = readable(_caller(request)).values("pk")
    orgs = Organization.objects.filter(is_active=True).annotate(
        n=Count("datasets", filter=Q(datasets__in=visible), distinct=True)
    )
    return [_organization(request, org, org.n) for org in orgs.order_by("name")]


def _organization(request: HttpRequest, org: Organization, count: int) -> dict[str, Any]:
    return {
        "id": str(org.uuid), "slug": org.slug, "name": org.name, "short_name": org.short_name, "kind": org.kind,
        "email": org.email, "phone": org.phone, "website": org.website, "dataset_count": count,
        "page_url": request.build_absolute_uri(reverse("portal:organization", args=[org.slug])),
    }  # fmt: skip


@router.get("/organizations/{slug}", response=responses({200: OrganizationOut}), tags=["organizations"],
            url_name="organization")  # fmt: skip
def organization_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = Organization.objects.filter(slug=slug, is_active=True).first()
    if org is None:
        raise not_found("Organisasi", "Organization", field="slug")
    return _organization(request, org, readable(_caller(request)).filter(organization=org).count())


# ---------------------------------------------------------------------------------------------
# Release calendar


class ScheduleOut(Schema):
    dataset: str
    dataset_title: str
    organization: str
    period: str
    planned_date: dt.date
    released_on: dt.date | None
    status: str
    status_label: str
    delay_days: int


@router.get("/releases", response=responses({200: list[ScheduleOut]}), tags=["releases"], url_name="releases")
def release_calendar(
    request: HttpRequest,
    organization: str = "",
    status: QueryEx[str, P(description="akan_datang (upcoming) atau lewat (past: published or late)")] = "",
) -> list[dict[str, Any]]:
    """The release calendar (jadwal rilis): planned date, actual date, status and delay of every
    scheduled period, as on /releases/."""
    org = Organization.objects.filter(slug=organization).first() if organization else None
    if organization and org is None:
        raise not_found("Organisasi", "Organization", field="organization")
    coming, past = schedule_queries.calendar(organization=org)
    rows = coming if status == "akan_datang" else past if status == "lewat" else coming + past
    return [
        {"dataset": r.dataset.slug, "dataset_title": r.dataset.title, "organization": r.dataset.organization.slug,
         "period": r.period, "planned_date": r.planned, "released_on": r.released, "status": r.status.value,
         "status_label": r.status_label, "delay_days": r.delay}
        for r in rows
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Publications


class PublicationOut(Schema):
    slug: str
    title: str
    kind: str
    year: int
    organization: str
    description: str
    published_at: dt.datetime | None
    pdf_url: str
    page_url: str
    datasets: list[str]


def _publication(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    return {
        "slug": publication.slug, "title": publication.title, "kind": publication.kind, "year": publication.year,
        "organization": publication.organization.slug, "description": publication.description,
        "published_at": publication.published_at,
        "pdf_url": request.build_absolute_uri(reverse("publications:pdf", args=[publication.slug])),
        "page_url": request.build_absolute_uri(publication.get_absolute_url()),
        "datasets": [d.slug for d in publication.datasets.all()],
    }  # fmt: skip


@router.get("/publications", response=responses({200: list[PublicationOut]}), tags=["publications"],
            url_name="publications")  # fmt: skip
def list_publications(
    request: HttpRequest, organization: str = "", year: QueryEx[int | None, P(ge=1900, le=2200)] = None
) -> list[dict[str, Any]]:
    """Published publications (PDF), newest first."""
    publications = Publication.objects.published().select_related("organization").prefetch_related("datasets")
    if organization:
        publications = publications.filter(organization__slug=organization)
    if year is not None:
        publications = publications.filter(year=year)
    return [_publication(request, p) for p in publications.order_by("-published_at", "title")]


@router.get("/publications/{slug}", response=responses({200: PublicationOut}), tags=["publications"],
            url_name="publication")  # fmt: skip
def publication_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    publication = Publication.objects.published().select_related("organization").filter(slug=slug).first()
    if publication is None:
        raise not_found("Publikasi", "Publication", field="slug")
    return _publication(request, publication)


# ---------------------------------------------------------------------------------------------
# Reference codes


class WilayahOut(Schema):
    kode: str
    nama: str
    level: str
    parent: str | None


class WilayahList(Schema):
    count: int
    limit: int
    offset: int
    results: list[WilayahOut]


@router.get("/reference/wilayah", response=responses({200: WilayahList}), tags=["reference"], url_name="wilayah")
def list_wilayah(
    request: HttpRequest,
    parent: QueryEx[str, P(description="kode induk, mis. 35.14 untuk kecamatan di Kabupaten Pasuruan")] = "",
    level: QueryEx[str, P(description="provinsi, kabupaten_kota, kecamatan, desa_kelurahan")] = "",
    q: str = "",
    limit: QueryEx[int, P(ge=1, le=1000)] = 100,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Kode wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan)."""
    areas = Wilayah.objects.all()
    if parent:
        areas = areas.filter(parent_id=parent)
    if level:
        areas = areas.filter(level=level)
    if q.strip():
        areas = areas.filter(nama__icontains=q.strip()[:100])
    page = areas.order_by("kode")[offset : offset + limit]
    return {
        "count": areas.count(), "limit": limit, "offset": offset,
        "results": [{"kode": w.kode, "nama": w.nama, "level": w.level, "parent": w.parent_id} for w in page],
    }  # fmt: skip


@router.get("/reference/wilayah/{kode}", response=responses({200: WilayahOut}), tags=["reference"],
            url_name="wilayah-detail")  # fmt: skip
def wilayah_detail(request: HttpRequest, kode: str) -> dict[str, Any]:
    area = Wilayah.objects.filter(kode=kode).first()
    if area is None:
        raise not_found("Kode wilayah", "Area code", field="kode")
    return {"kode": area.kode, "nama": area.nama, "level": area.level, "parent": area.parent_id}


class CodeOut(Schema):
    code: str
    label: str
    description: str = ""


class CodeListOut(Schema):
    slug: str
    name: str
    source: str
    version: str
    items: list[CodeOut]


def _bps_list(slug: str) -> dict[str, Any] | None:
    listing = codes.ALL_LISTS.get(slug)
    if listing is None:
        return None
    return {
        "slug": slug, "name": listing.title, "source": "BPS — metadata statistik (MS-Keg, MS-Var, MS-Ind)",
        "version": "1", "items": [{"code": e.value, "label": e.label, "description": ""} for e in listing.entries],
    }  # fmt: skip


@router.get("/reference/code-lists", response=responses({200: list[CodeListOut]}), tags=["reference"],
            url_name="code-lists")  # fmt: skip
def list_code_lists(request: HttpRequest) -> list[dict[str, Any]]:
    """The code lists of dataset schemas (reference app) and the BPS metadata code lists."""
    lists = [
        {"slug": c.slug, "name": c.name, "source": c.source, "version": c.version,
         "items": [{"code": i.code, "label": i.label, "description": i.description} for i in c.items.all()]}
        for c in CodeList.objects.prefetch_related("items").order_by("slug", "version")
    ]  # fmt: skip
    return lists + [d for slug in codes.ALL_LISTS if (d := _bps_list(slug)) is not None]


@router.get("/reference/code-lists/{slug}", response=responses({200: CodeListOut}), tags=["reference"],
            url_name="code-list")  # fmt: skip
def code_list_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = CodeList.objects.filter(slug=slug).order_by("-version").prefetch_related("items").first()
    if found is not None:
        return {"slug": found.slug, "name": found.name, "source": found.source, "version": found.version,
                "items": [{"code": i.code, "label": i.label, "description": i.description}
                          for i in found.items.all()]}  # fmt: skip
    bps = _bps_list(slug)
    if bps is None:
        raise not_found("Daftar kode", "Code list", field="slug")
    return bps


# ---------------------------------------------------------------------------------------------
# Statistical activities (MS-Keg, MS-Var, MS-Ind)


class ActivitySummary(Schema):
    id: int
    title: str
    year: int
    organization: str
    kode_kegiatan: str
    api_url: str


class KegRow(Schema):
    item: str
    question: str
    answer: Any
    heading: str


class ActivityDetail(ActivitySummary):
    ms_keg: list[KegRow]
    variables: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    indah: dict[str, Any]


def _activities() -> Any:
    """Agreed (disepakati) activities only: drafts and metadata under review are not public."""
    return StatisticalActivity.objects.filter(status=MetadataStatus.ACCEPTED).select_related("organization")


def _activity_summary(request: HttpRequest, activity: StatisticalActivity) -> dict[str, Any]:
    return {
        "id": activity.pk, "title": activity.title, "year": activity.year, "organization": activity.organization.slug,
        "kode_kegiatan": activity.kode_kegiatan,
        "api_url": request.build_absolute_uri(reverse("api-v1:activity", args=[activity.pk])),
    }  # fmt: skip


@router.get("/activities", response=responses({200: list[ActivitySummary]}), tags=["metadata"],
            url_name="activities")  # fmt: skip
def list_activities(
    request: HttpRequest, organization: str = "", year: QueryEx[int | None, P(ge=1900, le=2200)] = None
) -> list[dict[str, Any]]:
    """Statistical activities whose BPS metadata has been agreed (disepakati)."""
    activities = _activities()
    if organization:
        activities = activities.filter(organization__slug=organization)
    if year is not None:
        activities = activities.filter(year=year)
    return [_activity_summary(request, a) for a in activities.order_by("-year", "title")]


def _public_flag(value: str) -> bool:
    return value != "tidak"


@router.get("/activities/{activity_id}", response=responses({200: ActivityDetail}), tags=["metadata"],
            url_name="activity")  # fmt: skip
def activity_detail(request: HttpRequest, activity_id: PathEx[int, P(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """One activity: the MS-Keg in form order, the MS-Var and MS-Ind marked "dapat diakses umum",
    and the whole as an INDAH v2 document (variables and indicators likewise filtered)."""
    activity = _activities().filter(pk=activity_id).first()
    if activity is None:
        raise not_found("Kegiatan statistik", "Statistical activity", field="activity_id")
    indah = export_activity(activity)
    # export_activity lists them in the models' order, as .all() does.
    variables = list(activity.variables.all())
    indicators = list(activity.indicators.all())
    indah["variabel"] = [
        d for v, d in zip(variables, indah["variabel"], strict=True) if _public_flag(v.dapat_diakses_umum)
    ]
    indah["indikator"] = [
        d for i, d in zip(indicators, indah["indikator"], strict=True) if _public_flag(i.dapat_diakses_umum)
    ]
    # Who typed the metadata in is staff business, not part of the published metadata.
    indah["kegiatan"]["submitter"] = None
    return {
        **_activity_summary(request, activity),
        "ms_keg": [{"item": r.item, "question": r.question, "answer": r.answer, "heading": r.heading}
                   for r in ms_keg_rows(activity)],
        "variables": [
            {"number": v.number, "name": v.name, "alias": v.alias, "konsep": v.konsep, "definisi": v.definisi,
             "ukuran": v.ukuran, "satuan": v.satuan, "tipe_data": v.tipe_data, "value_domain": v.value_domain}
            for v in variables if _public_flag(v.dapat_diakses_umum)
        ],
        "indicators": [
            {"number": i.number, "name": i.name, "konsep": i.konsep, "definisi": i.definisi,
             "interpretasi": i.interpretasi, "metode_perhitungan": i.metode_perhitungan, "rumus": i.rumus,
             "ukuran": i.ukuran, "satuan": i.satuan, "level_estimasi": i.level_estimasi}
            for i in indicators if _public_flag(i.dapat_diakses_umum)
        ],
        "indah": indah,
    }  # fmt: skip
