"""The catalogue's search: one interface over SQLite FTS5 and PostgreSQL tsvector + pg_trgm.

Both databases index the same normalised text (``normalise``: lower case, accents and
punctuation removed), so a query behaves the same on both:

1. every word of the query must match the beginning of a word in the entry ("pendud" finds
   "Penduduk"), ranked with the title weighing more than the rest (bm25 on SQLite, ts_rank on
   PostgreSQL);
2. if nothing matches that way, every word of at least three letters must occur anywhere in the
   text ("duduk" finds "penduduk"): LIKE, accelerated by pg_trgm indexes on PostgreSQL.

A SQLite built without FTS5, or a PostgreSQL where the pg_trgm extension could not be created,
still searches (step 2 only, or step 2 without an index).

Only metadata is indexed (see ``SearchEntry``); ``index_dataset`` keeps an entry in step with its
dataset and is called from signals whenever a dataset, its schema or its releases change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache as memoise
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from satudata.core.middleware import page_generation
from satudata.datasets.models import Dataset
from satudata.portal.models import SearchEntry, SearchYear
from satudata.reference.models import AccessClass

PUBLIC_FORMATS = ("csv", "xlsx", "json", "html", "parquet")
MAX_TERMS = 8
_YEAR = re.compile(r"^(\d{4})")


def normalise(text: str) -> str:
    """Lower case, accents removed, anything but letters and digits turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", stripped.casefold()).split())


def terms_of(query: str) -> list[str]:
    return normalise(query).split()[:MAX_TERMS]


# ---------------------------------------------------------------------------------------------
# Indexing


def index_dataset(dataset: Dataset) -> SearchEntry | None:
    """Create, refresh or remove the dataset's entry (and its full-text row). In the catalogue:
    every dataset whose newest release has data (Terbatas and Tertutup ones with their metadata
    only); a dataset whose every period was withdrawn leaves it."""
    latest = dataset.releases.order_by("-number").first()
    if latest is None or not latest.file_key:
        remove_dataset(dataset.pk)
        return None
    schema = dataset.current_schema
    columns: list[str] = []
    if schema is not None:
        for f in schema.table_schema.fields:
            columns += [f.name.replace("_", " "), f.label or "", f.description or ""]
    org = dataset.organization
    title = normalise(dataset.title)
    body = normalise(
        " ".join([dataset.description, dataset.keywords, dataset.unit, org.name, org.short_name, *columns])
    )
    years = {int(m.group(1)) for period in latest.periods if (m := _YEAR.match(str(period)))}
    public = dataset.access_class == AccessClass.TERBUKA
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(
            dataset=dataset,
            defaults={
                "title": title,
                "body": body,
                "sort_title": dataset.title[:300].casefold(),
                "organization_id": dataset.organization_id,
                "topic": dataset.topic,
                "tingkat_penyajian": dataset.tingkat_penyajian,
                "access_class": dataset.access_class,
                "formats": f" {' '.join(PUBLIC_FORMATS)} " if public else "",
                "modified": latest.created,
            },
        )
        SearchYear.objects.filter(entry=entry).exclude(year__in=years).delete()
        have = set(SearchYear.objects.filter(entry=entry).values_list("year", flat=True))
        SearchYear.objects.bulk_create([SearchYear(entry=entry, year=y) for y in sorted(years - have)])
        for table in ("portal_search_fts", "portal_search_tri"):
            if _has(table):
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [dataset.pk])
                    cursor.execute(
                        f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)", [dataset.pk, title, body]
                    )
    return entry


def remove_dataset(dataset_id: int) -> None:
    SearchEntry.objects.filter(dataset_id=dataset_id).delete()
    for table in ("portal_search_fts", "portal_search_tri"):
        if _has(table):
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [dataset_id])


def reindex_all() -> int:
    """Rebuild every entry (``satudata reindex_search``)."""
    done = 0
    keep: list[int] = []
    for dataset in Dataset.objects.select_related("organization").iterator(chunk_size=500):
        if index_dataset(dataset) is not None:
            keep.append(dataset.pk)
            done += 1
    for stale in SearchEntry.objects.exclude(dataset_id__in=keep).values_list("dataset_id", flat=True):
        remove_dataset(stale)
    return done


def count_download(dataset_id: int) -> None:
    SearchEntry.objects.filter(dataset_id=dataset_id).update(downloads=F("downloads") + 1)


# ---------------------------------------------------------------------------------------------
# Backends


@memoise
def _sqlite_tables(database: str) -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name IN ('portal_search_fts', 'portal_search_tri')")
        return frozenset(row[0] for row in cursor.fetchall())


def _has(table: str) -> bool:
    """Whether the SQLite full-text table exists (FTS5 by words, or by trigrams since SQLite 3.34)."""
    return connection.vendor == "sqlite" and table in _sqlite_tables(str(connection.settings_dict["NAME"]))


def _prefix_match(entries: QuerySet[SearchEntry], terms: list[str], *, ranked: bool) -> QuerySet[SearchEntry] | None:
    """Entries where every term starts a word; ``rank`` ascending is best first. None when the
    database has no word index."""
    if connection.vendor == "postgresql":
        # ``document`` is a stored tsvector column with a GIN index, made by the migration only on
        # PostgreSQL (the model does not know it).
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return entries.extra(
            select={"rank": "-ts_rank(portal_searchentry.document, to_tsquery('simple', %s))"} if ranked else None,
            select_params=[tsquery] if ranked else None,
            where=["portal_searchentry.document @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
    if _has("portal_search_fts"):
        match = " ".join(f'"{t}"*' for t in terms)
        return entries.extra(
            tables=["portal_search_fts"],
            select={"rank": "bm25(portal_search_fts, 10.0, 1.0)"} if ranked else None,
            where=["portal_search_fts.rowid = portal_searchentry.dataset_id", "portal_search_fts MATCH %s"],
            params=[match],
        )
    return None


def _infix_match(entries: QuerySet[SearchEntry], terms: list[str]) -> QuerySet[SearchEntry]:
    """Entries where every term of three letters or more occurs anywhere: the trigram table on
    SQLite, LIKE elsewhere (with pg_trgm indexes on PostgreSQL)."""
    usable = [t for t in terms if len(t) >= 3]
    if usable and _has("portal_search_tri"):
        return entries.extra(
            tables=["portal_search_tri"],
            where=["portal_search_tri.rowid = portal_searchentry.dataset_id", "portal_search_tri MATCH %s"],
            params=[" ".join(f'"{t}"' for t in usable)],
        )
    condition = Q()
    for term in usable or terms:
        condition &= Q(title__contains=term) | Q(body__contains=term)
    return entries.filter(condition)


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass
class Facet:
    param: str
    label: Any  # a lazy translation
    options: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count
    selected: str = ""


@dataclass
class Query:
    """The catalogue's URL parameters, checked."""

    q: str = ""
    opd: str = ""
    topik: str = ""
    tahun: str = ""
    tingkat: str = ""
    akses: str = ""
    format: str = ""
    urut: str = ""

    FILTERS = ("opd", "topik", "tahun", "tingkat", "akses", "format")
    SORTS = ("relevansi", "terbaru", "nama", "unduhan")

    @classmethod
    def from_params(cls, params: Any) -> Query:
        query = cls(**{name: str(params.get(name, "")).strip()[:100] for name in ("q", *cls.FILTERS, "urut")})
        if query.urut not in cls.SORTS:
            query.urut = ""
        if query.tahun and not re.fullmatch(r"[0-9]{4}", query.tahun):
            query.tahun = ""
        return query

    @property
    def sort(self) -> str:
        return self.urut or ("relevansi" if self.q else "terbaru")

    def filtered(self, entries: QuerySet[SearchEntry], *, skip: str = "") -> QuerySet[SearchEntry]:
        if self.opd and skip != "opd":
            entries = entries.filter(organization__slug=self.opd)
        if self.topik and skip != "topik":
            entries = entries.filter(topic=self.topik)
        if self.tahun and skip != "tahun":
            entries = entries.filter(years__year=int(self.tahun))
        if self.tingkat and skip != "tingkat":
            entries = entries.filter(tingkat_penyajian=self.tingkat)
        if self.akses and skip != "akses":
            entries = entries.filter(access_class=self.akses)
        if self.format and skip != "format":
            entries = entries.filter(formats__contains=f" {self.format} ")
        return entries


@dataclass
class Result:
    entries: QuerySet[SearchEntry]
    facets: list[Facet]
    fallback: bool  # no word started with the query's words; parts of words were matched


def _mode(terms: list[str]) -> str:
    """How the query's words are matched: ``all`` (no words), ``prefix`` (some entry has words
    starting with every term) or ``infix`` (parts of words). Decided once per search."""
    if not terms:
        return "all"
    prefix = _prefix_match(SearchEntry.objects.all(), terms, ranked=False)
    return "prefix" if prefix is not None and prefix.exists() else "infix"


def _matched(terms: list[str], mode: str, *, ranked: bool) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    if mode == "prefix":
        prefix = _prefix_match(entries, terms, ranked=ranked)
        assert prefix is not None  # _mode chose it
        return prefix
    if mode == "infix":
        return _infix_match(entries, terms)
    return entries


def search(query: Query, *, facet_labels: dict[str, dict[str, str]] | None = None) -> Result:
    """Matching entries in the query's order, and the facets: each facet counts the matches
    under every *other* filter, so that its options show what choosing them would give."""
    terms = terms_of(query.q)
    mode = _mode(terms)
    entries = query.filtered(_matched(terms, mode, ranked=query.sort == "relevansi" and mode == "prefix"))
    order = {
        "relevansi": ["rank", "sort_title"] if mode == "prefix" else ["-downloads", "sort_title"],
        "terbaru": ["-modified", "sort_title"],
        "nama": ["sort_title"],
        "unduhan": ["-downloads", "sort_title"],
    }[query.sort]
    entries = entries.select_related("dataset", "organization").order_by(*order)
    # The facets do not depend on the sort or the page, and change only with the index: computed
    # once per query, filters, language and generation of the public pages.
    key = (
        "facets:"
        + hashlib.sha256(
            repr((page_generation(), get_language(), terms, [getattr(query, f) for f in query.FILTERS])).encode()
        ).hexdigest()
    )
    facets = cache.get(key)
    if facets is None:
        # Without ranking: a facet's GROUP BY must not carry the rank column.
        facets = _facets(query, _matched(terms, mode, ranked=False), facet_labels or {})
        cache.set(key, facets, 3600)
    return Result(entries=entries, facets=facets, fallback=mode == "infix")


def _facets(query: Query, base: QuerySet[SearchEntry], labels: dict[str, dict[str, str]]) -> list[Facet]:
    from satudata.accounts.models import Organization

    facets: list[Facet] = []

    def counted(param: str, column: str) -> list[tuple[str, int]]:
        rows = query.filtered(base, skip=param).values(column).annotate(n=Count("pk"))
        return [(str(r[column]), r["n"]) for r in rows.order_by("-n", column) if r[column] not in ("", None)]

    org_counts = dict(counted("opd", "organization_id"))
    orgs = Organization.objects.filter(pk__in=[int(k) for k in org_counts]).only("slug", "name")
    facets.append(
        Facet(
            "opd",
            _("Produsen Data"),
            sorted(((o.slug, o.name, org_counts[str(o.pk)]) for o in orgs), key=lambda o: (-o[2], o[1])),
            query.opd,
        )
    )
    for param, column, title in (
        ("topik", "topic", _("Topik")),
        ("tingkat", "tingkat_penyajian", _("Tingkat penyajian")),
        ("akses", "access_class", _("Klasifikasi akses")),
    ):
        names = labels.get(param, {})
        facets.append(
            Facet(param, title, [(v, names.get(v, v), n) for v, n in counted(param, column)], getattr(query, param))
        )
    years = query.filtered(base, skip="tahun").values("years__year").annotate(n=Count("pk"))
    year_options = [
        (str(r["years__year"]), str(r["years__year"]), r["n"])
        for r in years.order_by("-years__year")
        if r["years__year"] is not None
    ]
    facets.append(Facet("tahun", _("Tahun"), year_options, query.tahun))
    in_formats = query.filtered(base, skip="format")
    format_counts = in_formats.aggregate(
        **{fmt: Count("pk", filter=Q(formats__contains=f" {fmt} ")) for fmt in PUBLIC_FORMATS}
    )
    facets.append(
        Facet(
            "format",
            _("Format"),
            [(fmt, fmt.upper(), format_counts[fmt]) for fmt in PUBLIC_FORMATS if format_counts[fmt]],
            query.format,
        )
    )
    return facets
