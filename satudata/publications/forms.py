from __future__ import annotations

import struct
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from satudata.accounts.models import Organization, User
from satudata.core.uploads import check_upload
from satudata.datasets.models import Dataset
from satudata.publications import permissions
from satudata.publications.html import clean_html
from satudata.publications.models import NewsPost, Publication

# "Dalam Angka" books with photographs easily pass 20 MB; covers are a single page.
MAX_PDF_BYTES = 60 * 1024 * 1024
MAX_COVER_BYTES = 5 * 1024 * 1024
# Phones and cameras often write multi-picture JPEGs, which Pillow calls MPO.
IMAGE_FORMATS = {"PNG", "JPEG", "MPO"}


def check_cover(file: UploadedFile) -> UploadedFile:
    """A PNG or JPEG that Pillow can decode completely (a renamed or truncated file is refused)."""
    check_upload(file, kinds=("png", "jpg", "jpeg"), max_size=MAX_COVER_BYTES)
    name = file.name or ""
    try:
        with Image.open(file) as image:
            image.verify()
        file.seek(0)
        with Image.open(file) as image:
            image.load()
            kind = image.format
    except (OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Berkas '%(name)s' bukan gambar PNG atau JPEG yang utuh; simpan ulang gambarnya lalu unggah lagi.")
            % {"name": name}
        ) from exc
    finally:
        file.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("Berkas '%(name)s' bukan gambar PNG atau JPEG.") % {"name": name})
    return file


class DatasetsField(forms.ModelMultipleChoiceField[Dataset]):
    def label_from_instance(self, obj: Dataset) -> str:
        return f"{obj.title} ({obj.organization.short_name})"


class PublicationForm(forms.ModelForm[Publication]):
    """A publication's description and files. Producers choose among their own OPDs only."""

    class Meta:
        model = Publication
        fields = ["title", "kind", "organization", "year", "description", "file", "cover", "datasets"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "file": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
            # Not ClearableFileInput: its "currently" link points at /media/, which is never served.
            "cover": forms.FileInput(attrs={"accept": "image/png,image/jpeg,.png,.jpg,.jpeg"}),
            "datasets": forms.CheckboxSelectMultiple,
        }
        field_classes = {"datasets": DatasetsField}
        help_texts = {
            "file": gettext_lazy("Satu berkas PDF, paling besar 60 MB."),
            "cover": gettext_lazy("Gambar PNG atau JPEG halaman sampul, paling besar 5 MB (tidak wajib)."),
            "datasets": gettext_lazy("Dataset yang datanya dipakai; hanya dataset terbuka yang terbit tampil publik."),
        }

    remove_cover = forms.BooleanField(label=gettext_lazy("Hapus sampul yang ada"), required=False)
    field_order = ["title", "kind", "organization", "year", "description", "file", "cover", "remove_cover"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.cover:
            del self.fields["remove_cover"]
        orgs = Organization.objects.filter(is_active=True)
        if not permissions.can_manage_publications(user):
            orgs = orgs.filter(pk__in=user.producer_org_ids())
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = orgs
        datasets = self.fields["datasets"]
        assert isinstance(datasets, forms.ModelMultipleChoiceField)
        datasets.queryset = Dataset.objects.select_related("organization").order_by("organization__name", "title")
        year = self.fields["year"]
        this_year = timezone.localdate().year
        year.validators += [MinValueValidator(1945), MaxValueValidator(this_year + 1)]
        if not self.instance.pk:
            year.initial = this_year

    def clean_file(self) -> UploadedFile | None:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, not the stored file kept on edit
            check_upload(file, kinds=("pdf",), max_size=MAX_PDF_BYTES)
        return file

    def clean_cover(self) -> UploadedFile | None:
        cover = self.cleaned_data.get("cover")
        if isinstance(cover, UploadedFile):
            check_cover(cover)
        return cover

    def changes(self) -> dict[str, Any]:
        """What the user changed, for `do_update_publication` (a removed cover becomes "")."""
        changes = {name: self.cleaned_data[name] for name in self.changed_data if name != "remove_cover"}
        if self.cleaned_data.get("remove_cover") and "cover" not in changes:
            changes["cover"] = ""
        return changes


class NewsForm(forms.ModelForm[NewsPost]):
    class Meta:
        model = NewsPost
        fields = ["title", "summary", "body"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14, "data-editor": "rich"}),
        }
        help_texts = {
            "body": gettext_lazy(
                "Format teks dengan tombol di atas kotak isi. Tanpa JavaScript, tulis HTML sederhana: <p>, <h2>, "
                "<h3>, <strong>, <em>, <ul>/<ol>/<li>, <a href>, <blockquote>, tabel. Selain itu dibuang saat disimpan."
            ),
        }

    def clean_body(self) -> str:
        body = clean_html(self.cleaned_data.get("body", ""))
        if not body:
            raise ValidationError(_("Isi berita kosong setelah dibersihkan; tulis isinya."))
        return body


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan penarikan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompileForm(forms.Form):
    """The publication compiler's choices (SOP step 13)."""

    title = forms.CharField(label=gettext_lazy("Judul"), max_length=300)
    subtitle = forms.CharField(label=gettext_lazy("Subjudul"), max_length=300, required=False)
    organization = forms.ModelChoiceField(label=gettext_lazy("Penerbit"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Tahun"))
    number = forms.CharField(label=gettext_lazy("Nomor publikasi"), max_length=100, required=False)
    foreword = forms.CharField(
        label=gettext_lazy("Kata pengantar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=gettext_lazy("Pisahkan paragraf dengan satu baris kosong."),
    )
    datasets = DatasetsField(
        label=gettext_lazy("Dataset"),
        queryset=Dataset.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Dataset terbuka yang sudah terbit; satu bab per topik, satu subbab per dataset (tabel, grafik, narasi)."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from satudata.publications.compiler import compilable_datasets

        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(is_active=True)
        if not permissions.can_manage_publications(user):
            orgs = orgs.filter(pk__in=user.producer_org_ids())
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = orgs
        datasets = self.fields["datasets"]
        assert isinstance(datasets, forms.ModelMultipleChoiceField)
        datasets.queryset = compilable_datasets()
        year = self.fields["year"]
        this_year = timezone.localdate().year
        year.validators += [MinValueValidator(1945), MaxValueValidator(this_year + 1)]
        year.initial = this_year
