"""``package_search``: CKAN's Solr search, answered from the database.

``q`` and ``fq`` share one syntax (see `fq`): fielded terms become database conditions; bare words
go to the portal's own full-text search (`satudata.portal.search`), whose ranking is the
``score``. Facets are counted over every match, as Solr does, for the fields clients ask for."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from satudata.api.auth import Caller
from satudata.api.ckan import catalog, fq
from satudata.api.ckan.errors import SearchQueryError, ValidationError
from satudata.api.ckan.params import Params
from satudata.datasets.models import Dataset
from satudata.portal import search as catalogue_search
from satudata.portal.views import public_datasets

ROWS_DEFAULT = 10
ROWS_MAX = 1000
DEFAULT_SORT = "score desc, metadata_modified desc"
FACET_LIMIT_DEFAULT = 50
FACET_FIELDS = ("organization", "groups", "tags", "license_id", "res_format")
# CKAN sort names → the database's; "score" is the full-text rank.
SORT_COLUMNS = {"id": "uuid", "name": "slug", "title_string": "title", "metadata_modified": "ckan_modified",
                "metadata_created": "created", "score": ""}  # fmt: skip

NOTHING = Q(pk__in=[])
# Not Q(): OR-ed with another condition, Django drops an empty Q instead of reading it as "all".
EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class SearchRequest:
    query: fq.Node  # q and every fq, together
    rank_words: str  # the bare words of q, whose full-text rank is the score
    rows: int
    start: int
    sort: list[tuple[str, str]]
    sort_text: str
    facet_fields: list[str]
    facet_limit: int
    facet_mincount: int
    include_private: bool
    fl: list[str] | None

    @classmethod
    def from_params(cls, params: Params) -> SearchRequest:
        q = _parsed(params.text("q"), "q")
        filters = [_parsed(params.text("fq"), "fq")]
        filters += [_parsed(text, "fq_list") for text in _fq_list(params)]
        sort_text = params.text("sort") or DEFAULT_SORT
        return cls(
            query=fq.And((q, *filters)),
            rank_words=" ".join(_words(q)),
            rows=params.integer("rows", ROWS_DEFAULT, maximum=ROWS_MAX),
            start=params.integer("start", 0),
            sort=parse_sort(sort_text),
            sort_text=sort_text,
            facet_fields=_facet_fields(params) if params.boolean("facet", True) else [],
            facet_limit=params.integer("facet.limit", FACET_LIMIT_DEFAULT, minimum=-1_000_000),
            facet_mincount=params.integer("facet.mincount", 1),
            include_private=params.boolean("include_private", False),
            fl=_field_list(params),
        )


def _parsed(text: str, name: str) -> fq.Node:
    try:
        return fq.parse(text)
    except fq.QuerySyntaxError as exc:
        raise SearchQueryError(f"{name}: {exc}") from None


def _fq_list(params: Params) -> list[str]:
    value = params.raw("fq_list")
    if isinstance(value, str):
        value = params.json_value("fq_list") if value.lstrip().startswith("[") else [value]
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError.on("fq_list", "Harus berupa daftar teks kueri.")
    return value


def _facet_fields(params: Params) -> list[str]:
    value = params.json_value("facet.field")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError.on("facet.field", 'Harus daftar JSON nama field, mis. ["organization", "tags"].')
    unknown = [v for v in value if v not in FACET_FIELDS]
    if unknown:
        raise ValidationError.on(
            "facet.field", f"Field faset {', '.join(unknown)} tidak dikenal; yang ada: {', '.join(FACET_FIELDS)}."
        )
    return list(dict.fromkeys(value))


def _field_list(params: Params) -> list[str] | None:
    text = params.text("fl")
    names = [n for n in text.replace(",", " ").split() if n]
    return names or None


def _words(node: fq.Node) -> list[str]:
    if isinstance(node, fq.Text):
        return [node.words]
    if isinstance(node, fq.And | fq.Or):
        return [w for inner in node.nodes for w in _words(inner)]
    return []


def parse_sort(text: str) -> list[tuple[str, str]]:
    """``"score desc, metadata_modified desc"`` → pairs. An unknown field or direction is CKAN's
    'Invalid "sort" parameter' (a Search Query Error)."""
    pairs: list[tuple[str, str]] = []
    for part in text.split(","):
        words = part.split()
        if not words:
            continue
        name, direction = words[0], (words[1].lower() if len(words) > 1 else "asc")
        if name not in SORT_COLUMNS or direction not in ("asc", "desc") or len(words) > 2:
            known = ", ".join(SORT_COLUMNS)
            raise SearchQueryError(f'Invalid "sort" parameter: “{part.strip()}”; urutkan menurut {known} + asc/desc.')
        pairs.append((name, direction))
    return pairs


# ---------------------------------------------------------------------------------------------
# Conditions


def _timestamp(text: str | None, field: str) -> dt.datetime | None:
    if text is None:
        return None
    if text.upper() == "NOW":
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(text.removesuffix("Z").removesuffix("z"))
    except ValueError:
        raise SearchQueryError(f"{field}: “{text}” bukan waktu ISO 8601 (mis. 2026-08-01T10:00:00Z).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _date_range(node: fq.Range, column: str) -> Q:
    condition = EVERYTHING
    low, high = _timestamp(node.low, node.field), _timestamp(node.high, node.field)
    if low is not None:
        condition &= Q(**{f"{column}__{'gte' if node.include_low else 'gt'}": low})
    if high is not None:
        condition &= Q(**{f"{column}__{'lte' if node.include_high else 'lt'}": high})
    return condition


def _tagged(name: str) -> Q:
    """Datasets with the tag ``name`` (tags are keywords made valid for CKAN, so they are
    compared after that change, in Python)."""
    rows = Dataset.objects.exclude(keywords="").values_list("pk", "keywords")
    if name == "*":
        return Q(pk__in=[pk for pk, _ in rows])
    return Q(pk__in=[pk for pk, keywords in rows if name in _tag_names(keywords)])


def _tag_names(keywords: str) -> list[str]:
    return [t for k in keywords.split(",") if (t := catalog.tag_name(k.strip()))]


def _text(words: str) -> Q:
    """The catalogue's full-text search (published datasets), and a plain match on title,
    description and keywords for unpublished ones, which the catalogue does not index."""
    ids = ranked_ids(words)
    loose = Q(search_entry__isnull=True)
    for word in words.split():
        loose &= Q(title__icontains=word) | Q(description__icontains=word) | Q(keywords__icontains=word)
    return Q(pk__in=ids) | loose


def ranked_ids(words: str) -> list[int]:
    if not words.strip():
        return []
    result = catalogue_search.search(catalogue_search.Query(q=words))
    return [entry.dataset_id for entry in result.entries]


def _value_condition(field: str, value: str) -> Q:
    conditions: dict[str, Callable[[str], Q]] = {
        "organization": lambda v: Q(organization__slug=v),
        "owner_org": lambda v: Q(organization__uuid=v) if catalog.is_uuid(v) else NOTHING,
        "groups": _in_group,
        "tags": _tagged,
        "name": lambda v: Q(slug=v),
        "id": lambda v: Q(uuid=v) if catalog.is_uuid(v) else NOTHING,
        "license_id": lambda v: Q(licence__in=catalog.licence_values(v)),
        "res_format": lambda v: Q(ckan_current_file__gt="") if v.lower() in catalog.FORMAT_NAMES else NOTHING,
        "capacity": lambda v: _capacity(v),
        "dataset_type": lambda v: EVERYTHING if v == "dataset" else NOTHING,
        "type": lambda v: EVERYTHING if v == "dataset" else NOTHING,
        "state": lambda v: EVERYTHING if v == "active" else NOTHING,
        "title": lambda v: Q(title__icontains=v),
        "notes": lambda v: Q(description__icontains=v),
        "text": _text,
    }
    if field in ("metadata_modified", "metadata_created"):
        if value == "*":
            return EVERYTHING
        raise SearchQueryError(f"{field}: gunakan rentang, mis. {field}:[2026-08-01T00:00:00Z TO *].")
    make = conditions.get(field)
    if make is None:
        known = ", ".join([*conditions, "metadata_modified", "metadata_created"])
        raise SearchQueryError(f"field “{field}” tidak dikenal; yang dapat dipakai: {known}.")
    if value == "*" and field not in ("groups", "tags"):
        return EVERYTHING  # every dataset has an organization, a name, an id, a licence…
    return make(value)


def _in_group(code: str) -> Q:
    if code == "*":
        return Q(topic__in=[t.code for t in catalog.all_topics()])
    return Q(topic=code) if catalog.topic_of(code) else NOTHING


def _capacity(value: str) -> Q:
    public = Q(pk__in=public_datasets().values("pk"))
    return public if value == "public" else ~public if value == "private" else NOTHING


def condition(node: fq.Node) -> Q:
    """The database condition of a parsed query."""
    if isinstance(node, fq.And):
        combined = EVERYTHING
        for inner in node.nodes:
            combined &= condition(inner)
        return combined
    if isinstance(node, fq.Or):
        either = NOTHING
        for inner in node.nodes:
            either |= condition(inner)
        return either
    if isinstance(node, fq.Not):
        return ~condition(node.node)
    if isinstance(node, fq.Text):
        return _text(node.words)
    if isinstance(node, fq.Range):
        columns = {"metadata_modified": "ckan_modified", "metadata_created": "created"}
        if node.field not in columns:
            raise SearchQueryError(f"rentang hanya untuk metadata_modified dan metadata_created, bukan “{node.field}”.")
        return _date_range(node, columns[node.field])
    return _value_condition(node.field, node.value)


# ---------------------------------------------------------------------------------------------
# Running


@dataclass(frozen=True)
class FacetItem:
    name: str
    display_name: str
    count: int


@dataclass(frozen=True)
class SearchOutcome:
    count: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetItem]]


def run(request: SearchRequest, caller: Caller) -> SearchOutcome:
    matches = catalog.visible_datasets(caller, include_private=request.include_private).filter(condition(request.query))
    facets = {name: _facet(name, matches, request) for name in request.facet_fields}
    return SearchOutcome(count=matches.count(), datasets=_page(matches, request), facets=facets)


def _page(matches: QuerySet[Dataset], request: SearchRequest) -> list[Dataset]:
    end = request.start + request.rows
    ranked = any(name == "score" for name, _ in request.sort) and request.rank_words
    if not ranked:
        order = [("-" if d == "desc" else "") + SORT_COLUMNS[n] for n, d in request.sort if n != "score"]
        return list(matches.order_by(*order, "pk")[request.start : end])
    return _page_by_rank(matches, request)


def _page_by_rank(matches: QuerySet[Dataset], request: SearchRequest) -> list[Dataset]:
    """Sorted in Python: the score is the position in the catalogue search's ranking, which the
    database query cannot join. Stable sorts from the last key to the first give the full order."""
    position = {pk: i for i, pk in enumerate(ranked_ids(request.rank_words))}
    columns = [SORT_COLUMNS[n] for n, _ in request.sort if n != "score"]
    rows: list[tuple[Any, ...]] = sorted(matches.values_list("pk", *columns))
    for name, direction in reversed(request.sort):
        if name == "score":
            # A higher score is a smaller position; unranked matches come last.
            rows.sort(key=lambda r: position.get(r[0], len(position)), reverse=direction == "asc")
        else:
            rows.sort(key=_item_getter(1 + columns.index(SORT_COLUMNS[name])), reverse=direction == "desc")
    page_ids = [r[0] for r in rows[request.start : request.start + request.rows]]
    by_pk = {d.pk: d for d in matches.filter(pk__in=page_ids)}
    return [by_pk[pk] for pk in page_ids]


def _item_getter(index: int) -> Callable[[tuple[Any, ...]], Any]:
    return lambda row: row[index]


def _facet(name: str, matches: QuerySet[Dataset], request: SearchRequest) -> list[FacetItem]:
    counts = _facet_counts(name, matches.order_by())
    items = sorted(counts, key=lambda item: (-item.count, item.name))
    items = [item for item in items if item.count >= request.facet_mincount]
    return items if request.facet_limit < 0 else items[: request.facet_limit]


def _facet_counts(name: str, matches: QuerySet[Dataset]) -> list[FacetItem]:
    if name == "organization":
        rows = matches.values("organization__slug", "organization__name").annotate(n=Count("pk"))
        return [FacetItem(r["organization__slug"], r["organization__name"], r["n"]) for r in rows]
    if name == "groups":
        topics = [(catalog.topic_of(r["topic"]), r["n"]) for r in matches.values("topic").annotate(n=Count("pk"))]
        return [FacetItem(t.code, t.label, n) for t, n in topics if t is not None]
    if name == "license_id":
        rows = matches.values("licence").annotate(n=Count("pk"))
        infos = [(catalog.LICENCES.get(r["licence"]), r["n"]) for r in rows]
        return [FacetItem(info.id, info.title, n) for info, n in infos if info is not None]
    if name == "tags":
        counted = Counter(
            tag for keywords in matches.values_list("keywords", flat=True) for tag in set(_tag_names(keywords))
        )
        return [FacetItem(tag, tag, n) for tag, n in counted.items()]
    with_files = matches.filter(Q(ckan_current_file__gt="")).count()
    return [FacetItem(label, label, with_files) for label in catalog.FORMAT_NAMES.values()] if with_files else []
