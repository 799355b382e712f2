"""The read actions of CKAN's Action API, one small function each. Every action takes the call's
`Context` and its `Params` and returns the ``result`` of the envelope; its docstring is what
``help_show`` answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db.models import Count, QuerySet

from satudata.accounts.models import Organization
from satudata.api import permissions
from satudata.api.auth import Caller
from satudata.api.ckan import catalog, datastore, dictize
from satudata.api.ckan import package_search as searching
from satudata.api.ckan.catalog import Package
from satudata.api.ckan.errors import NotAuthorized, NotFound, ValidationError
from satudata.api.ckan.params import Params
from satudata.datasets.models import Dataset
from satudata.portal.views import public_datasets

CKAN_VERSION = "2.11.5"
# ckan.group_and_organization_list_max and ..._all_fields_max.
GROUP_LIST_MAX = 1000
GROUP_LIST_ALL_FIELDS_MAX = 25
# A group's or organization's datasets in *_show with include_datasets.
GROUP_PACKAGES_MAX = 1000


@dataclass(frozen=True)
class Context:
    caller: Caller
    site: str  # scheme and host, for absolute URLs: "https://satudata.example.go.id"
    current_url: str  # the request's path and query: datastore_search's _links are built from it


Action = Callable[[Context, Params], object]


def _required(params: Params, name: str) -> str:
    value = params.text(name).strip()
    if not value:
        raise ValidationError.on(name, "Wajib diisi (Missing value).")
    return value


def _package_dicts(context: Context, datasets: list[Dataset]) -> list[dictize.PackageDict]:
    return [dictize.package_dict(p, site=context.site) for p in catalog.load_packages(datasets)]


# ---------------------------------------------------------------------------------------------
# Site


def status_show(context: Context, params: Params) -> object:
    """The site's name, address and software: ``site_title``, ``site_description``, ``site_url``,
    ``locale_default``, ``extensions`` (``datastore`` and ``dcat`` are served) and the CKAN
    version this API follows (``ckan_version``). No parameters."""
    return {
        "site_title": f"Portal Satu Data {settings.REGION_NAME}",
        "site_description": f"Data statistik sektoral {settings.REGION_GOVERNMENT}.",
        "site_url": context.site,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["datastore", "dcat", "satudata"],
        "ckan_version": CKAN_VERSION,
    }


def help_show(context: Context, params: Params) -> object:
    """The documentation of an action. Parameters: ``name`` (the action's name)."""
    name = _required(params, "name")
    action = ACTIONS.get(name)
    if action is None:
        raise NotFound(f"aksi “{name}” tidak ada (Action function not found).")
    return action.__doc__


def license_list(context: Context, params: Params) -> object:
    """The licences datasets may carry, with CKAN's licence ids. No parameters."""
    return dictize.licence_list()


def tag_list(context: Context, params: Params) -> object:
    """The tags (keywords) of the public datasets, sorted. Parameters: ``query`` (or ``q``) keeps
    the tags containing it; ``all_fields`` (default false) gives tag dicts instead of names;
    ``vocabulary_id``: there are no vocabularies (NotFound)."""
    if params.text("vocabulary_id"):
        raise NotFound(f"kosakata “{params.text('vocabulary_id')}” tidak ada: portal ini hanya punya tag bebas.")
    query = (params.text("query") or params.text("q")).casefold()
    names = {tag for dataset in public_datasets() for tag in catalog.tags_of(dataset)}
    chosen = sorted(name for name in names if query in name.casefold())
    return [dictize.tag_dict(name) for name in chosen] if params.boolean("all_fields", False) else chosen


# ---------------------------------------------------------------------------------------------
# Datasets and resources


def package_list(context: Context, params: Params) -> object:
    """The names of the public datasets, sorted. Parameters: ``limit``, ``offset``."""
    offset = params.integer("offset", 0)
    limit = params.integer("limit", -1, minimum=0)
    names = public_datasets().order_by("slug").values_list("slug", flat=True)
    return list(names[offset:] if limit < 0 else names[offset : offset + limit])


def package_show(context: Context, params: Params) -> object:
    """One dataset. Parameters: ``id`` (its id or name; ``name_or_id`` also works). A dataset that
    is not public needs a token that may read it (Authorization Error otherwise); other parameters
    are ignored."""
    id = params.text("id").strip() or params.text("name_or_id").strip()
    package = catalog.find_package(context.caller, id or _required(params, "id"))
    return dictize.package_dict(package, site=context.site)


def package_search(context: Context, params: Params) -> object:
    """Search datasets. Parameters: ``q`` (words, or ``field:value`` terms), ``fq`` and
    ``fq_list`` (filter terms: ``organization:``, ``groups:``, ``tags:``, ``name:``, ``id:``,
    ``license_id:``, ``res_format:``, ``metadata_modified:[X TO Y]``, with ``-``, ``OR``),
    ``rows`` (default 10, at most 1000), ``start``, ``sort`` (default ``score desc,
    metadata_modified desc``; also ``id``, ``name``, ``title_string``, ``metadata_created``),
    ``facet.field`` (a JSON list), ``facet.limit`` (default 50, negative: all), ``facet.mincount``
    (default 1), ``include_private`` (the non-public datasets the token may read)."""
    request = searching.SearchRequest.from_params(params)
    outcome = searching.run(request, context.caller)
    results: list[dict[str, object]] = [dict(d) for d in _package_dicts(context, outcome.datasets)]
    if request.fl:
        results = [{key: result[key] for key in request.fl if key in result} for result in results]
    return {
        "count": outcome.count,
        "facets": {name: {i.name: i.count for i in items} for name, items in outcome.facets.items()},
        "results": results,
        "sort": request.sort_text,
        "search_facets": {
            name: {"title": name, "items": [
                {"name": i.name, "display_name": i.display_name, "count": i.count}
                # CKAN sorts the items by display name, descending, after counting.
                for i in sorted(items, key=lambda i: i.display_name, reverse=True)
            ]}
            for name, items in outcome.facets.items()
        },
    }  # fmt: skip


def current_package_list_with_resources(context: Context, params: Params) -> object:
    """The public datasets with their resources, most recently modified first. Parameters:
    ``limit`` (default 10, at most 1000), ``offset``, or ``page`` (with ``limit``)."""
    limit = params.integer("limit", searching.ROWS_DEFAULT, maximum=searching.ROWS_MAX)
    offset = params.integer("offset", -1)
    if offset < 0:
        offset = (params.integer("page", 1, minimum=1) - 1) * limit
    datasets = catalog.visible_datasets(context.caller, include_private=False).order_by("-ckan_modified", "pk")
    return _package_dicts(context, list(datasets[offset : offset + limit]))


def resource_show(context: Context, params: Params) -> object:
    """One resource (a format of a dataset's current release). Parameters: ``id``."""
    package, fmt = catalog.find_resource(context.caller, _required(params, "id"))
    return dictize.resource_dict(package, fmt, site=context.site)


def datastore_search(context: Context, params: Params) -> object:
    """The rows of a resource (every format of a dataset holds the same rows). Parameters:
    ``resource_id`` (or ``id``); ``filters`` (``{"col": value}``, a list for any of several,
    ``{"col": {"gte": 1, "lt": 5}}`` with eq in gt gte lt lte, ``$or``/``$and`` lists); ``q`` (text:
    every word somewhere in the row; object: per column); ``fields``; ``sort`` (``"col desc,
    other"``, ``_id`` for the row order); ``limit`` (default 100, at most 32000); ``offset``;
    ``include_total`` (default true); ``records_format`` (objects, lists, csv, tsv);
    ``include_next_page`` (``next_page`` for keyset paging by ``_id``). Rows of a dataset that is
    not public need a token that may read them."""
    if "id" in params.data and "resource_id" not in params.data:
        params.data["resource_id"] = params.data.pop("id")
    resource_id = _required(params, "resource_id")
    package, _fmt = catalog.find_resource(context.caller, resource_id)
    _check_rows(context.caller, package)
    assert package.release is not None  # find_resource: only formats of a current release
    return datastore.search(params, dataset=package.dataset, file_key=package.release.file_key,
                            resource_id=resource_id, current_url=context.current_url)  # fmt: skip


def _check_rows(caller: Caller, package: Package) -> None:
    if not permissions.can_read_rows(caller, package.dataset, is_public=not package.is_private):
        raise NotAuthorized(
            f"baris dataset “{package.dataset.slug}” hanya untuk produsen datanya, walidata dan pembina; "
            "kirim token API yang berhak membacanya."
        )


# ---------------------------------------------------------------------------------------------
# Organizations and groups (the topics)


@dataclass(frozen=True)
class _Listed:
    name: str
    title: str
    package_count: int
    as_dict: Callable[[], dictize.GroupDict]


_GROUP_SORTS = {"name", "title", "package_count"}


def _group_sort(params: Params) -> tuple[str, bool]:
    words = (params.text("sort") or "title asc").split()
    field, direction = words[0], (words[1].lower() if len(words) > 1 else "asc")
    if field not in _GROUP_SORTS or direction not in ("asc", "desc") or len(words) > 2:
        raise ValidationError.on("sort", f"Tidak dapat mengurutkan menurut “{params.text('sort')}”; "
                                 "gunakan name, title atau package_count dengan asc/desc.")  # fmt: skip
    return field, direction == "desc"


def _listing(params: Params, items: list[_Listed], names_param: str) -> list[object]:
    """CKAN's ``_group_or_org_list``: filter by ``q`` and by names, sort, page; names, or dicts
    with ``all_fields`` (at most 25 per call, so that clients page)."""
    field, descending = _group_sort(params)
    all_fields = params.boolean("all_fields", False)
    limit = params.integer("limit", GROUP_LIST_MAX, maximum=GROUP_LIST_ALL_FIELDS_MAX if all_fields else GROUP_LIST_MAX)
    offset = params.integer("offset", 0)
    query = params.text("q").casefold()
    wanted = params.string_list(names_param)
    chosen = [i for i in items if query in f"{i.name} {i.title}".casefold() and (wanted is None or i.name in wanted)]
    chosen.sort(key=lambda i: i.name)
    chosen.sort(key=lambda i: _sort_value(i, field), reverse=descending)
    page = chosen[offset : offset + limit]
    return [i.as_dict() for i in page] if all_fields else [i.name for i in page]


def _sort_value(item: _Listed, field: str) -> str | int:
    if field == "package_count":
        return item.package_count
    return item.title.casefold() if field == "title" else item.name


def _counts(caller: Caller, column: str) -> dict[object, int]:
    """Datasets per organization (or topic) among those the caller may see."""
    readable = permissions.readable_datasets(caller, public_datasets())
    rows = Dataset.objects.filter(pk__in=readable.values("pk")).order_by().values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows}


def _organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True)


def organization_list(context: Context, params: Params) -> object:
    """The organizations (OPD). Parameters: ``all_fields`` (dicts instead of names; then at most
    25 per call), ``limit``, ``offset``, ``sort`` (``name``, ``title`` or ``package_count`` with
    ``asc``/``desc``; default ``title asc``), ``q``, ``organizations`` (names to keep)."""
    counts = _counts(context.caller, "organization_id")
    items = [_Listed(o.slug, o.name, counts.get(o.pk, 0),
                     partial(dictize.organization_dict, o, package_count=counts.get(o.pk, 0)))
             for o in _organizations()]  # fmt: skip
    return _listing(params, items, "organizations")


def group_list(context: Context, params: Params) -> object:
    """The groups: the topics (sektor kegiatan), every one of them, even those without datasets
    yet. Parameters as organization_list (``groups`` for names to keep)."""
    counts = _counts(context.caller, "topic")
    items = [_Listed(t.code, t.label, counts.get(t.code, 0), partial(dictize.group_dict, t,
                                                                      package_count=counts.get(t.code, 0)))
             for t in catalog.all_topics()]  # fmt: skip
    return _listing(params, items, "groups")


def _group_packages(context: Context, datasets: QuerySet[Dataset]) -> list[dictize.PackageDict]:
    return _package_dicts(context, list(datasets.order_by("-ckan_modified", "pk")[:GROUP_PACKAGES_MAX]))


def organization_show(context: Context, params: Params) -> object:
    """One organization. Parameters: ``id`` (its id or name), ``include_datasets`` (default false:
    its datasets the caller may see, at most 1000)."""
    id = _required(params, "id")
    org = _organizations().filter(slug=id).first() or (
        _organizations().filter(uuid=id).first() if catalog.is_uuid(id) else None
    )
    if org is None:
        raise NotFound(f"organisasi “{id}” tidak ditemukan.")
    visible = catalog.visible_datasets(context.caller, include_private=True).filter(organization=org)
    result = dictize.organization_dict(org, package_count=visible.count())
    if params.boolean("include_datasets", False):
        result["packages"] = _group_packages(context, visible)
    return result


def group_show(context: Context, params: Params) -> object:
    """One group (a topic). Parameters: ``id`` (its id or name, the topic's code),
    ``include_datasets`` (default false: its datasets the caller may see, at most 1000)."""
    id = _required(params, "id")
    topic = catalog.find_topic(id)
    if topic is None:
        raise NotFound(f"grup “{id}” tidak ditemukan.")
    visible = catalog.visible_datasets(context.caller, include_private=True).filter(topic=topic.code)
    result = dictize.group_dict(topic, package_count=visible.count())
    if params.boolean("include_datasets", False):
        result["packages"] = _group_packages(context, visible)
    return result


ACTIONS: dict[str, Action] = {
    action.__name__: action
    for action in (
        status_show, help_show, license_list, tag_list,
        package_list, package_show, package_search, current_package_list_with_resources,
        resource_show, datastore_search,
        organization_list, organization_show, group_list, group_show,
    )
}  # fmt: skip
