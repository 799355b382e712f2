"""Evidence the portal holds itself, proposed for an EPSS indicator, and a suggested level where
the rule is mechanical.

Each proposal is a page of this portal (a report, a list, a machine interface) with a one-line
summary of what it shows for the assessment's year. The Tim Penilai Internal decides: a proposal
becomes evidence only when the team attaches it, and a suggestion is never stored as the level.

Suggestions stay on the safe side of the criteria (domain-reference §4.3). Level 1 and 2 differ by
whether *every* producer does the thing, which the portal can count; levels 3 to 5 need a policy
document (Perbup, SOP), review reports and before/after records that the portal cannot judge, so a
suggestion never goes above 2 unless the portal holds that evidence itself: for 50301 the Renaksi
agreed by the Forum with its Berita Acara and the current year's plan being carried out (level 3,
"dilaksanakan").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from satudata.accounts.models import Organization, Role, User
from satudata.datasets.models import Dataset, DatasetVersion, Release, VersionStatus
from satudata.evaluation.models import Assessment
from satudata.planning.models import BeritaAcara, BeritaAcaraSubject, Cycle, ItemStatus

if TYPE_CHECKING:
    from satudata.evaluation.consistency import ConsistencyReport
    from satudata.evaluation.quality import DatasetQuality


@dataclass(frozen=True)
class Proposal:
    key: str
    title: str
    url: str
    summary: str


@dataclass(frozen=True)
class Suggestion:
    level: int
    reason: str


@dataclass
class Proposals:
    items: list[Proposal] = field(default_factory=list)
    suggestion: Suggestion | None = None


@dataclass
class Context:
    year: int
    cycle: Cycle | None

    def producers(self) -> list[Organization]:
        """The OPDs that produce data: those with datasets or statistical activities this cycle."""
        query = Q(datasets__isnull=False)
        if self.cycle is not None:
            query |= Q(activities__cycle=self.cycle)
        return list(Organization.objects.filter(query).distinct().order_by("name"))

    # Two indicators read each of these (20501 and 40103, 20501 and 20502): computed once.
    @cached_property
    def quality_results(self) -> list[DatasetQuality]:
        from satudata.evaluation import quality

        return quality.assess(quality.scored_datasets())

    @cached_property
    def consistency_report(self) -> ConsistencyReport | None:
        from satudata.evaluation.consistency import report

        return report(self.cycle) if self.cycle is not None else None


def _n(value: float) -> str:
    return number_format(value, force_grouping=True)


def _every(done: int, total: int, what: str) -> Suggestion | None:
    """Level 1 when some producer has not done it, 2 when every producer has (never higher)."""
    if total == 0:
        return None
    if done < total:
        return Suggestion(
            1, _("%(done)s dari %(total)s Produsen Data sudah %(what)s.") % {"done": done, "total": total, "what": what}
        )
    return Suggestion(
        2,
        _(
            "Seluruh %(total)s Produsen Data sudah %(what)s. Tingkat 3 ke atas memerlukan prosedur baku "
            "(Perbup/SOP), reviu berkala dan bukti pemutakhiran yang dinilai tim."
        )
        % {"total": total, "what": what},
    )


def _metadata(ctx: Context) -> Proposals:
    out = Proposals()
    if ctx.cycle is None:
        return out
    from satudata.metadata.models import MetadataStatus, StatisticalActivity

    activities = StatisticalActivity.objects.filter(cycle=ctx.cycle)
    accepted = activities.filter(status=MetadataStatus.ACCEPTED)
    out.items.append(
        Proposal(
            "metadata-activities",
            _("Metadata kegiatan statistik (MS-Keg, MS-Var, MS-Ind) %(year)s") % {"year": ctx.year},
            reverse("metadata:activities", args=[ctx.year]),
            _("%(accepted)s dari %(total)s kegiatan statistik metadatanya disepakati.")
            % {"accepted": accepted.count(), "total": activities.count()},
        )
    )
    producers = ctx.producers()
    with_metadata = set(accepted.values_list("organization_id", flat=True))
    out.suggestion = _every(
        sum(1 for org in producers if org.pk in with_metadata), len(producers), _("memiliki metadata yang disepakati")
    )
    return out


def _usage_log(ctx: Context) -> Proposal:
    from satudata.api.usage import flush, year_usage

    flush()  # this process's calls not yet written (other processes write theirs within a minute)
    usage = year_usage(ctx.year, top=3)
    agents = ", ".join(f"{a.agent} ({_n(a.requests)})" for a in usage.agents) or "—"
    return Proposal(
        "api-log",
        _("Log penggunaan API dan pemanenan %(year)s") % {"year": ctx.year},
        reverse("api:usage") + f"?tahun={ctx.year}",
        _(
            "%(total)s permintaan ke antarmuka mesin pada %(year)s, %(harvested)s di antaranya lewat CKAN API dan katalog DCAT; program klien terbanyak: %(agents)s."
        )
        % {"total": _n(usage.requests), "harvested": _n(usage.harvested), "year": ctx.year, "agents": agents},
    )


def _interoperability(ctx: Context) -> Proposals:
    from satudata.api.models import ApiToken, ApiWrite

    tokens = ApiToken.objects.filter(created__year=ctx.year).count()
    writes = ApiWrite.objects.filter(created__year=ctx.year).count()
    return Proposals(
        [
            Proposal(
                "api-rest",
                _("Dokumentasi REST API (OpenAPI)"),
                reverse("api-v1:openapi-view"),
                _(
                    "Antarmuka data terbuka untuk sistem lain; %(tokens)s token API dibuat dan %(writes)s pengiriman data lewat API pada %(year)s."
                )
                % {"tokens": tokens, "writes": writes, "year": ctx.year},
            ),
            *_harvest_channels(),
            _usage_log(ctx),
        ]
    )


def _harvest_channels() -> list[Proposal]:
    return [
        Proposal(
            "api-ckan",
            _("CKAN Action API (untuk data.go.id dan portal lain)"),
            "/api/3/action/status_show",
            _("Antarmuka yang dipanen portal CKAN, termasuk Portal Satu Data Indonesia."),
        ),
        Proposal(
            "api-dcat",
            _("Katalog DCAT-AP 3 (Turtle)"),
            reverse("dcat:catalog", args=["ttl"]),
            _("Katalog metadata dalam standar DCAT untuk pemanenan."),
        ),
    ]


def _reference_codes(ctx: Context) -> Proposals:
    from satudata.reference.models import Wilayah

    return Proposals(
        [
            Proposal(
                "kode-wilayah",
                _("Kode referensi wilayah (Kepmendagri)"),
                reverse("reference:home"),
                _("%(n)s kode wilayah dimuat untuk validasi kolom kode wilayah.") % {"n": _n(Wilayah.objects.count())},
            ),
        ]
    )


def _standards(ctx: Context) -> Proposals:
    from satudata.reference.models import DataStandard

    return Proposals(
        [
            Proposal(
                "standar-data",
                _("Daftar Standar Data"),
                reverse("standards:list"),
                _("%(n)s Standar Data (konsep, definisi, klasifikasi, ukuran, satuan) tercatat.")
                % {"n": DataStandard.objects.count()},
            ),
        ]
    )


def _timeliness(ctx: Context) -> Proposals:
    from satudata.schedule.queries import timeliness_report

    report = timeliness_report(year=ctx.year)
    total = report.total
    url = reverse("schedule:report") + f"?tahun={ctx.year}"
    if total.scheduled == 0:
        summary = _("Belum ada rilis yang dijadwalkan pada %(year)s.") % {"year": ctx.year}
        suggestion = Suggestion(1, _("Belum ada jadwal rilis (ARC) untuk %(year)s.") % {"year": ctx.year})
    else:
        summary = _("%(scheduled)s rilis dijadwalkan; %(on_time)s tepat waktu, %(late)s terlambat, %(not_yet)s belum jatuh tempo.") % {
            "scheduled": total.scheduled, "on_time": total.on_time, "late": total.late, "not_yet": total.not_yet,
        }  # fmt: skip
        suggestion = Suggestion(
            2,
            _(
                "Jadwal rilis (ARC) ada dan ketepatan waktunya dipantau otomatis. Tingkat 3 ke atas memerlukan "
                "prosedur baku, reviu berkala dan bukti pemutakhiran."
            ),
        )
    proposals = Proposals(
        [Proposal("ketepatan-waktu", _("Laporan ketepatan waktu rilis %(year)s") % {"year": ctx.year}, url, summary)]
    )
    proposals.items.append(
        Proposal(
            "kalender-rilis",
            _("Kalender rilis publik (ARC)"),
            reverse("schedule:calendar"),
            _("Jadwal rilis yang diumumkan kepada pengguna."),
        )
    )
    proposals.suggestion = suggestion
    return proposals


def _actuality(ctx: Context) -> Proposals:
    out = _timeliness(ctx)
    return Proposals(out.items[:1])


def _availability(ctx: Context) -> Proposals:
    from satudata.publications.models import Publication

    published = Dataset.objects.filter(releases__isnull=False).distinct().count()
    return Proposals(
        [
            Proposal(
                "katalog-data",
                _("Katalog data portal"),
                reverse("portal:catalog"),
                _("%(n)s dataset terbit beserta metadatanya.") % {"n": published},
            ),
            Proposal(
                "katalog-publikasi",
                _("Katalog publikasi"),
                reverse("publications:list"),
                _("%(n)s publikasi terbit.") % {"n": Publication.objects.published().count()},
            ),
        ]
    )


def _media(ctx: Context) -> Proposals:
    from satudata.publications.models import NewsPost

    return Proposals(
        [
            Proposal(
                "berita",
                _("Berita kegiatan statistik"),
                reverse("publications:news"),
                _("%(n)s berita terbit pada %(year)s.")
                % {"n": NewsPost.objects.published().filter(published_at__year=ctx.year).count(), "year": ctx.year},
            ),
            Proposal(
                "umpan-berita",
                _("Umpan berita (RSS)"),
                reverse("publications:news-rss"),
                _("Langganan berita untuk pengguna."),
            ),
            Proposal(
                "kalender-ical",
                _("Kalender rilis (iCal)"),
                reverse("schedule:ics"),
                _("Jadwal rilis untuk aplikasi kalender."),
            ),
        ]
    )


def _formats(ctx: Context) -> Proposals:
    from satudata.store import FORMATS

    public = Dataset.objects.filter(releases__isnull=False, access_class="terbuka").distinct().count()
    return Proposals(
        [
            Proposal(
                "panduan-format",
                _("Panduan format data"),
                reverse("publications:format-guide"),
                _("Setiap dataset terbuka (%(n)s) tersedia dalam format %(formats)s, serta API JSON.")
                % {"n": public, "formats": ", ".join(sorted(FORMATS))},
            ),
        ]
    )


def _needs(ctx: Context) -> Proposals:
    out = Proposals()
    if ctx.cycle is None:
        return out
    items = ctx.cycle.items.all()
    out.items.append(
        Proposal(
            "daftar-data",
            _("Daftar Data %(year)s") % {"year": ctx.year},
            reverse("planning:items", args=[ctx.year]),
            _("%(accepted)s dari %(total)s butir Daftar Data disepakati Forum.")
            % {"accepted": items.filter(status=ItemStatus.ACCEPTED).count(), "total": items.count()},
        )
    )
    signed = (
        BeritaAcara.objects.filter(meeting__cycle=ctx.cycle, subject=BeritaAcaraSubject.DAFTAR_DATA)
        .exclude(signed_scan="")
        .order_by("-date")
        .first()
    )
    if signed is not None:
        out.items.append(
            Proposal(
                f"berita-acara-{signed.pk}",
                f"Berita Acara {signed.number}",
                signed.get_absolute_url(),
                _("Berita Acara Daftar Data yang ditandatangani."),
            )
        )
    return out


def _accuracy(ctx: Context) -> Proposals:
    out = Proposals()
    if ctx.cycle is None:
        return out
    from satudata.metadata.models import AccuracyAssessment

    n = AccuracyAssessment.objects.filter(activity__cycle=ctx.cycle).count()
    out.items.append(
        Proposal(
            "penilaian-akurasi",
            _("Penilaian akurasi per kegiatan statistik"),
            reverse("metadata:activities", args=[ctx.year]),
            _("%(n)s penilaian akurasi (sampling error atau validasi data administratif) tercatat.") % {"n": n},
        )
    )
    return out


def _collection(ctx: Context) -> Proposals:
    versions = DatasetVersion.objects.filter(created__year=ctx.year).exclude(status=VersionStatus.DRAFT)
    producers = ctx.producers()
    submitted = set(versions.values_list("dataset__organization_id", flat=True))
    out = Proposals(
        [
            Proposal(
                "dataset-masuk",
                _("Daftar dataset dan versi data"),
                reverse("datasets:list"),
                _("%(n)s versi data diajukan lewat portal pada %(year)s.") % {"n": versions.count(), "year": ctx.year},
            ),
        ]
    )
    out.suggestion = _every(
        sum(1 for org in producers if org.pk in submitted), len(producers), _("mengirim data lewat portal")
    )
    return out


def _dissemination(ctx: Context) -> Proposals:
    releases = Release.objects.filter(created__year=ctx.year)
    return Proposals(
        [
            Proposal(
                "rilis",
                _("Dataset terbit di portal"),
                reverse("portal:catalog"),
                _("%(n)s rilis dataset diterbitkan Walidata pada %(year)s.")
                % {"n": releases.count(), "year": ctx.year},
            ),
        ]
    )


def _forum(ctx: Context) -> Proposals:
    out = Proposals()
    if ctx.cycle is None:
        return out
    meetings = ctx.cycle.meetings.all()
    with_minutes = meetings.exclude(minutes="").count()
    out.items.append(
        Proposal(
            "rapat-forum",
            _("Rapat Forum Satu Data %(year)s") % {"year": ctx.year},
            reverse("planning:meetings", args=[ctx.year]),
            _("%(n)s rapat, %(m)s dengan notulen.") % {"n": meetings.count(), "m": with_minutes},
        )
    )
    signed = BeritaAcara.objects.filter(meeting__cycle=ctx.cycle).exclude(signed_scan="")
    for ba in signed.order_by("date")[:5]:
        out.items.append(
            Proposal(f"berita-acara-{ba.pk}", f"Berita Acara {ba.number}", ba.get_absolute_url(), ba.title)
        )
    if with_minutes == 0:
        out.suggestion = Suggestion(
            1, _("Belum ada rapat Forum Satu Data bernotulen pada siklus %(year)s.") % {"year": ctx.year}
        )
    elif signed.exists():
        out.suggestion = Suggestion(
            2,
            _(
                "Forum bersidang dengan notulen dan Berita Acara ditandatangani. Tingkat 3 memerlukan rencana aksi yang dilaksanakan."
            ),
        )
    else:
        out.suggestion = Suggestion(2, _("Forum bersidang dengan notulen."))
    return out


def _walidata(ctx: Context) -> Proposals:
    walidata = User.objects.filter(is_active=True, memberships__role=Role.WALIDATA).distinct().count()
    pending = DatasetVersion.objects.filter(status__in=[VersionStatus.SUBMITTED, VersionStatus.RESUBMITTED]).count()
    out = Proposals(
        [
            Proposal(
                "verifikasi",
                _("Antrean verifikasi data"),
                reverse("datasets:list"),
                _("%(w)s akun Walidata aktif; %(p)s versi data menunggu verifikasi.") % {"w": walidata, "p": pending},
            ),
        ]
    )
    if walidata == 0:
        out.suggestion = Suggestion(1, _("Belum ada akun Walidata aktif."))
    else:
        out.suggestion = Suggestion(
            2,
            _(
                "Walidata telah ditunjuk dan bekerja di portal. Tingkat 3 memerlukan bukti seluruh tugas Walidata terlaksana."
            ),
        )
    return out


def _recommendations(ctx: Context) -> Proposals:
    out = Proposals()
    if ctx.cycle is None:
        return out
    from satudata.metadata.models import RecommendationStatus, StatisticalActivity

    activities = StatisticalActivity.objects.filter(cycle=ctx.cycle)
    total = activities.count()
    notified = activities.filter(
        recommendation__status__in=[
            RecommendationStatus.SUBMITTED,
            RecommendationStatus.RETURNED,
            RecommendationStatus.RECOMMENDED,
        ]
    ).count()
    received = activities.filter(recommendation__status=RecommendationStatus.RECOMMENDED).count()
    out.items.append(
        Proposal(
            "rekomendasi",
            _("Rekomendasi kegiatan statistik (Romantik) %(year)s") % {"year": ctx.year},
            reverse("metadata:activities", args=[ctx.year]),
            _("%(total)s kegiatan; %(notified)s diajukan ke BPS; %(received)s mendapat rekomendasi.")
            % {"total": total, "notified": notified, "received": received},
        )
    )
    if total:
        if notified == 0:
            out.suggestion = Suggestion(1, _("Belum ada rancangan kegiatan yang diberitahukan kepada BPS."))
        elif received < total:
            out.suggestion = Suggestion(
                2,
                _(
                    "%(received)s dari %(total)s kegiatan mendapat rekomendasi BPS; tingkat 3 memerlukan rekomendasi untuk seluruh kegiatan."
                )
                % {"received": received, "total": total},
            )
        else:
            out.suggestion = Suggestion(
                2,
                _(
                    "Seluruh kegiatan mendapat rekomendasi BPS. Tingkat 3 juga memerlukan prosedur baku yang dikoordinasikan Walidata (SOP)."
                ),
            )
    return out


def _confidentiality(ctx: Context) -> Proposals:
    from satudata.access.models import DataRequest, RequestStatus

    decided = DataRequest.objects.filter(created__year=ctx.year).exclude(status=RequestStatus.SUBMITTED).count()
    return Proposals(
        [
            Proposal(
                "permintaan-data",
                _("Permintaan data terbatas"),
                reverse("access:manage-list"),
                _("%(n)s permintaan data Terbatas/Tertutup diputuskan dan tercatat pada %(year)s.")
                % {"n": decided, "year": ctx.year},
            ),
        ]
    )


def _harvest(ctx: Context) -> Proposals:
    return Proposals([*_harvest_channels(), _usage_log(ctx)])


def _quality(ctx: Context) -> Proposals:
    from satudata.evaluation import quality

    results = ctx.quality_results
    score = quality.mean(r.score for r in results)
    return Proposals(
        [
            Proposal(
                "kualitas-data",
                _("Skor kualitas data per dataset dan per OPD"),
                reverse("quality:overview"),
                _("%(n)s dataset terbit dinilai; rata-rata skor %(score)s dari 100.")
                % {"n": len(results), "score": score if score is not None else "—"},
            ),
        ]
    )


def _consistency(ctx: Context) -> Proposals:
    out = Proposals()
    result = ctx.consistency_report
    if result is None:
        return out
    out.items.append(
        Proposal(
            "konsistensi",
            _("Laporan konsistensi %(year)s") % {"year": ctx.year},
            reverse("consistency:report", args=[ctx.year]),
            _(
                "Daftar Data disepakati: %(ok)s terbit, %(late)s terlambat, %(missing)s belum terbit; %(changes)s perubahan skema antarperiode."
            )
            % {
                "ok": result.delivered,
                "late": result.late,
                "missing": result.missing,
                "changes": len(result.schema_changes),
            },
        )
    )
    return out


def _comparability(ctx: Context) -> Proposals:
    out = _consistency(ctx)
    out.items += _quality(ctx).items
    return out


def _analysis(ctx: Context) -> Proposals:
    versions = DatasetVersion.objects.filter(status=VersionStatus.PUBLISHED, published_at__year=ctx.year)
    narrated = versions.exclude(narrative="")
    producers = ctx.producers()
    with_narrative = set(narrated.values_list("dataset__organization_id", flat=True))
    out = Proposals(
        [
            Proposal(
                "narasi",
                _("Analisis deskriptif dan narasi per dataset"),
                reverse("datasets:list"),
                _("%(n)s dari %(total)s versi yang terbit pada %(year)s memiliki narasi Produsen Data.")
                % {"n": narrated.count(), "total": versions.count(), "year": ctx.year},
            ),
        ]
    )
    out.suggestion = _every(
        sum(1 for org in producers if org.pk in with_narrative), len(producers), _("menulis narasi analisis")
    )
    return out


def _renaksi(ctx: Context) -> Proposals:
    from satudata.planning.models import ActionItemStatus, ActionPlan

    out = Proposals()
    if ctx.cycle is None:
        return out
    plan = ActionPlan.objects.filter(drafted_in=ctx.cycle).first()
    followed = ActionPlan.objects.filter(year=ctx.year).first()
    done = 0
    if plan is not None:
        out.items.append(
            Proposal(
                "renaksi",
                _("Renaksi %(year)s") % {"year": plan.year},
                reverse("planning:renaksi", args=[ctx.year]),
                _("%(n)s butir; %(status)s.") % {"n": plan.items.count(), "status": plan.get_status_display()},
            )
        )
    if followed is not None:
        done = followed.items.filter(status=ActionItemStatus.DONE).count()
        out.items.append(
            Proposal(
                "renaksi-berjalan",
                _("Pelaksanaan Renaksi %(year)s") % {"year": followed.year},
                reverse("planning:renaksi", args=[ctx.year]),
                _("%(done)s dari %(n)s butir selesai.") % {"done": done, "n": followed.items.count()},
            )
        )
    if plan is None or not plan.is_agreed:
        out.suggestion = Suggestion(1, _("Renaksi tahun berikutnya belum disusun dan disepakati."))
    elif done:
        out.suggestion = Suggestion(
            3,
            _(
                "Renaksi disepakati Forum dengan Berita Acara, dan Renaksi tahun berjalan dilaksanakan (ada butir selesai). Tingkat 4 memerlukan reviu bersama Pembina Data."
            ),
        )
    else:
        out.suggestion = Suggestion(2, _("Renaksi disusun dan disepakati Forum dengan Berita Acara."))
    return out


PROPOSERS: dict[str, Callable[[Context], Proposals]] = {
    "10101": _standards,
    "10201": _metadata,
    "10301": _interoperability,
    "10401": _reference_codes,
    "20102": _needs,
    "20201": _accuracy,
    "20301": _actuality,
    "20302": _timeliness,
    "20401": _availability,
    "20402": _media,
    "20403": _formats,
    "30101": _needs,
    "30201": _collection,
    "30401": _dissemination,
    "40104": _confidentiality,
    "40302": _forum,
    "40304": _walidata,
    "50201": _recommendations,
    "50302": _harvest,
    "20501": _comparability,
    "20502": _consistency,
    "30302": _analysis,
    "40103": _quality,
    "50301": _renaksi,
}


def context_for(assessment: Assessment) -> Context:
    return Context(year=assessment.year, cycle=Cycle.objects.filter(year=assessment.year).first())


def proposals_for(code: str, ctx: Context) -> Proposals:
    proposer = PROPOSERS.get(code)
    return proposer(ctx) if proposer else Proposals()
