"""An activity's metadata (MS-Keg, MS-Var, MS-Ind) as INDAH v2 JSON, and back.

There is no public INDAH API (domain-reference §3.2), so the portal exports one JSON document per
activity and imports the same document without loss::

    {"format": "indah-v2",
     "kegiatan": {base_id, submission_period, data: {…}, reviews, status, rejection_note, submitter,
                  produsen_data, walidata_pusat, version: "v2", changes},
     "variabel": [<MS-Var data>, …],
     "indikator": [<MS-Ind data>, …]}

``data`` holds the header items at top level and ``blok_i`` … ``blok_viii``. Code lists give their
INDAH names (``codes.py``: ``indah_field``, enums, flag keys); every other key is in the tables
below, one place to correct once BPS documents its API. A key marked ``[CLIENT]`` was seen in the
unofficial Python client of ``indah-api.bps.go.id`` (code-id 58717691313, the source of the
reference's INDAH names); ``[INFER]`` marks a key seen nowhere, derived from the form label, or one
of ours that INDAH does not have but that the portal needs to read its own export back unchanged.

Lists in INDAH where our model has one text (MS-Var konsep, referensi pemilihan, aturan validasi;
MS-Ind konsep, klasifikasi penyajian, publikasi, kegiatan penghasil) are split on the field's
separator (``TEXT_LIST_SEPARATORS``) only when joining the parts gives the text back; otherwise the
text goes as a single item. So the round trip is exact; the only normalisation is that Windows line
ends (``\\r\\n``, as browsers send textareas) come back as ``\\n``.

Import is all or nothing: ``parse_document`` reads and checks the whole document without touching
the database and names every problem by its path (``kegiatan.data.blok_iv.frekuensi_penyelanggara``,
``variabel[2].nama``, 0-based); ``import_activity`` adds the checks that need the database (Standar
Data, kode wilayah) and writes the draft, its variables and indicators in one transaction. Import
refuses the contradictions the block forms refuse (``rules.contradictions``), accepts the older enum
spellings (``indah_aliases``) and labels, ignores keys it does not know, and reduces what INDAH allows
several of to the form's one: a stage's periods to their span, a product's release dates to the
earliest. A key that is missing leaves the model's default; ``null`` means empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _

from satudata.accounts.models import Organization, User
from satudata.metadata import codes, permissions, rules
from satudata.metadata.actions import do_create_activity, do_save_metadata_row
from satudata.metadata.models import ActivityEvent, Indicator, MetadataStatus, StatisticalActivity, Variable
from satudata.planning.models import Cycle
from satudata.reference.models import DataStandard, Wilayah

FORMAT: Final = "indah-v2"
VERSION: Final = "v2"

# --- the mapping tables ------------------------------------------------------------------------

# MS-Keg: model field → dotted path in the envelope's ``data``, in form order (the export writes the
# keys in this order). Code-list fields take their path from codes.py.
KEGIATAN_PATHS: Final[dict[str, str]] = {
    # Halaman awal
    "title": "judul_kegiatan",  # [CLIENT]
    "year": "tahun",  # [CLIENT] (the client sends a string; a number is written, both are read)
    "kode_kegiatan": "kode_kegiatan",  # [INFER] "Kode Kegiatan (diisi oleh petugas)"
    "cara_pengumpulan": codes.CARA_PENGUMPULAN_DATA.indah_field,
    "sektor": codes.SEKTOR_KEGIATAN.indah_field,
    "jenis_statistik": codes.JENIS_KEGIATAN_STATISTIK.indah_field,
    # [INFER] INDAH has no flag (Ya ⇔ identitas_rekomendasi filled); written so that "Tidak" and
    # "not answered yet" survive the round trip. The client's CSV column has this name.
    "rekomendasi": "rekomendasi_dari_bps",
    "identitas_rekomendasi": codes.REKOMENDASI_BPS.indah_field,
    # Blok I
    "instansi": "blok_i.instansi_penyelanggara",  # [CLIENT] (sic, as in the reference)
    "instansi_alamat": "blok_i.alamat_instansi_penyelenggara.alamat",  # [CLIENT]
    "instansi_telepon": "blok_i.alamat_instansi_penyelenggara.telepon",  # [CLIENT]
    "instansi_faksimile": "blok_i.alamat_instansi_penyelenggara.faksimile",  # [CLIENT]
    "instansi_email": "blok_i.alamat_instansi_penyelenggara.email",  # [CLIENT]
    # Blok II
    "eselon_1": "blok_ii.unit_penanggung_jawab.eselon1",  # [CLIENT]
    "eselon_2": "blok_ii.unit_penanggung_jawab.eselon2",  # [CLIENT]
    "pj_nama": "blok_ii.penanggung_jawab_teknis.nama",  # [CLIENT]
    "pj_jabatan": "blok_ii.penanggung_jawab_teknis.jabatan",  # [CLIENT]
    "pj_alamat": "blok_ii.penanggung_jawab_teknis.alamat",  # [CLIENT]
    "pj_telepon": "blok_ii.penanggung_jawab_teknis.telepon",  # [CLIENT]
    "pj_faksimile": "blok_ii.penanggung_jawab_teknis.faksimile",  # [CLIENT]
    "pj_email": "blok_ii.penanggung_jawab_teknis.email",  # [CLIENT]
    # Blok III (3.4 is written from the MS-Var rows, read from "variabel")
    "latar_belakang": "blok_iii.latar_belakang_kegiatan",  # [CLIENT]
    "tujuan": "blok_iii.tujuan_kegiatan",  # [CLIENT]
    "jadwal": codes.JADWAL_KEGIATAN.indah_field,  # {stage: [{awal, akhir}]}
    # Blok IV
    "dilakukan": codes.KEGIATAN_DILAKUKAN.indah_field,
    "frekuensi": codes.FREKUENSI_PENYELENGGARAAN.indah_field,
    "tipe_pengumpulan": codes.TIPE_PENGUMPULAN_DATA.indah_field,
    "cakupan_wilayah": codes.CAKUPAN_WILAYAH.indah_field,
    "wilayah_kegiatan": "blok_iv.sebagian_cakupan_wilayah_pengumpulan_data",  # [CLIENT]
    "metode_pengumpulan": codes.METODE_PENGUMPULAN_DATA.indah_field,
    "sarana_pengumpulan": codes.SARANA_PENGUMPULAN_DATA.indah_field,
    "unit_pengumpulan": codes.UNIT_PENGUMPULAN_DATA.indah_field,
    # Blok V
    "jenis_rancangan_sampel": codes.JENIS_RANCANGAN_SAMPEL.indah_field,
    "metode_pemilihan_sampel": codes.METODE_PEMILIHAN_SAMPEL.indah_field,
    "metode_sampel": codes.METODE_SAMPEL.indah_field,
    "kerangka_sampel": codes.KERANGKA_SAMPEL.indah_field,
    "fraksi_sampel": "blok_v.fraksi_sampel_keseluruhan",  # [CLIENT]
    "sampling_error": "blok_v.nilai_perkiraan_sampling_error_variabel_utama",  # [CLIENT]
    "unit_sampel": "blok_v.unit_sampel",  # [CLIENT]
    "unit_observasi": "blok_v.unit_observasi",  # [CLIENT]
    # Blok VI
    "uji_coba": codes.UJI_COBA.indah_field,
    "pemeriksaan_kualitas": codes.METODE_PEMERIKSAAN_KUALITAS.indah_field,
    "penyesuaian_nonrespon": codes.PENYESUAIAN_NONRESPON.indah_field,
    "petugas": codes.PETUGAS_PENGUMPULAN_DATA.indah_field,
    "pendidikan_petugas": codes.PENDIDIKAN_PETUGAS.indah_field,
    "jumlah_supervisor": "blok_vi.jumlah_petugas_supervisor",  # [CLIENT]
    "jumlah_enumerator": "blok_vi.jumlah_petugas_enumerator",  # [CLIENT]
    "pelatihan_petugas": codes.PELATIHAN_PETUGAS.indah_field,
    # Blok VII
    "tahapan_pengolahan": codes.TAHAPAN_PENGOLAHAN_DATA.indah_field,
    "metode_analisis": codes.METODE_ANALISIS.indah_field,
    "unit_analisis": codes.UNIT_ANALISIS.indah_field,
    "tingkat_penyajian": codes.TINGKAT_PENYAJIAN.indah_field,
    # Blok VIII: one boolean per product directly in blok_viii; the dates under
    # codes.PRODUK_RENCANA_RILIS_INDAH (a list of dates each).
    "produk": codes.PRODUK_KEGIATAN.indah_field,
    "rencana_rilis": "blok_viii",
}

# 3.4, written for INDAH from the MS-Var rows and ignored on import (the rows come in "variabel").
VARIABEL_YANG_DIKUMPULKAN: Final = (
    "blok_iii.variabel_yang_dikumpulkan"  # [CLIENT] [{nama, konsep, definisi, referensi_waktu}]
)

# MS-Var and MS-Ind: model field → key of the row's data.
VARIABEL_KEYS: Final[dict[str, str]] = {
    "number": "no",  # [INFER] column (1); the list order is the fallback
    "name": "nama",
    "alias": "alias",
    "konsep": "konsep",  # list
    "definisi": "definisi",
    "referensi_pemilihan": "referensi_pemilihan",  # list
    "referensi_waktu": "referensi_waktu",
    "ukuran": "ukuran",
    "satuan": "satuan",
    "tipe_data": codes.TIPE_DATA_VARIABEL.indah_field,
    "value_domain": "value_domain",  # [{kode, nilai}]
    "aturan_validasi": "aturan_validasi",  # list
    "kalimat_pertanyaan": "kalimat_pertanyaan",
    "dapat_diakses_umum": codes.VARIABEL_DAPAT_DIAKSES_UMUM.indah_field,
}
INDIKATOR_KEYS: Final[dict[str, str]] = {
    "number": "no",  # [INFER] column (1)
    "name": "nama",
    "konsep": "konsep",  # list
    "definisi": "definisi",
    "interpretasi": "interpretasi",
    "metode_perhitungan": "metode_perhitungan",
    "rumus": "rumus",
    "ukuran": "ukuran",
    "satuan": "satuan",
    "klasifikasi_penyajian": "variabel_disaggregasi",  # [CLIENT] [{nama, sumber}]
    "komposit": codes.INDIKATOR_KOMPOSIT.indah_field,
    "indikator_pembangun": "indikator_pembangun",  # [{nama, sumber_publikasi: [...]}]
    "variabel_pembangun": "variabel_pembangun",  # [{nama, kegiatan_penghasil: [...], kode}]
    "level_estimasi": "level_estimasi",  # [CLIENT] free text
    "dapat_diakses_umum": codes.INDIKATOR_DAPAT_DIAKSES_UMUM.indah_field,
}
ID_SDS: Final = "id_sds"  # the INDAH Standar Data Statistik (DataStandard.sds_code)
KODE_STANDAR_DATA: Final = "kode_standar_data"  # [INFER] ours: DataStandard.code, for standards without an SDS code
VARIABEL_PEMBANGUN_KODE: Final = "kode"  # [INFER] column (14) Kode, which INDAH's {nama, kegiatan_penghasil} lacks
DISAGGREGASI_SUMBER: Final = "input-manual"  # [CLIENT] the "sumber" the client writes for typed names

# Separator of the items of a text that INDAH keeps as a list (see the module docstring).
TEXT_LIST_SEPARATORS: Final[dict[str, str]] = {
    "konsep": "\n",
    "aturan_validasi": "\n",
    "referensi_pemilihan": "; ",
    "klasifikasi_penyajian": ", ",
    "publikasi": "; ",
    "kegiatan": "; ",
}

# Our review status → INDAH's (codes.STATUS_METADATA).
STATUS_TO_INDAH: Final[dict[str, str]] = {
    MetadataStatus.DRAFT: "draft",
    MetadataStatus.SUBMITTED: "submitted",
    MetadataStatus.NEEDS_REVISION: "correction_required",
    MetadataStatus.ACCEPTED: "approved",
}

_ENUMS: Final[dict[str, codes.CodeList]] = {
    "cara_pengumpulan": codes.CARA_PENGUMPULAN_DATA,
    "sektor": codes.SEKTOR_KEGIATAN,
    "jenis_statistik": codes.JENIS_KEGIATAN_STATISTIK,
    "dilakukan": codes.KEGIATAN_DILAKUKAN,
    "frekuensi": codes.FREKUENSI_PENYELENGGARAAN,
    "tipe_pengumpulan": codes.TIPE_PENGUMPULAN_DATA,
    "cakupan_wilayah": codes.CAKUPAN_WILAYAH,
    "jenis_rancangan_sampel": codes.JENIS_RANCANGAN_SAMPEL,
    "metode_pemilihan_sampel": codes.METODE_PEMILIHAN_SAMPEL,
    "metode_sampel": codes.METODE_SAMPEL,
    "kerangka_sampel": codes.KERANGKA_SAMPEL,
    "petugas": codes.PETUGAS_PENGUMPULAN_DATA,
    "pendidikan_petugas": codes.PENDIDIKAN_PETUGAS,
    "metode_analisis": codes.METODE_ANALISIS,
}
_YES_NO: Final = frozenset({"rekomendasi", "uji_coba", "penyesuaian_nonrespon", "pelatihan_petugas"})
_ANSWERS: Final[dict[str, codes.YesNoGroup]] = {
    "tahapan_pengolahan": codes.TAHAPAN_PENGOLAHAN_DATA,
    "produk": codes.PRODUK_KEGIATAN,
}
_INTEGERS: Final = frozenset({"year", "jumlah_supervisor", "jumlah_enumerator"})
_EMAILS: Final = frozenset({"instansi_email", "pj_email"})


def field_path(field: str) -> str:
    """The INDAH path of an MS-Keg model field, also for the "Lainnya" text of a multi-choice item."""
    if field in KEGIATAN_PATHS:
        return KEGIATAN_PATHS[field]
    base = field.removesuffix("_lainnya")
    if base in codes.FLAG_FIELDS:
        return f"{KEGIATAN_PATHS[base]}.{codes.FLAG_FIELDS[base].indah_other_text_key}"
    return field


# --- export ------------------------------------------------------------------------------------


def export_activity(activity: StatisticalActivity) -> dict[str, Any]:
    """The activity's metadata as one INDAH v2 document (see the module docstring)."""
    variables = list(activity.variables.select_related("standard"))
    indicators = list(activity.indicators.select_related("standard"))
    return {
        "format": FORMAT,
        "kegiatan": _envelope(activity, _kegiatan_data(activity, variables)),
        "variabel": [_variabel_data(v) for v in variables],
        "indikator": [_indikator_data(i) for i in indicators],
    }


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[key] = value


def _or_none(value: str) -> str | None:
    return value if value else None


def to_list(text: str, separator: str) -> list[str]:
    """A text as INDAH's list: split on the separator when that loses nothing, else one item."""
    if not text:
        return []
    if separator == "\n":
        text = text.replace("\r\n", "\n")
    parts = text.split(separator)
    if all(part and part == part.strip() for part in parts):
        return parts
    return [text]


def from_list(items: Iterable[str], separator: str) -> str:
    return separator.join(items)


def bps_code(kode: str) -> str:
    """A Kemendagri code as BPS writes it, without dots: 35.14 → 3514 [INFER]."""
    return kode.replace(".", "")


def _wilayah_names(codes_wanted: Iterable[str]) -> dict[str, str]:
    return dict(Wilayah.objects.filter(kode__in=set(codes_wanted)).values_list("kode", "nama"))


def _kegiatan_data(activity: StatisticalActivity, variables: Sequence[Variable]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    regions = [str(k) for k in activity.wilayah_kegiatan or []]
    names = _wilayah_names([*regions, *(Wilayah.parent_code(k) or k for k in regions)])
    for field, path in KEGIATAN_PATHS.items():
        value = getattr(activity, field)
        if field in _ENUMS:
            _put(data, path, _indah_enum(_ENUMS[field], value))
        elif field in _YES_NO:
            _put(data, path, _indah_bool(value))
        elif field in codes.FLAG_FIELDS:
            flags, text = codes.FLAG_FIELDS[field], getattr(activity, f"{field}_lainnya")
            _put(
                data,
                path,
                {**flags.to_indah(value or []), flags.indah_other_text_key: flags.indah_other_text(value or [], text)},
            )
        elif field in _ANSWERS:
            group, answers = _ANSWERS[field], value or {}
            exported: dict[str, bool | None] = dict(group.to_indah(answers))
            for entry in group:
                if entry.value not in answers:
                    exported[entry.indah_key] = None  # not answered yet: neither Ya nor Tidak
                _put(data, f"{path}.{entry.indah_key}", exported[entry.indah_key])
        elif field == "rencana_rilis":
            for product in codes.PRODUK_KEGIATAN:
                date = (value or {}).get(product.value)
                _put(data, codes.PRODUK_RENCANA_RILIS_INDAH[product.value], [date] if date else [])
        elif field == "jadwal":
            schedule = value or {}
            stages: dict[str, list[dict[str, str | None]]] = {}
            for stage in codes.JADWAL_KEGIATAN:
                if stage.value in schedule:
                    start, end = [*(schedule[stage.value] or []), None, None][:2]
                    stages[stage.indah_key] = [{"awal": start or None, "akhir": end or None}]
                else:
                    stages[stage.indah_key] = []
            _put(data, path, stages)
            _put(data, VARIABEL_YANG_DIKUMPULKAN, [
                {"nama": v.name, "konsep": _or_none(v.konsep), "definisi": _or_none(v.definisi),
                 "referensi_waktu": _or_none(v.referensi_waktu)}
                for v in variables
            ])  # fmt: skip
        elif field == "wilayah_kegiatan":
            rows = []
            for kode in regions:
                province = Wilayah.parent_code(kode) or kode
                rows.append({
                    "kode_provinsi": bps_code(province), "nama_provinsi": names.get(province, ""),
                    "kode_kabupaten_kota": bps_code(kode), "nama_kabupaten_kota": names.get(kode, ""),
                })  # fmt: skip
            _put(data, path, rows)
        elif field in _INTEGERS or field == "fraksi_sampel":
            _put(data, path, value)
        else:
            _put(data, path, _or_none(value))
    return data


def _indah_bool(value: str) -> bool | None:
    """A stored Ya/Tidak as INDAH's boolean; unanswered is null."""
    return codes.ya_tidak_to_bool(value) if value else None


def _indah_enum(code_list: codes.CodeList, value: str) -> str | None:
    return code_list.by_value(value).indah if value else None


def _standard_keys(standard: DataStandard | None) -> dict[str, str | None]:
    return {
        ID_SDS: (standard.sds_code or None) if standard else None,
        KODE_STANDAR_DATA: standard.code if standard else None,
    }


def _variabel_data(variable: Variable) -> dict[str, Any]:
    keys = VARIABEL_KEYS
    return {
        keys["number"]: variable.number,
        keys["name"]: variable.name,
        keys["alias"]: _or_none(variable.alias),
        keys["konsep"]: to_list(variable.konsep, TEXT_LIST_SEPARATORS["konsep"]),
        keys["definisi"]: _or_none(variable.definisi),
        keys["referensi_pemilihan"]: to_list(variable.referensi_pemilihan, TEXT_LIST_SEPARATORS["referensi_pemilihan"]),
        keys["referensi_waktu"]: _or_none(variable.referensi_waktu),
        keys["ukuran"]: _or_none(variable.ukuran),
        keys["satuan"]: _or_none(variable.satuan),
        keys["tipe_data"]: _indah_enum(codes.TIPE_DATA_VARIABEL, variable.tipe_data),
        keys["value_domain"]: [{"kode": p.get("kode", ""), "nilai": p.get("nilai", "")}
                               for p in variable.value_domain or []],
        keys["aturan_validasi"]: to_list(variable.aturan_validasi, TEXT_LIST_SEPARATORS["aturan_validasi"]),
        keys["kalimat_pertanyaan"]: _or_none(variable.kalimat_pertanyaan),
        keys["dapat_diakses_umum"]: _indah_bool(variable.dapat_diakses_umum),
        **_standard_keys(variable.standard),
    }  # fmt: skip


def _indikator_data(indicator: Indicator) -> dict[str, Any]:
    keys = INDIKATOR_KEYS
    return {
        keys["number"]: indicator.number,
        keys["name"]: indicator.name,
        keys["konsep"]: to_list(indicator.konsep, TEXT_LIST_SEPARATORS["konsep"]),
        keys["definisi"]: _or_none(indicator.definisi),
        keys["interpretasi"]: _or_none(indicator.interpretasi),
        keys["metode_perhitungan"]: _or_none(indicator.metode_perhitungan),
        keys["rumus"]: _or_none(indicator.rumus),
        keys["ukuran"]: _or_none(indicator.ukuran),
        keys["satuan"]: _or_none(indicator.satuan),
        keys["klasifikasi_penyajian"]: [
            {"nama": name, "sumber": DISAGGREGASI_SUMBER}
            for name in to_list(indicator.klasifikasi_penyajian, TEXT_LIST_SEPARATORS["klasifikasi_penyajian"])
        ],
        keys["komposit"]: _indah_bool(indicator.komposit),
        keys["indikator_pembangun"]: [
            {"nama": row.get("nama", ""),
             "sumber_publikasi": to_list(row.get("publikasi", ""), TEXT_LIST_SEPARATORS["publikasi"])}
            for row in indicator.indikator_pembangun or []
        ],
        keys["variabel_pembangun"]: [
            {"nama": row.get("nama", ""),
             "kegiatan_penghasil": to_list(row.get("kegiatan", ""), TEXT_LIST_SEPARATORS["kegiatan"]),
             VARIABEL_PEMBANGUN_KODE: row.get("kode", "")}
            for row in indicator.variabel_pembangun or []
        ],
        keys["level_estimasi"]: _or_none(indicator.level_estimasi),
        keys["dapat_diakses_umum"]: _indah_bool(indicator.dapat_diakses_umum),
        **_standard_keys(indicator.standard),
    }  # fmt: skip


def _organization(org: Organization) -> dict[str, Any]:
    region = str(settings.REGION_CODE)
    province = Wilayah.parent_code(region) or region
    names = _wilayah_names([region, province])
    return {
        "id": None,  # INDAH's own id of the organisation, unknown here
        "name": org.name,
        "address": org.address or None,
        "province": {"code": bps_code(province), "name": names.get(province, "")},
        "city": {"code": bps_code(region), "name": names.get(region, str(settings.REGION_NAME))},
    }


def _envelope(activity: StatisticalActivity, data: dict[str, Any]) -> dict[str, Any]:
    organization = _organization(activity.organization)
    user = activity.created_by
    rejection = None
    if activity.status == MetadataStatus.NEEDS_REVISION:
        event = (
            activity.events.filter(kind=ActivityEvent.Kind.REVIEWED, to_status=MetadataStatus.NEEDS_REVISION)
            .order_by("-created", "-id")
            .first()
        )
        rejection = (event.note or None) if event else None
    return {
        "base_id": None,  # INDAH's id of the record, unknown until BPS assigns one
        "submission_period": activity.cycle.year,
        "data": data,
        "reviews": None,
        "status": codes.STATUS_METADATA.by_value(STATUS_TO_INDAH[activity.status]).indah,
        "rejection_note": rejection,
        "submitter": {
            "username": user.username,
            "name": user.full_name or user.username,
            "email": user.email or None,
            "organization": organization,
        },
        "produsen_data": {
            "id": None,
            "name": organization["name"],
            "province_code": organization["province"]["code"],
            "city_code": organization["city"]["code"],
        },
        "walidata_pusat": None,
        "version": VERSION,
        "changes": None,
    }


# --- import ------------------------------------------------------------------------------------


def _kind(value: object) -> str:
    """The JSON type of a value, in Indonesian, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return _("angka")
    if isinstance(value, str):
        return _("teks")
    if isinstance(value, list):
        return _("daftar")
    if isinstance(value, dict):
        return _("objek")
    return type(value).__name__


def _max_length(model: type[models.Model], field: str) -> int | None:
    found = model._meta.get_field(field)
    return getattr(found, "max_length", None)


class _Reader:
    """Reads values out of the document; every problem is kept with its path, none stops reading."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        text = f"{where}: {message}"
        if text not in self.errors:
            self.errors.append(text)

    def at(self, data: Mapping[str, Any], path: str, where: str) -> tuple[bool, Any]:
        """``(present, value)`` of a dotted path; a parent that is not an object is reported."""
        node: Any = data
        parts = path.split(".")
        for depth, part in enumerate(parts):
            if not isinstance(node, Mapping):
                prefix = ".".join([where, *parts[:depth]])
                self.fail(prefix, _("harus objek, bukan %(kind)s.") % {"kind": _kind(node)})
                return False, None
            if part not in node:
                return False, None
            node = node[part]
        return True, node

    def text(self, raw: Any, where: str, *, max_length: int | None = None, email: bool = False) -> str:
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.fail(where, _("harus teks, bukan %(kind)s.") % {"kind": _kind(raw)})
            return ""
        self.limit(raw, where, max_length)
        if email and raw:
            try:
                validate_email(raw)
            except ValidationError:
                self.fail(where, _("%(value)r bukan alamat surel yang sah.") % {"value": raw})
        return raw

    def required_text(self, raw: Any, where: str, *, max_length: int | None = None) -> str:
        value = self.text(raw, where, max_length=max_length)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.fail(where, _("wajib diisi."))
        return value

    def integer(self, raw: Any, where: str) -> int | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, str) and raw.strip().isdigit():
            return int(raw.strip())
        if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
            return raw
        if isinstance(raw, float) and raw.is_integer() and raw >= 0:
            return int(raw)
        self.fail(where, _("harus bilangan bulat 0 atau lebih, bukan %(value)r.") % {"value": raw})
        return None

    def number(self, raw: Any, where: str) -> float | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
        if isinstance(raw, str):
            try:
                return float(raw.strip().replace(",", "."))
            except ValueError:
                pass
        self.fail(where, _("harus bilangan, bukan %(value)r.") % {"value": raw})
        return None

    def enum(self, raw: Any, where: str, code_list: codes.CodeList) -> str:
        if raw is None or raw == "":
            return ""
        if isinstance(raw, str):
            # INDAH's own spelling or an alias; then the label written the way the clients turn a
            # label into an enum (upper case, other characters to "_").
            for candidate in (raw, re.sub(r"[^A-Z0-9]+", "_", raw.upper()).strip("_")):
                try:
                    return code_list.by_indah(candidate).value
                except ValueError:
                    continue
        choices = ", ".join(o.indah for o in code_list)
        self.fail(where, _("%(value)r tidak dikenal; pilihan: %(choices)s.") % {"value": raw, "choices": choices})
        return ""

    def boolean(self, raw: Any, where: str) -> bool | None:
        if raw is None or isinstance(raw, bool):
            return raw
        self.fail(where, _("harus true atau false, bukan %(value)r.") % {"value": raw})
        return None

    def yes_no(self, raw: Any, where: str) -> str:
        if isinstance(raw, str) and raw:
            return self.enum(raw, where, codes.YA_TIDAK)  # "YA"/"TIDAK" from a hand-made file
        answer = self.boolean(raw, where)
        return "" if answer is None else codes.bool_to_ya_tidak(answer)

    def obj(self, raw: Any, where: str) -> Mapping[str, Any] | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.fail(where, _("harus objek, bukan %(kind)s.") % {"kind": _kind(raw)})
            return None
        return raw

    def items(self, raw: Any, where: str) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(where, _("harus daftar, bukan %(kind)s.") % {"kind": _kind(raw)})
            return []
        return raw

    def objects(self, raw: Any, where: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The objects of a list, each with its path."""
        found = []
        for index, item in enumerate(self.items(raw, where)):
            at = f"{where}[{index}]"
            if not isinstance(item, Mapping):
                self.fail(at, _("harus objek, bukan %(kind)s.") % {"kind": _kind(item)})
                continue
            found.append((at, item))
        return found

    def limit(self, text: str, where: str, max_length: int | None) -> None:
        if max_length is not None and len(text) > max_length:
            self.fail(where, _("paling banyak %(max)s karakter (ada %(n)s).") % {"max": max_length, "n": len(text)})

    def text_list(self, raw: Any, where: str, separator: str, *, max_length: int | None = None) -> str:
        parts = []
        for index, item in enumerate(self.items(raw, where)):
            if item is None:  # the Python client sends [null] for an empty list
                continue
            parts.append(self.text(item, f"{where}[{index}]"))
        joined = from_list(parts, separator)
        self.limit(joined, where, max_length)
        return joined

    def date(self, raw: Any, where: str) -> str | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip()[:10]).isoformat()
            except ValueError:
                pass
        self.fail(where, _("%(value)r bukan tanggal; tulis YYYY-MM-DD.") % {"value": raw})
        return None

    def flags(self, raw: Any, where: str, flag_list: codes.FlagList) -> tuple[list[str], str]:
        found = self.obj(raw, where)
        if found is None:
            return [], ""
        try:
            chosen = set(flag_list.from_indah(found))
        except ValueError:
            for option in flag_list:
                self.boolean(found.get(option.indah_key), f"{where}.{option.indah_key}")
            return [], ""
        text = self.text(found.get(flag_list.indah_other_text_key), f"{where}.{flag_list.indah_other_text_key}")
        # Undo FlagList.indah_other_text: options INDAH has no key for went out as "lainnya", their
        # labels first in the lainnya text.
        standing_in = {target for target in flag_list.indah_export_as.values() if target in chosen}
        if standing_in:
            parts = text.split("; ") if text else []
            for option in flag_list:
                if option.value in flag_list.indah_export_as and parts and parts[0] == option.label:
                    chosen.add(option.value)
                    parts.pop(0)
            text = "; ".join(parts)
            recovered = {v for v in flag_list.indah_export_as if v in chosen}
            if recovered and not text:
                chosen -= {flag_list.indah_export_as[v] for v in recovered}
        return sorted(chosen), text

    def answers(self, container: Mapping[str, Any], where: str, group: codes.YesNoGroup) -> dict[str, bool]:
        answers: dict[str, bool] = {}
        for entry in group:
            answer = self.boolean(container.get(entry.indah_key), f"{where}.{entry.indah_key}")
            if answer is not None:  # null or missing: not answered
                answers[entry.value] = answer
        return answers


def _read_kegiatan(data: Mapping[str, Any], reader: _Reader) -> dict[str, Any]:
    where = "kegiatan.data"
    fields: dict[str, Any] = {}
    for field, path in KEGIATAN_PATHS.items():
        at = f"{where}.{path}"
        if field in ("title", "year"):
            continue  # required: read below
        if field == "rencana_rilis":
            dates: dict[str, str] = {}
            any_present = False
            for product in codes.PRODUK_KEGIATAN:
                release_path = codes.PRODUK_RENCANA_RILIS_INDAH[product.value]
                present, raw = reader.at(data, release_path, where)
                if not present:
                    continue
                any_present = True
                found = [d for i, r in enumerate(reader.items(raw, f"{where}.{release_path}"))
                         if (d := reader.date(r, f"{where}.{release_path}[{i}]"))]  # fmt: skip
                if found:
                    dates[product.value] = min(found)  # one date per product here: the first release
            if any_present:
                fields[field] = dates
            continue
        present, raw = reader.at(data, path, where)
        if not present:
            continue
        if field in _ENUMS:
            fields[field] = reader.enum(raw, at, _ENUMS[field])
        elif field in _YES_NO:
            fields[field] = reader.yes_no(raw, at)
        elif field in codes.FLAG_FIELDS:
            fields[field], fields[f"{field}_lainnya"] = reader.flags(raw, at, codes.FLAG_FIELDS[field])
            other = f"{field}_lainnya"
            reader.limit(fields[other], f"{where}.{field_path(other)}", _max_length(StatisticalActivity, other))
        elif field in _ANSWERS:
            container = reader.obj(raw, at)
            fields[field] = reader.answers(container, at, _ANSWERS[field]) if container is not None else {}
        elif field == "jadwal":
            fields[field] = _read_schedule(raw, at, reader)
        elif field == "wilayah_kegiatan":
            fields[field] = _read_regions(raw, at, reader)
        elif field in _INTEGERS:
            fields[field] = reader.integer(raw, at)
        elif field == "fraksi_sampel":
            fields[field] = reader.number(raw, at)
        else:
            fields[field] = reader.text(
                raw, at, max_length=_max_length(StatisticalActivity, field), email=field in _EMAILS
            )
    if "rekomendasi" not in fields and fields.get("identitas_rekomendasi"):
        fields["rekomendasi"] = "ya"  # INDAH's own rule: Ya ⇔ identitas_rekomendasi filled
    raw = reader.at(data, KEGIATAN_PATHS["title"], where)[1]
    at = f"{where}.{KEGIATAN_PATHS['title']}"
    fields["title"] = reader.required_text(raw, at, max_length=_max_length(StatisticalActivity, "title"))
    raw = reader.at(data, KEGIATAN_PATHS["year"], where)[1]
    at = f"{where}.{KEGIATAN_PATHS['year']}"
    if raw is None or raw == "":
        reader.fail(at, _("wajib diisi."))
    elif (year := reader.integer(raw, at)) is not None:
        fields["year"] = year
    return fields


def _read_schedule(raw: Any, where: str, reader: _Reader) -> dict[str, list[str | None]]:
    stages = reader.obj(raw, where)
    schedule: dict[str, list[str | None]] = {}
    if stages is None:
        return schedule
    for stage in codes.JADWAL_KEGIATAN:
        at = f"{where}.{stage.indah_key}"
        starts, ends = [], []
        for period_at, period in reader.objects(stages.get(stage.indah_key), at):
            starts.append(reader.date(period.get("awal"), f"{period_at}.awal"))
            ends.append(reader.date(period.get("akhir"), f"{period_at}.akhir"))
        known_starts, known_ends = [s for s in starts if s], [e for e in ends if e]
        if known_starts or known_ends:
            # The form has one period per stage: several INDAH periods become the span of them all.
            schedule[stage.value] = [min(known_starts, default=None), max(known_ends, default=None)]
    return schedule


def kemendagri_code(province: str, regency: str) -> str | None:
    """A regency code as stored here (35.14) from INDAH's pair, written 3514, 35.14, or 14 beside 35."""
    regency, province = regency.strip().replace(".", ""), province.strip().replace(".", "")
    if len(regency) == 2 and len(province) == 2:
        regency = province + regency
    if len(regency) == 4 and regency.isdigit():
        return f"{regency[:2]}.{regency[2:]}"
    return None


def _read_regions(raw: Any, where: str, reader: _Reader) -> list[str]:
    regions: list[str] = []
    for index, row in enumerate(reader.items(raw, where)):
        at = f"{where}[{index}]"
        if isinstance(row, str):  # our own list of codes, from a hand-made file
            row = {"kode_kabupaten_kota": row}
        found = reader.obj(row, at)
        if found is None:
            continue
        regency = reader.text(found.get("kode_kabupaten_kota"), f"{at}.kode_kabupaten_kota")
        province = reader.text(found.get("kode_provinsi"), f"{at}.kode_provinsi")
        code = kemendagri_code(province, regency)
        if code is None:
            reader.fail(
                f"{at}.kode_kabupaten_kota",
                _("%(value)r bukan kode kabupaten/kota; tulis mis. 3514 atau 35.14.") % {"value": regency},
            )
        elif code not in regions:
            regions.append(code)
    return regions


def _row_data(raw: Any, where: str, reader: _Reader) -> Mapping[str, Any] | None:
    if not isinstance(raw, Mapping):
        reader.fail(where, _("harus objek, bukan %(kind)s.") % {"kind": _kind(raw)})
        return None
    found: Mapping[str, Any] = raw
    # An INDAH record envelope ({…, data: {…}, version}) is read as its data.
    if isinstance(found.get("data"), Mapping) and "version" in found:
        return found["data"]  # type: ignore[no-any-return]
    return found


def _standard_ref(row: Mapping[str, Any], where: str, reader: _Reader) -> dict[str, str]:
    sds = row.get(ID_SDS)
    if isinstance(sds, int) and not isinstance(sds, bool):
        sds = str(sds)  # the Python client sends a number when it looks like one
    return {
        "standard_code": reader.text(row.get(KODE_STANDAR_DATA), f"{where}.{KODE_STANDAR_DATA}"),
        "sds_code": reader.text(sds, f"{where}.{ID_SDS}"),
    }


class _Row:
    """Reads one MS-Var or MS-Ind row: its keys come from the table, its limits from the model."""

    def __init__(
        self, row: Mapping[str, Any], where: str, keys: Mapping[str, str], model: type[models.Model], reader: _Reader
    ) -> None:
        self.row, self.where, self.keys, self.model, self.reader = row, where, keys, model, reader

    def raw(self, field: str) -> Any:
        return self.row.get(self.keys[field])

    def at(self, field: str) -> str:
        return f"{self.where}.{self.keys[field]}"

    def text(self, field: str) -> str:
        return self.reader.text(self.raw(field), self.at(field), max_length=_max_length(self.model, field))

    def required(self, field: str) -> str:
        return self.reader.required_text(self.raw(field), self.at(field), max_length=_max_length(self.model, field))

    def listed(self, field: str) -> str:
        return self.reader.text_list(
            self.raw(field), self.at(field), TEXT_LIST_SEPARATORS[field], max_length=_max_length(self.model, field)
        )

    def number(self, index: int) -> int:
        number = self.reader.integer(self.raw("number"), self.at("number"))
        return index + 1 if number is None else number

    def yes_no(self, field: str) -> str:
        return self.reader.yes_no(self.raw(field), self.at(field))

    def objects(self, field: str) -> list[tuple[str, Mapping[str, Any]]]:
        return self.reader.objects(self.raw(field), self.at(field))


def _read_variable(raw: Any, index: int, reader: _Reader) -> dict[str, Any] | None:
    where = f"variabel[{index}]"
    data = _row_data(raw, where, reader)
    if data is None:
        return None
    row = _Row(data, where, VARIABEL_KEYS, Variable, reader)
    pairs = []
    for at, pair in row.objects("value_domain"):
        kode = pair.get("kode")
        if isinstance(kode, int) and not isinstance(kode, bool):
            kode = str(kode)  # a code typed as a number
        pairs.append({"kode": reader.text(kode, f"{at}.kode"), "nilai": reader.text(pair.get("nilai"), f"{at}.nilai")})
    return {
        "number": row.number(index),
        "name": row.required("name"),
        "alias": row.text("alias"),
        "konsep": row.listed("konsep"),
        "definisi": row.text("definisi"),
        "referensi_pemilihan": row.listed("referensi_pemilihan"),
        "referensi_waktu": row.text("referensi_waktu"),
        "ukuran": row.text("ukuran"),
        "satuan": row.text("satuan"),
        "tipe_data": reader.enum(row.raw("tipe_data"), row.at("tipe_data"), codes.TIPE_DATA_VARIABEL),
        "value_domain": pairs,
        "aturan_validasi": row.listed("aturan_validasi"),
        "kalimat_pertanyaan": row.text("kalimat_pertanyaan"),
        "dapat_diakses_umum": row.yes_no("dapat_diakses_umum"),
        **_standard_ref(data, where, reader),
    }


def _read_indicator(raw: Any, index: int, reader: _Reader) -> dict[str, Any] | None:
    where = f"indikator[{index}]"
    data = _row_data(raw, where, reader)
    if data is None:
        return None
    row = _Row(data, where, INDIKATOR_KEYS, Indicator, reader)
    names = [reader.text(item.get("nama"), f"{at}.nama") for at, item in row.objects("klasifikasi_penyajian")]
    klasifikasi = from_list([n for n in names if n], TEXT_LIST_SEPARATORS["klasifikasi_penyajian"])
    reader.limit(klasifikasi, row.at("klasifikasi_penyajian"), _max_length(Indicator, "klasifikasi_penyajian"))
    builders = [
        {
            "nama": reader.text(item.get("nama"), f"{at}.nama"),
            "publikasi": reader.text_list(
                item.get("sumber_publikasi"), f"{at}.sumber_publikasi", TEXT_LIST_SEPARATORS["publikasi"]
            ),
        }
        for at, item in row.objects("indikator_pembangun")
    ]
    made_of = [
        {
            "kegiatan": reader.text_list(
                item.get("kegiatan_penghasil"), f"{at}.kegiatan_penghasil", TEXT_LIST_SEPARATORS["kegiatan"]
            ),
            "kode": reader.text(item.get(VARIABEL_PEMBANGUN_KODE), f"{at}.{VARIABEL_PEMBANGUN_KODE}"),
            "nama": reader.text(item.get("nama"), f"{at}.nama"),
        }
        for at, item in row.objects("variabel_pembangun")
    ]
    komposit = row.yes_no("komposit")
    # The contradictions the indicator form refuses, in rules.check_indicator's words.
    if komposit == "ya" and made_of:
        reader.fail(
            row.at("variabel_pembangun"), _("(13)–(15) Variabel Pembangun harus kosong karena indikator komposit.")
        )
    if komposit == "tidak" and builders:
        reader.fail(
            row.at("indikator_pembangun"),
            _("(11)–(12) Indikator Pembangun harus kosong karena indikator tidak komposit."),
        )
    return {
        "number": row.number(index),
        "name": row.required("name"),
        "konsep": row.listed("konsep"),
        "definisi": row.text("definisi"),
        "interpretasi": row.text("interpretasi"),
        "metode_perhitungan": row.text("metode_perhitungan"),
        "rumus": row.text("rumus"),
        "ukuran": row.text("ukuran"),
        "satuan": row.text("satuan"),
        "klasifikasi_penyajian": klasifikasi,
        "komposit": komposit,
        "indikator_pembangun": builders,
        "variabel_pembangun": made_of,
        "level_estimasi": row.text("level_estimasi"),
        "dapat_diakses_umum": row.yes_no("dapat_diakses_umum"),
        **_standard_ref(data, where, reader),
    }


def _parse(document: Any, reader: _Reader) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(document, Mapping):
        reader.fail(_("dokumen"), _("harus objek JSON, bukan %(kind)s.") % {"kind": _kind(document)})
        return {}, [], []
    if document.get("format") != FORMAT:
        reader.fail(
            "format",
            _("%(value)r tidak dikenal; harus %(format)r.") % {"value": document.get("format"), "format": FORMAT},
        )
        return {}, [], []
    envelope = reader.obj(document.get("kegiatan"), "kegiatan")
    if envelope is None:
        if document.get("kegiatan") is None:
            reader.fail("kegiatan", _("wajib diisi."))
        return {}, [], []
    version = envelope.get("version")
    if version is not None and version != VERSION:
        reader.fail(
            "kegiatan.version", _("%(value)r tidak dikenal; harus %(format)r.") % {"value": version, "format": VERSION}
        )
    data = reader.obj(envelope.get("data"), "kegiatan.data")
    if data is None:
        if envelope.get("data") is None:
            reader.fail("kegiatan.data", _("wajib diisi."))
        fields: dict[str, Any] = {}
    else:
        before = len(reader.errors)
        fields = _read_kegiatan(data, reader)
        if len(reader.errors) == before:
            # The skip rules' contradictions, as the block forms refuse them (rules.py).
            for problem in rules.contradictions(StatisticalActivity(**fields)):
                reader.fail(f"kegiatan.data.{field_path(problem.field)}", str(problem))
    variables = [
        v
        for i, raw in enumerate(reader.items(document.get("variabel"), "variabel"))
        if (v := _read_variable(raw, i, reader))
    ]
    indicators = [
        v
        for i, raw in enumerate(reader.items(document.get("indikator"), "indikator"))
        if (v := _read_indicator(raw, i, reader))
    ]
    return fields, variables, indicators


def parse_document(document: Any) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Read an INDAH v2 document without touching the database.

    Returns the StatisticalActivity field values (only the items the document has, so the model's
    defaults stay for the rest), and one dict of Variable / Indicator field values per row; a row's
    Standar Data is given as ``standard_code`` (ours) and ``sds_code`` (INDAH's), resolved by
    ``import_activity``. Raises ValidationError with every problem, each prefixed by its path.
    """
    reader = _Reader()
    parsed = _parse(document, reader)
    if reader.errors:
        raise ValidationError(reader.errors)
    return parsed


def _resolve_standards(rows: list[dict[str, Any]], prefix: str, reader: _Reader) -> None:
    for index, row in enumerate(rows):
        code, sds = row.pop("standard_code", ""), row.pop("sds_code", "")
        row["standard"] = None
        if code:
            row["standard"] = DataStandard.objects.filter(code=code).first()
            if row["standard"] is None:
                reader.fail(
                    f"{prefix}[{index}].{KODE_STANDAR_DATA}",
                    _("Standar Data %(code)r tidak ada di portal.") % {"code": code},
                )
        elif sds:
            row["standard"] = DataStandard.objects.filter(sds_code=sds).first()
            if row["standard"] is None:
                reader.fail(
                    f"{prefix}[{index}].{ID_SDS}",
                    _("tidak ada Standar Data dengan kode SDS %(code)r di portal; tambahkan dahulu.") % {"code": sds},
                )


def _check_regions(fields: Mapping[str, Any], reader: _Reader) -> None:
    regions = fields.get("wilayah_kegiatan") or []
    known_regencies = Wilayah.objects.filter(level=Wilayah.Level.KABUPATEN_KOTA)
    if not regions or not known_regencies.exists():  # no wilayah loaded: codes are taken as written
        return
    known = set(known_regencies.filter(kode__in=regions).values_list("kode", flat=True))
    for index, code in enumerate(regions):
        if code not in known:
            reader.fail(
                f"kegiatan.data.{KEGIATAN_PATHS['wilayah_kegiatan']}[{index}]",
                _("kode kabupaten/kota %(code)s tidak dikenal.") % {"code": code},
            )


def import_activity(
    document: Any, *, cycle: Cycle, organization: Organization, acting_user: User
) -> StatisticalActivity:
    """Create a draft activity of ``organization`` in ``cycle`` from an INDAH v2 document, with its
    MS-Var and MS-Ind rows. Nothing is written unless the whole document is valid."""
    if not permissions.can_create_activity(acting_user, organization.pk):
        raise PermissionDenied
    reader = _Reader()
    fields, variables, indicators = _parse(document, reader)
    _resolve_standards(variables, "variabel", reader)
    _resolve_standards(indicators, "indikator", reader)
    _check_regions(fields, reader)
    if reader.errors:
        raise ValidationError(reader.errors)
    with transaction.atomic():
        activity = do_create_activity(
            activity=StatisticalActivity(cycle=cycle, organization=organization, **fields), acting_user=acting_user
        )
        for values in variables:
            do_save_metadata_row(activity=activity, row=Variable(**values), acting_user=acting_user, created=True)
        for values in indicators:
            do_save_metadata_row(activity=activity, row=Indicator(**values), acting_user=acting_user, created=True)
    return activity
