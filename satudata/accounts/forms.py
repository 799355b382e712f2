from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Organization, Role, User


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "slug",
            "kind",
            "head_name",
            "head_nip",
            "email",
            "phone",
            "address",
            "website",
            "is_active",
        ]
        help_texts = {"slug": _("Huruf kecil, angka dan tanda hubung; dipakai di alamat halaman dan saringan.")}


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("Kata sandi baru"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Ulangi kata sandi baru"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, target: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                validate_password(first, self.target)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MemberForm(forms.Form):
    """Give a role in this OPD to an existing account, or create the account at the same time."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices, initial=Role.PRODUCER)
    full_name = forms.CharField(
        label=_("Nama lengkap"), max_length=200, required=False, help_text=_("Untuk akun baru.")
    )
    email = forms.EmailField(label=_("Surel"), required=False)
    password = forms.CharField(
        label=_("Kata sandi awal"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Wajib untuk akun baru; minta pengguna menggantinya setelah masuk."),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = data.get("username", "")
        # "Budi" typed for the existing "budi" means that person, not a second account differing only
        # in case; should old data hold both spellings, the exact one wins.
        same = User.objects.filter(username__iexact=username)
        self.existing = same.filter(username=username).first() or same.first()
        if self.existing is None and username:
            try:
                for validate in User._meta.get_field("username").validators:
                    validate(username)
            except forms.ValidationError:
                # create_user() does not run the model field's validators, so a name with a space would be
                # stored. Our own message, because Django's does not say which field it is about.
                self.add_error(
                    "username",
                    _("Nama pengguna hanya boleh berisi huruf, angka dan tanda @ . + - _ (tanpa spasi)."),
                )
            if not data.get("full_name"):
                self.add_error(
                    "full_name", _("Akun '%(username)s' belum ada: isi nama lengkapnya.") % {"username": username}
                )
            password = data.get("password", "")
            if not password:
                self.add_error(
                    "password", _("Akun '%(username)s' belum ada: isi kata sandi awal.") % {"username": username}
                )
            else:
                try:
                    validate_password(password, User(username=username, full_name=data.get("full_name", "")))
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        return data

    def user(self) -> User:
        if self.existing is not None:
            return self.existing
        data = self.cleaned_data
        return User.objects.create_user(
            username=data["username"], password=data["password"], full_name=data["full_name"], email=data["email"]
        )
