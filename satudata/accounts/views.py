from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.accounts import permissions
from satudata.accounts.actions import do_add_member, do_remove_member, do_set_active, do_set_password
from satudata.accounts.forms import MemberForm, OrganizationForm, SetPasswordForm
from satudata.accounts.models import Membership, MembershipEvent, Organization, Role
from satudata.core.http import AuthenticatedHttpRequest


def _rw(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_manage_organizations(request.user):
        raise PermissionDenied


def _readable(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_view_organizations(request.user):
        raise Http404


def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _readable(request)
    organizations = Organization.objects.annotate(members=Count("memberships"))
    can_manage = permissions.can_manage_organizations(request.user)
    return render(
        request, "accounts/organization_list.html", {"organizations": organizations, "can_manage": can_manage}
    )


def organization_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _rw(request)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, _("%(name)s ditambahkan.") % {"name": org.name})
        return redirect("accounts:organization", slug=org.slug)
    return render(request, "accounts/organization_form.html", {"form": form}, status=400 if form.errors else 200)


def organization_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _rw(request)
    org = get_object_or_404(Organization, slug=slug)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, _("Perubahan tersimpan."))
        return redirect("accounts:organization", slug=org.slug)
    return render(
        request, "accounts/organization_form.html", {"form": form, "org": org}, status=400 if form.errors else 200
    )


def organization_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _readable(request)
    org = get_object_or_404(Organization, slug=slug)
    can_manage = permissions.can_manage_organizations(request.user)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        _rw(request)
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = form.user()
                    do_add_member(
                        user=user, organization=org, role=Role(form.cleaned_data["role"]), acting_user=request.user
                    )
            except ValidationError as exc:
                form.add_error("username", exc)
            else:
                messages.success(
                    request,
                    _("%(user)s kini %(role)s di %(org)s.")
                    % {
                        "user": user.display_name(),
                        "role": Role(form.cleaned_data["role"]).label,
                        "org": org.short_name,
                    },
                )
                return redirect("accounts:organization", slug=org.slug)
    memberships = list(org.memberships.select_related("user").order_by("role", "user__username"))
    manageable = {m.pk for m in memberships if permissions.can_manage_account(request.user, m.user)}
    context = {
        "org": org, "can_manage": can_manage, "form": form,
        "memberships": memberships,
        "manageable": manageable,
        "history": MembershipEvent.objects.filter(organization=org).select_related("user", "actor")[:20] if can_manage else [],
    }  # fmt: skip
    return render(request, "accounts/organization_detail.html", context, status=400 if form.errors else 200)


def _managed_member(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Membership:
    _rw(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization"), organization__slug=slug, pk=pk
    )
    if not permissions.can_manage_account(request.user, membership.user):
        raise PermissionDenied(_("Akun ini tidak dapat Anda kelola."))
    return membership


def member_password(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _managed_member(request, slug, pk)
    assert membership.organization is not None
    form = SetPasswordForm(request.POST or None, target=membership.user)
    if request.method == "POST" and form.is_valid():
        do_set_password(
            target=membership.user,
            password=form.cleaned_data["password1"],
            organization=membership.organization,
            acting_user=request.user,
        )
        messages.success(
            request,
            _("Kata sandi %(user)s disetel ulang. Sampaikan kepadanya secara langsung dan minta ia menggantinya.")
            % {"user": membership.user.display_name()},
        )
        return redirect("accounts:organization", slug=slug)
    context = {"org": membership.organization, "member": membership.user, "form": form}
    return render(request, "accounts/member_password.html", context, status=400 if form.errors else 200)


@require_POST
def member_active(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _managed_member(request, slug, pk)
    assert membership.organization is not None
    active = request.POST.get("active") == "1"
    do_set_active(target=membership.user, active=active, organization=membership.organization, acting_user=request.user)
    if active:
        messages.success(request, _("Akun %(user)s aktif kembali.") % {"user": membership.user.display_name()})
    else:
        messages.success(
            request,
            _("Akun %(user)s dinonaktifkan; ia tidak dapat masuk lagi.") % {"user": membership.user.display_name()},
        )
    return redirect("accounts:organization", slug=slug)


@require_POST
def membership_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _rw(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization"), organization__slug=slug, pk=pk
    )
    try:
        do_remove_member(membership=membership, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Peran %(role)s dicabut dari %(user)s.")
            % {"role": membership.get_role_display(), "user": membership.user.display_name()},
        )
    return redirect("accounts:organization", slug=slug)
