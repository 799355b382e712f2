"""The MS-Keg rules: what each block requires and which answers contradict each other.

One function, `check`, serves the block forms (they refuse contradictions), the completeness shown
per block, submission (which needs no problem at all) and imports. Sources: domain-reference §2.1–2.2
(the BPS form's skip rules, as encoded by the SIMEDA Kutai Timur validator). Two choices of ours,
documented where they are made: fax numbers (1.2, 2.2) are optional — many offices have none — and
3.3 stages need only start ≤ end (stages may overlap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.metadata import codes
from satudata.metadata.models import Indicator, StatisticalActivity, Variable

BLOCKS: tuple[tuple[str, StrOrPromise], ...] = (
    ("header", gettext_lazy("Halaman Awal")),
    ("I", gettext_lazy("Blok I. Penyelenggara")),
    ("II", gettext_lazy("Blok II. Penanggung Jawab")),
    ("III", gettext_lazy("Blok III. Perencanaan dan Persiapan")),
    ("IV", gettext_lazy("Blok IV. Desain Kegiatan")),
    ("V", gettext_lazy("Blok V. Desain Sampel")),
    ("VI", gettext_lazy("Blok VI. Pengumpulan Data")),
    ("VII", gettext_lazy("Blok VII. Pengolahan dan Analisis")),
    ("VIII", gettext_lazy("Blok VIII. Diseminasi Hasil")),
)

StrOrPromise = str | Promise

BLOCK_V_FIELDS = (
    "jenis_rancangan_sampel", "metode_pemilihan_sampel", "metode_sampel", "kerangka_sampel",
    "fraksi_sampel", "sampling_error", "unit_sampel", "unit_observasi",
)  # fmt: skip
# Items of the form about interviewers (6.4–6.7): asked only when 4.7 includes PAPI, CAPI or CATI
# (codes.SARANA_DENGAN_PETUGAS).
INTERVIEWER_FIELDS = ("petugas", "pendidikan_petugas", "jumlah_supervisor", "jumlah_enumerator", "pelatihan_petugas")


@dataclass(frozen=True)
class Problem:
    block: str
    item: str
    field: str
    message: str
    contradiction: bool

    def __str__(self) -> str:
        # Labels carry their item number already ("4.2 Frekuensi …"); add it only where they do not.
        if not self.item or self.message.startswith(self.item):
            return self.message
        return f"{self.item} {self.message}"


@dataclass(frozen=True)
class BlockState:
    key: str
    title: StrOrPromise
    required: int
    filled: int
    problems: tuple[Problem, ...]

    @property
    def percent(self) -> int:
        return 100 if not self.required else round(100 * self.filled / self.required)

    @property
    def complete(self) -> bool:
        return self.required == self.filled and not self.problems


class _Checker:
    def __init__(self, activity: StatisticalActivity, variable_count: int | None) -> None:
        self.a = activity
        self.variable_count = variable_count
        self.problems: list[Problem] = []
        self.required: dict[str, int] = {key: 0 for key, _ in BLOCKS}
        self.filled: dict[str, int] = {key: 0 for key, _ in BLOCKS}

    # -- helpers
    def label(self, field: str) -> str:
        return str(StatisticalActivity._meta.get_field(field).verbose_name)  # type: ignore[union-attr]

    def value(self, field: str) -> object:
        return getattr(self.a, field)

    @staticmethod
    def present(value: object) -> bool:
        return value not in (None, "", [], {}, ())

    def need(self, block: str, item: str, field: str, reason: str = "") -> None:
        self.required[block] += 1
        if self.present(self.value(field)):
            self.filled[block] += 1
        else:
            message = _("%(label)s wajib diisi%(reason)s.") % {"label": self.label(field), "reason": reason}
            self.problems.append(Problem(block, item, field, message, contradiction=False))

    def refuse(self, block: str, item: str, field: str, message: str) -> None:
        self.problems.append(Problem(block, item, field, f"{self.label(field)}: {message}", contradiction=True))

    def must_be_empty(self, block: str, item: str, field: str, reason: str) -> None:
        if self.present(self.value(field)):
            self.refuse(block, item, field, _("harus kosong %(reason)s.") % {"reason": reason})

    def flags(self, block: str, item: str, field: str, flag_list: codes.FlagList) -> None:
        chosen: set[str] = set(self.value(field) or [])  # type: ignore[call-overload]
        unknown = chosen - set(flag_list.values)
        if unknown:
            self.refuse(
                block, item, field, _("pilihan tidak dikenal: %(values)s.") % {"values": ", ".join(sorted(unknown))}
            )
        self.need(block, item, field)
        other = f"{field}_lainnya"
        if flag_list.needs_other_text(chosen):
            self.need(block, item, other, _(" karena Lainnya dipilih"))
        else:
            self.must_be_empty(block, item, other, _("karena Lainnya tidak dipilih"))

    # -- the blocks
    def header(self) -> None:
        for field in ("title", "year", "cara_pengumpulan", "sektor", "jenis_statistik"):
            self.need("header", "", field)
        if self.a.jenis_statistik == "statistik_sektoral":
            self.need("header", "", "rekomendasi", _(" untuk kegiatan statistik sektoral"))
        if self.a.rekomendasi == "ya":
            self.need("header", "", "identitas_rekomendasi", _(" karena kegiatan mendapat rekomendasi"))
        else:
            self.must_be_empty("header", "", "identitas_rekomendasi", _("karena kegiatan tidak mendapat rekomendasi"))

    def block_i(self) -> None:
        for field in ("instansi", "instansi_alamat", "instansi_telepon", "instansi_email"):
            self.need("I", "1.1" if field == "instansi" else "1.2", field)

    def block_ii(self) -> None:
        for field in ("eselon_1", "eselon_2"):
            self.need("II", "2.1", field)
        for field in ("pj_nama", "pj_jabatan", "pj_alamat", "pj_telepon", "pj_email"):
            self.need("II", "2.2", field)

    def block_iii(self) -> None:
        self.need("III", "3.1", "latar_belakang")
        self.need("III", "3.2", "tujuan")
        jadwal = self.a.jadwal or {}
        for stage in codes.JADWAL_KEGIATAN:
            self.required["III"] += 1
            start, end = [*(jadwal.get(stage.value) or []), None, None][:2]
            name = f"3.3 {stage.label}"
            if not start or not end:
                self.problems.append(
                    Problem(
                        "III",
                        "3.3",
                        "jadwal",
                        _("%(stage)s: tanggal mulai dan selesai wajib diisi.") % {"stage": name},
                        contradiction=False,
                    )
                )
                continue
            try:
                begins, ends = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
            except ValueError:
                self.problems.append(
                    Problem(
                        "III", "3.3", "jadwal", _("%(stage)s: tanggal tidak sah.") % {"stage": name}, contradiction=True
                    )
                )
                continue
            if ends < begins:
                message = _("%(stage)s: tanggal selesai (%(end)s) sebelum tanggal mulai (%(start)s).") % {
                    "stage": name, "end": ends.strftime("%d-%m-%Y"), "start": begins.strftime("%d-%m-%Y"),
                }  # fmt: skip
                self.problems.append(Problem("III", "3.3", "jadwal", message, contradiction=True))
                continue
            self.filled["III"] += 1
        if self.variable_count is not None:
            self.required["III"] += 1
            if self.variable_count:
                self.filled["III"] += 1
            else:
                self.problems.append(
                    Problem(
                        "III",
                        "3.4",
                        "variables",
                        _("3.4 Variabel yang dikumpulkan: isi minimal satu variabel (MS-Var)."),
                        contradiction=False,
                    )
                )

    def block_iv(self) -> None:
        self.need("IV", "4.1", "dilakukan")
        if self.a.dilakukan == "berulang":
            self.need("IV", "4.2", "frekuensi", _(" karena kegiatan berulang"))
        else:
            self.must_be_empty("IV", "4.2", "frekuensi", _("karena kegiatan tidak berulang"))
        self.need("IV", "4.3", "tipe_pengumpulan")
        self.need("IV", "4.4", "cakupan_wilayah")
        if self.a.cakupan_wilayah == "sebagian_wilayah_indonesia":
            self.need("IV", "4.5", "wilayah_kegiatan", _(" karena cakupan sebagian wilayah Indonesia"))
        else:
            self.must_be_empty("IV", "4.5", "wilayah_kegiatan", _("karena cakupan bukan sebagian wilayah Indonesia"))
        self.flags("IV", "4.6", "metode_pengumpulan", codes.METODE_PENGUMPULAN_DATA)
        self.flags("IV", "4.7", "sarana_pengumpulan", codes.SARANA_PENGUMPULAN_DATA)
        self.flags("IV", "4.8", "unit_pengumpulan", codes.UNIT_PENGUMPULAN_DATA)

    def block_v(self) -> None:
        items = dict(zip(BLOCK_V_FIELDS, ("5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8"), strict=True))
        if not self.a.is_survey:
            for field in BLOCK_V_FIELDS:
                self.must_be_empty("V", items[field], field, _("karena Blok V hanya diisi untuk Survei"))
            return
        for field in ("jenis_rancangan_sampel", "metode_pemilihan_sampel", "metode_sampel"):
            self.need("V", items[field], field)
        method, design = self.a.metode_sampel, self.a.metode_pemilihan_sampel
        if method and design and method not in dict(codes.METODE_SAMPEL.choices_for(design)):
            kind = codes.METODE_PEMILIHAN_SAMPEL.by_value(design).label
            self.refuse(
                "V",
                "5.3",
                "metode_sampel",
                _("%(method)s bukan metode %(kind)s (5.2).")
                % {"method": codes.METODE_SAMPEL.by_value(method).label, "kind": kind},
            )
        if design == "sampel_probabilitas":
            for field in ("kerangka_sampel", "fraksi_sampel", "sampling_error"):
                self.need("V", items[field], field, _(" untuk sampel probabilitas"))
        elif design == "sampel_nonprobabilitas":
            for field in ("kerangka_sampel", "fraksi_sampel", "sampling_error"):
                self.must_be_empty(
                    "V",
                    items[field],
                    field,
                    _("karena sampel nonprobabilitas tidak memiliki %(what)s")
                    % {"what": self.label(field).split(" ", 1)[1].lower()},
                )
        fraction = self.a.fraksi_sampel
        if fraction is not None and not 0 < fraction <= 1:
            self.refuse("V", "5.5", "fraksi_sampel", _("harus lebih dari 0 dan paling besar 1 (n/N)."))
        self.need("V", "5.7", "unit_sampel")
        self.need("V", "5.8", "unit_observasi")

    def block_vi(self) -> None:
        self.need("VI", "6.1", "uji_coba")
        self.flags("VI", "6.2", "pemeriksaan_kualitas", codes.METODE_PEMERIKSAAN_KUALITAS)
        self.need("VI", "6.3", "penyesuaian_nonrespon")
        items = dict(zip(INTERVIEWER_FIELDS, ("6.4", "6.5", "6.6", "6.6", "6.7"), strict=True))
        if codes.SARANA_DENGAN_PETUGAS & set(self.a.sarana_pengumpulan or []):
            for field in INTERVIEWER_FIELDS:
                self.need("VI", items[field], field, _(" karena sarana pengumpulan memakai PAPI, CAPI atau CATI"))
        else:
            for field in INTERVIEWER_FIELDS:
                self.must_be_empty(
                    "VI", items[field], field, _("karena 6.4–6.7 hanya untuk PAPI, CAPI atau CATI (4.7)")
                )
        supervisors, enumerators = self.a.jumlah_supervisor, self.a.jumlah_enumerator
        if supervisors is not None and enumerators is not None and supervisors > enumerators:
            self.refuse(
                "VI",
                "6.6",
                "jumlah_supervisor",
                _("lebih banyak dari jumlah pengumpul data (%(n)s).") % {"n": enumerators},
            )

    def block_vii(self) -> None:
        answers = self.a.tahapan_pengolahan or {}
        for step in codes.TAHAPAN_PENGOLAHAN_DATA:
            self.required["VII"] += 1
            if isinstance(answers.get(step.value), bool):
                self.filled["VII"] += 1
            else:
                self.problems.append(
                    Problem(
                        "VII",
                        "7.1",
                        "tahapan_pengolahan",
                        _("7.1 %(step)s: pilih Ya atau Tidak.") % {"step": step.label},
                        contradiction=False,
                    )
                )
        self.need("VII", "7.2", "metode_analisis")
        self.flags("VII", "7.3", "unit_analisis", codes.UNIT_ANALISIS)
        self.flags("VII", "7.4", "tingkat_penyajian", codes.TINGKAT_PENYAJIAN)

    def block_viii(self) -> None:
        answers, dates = self.a.produk or {}, self.a.rencana_rilis or {}
        for product in codes.PRODUK_KEGIATAN:
            self.required["VIII"] += 1
            answer = answers.get(product.value)
            if not isinstance(answer, bool):
                self.problems.append(
                    Problem(
                        "VIII",
                        "8.1",
                        "produk",
                        _("8.1 %(product)s: pilih Ya atau Tidak.") % {"product": product.label},
                        contradiction=False,
                    )
                )
                continue
            self.filled["VIII"] += 1
            release = dates.get(product.value)
            if answer:
                self.required["VIII"] += 1
                if release:
                    self.filled["VIII"] += 1
                else:
                    self.problems.append(
                        Problem(
                            "VIII",
                            "8.2",
                            "rencana_rilis",
                            _("8.2 Rencana rilis %(product)s wajib diisi karena produk tersedia.")
                            % {"product": product.label},
                            contradiction=False,
                        )
                    )
            elif release:
                self.problems.append(
                    Problem(
                        "VIII",
                        "8.2",
                        "rencana_rilis",
                        _("8.2 Rencana rilis %(product)s harus kosong karena produk tidak tersedia.")
                        % {"product": product.label},
                        contradiction=True,
                    )
                )


def _run(activity: StatisticalActivity, variable_count: int | None) -> _Checker:
    checker = _Checker(activity, variable_count)
    for step in (checker.header, checker.block_i, checker.block_ii, checker.block_iii, checker.block_iv,
                 checker.block_v, checker.block_vi, checker.block_vii, checker.block_viii):  # fmt: skip
        step()
    return checker


def check(activity: StatisticalActivity, *, variable_count: int | None = None) -> list[Problem]:
    """Every missing item and every contradiction, in form order."""
    return _run(activity, variable_count).problems


def contradictions(activity: StatisticalActivity, *, fields: Iterable[str] | None = None) -> list[Problem]:
    wanted = set(fields) if fields is not None else None
    return [p for p in check(activity) if p.contradiction and (wanted is None or p.field in wanted)]


def blocks(activity: StatisticalActivity, *, variable_count: int | None = None) -> list[BlockState]:
    """Completeness per block, as shown beside the form."""
    return blocks_and_problems(activity, variable_count=variable_count)[0]


def blocks_and_problems(
    activity: StatisticalActivity, *, variable_count: int | None = None
) -> tuple[list[BlockState], list[Problem]]:
    """`blocks` and `check` from one run of the rules, for a page that shows both."""
    checker = _run(activity, variable_count)
    states = [
        BlockState(
            key, title, checker.required[key], checker.filled[key], tuple(p for p in checker.problems if p.block == key)
        )
        for key, title in BLOCKS
    ]
    return states, checker.problems


# Numeric and date variables take their values from a range, not a code list, so (9) is asked only
# of character variables: our reading of the legacy validator, which requires (9) without saying so.
VALUE_DOMAIN_TYPES = {"karakter"}


def check_variable(variable: Variable) -> list[str]:
    """MS-Var columns (2)–(12) with ukuran and satuan; the Indonesian messages name the column."""
    problems = []
    for field in (
        "name",
        "alias",
        "konsep",
        "definisi",
        "referensi_pemilihan",
        "referensi_waktu",
        "ukuran",
        "satuan",
        "tipe_data",
        "aturan_validasi",
        "kalimat_pertanyaan",
        "dapat_diakses_umum",
    ):
        if not getattr(variable, field):
            problems.append(_("%(label)s wajib diisi.") % {"label": Variable._meta.get_field(field).verbose_name})  # type: ignore[union-attr]
    if variable.tipe_data in VALUE_DOMAIN_TYPES and not variable.value_domain:
        problems.append(_("(9) Klasifikasi Isian wajib diisi untuk tipe data karakter (pasangan kode dan nilai)."))
    return problems


def check_indicator(indicator: Indicator) -> list[str]:
    """MS-Ind columns; (11)–(12) only for a composite indicator, (13)–(15) only for a non-composite one."""
    problems = []
    for field in (
        "name",
        "konsep",
        "definisi",
        "interpretasi",
        "metode_perhitungan",
        "ukuran",
        "satuan",
        "klasifikasi_penyajian",
        "komposit",
        "level_estimasi",
        "dapat_diakses_umum",
    ):
        if not getattr(indicator, field):
            problems.append(_("%(label)s wajib diisi.") % {"label": Indicator._meta.get_field(field).verbose_name})  # type: ignore[union-attr]
    if indicator.komposit == "ya":
        if not indicator.indikator_pembangun:
            problems.append(_("(11)–(12) Indikator Pembangun wajib diisi karena indikator komposit."))
        if indicator.variabel_pembangun:
            problems.append(_("(13)–(15) Variabel Pembangun harus kosong karena indikator komposit."))
    elif indicator.komposit == "tidak":
        if not indicator.variabel_pembangun:
            problems.append(_("(13)–(15) Variabel Pembangun wajib diisi karena indikator tidak komposit."))
        if indicator.indikator_pembangun:
            problems.append(_("(11)–(12) Indikator Pembangun harus kosong karena indikator tidak komposit."))
    return problems
