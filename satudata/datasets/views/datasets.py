from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.accounts.models import Organization, User
from satudata.core.http import AuthenticatedHttpRequest, form_errors_text
from satudata.datasets import actions, permissions
from satudata.datasets.forms import (
    BaseSchemaFormSet,
    DatasetForm,
    ReferenceFigureForm,
    SchemaFieldForm,
    SchemaFormSet,
    code_ref_choices,
    standard_choices,
)
from satudata.datasets.models import Dataset, DatasetVersion, ReferenceFigure, VersionStatus
from satudata.datasets.schema import TableSchema
from satudata.planning.models import DaftarDataItem, ItemStatus


def get_dataset(user: User, slug: str, *, write: bool = False) -> Dataset:
    dataset = get_object_or_404(Dataset.objects.select_related("organization"), slug=slug)
    if not permissions.can_view_dataset(user, dataset):
        raise Http404
    if write and not permissions.can_edit_dataset(user, dataset):
        raise PermissionDenied(_("Dataset ini milik OPD lain."))
    return dataset


def visible_versions(user: User, dataset: Dataset) -> list[DatasetVersion]:
    return [v for v in dataset.versions.select_related("created_by") if permissions.can_view_version(user, v)]


def dataset_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_dataset(request.user, Dataset()):
        raise PermissionDenied
    datasets = Dataset.objects.select_related("organization").annotate(
        published=Count("versions", filter=Q(versions__status=VersionStatus.PUBLISHED)),
        in_review=Count("versions", filter=Q(versions__status__in=DatasetVersion.IN_REVIEW_STATUSES)),
    )
    org = request.GET.get("opd", "")
    if org.isdigit():
        datasets = datasets.filter(organization_id=int(org))
    q = request.GET.get("q", "").strip()
    if q:
        datasets = datasets.filter(Q(title__icontains=q) | Q(keywords__icontains=q))
    items = DaftarDataItem.objects.none()
    if permissions.can_create_datasets(request.user):
        items = DaftarDataItem.objects.filter(status=ItemStatus.ACCEPTED, datasets__isnull=True).select_related(
            "organization", "cycle"
        )
        if not permissions.can_manage_any_dataset(request.user):
            items = items.filter(organization_id__in=request.user.producer_org_ids())
    context = {
        "datasets": datasets,
        "organizations": Organization.objects.filter(datasets__isnull=False).distinct(),
        "org": org,
        "q": q,
        "items": items[:200],
        "mine": request.user.producer_org_ids(),
    }
    return render(request, "datasets/dataset_list.html", context)


@require_POST
def dataset_from_item(request: AuthenticatedHttpRequest) -> HttpResponse:
    item = get_object_or_404(DaftarDataItem, pk=request.POST.get("item") or 0, status=ItemStatus.ACCEPTED)
    dataset = actions.do_create_dataset_from_item(item=item, acting_user=request.user)
    messages.success(
        request, _("Dataset dibuat dari butir Daftar Data %(id)s. Periksa skema kolomnya.") % {"id": item.id_ddd}
    )
    return redirect("datasets:schema", dataset.slug)


def dataset_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug)
    schema_version = dataset.current_schema
    context = {
        "dataset": dataset,
        "schema_version": schema_version,
        "schema": schema_version.table_schema if schema_version else None,
        "versions": visible_versions(request.user, dataset),
        "releases": dataset.releases.all()[:10],
        "can_edit": permissions.can_edit_dataset(request.user, dataset),
        "can_view_data": permissions.can_view_data(request.user, dataset),
        "can_add": permissions.can_add_version(request.user, dataset),
        "can_lock": permissions.can_lock_schema(request.user) and schema_version and not schema_version.is_locked,
        "can_reference": permissions.can_enter_reference_figure(request.user),
        "figures": ReferenceFigure.objects.filter(dataset=dataset).select_related("entered_by")[:50],
        "reference_form": _reference_form(dataset),
        "imports": dataset.imports.filter(created_by=request.user)[:5],
    }
    return render(request, "datasets/dataset_detail.html", context)


def _reference_form(dataset: Dataset, data: dict[str, str] | None = None) -> ReferenceFigureForm:
    schema = dataset.current_schema
    columns = [(f.name, f.label) for f in schema.table_schema.measures] if schema else []
    return ReferenceFigureForm(data, columns=columns)


def dataset_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug, write=True)
    form = DatasetForm(request.POST or None, instance=Dataset.objects.get(pk=dataset.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        actions.do_update_dataset(dataset=dataset, changes=changes, acting_user=request.user)
        messages.success(request, _("Dataset disimpan."))
        return redirect(dataset)
    return render(request, "datasets/dataset_form.html", {"dataset": dataset, "form": form})


def schema_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug, write=True)
    current = dataset.current_schema
    table = current.table_schema if current else None
    kwargs = {"code_choices": code_ref_choices(settings.REGION_CODE), "standard_choices": standard_choices()}
    initial = [SchemaFieldForm.initial_for(f) for f in table.fields] if table else []
    formset = SchemaFormSet(request.POST or None, initial=initial, form_kwargs=kwargs, prefix="kolom")
    primary_key = request.POST.get("primary_key", ", ".join(table.primary_key) if table else "")
    note = request.POST.get("note", "")
    error = ""
    if request.method == "POST" and formset.is_valid():
        assert isinstance(formset, BaseSchemaFormSet)
        descriptor: dict[str, object] = {"fields": formset.descriptors()}
        keys = [k.strip() for k in primary_key.split(",") if k.strip()]
        if keys:
            descriptor["primaryKey"] = keys
        try:
            saved = actions.do_save_schema(dataset=dataset, descriptor=descriptor, note=note, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Skema disimpan sebagai skema nomor %(n)s.") % {"n": saved.number})
            return redirect(dataset)
    context = {
        "dataset": dataset,
        "current": current,
        "formset": formset,
        "primary_key": primary_key,
        "note": note,
        "error": error,
    }
    return render(request, "datasets/schema_form.html", context)


@require_POST
def schema_lock(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug)
    current = dataset.current_schema
    if current is None:
        raise Http404
    actions.do_lock_schema(schema=current, acting_user=request.user)
    messages.success(
        request, _("Skema nomor %(n)s dikunci; perubahan berikutnya menjadi skema baru.") % {"n": current.number}
    )
    return redirect(dataset)


@require_POST
def reference_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug)
    if not permissions.can_enter_reference_figure(request.user):
        raise PermissionDenied
    form = _reference_form(dataset, request.POST)
    if form.is_valid():
        try:
            actions.do_add_reference_figure(dataset=dataset, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Angka rujukan disimpan; dibandingkan pada pengajuan berikutnya."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect(dataset)


def schema_json(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The current schema as a Table Schema descriptor (to reuse elsewhere or check with tools)."""
    dataset = get_dataset(request.user, slug)
    current = dataset.current_schema
    if current is None:
        raise Http404
    import json

    body = json.dumps(TableSchema.from_descriptor(current.descriptor).to_descriptor(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-skema-{current.number}.json"'
    return response
