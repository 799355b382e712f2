"""Code lists of the BPS statistical metadata (Peraturan BPS 5/2020): MS-Keg, MS-Var and MS-Ind.

Every option has several names, because three outputs need different ones:

- ``code``: the number printed on the paper form (legacy encoding). Single choices are 1, 2, 3…;
  a multi-choice item ("flags") gives each option a power of two and the form stores their sum,
  e.g. R.4.6 = 1 + 4 means Wawancara + Pengamatan.
- ``label``: the Indonesian text of the form.
- ``value``: the stable key stored in our database (lower snake case).
- the INDAH v2 name: an enum string (upper snake case) for a single choice, or the boolean key for
  an option of a multi-choice item (``blok_iv.metode_pengumpulan_data.wawancara = true``).

Sources (domain-reference §2, §3.2): the legacy form as coded by SIMEDA Kutai Timur
(``amaghfira/semmakin``) and other regional apps; the INDAH v2 names from an unofficial Python client
of ``indah-api.bps.go.id`` (code-id 58717691313) and from the payload builder of SIMEDA Kutai Timur
(code-id 20785020769, 2023, which maps every legacy code to an INDAH enum). The INDAH API is
undocumented: an enum marked ``[INFER]`` was derived from the label the way both clients do it
(upper case, non-alphanumerics to ``_``) and has not been seen in a payload. Older spellings seen in
one client are kept as ``indah_aliases``: accepted on import, never written.

The labels are the regulated wording of the BPS form and stay Indonesian; they are deliberately not
marked for translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeAlias, TypeVar

# --- the option types --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    """An option of a single-choice item."""

    code: int
    value: str
    label: str
    indah: str
    indah_aliases: tuple[str, ...] = ()
    group: str = ""  # sub-list the option belongs to (R.5.3: the value of R.5.2 that allows it)

    @property
    def indah_names(self) -> tuple[str, ...]:
        return (self.indah, *self.indah_aliases)


@dataclass(frozen=True, slots=True)
class FlagOption:
    """An option of a multi-choice item: a bit of the legacy sum, a boolean key in INDAH."""

    bit: int
    value: str
    label: str
    indah_key: str

    @property
    def code(self) -> int:
        return self.bit

    @property
    def indah_names(self) -> tuple[str, ...]:
        return (self.indah_key,)


@dataclass(frozen=True, slots=True)
class YesNoItem:
    """One row of an item made of several Ya/Tidak questions (R.7.1, R.8.1)."""

    code: int  # position on the form
    value: str
    label: str
    indah_key: str

    @property
    def indah_names(self) -> tuple[str, ...]:
        return (self.indah_key,)


@dataclass(frozen=True, slots=True)
class ScheduleStage:
    """A stage of R.3.3 Rencana Jadwal Kegiatan; INDAH stores a list of ``{awal, akhir}`` under the key."""

    code: int
    value: str
    label: str
    group: str  # A–D
    indah_key: str

    @property
    def indah_names(self) -> tuple[str, ...]:
        return (self.indah_key,)


class _Entry(Protocol):
    @property
    def code(self) -> int: ...
    @property
    def value(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def indah_names(self) -> tuple[str, ...]: ...


E = TypeVar("E", bound=_Entry)


# --- the list types ----------------------------------------------------------------------------


class _Listing(Generic[E]):
    """What every list offers: its form item, Django choices and look-ups by value and code."""

    def __init__(self, item: str, title: str, entries: Sequence[E], *, indah_field: str = "", note: str = "") -> None:
        self.item = item  # "4.2", "MS-Var (8)"; empty for the unnumbered header items
        self.title = title
        self.entries: tuple[E, ...] = tuple(entries)
        self.indah_field = indah_field  # dotted path in the INDAH v2 ``data`` object, when there is one
        self.note = note  # uncertainty worth showing to whoever fills or checks the form
        self._by_value = {e.value: e for e in self.entries}
        self._by_code = {e.code: e for e in self.entries}
        self._check()

    def _check(self) -> None:
        # A broken list is a programming error: fail at import time, not when a form is saved.
        names = [n for e in self.entries for n in e.indah_names]
        if not self.entries:
            raise ValueError(f"Daftar {self.name} kosong.")
        if len(self._by_value) != len(self.entries) or len(self._by_code) != len(self.entries):
            raise ValueError(f"Nilai atau kode ganda dalam daftar {self.name}.")
        if len(set(names)) != len(names):
            raise ValueError(f"Nama INDAH ganda dalam daftar {self.name}.")
        if any(not e.label.strip() for e in self.entries):
            raise ValueError(f"Label kosong dalam daftar {self.name}.")

    @property
    def name(self) -> str:
        return f"{self.item} {self.title}" if self.item else self.title

    @property
    def choices(self) -> list[tuple[str, str]]:
        """``(value, label)`` pairs in form order, for a model or form field's ``choices``."""
        return [(e.value, e.label) for e in self.entries]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self._by_value)

    @property
    def max_length(self) -> int:
        """The longest value, for the ``max_length`` of a CharField that stores one."""
        return max(len(v) for v in self._by_value)

    def by_value(self, value: str) -> E:
        try:
            return self._by_value[value]
        except KeyError:
            raise ValueError(f"Nilai {value!r} tidak ada dalam daftar {self.name}.") from None

    def by_code(self, code: int) -> E:
        # bool is an int in Python; True must not pass for code 1.
        if isinstance(code, int) and not isinstance(code, bool) and code in self._by_code:
            return self._by_code[code]
        raise ValueError(f"Kode {code!r} tidak ada dalam daftar {self.name}.")

    def __iter__(self) -> Iterator[E]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, value: object) -> bool:
        return value in self._by_value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class CodeList(_Listing[Option]):
    """A single-choice item: one code on the form, one enum string in INDAH."""

    def __init__(
        self, item: str, title: str, options: Sequence[Option], *, indah_field: str = "", note: str = ""
    ) -> None:
        super().__init__(item, title, options, indah_field=indah_field, note=note)
        self._by_indah = {n: o for o in self.entries for n in o.indah_names}

    def by_indah(self, name: str) -> Option:
        """The option of an INDAH enum string; the older spellings in ``indah_aliases`` are accepted."""
        try:
            return self._by_indah[name.strip().upper()]
        except KeyError:
            raise ValueError(f"Enum INDAH {name!r} tidak dikenal untuk {self.name}.") from None

    def in_group(self, group: str) -> tuple[Option, ...]:
        return tuple(o for o in self.entries if o.group == group)

    def choices_for(self, group: str) -> list[tuple[str, str]]:
        return [(o.value, o.label) for o in self.in_group(group)]


class FlagList(_Listing[FlagOption]):
    """A multi-choice item: a sum of powers of two on the form, one boolean per option in INDAH.

    ``indah_export_as`` names options INDAH has no key for, and the option they are reported as
    (R.7.4: kecamatan → lainnya). The set stored in the database is the truth; the bit sum is derived
    for printing and legacy import only (domain-reference §2.5).
    """

    def __init__(
        self,
        item: str,
        title: str,
        options: Sequence[FlagOption],
        *,
        indah_field: str,
        indah_other_text_key: str = "",
        other: str | None = "lainnya",
        indah_export_as: Mapping[str, str] | None = None,
        note: str = "",
    ) -> None:
        super().__init__(item, title, options, indah_field=indah_field, note=note)
        self.indah_other_text_key = indah_other_text_key  # INDAH key of the "Lainnya (sebutkan)" text
        self.other = other  # value of the option that needs that text
        self.indah_export_as: dict[str, str] = dict(indah_export_as or {})
        bits = [o.bit for o in self.entries]
        if any(b <= 0 or b & (b - 1) for b in bits):
            raise ValueError(f"Kode daftar {self.name} harus pangkat dua.")
        if other is not None and other not in self:
            raise ValueError(f"Pilihan 'lainnya' {other!r} tidak ada dalam daftar {self.name}.")
        for source, target in self.indah_export_as.items():
            for value in (source, target):
                self.by_value(value)
        self.max_sum = sum(bits)

    def to_bitsum(self, values: Iterable[str]) -> int:
        """The legacy form's number for a set of values; a value named twice counts once."""
        return sum({self.by_value(v).bit for v in values})

    def from_bitsum(self, total: int) -> frozenset[str]:
        """The set of values a legacy sum stands for; 0 is the empty set."""
        if isinstance(total, bool) or not isinstance(total, int):
            raise ValueError(f"Jumlah kode untuk {self.name} harus bilangan bulat, bukan {total!r}.")
        if total < 0 or total & ~self.max_sum:
            codes = ", ".join(str(o.bit) for o in self.entries)
            raise ValueError(
                f"Jumlah kode {total} tidak mungkin untuk {self.name}: "
                f"isian harus jumlah dari kode {codes} (0 sampai {self.max_sum})."
            )
        return frozenset(o.value for o in self.entries if total & o.bit)

    def ordered(self, values: Iterable[str]) -> tuple[FlagOption, ...]:
        """The chosen options in form order, for printing."""
        chosen = {self.by_value(v).value for v in values}
        return tuple(o for o in self.entries if o.value in chosen)

    def needs_other_text(self, values: Iterable[str]) -> bool:
        return self.other is not None and self.other in set(values)

    def to_indah(self, values: Iterable[str]) -> dict[str, bool]:
        """INDAH booleans, one per key INDAH takes; an option in ``indah_export_as`` sets its stand-in."""
        chosen = {self.by_value(v).value for v in values}
        chosen |= {self.indah_export_as[v] for v in chosen if v in self.indah_export_as}
        return {o.indah_key: o.value in chosen for o in self.entries if o.value not in self.indah_export_as}

    def indah_other_text(self, values: Iterable[str], text: str | None) -> str | None:
        """The INDAH "lainnya" text: the labels of options reported as "lainnya", then the user's text."""
        chosen = {self.by_value(v).value for v in values}
        parts = [o.label for o in self.entries if o.value in chosen and o.value in self.indah_export_as]
        if text and text.strip():
            parts.append(text.strip())
        return "; ".join(parts) or None

    def from_indah(self, data: Mapping[str, object]) -> frozenset[str]:
        """The set of values from INDAH booleans. ``null`` counts as false (the Kutai Timur client sends
        it for false); keys of other fields, such as the "lainnya" text, are ignored."""
        chosen: set[str] = set()
        for option in self.entries:
            raw = data.get(option.indah_key)
            if raw is True:
                chosen.add(option.value)
            elif raw is not None and raw is not False:
                raise ValueError(f"Isian INDAH {option.indah_key!r} untuk {self.name} harus true/false, bukan {raw!r}.")
        return frozenset(chosen)


class YesNoGroup(_Listing[YesNoItem]):
    """Several Ya/Tidak questions under one item number; each answer is coded with ``YA_TIDAK`` on
    the form and is a boolean in INDAH."""

    def by_indah(self, key: str) -> YesNoItem:
        for entry in self.entries:
            if entry.indah_key == key:
                return entry
        raise ValueError(f"Kunci INDAH {key!r} tidak dikenal untuk {self.name}.")

    def to_indah(self, answers: Mapping[str, bool]) -> dict[str, bool]:
        """INDAH booleans from ``{value: answer}``; an unanswered question is reported as false."""
        for value, answer in answers.items():
            self.by_value(value)
            if not isinstance(answer, bool):
                raise ValueError(f"Jawaban {value!r} untuk {self.name} harus Ya/Tidak (bool), bukan {answer!r}.")
        return {e.indah_key: answers.get(e.value, False) for e in self.entries}

    def from_indah(self, data: Mapping[str, object]) -> dict[str, bool]:
        answers: dict[str, bool] = {}
        for entry in self.entries:
            raw = data.get(entry.indah_key)
            if raw is not None and not isinstance(raw, bool):
                raise ValueError(f"Isian INDAH {entry.indah_key!r} untuk {self.name} harus true/false, bukan {raw!r}.")
            answers[entry.value] = raw is True
        return answers


class ScheduleStages(_Listing[ScheduleStage]):
    """R.3.3: the seven stages of the activity, under the four headings A–D of the SDI cycle."""

    def __init__(
        self, item: str, title: str, stages: Sequence[ScheduleStage], *, group_labels: Mapping[str, str], note: str = ""
    ) -> None:
        super().__init__(item, title, stages, indah_field="blok_iii.rencana_jadwal_kegiatan", note=note)
        self.group_labels = dict(group_labels)
        if {s.group for s in self.entries} - set(self.group_labels):
            raise ValueError(f"Tahap tanpa kelompok dalam {self.name}.")

    @property
    def groups(self) -> list[tuple[str, str, tuple[ScheduleStage, ...]]]:
        """``(letter, heading, stages)`` in form order."""
        return [
            (letter, label, tuple(s for s in self.entries if s.group == letter))
            for letter, label in self.group_labels.items()
        ]


# --- Ya/Tidak ----------------------------------------------------------------------------------

# The paper form codes every yes/no question 1 Ya, 2 Tidak; INDAH stores a boolean, so the enum
# strings below are never sent [INFER].
_YA = Option(1, "ya", "Ya", "YA")
_TIDAK = Option(2, "tidak", "Tidak", "TIDAK")


def _ya_tidak(item: str, title: str, indah_field: str = "", note: str = "") -> CodeList:
    return CodeList(item, title, [_YA, _TIDAK], indah_field=indah_field, note=note)


YA_TIDAK = _ya_tidak("", "Ya/Tidak")


def ya_tidak_to_bool(value: str) -> bool:
    """INDAH boolean of a stored Ya/Tidak value."""
    return YA_TIDAK.by_value(value) is _YA


def bool_to_ya_tidak(flag: bool) -> str:
    return _YA.value if flag else _TIDAK.value


# --- MS-Keg, header ("halaman awal") -----------------------------------------------------------

CARA_PENGUMPULAN_DATA = CodeList(
    "",
    "Cara Pengumpulan Data",
    [
        Option(1, "pencacahan_lengkap", "Pencacahan Lengkap", "PENCACAHAN_LENGKAP"),
        Option(2, "survei", "Survei", "SURVEI"),
        Option(3, "kompilasi_produk_administrasi", "Kompilasi Produk Administrasi", "KOMPILASI_PRODUK_ADMINISTRASI"),
        Option(
            4,
            "cara_lain",
            "Cara lain sesuai dengan perkembangan TI",
            "CARA_LAIN_SESUAI_PERKEMBANGAN_TEKNOLOGI_DAN_INFORMASI",
            # spelling of the Kutai Timur payload (2023); the Python client (newer) has the one above
            indah_aliases=("CARA_LAIN_SESUAI_DENGAN_PERKEMBANGAN_TI",),
        ),
    ],
    indah_field="cara_pengumpulan_data",
)

# The 22 sectors, in form order; the enums are those of the Kutai Timur payload, which are also what
# the label-derivation rule gives.
SEKTOR_KEGIATAN = CodeList(
    "",
    "Sektor Kegiatan",
    [
        Option(code, label_enum.lower(), label, label_enum)
        for code, (label, label_enum) in enumerate(
            [
                ("Pertanian dan Perikanan", "PERTANIAN_DAN_PERIKANAN"),
                ("Demografi dan Kependudukan", "DEMOGRAFI_DAN_KEPENDUDUKAN"),
                ("Pembangunan", "PEMBANGUNAN"),
                ("Proyeksi Ekonomi", "PROYEKSI_EKONOMI"),
                ("Pendidikan dan Pelatihan", "PENDIDIKAN_DAN_PELATIHAN"),
                ("Lingkungan", "LINGKUNGAN"),
                ("Keuangan", "KEUANGAN"),
                ("Globalisasi", "GLOBALISASI"),
                ("Kesehatan", "KESEHATAN"),
                ("Industri dan Jasa", "INDUSTRI_DAN_JASA"),
                ("Teknologi Informasi dan Komunikasi", "TEKNOLOGI_INFORMASI_DAN_KOMUNIKASI"),
                (
                    "Perdagangan Internasional dan Neraca Perdagangan",
                    "PERDAGANGAN_INTERNASIONAL_DAN_NERACA_PERDAGANGAN",
                ),
                ("Ketenagakerjaan", "KETENAGAKERJAAN"),
                ("Neraca Nasional", "NERACA_NASIONAL"),
                ("Indikator Ekonomi Bulanan", "INDIKATOR_EKONOMI_BULANAN"),
                ("Produktivitas", "PRODUKTIVITAS"),
                ("Harga dan Paritas Daya Beli", "HARGA_DAN_PARITAS_DAYA_BELI"),
                ("Sektor Publik, Perpajakan, dan Regulasi Pasar", "SEKTOR_PUBLIK_PERPAJAKAN_DAN_REGULASI_PASAR"),
                ("Perwilayahan dan Perkotaan", "PERWILAYAHAN_DAN_PERKOTAAN"),
                ("Ilmu Pengetahuan dan Hak Paten", "ILMU_PENGETAHUAN_DAN_HAK_PATEN"),
                ("Perlindungan Sosial dan Kesejahteraan", "PERLINDUNGAN_SOSIAL_DAN_KESEJAHTERAAN"),
                ("Transportasi", "TRANSPORTASI"),
            ],
            start=1,
        )
    ],
    indah_field="sektor_kegiatan",
)

# Present in the newer form and in INDAH, absent from the oldest form.
JENIS_KEGIATAN_STATISTIK = CodeList(
    "",
    "Jenis Kegiatan Statistik",
    [
        Option(1, "statistik_dasar", "Statistik Dasar", "STATISTIK_DASAR"),
        Option(2, "statistik_sektoral", "Statistik Sektoral", "STATISTIK_SEKTORAL"),
        Option(3, "statistik_khusus", "Statistik Khusus", "STATISTIK_KHUSUS"),
    ],
    indah_field="jenis_statistik",
)

# INDAH has no flag for this question: Ya ⇔ ``identitas_rekomendasi`` is filled.
# Asked on the form as "Jika kegiatan statistik sektoral, apakah mendapatkan rekomendasi kegiatan
# statistik dari BPS?"; Ya requires the Identitas Rekomendasi, Tidak requires it empty.
REKOMENDASI_BPS = _ya_tidak("", "Rekomendasi Kegiatan Statistik dari BPS", indah_field="identitas_rekomendasi")


# --- Blok III. Perencanaan dan Persiapan -------------------------------------------------------

# Low confidence on the heading of stage 5: the newer (PDF) rendering puts Analisis under
# C. Pemeriksaan, the older HTML form of SIMEDA Kutai Timur under D. Penyebarluasan; one source each.
# The heading is printed only; INDAH stores the seven stages flat.
JADWAL_KEGIATAN = ScheduleStages(
    "3.3",
    "Rencana Jadwal Kegiatan",
    [
        ScheduleStage(1, "perencanaan_kegiatan", "Perencanaan Kegiatan", "A", "perencanaan_kegiatan"),
        ScheduleStage(2, "desain", "Desain", "A", "desain"),
        ScheduleStage(3, "pengumpulan_data", "Pengumpulan Data", "B", "pengumpulan_data"),
        ScheduleStage(4, "pengolahan_data", "Pengolahan Data", "C", "pengolahan_data"),
        ScheduleStage(5, "analisis", "Analisis", "C", "analisis"),
        ScheduleStage(6, "diseminasi_hasil", "Diseminasi Hasil", "D", "diseminasi_hasil"),
        ScheduleStage(7, "evaluasi", "Evaluasi", "D", "evaluasi"),
    ],
    group_labels={"A": "Perencanaan", "B": "Pengumpulan", "C": "Pemeriksaan", "D": "Penyebarluasan"},
    note="Kelompok tahap Analisis (C atau D) berbeda antarsumber; keyakinan rendah.",
)


# --- Blok IV. Desain Kegiatan ------------------------------------------------------------------

# Low confidence on the INDAH enum of code 1: the Kutai Timur payload sends HANYA_SEKALI (which is
# also what the label gives), the Python client lists SEKALI among its aliases; both are accepted.
KEGIATAN_DILAKUKAN = CodeList(
    "4.1",
    "Kegiatan ini dilakukan",
    [
        Option(1, "hanya_sekali", "Hanya sekali", "HANYA_SEKALI", indah_aliases=("SEKALI",)),
        Option(2, "berulang", "Berulang", "BERULANG"),
    ],
    indah_field="blok_iv.kegiatan_ini_dilakukan",
)

# Asked only when 4.1 = Berulang. Medium confidence on code 8: "> Dua Tahunan" in the SIMEDA Kutai
# Timur form, the newer PDF rendering and the INDAH enum LEBIH_DARI_DUA_TAHUNAN of the Kutai Timur
# payload; "Dua Tahunan" in the older HTML form and one seeder. DUA_TAHUNAN is accepted on import.
# EMPAT_BULANAN is seen only in the Kutai Timur payload. INDAH's key is misspelt
# (``frekuensi_penyelanggara``) in both clients.
FREKUENSI_PENYELENGGARAAN = CodeList(
    "4.2",
    "Frekuensi Penyelenggaraan",
    [
        Option(1, "harian", "Harian", "HARIAN"),
        Option(2, "mingguan", "Mingguan", "MINGGUAN"),
        Option(3, "bulanan", "Bulanan", "BULANAN"),
        Option(4, "triwulanan", "Triwulanan", "TRIWULANAN"),
        Option(5, "empat_bulanan", "Empat Bulanan", "EMPAT_BULANAN"),
        Option(6, "semesteran", "Semesteran", "SEMESTERAN"),
        Option(7, "tahunan", "Tahunan", "TAHUNAN"),
        Option(8, "lebih_dari_dua_tahunan", "> Dua Tahunan", "LEBIH_DARI_DUA_TAHUNAN", indah_aliases=("DUA_TAHUNAN",)),
    ],
    indah_field="blok_iv.frekuensi_penyelanggara",
    note='Label kode 8 berbeda antarsumber ("Dua Tahunan" / "> Dua Tahunan"); keyakinan sedang.',
)

# Medium confidence on the order of codes 2 and 3. Printed as here: the SIMEDA Kutai Timur form
# (edit_4.php), KeyLaFleurr/Ruby, a regional SQL dump with definitions, and a React form. The other
# way round (2 Cross Sectional, 3 Longitudinal Cross Sectional): the newer PDF rendering, a Laravel
# seeder and the Kutai Timur INDAH payload, which maps code 2 to CROSS_SECTIONAL although its own
# form prints code 2 as Longitudinal Cross Sectional. The INDAH enum follows the label, so an export
# is right whichever numbering a printed form used; only legacy codes are affected.
TIPE_PENGUMPULAN_DATA = CodeList(
    "4.3",
    "Tipe Pengumpulan Data",
    [
        Option(1, "longitudinal_panel", "Longitudinal Panel", "LONGITUDINAL_PANEL"),
        Option(2, "longitudinal_cross_sectional", "Longitudinal Cross Sectional", "LONGITUDINAL_CROSS_SECTIONAL"),
        Option(3, "cross_sectional", "Cross Sectional", "CROSS_SECTIONAL"),
    ],
    indah_field="blok_iv.tipe_pengumpulan_data",
    note="Urutan kode 2 dan 3 berbeda antarsumber; keyakinan sedang.",
)

# 1 skips 4.5; 2 requires the Wilayah Kegiatan table of 4.5.
CAKUPAN_WILAYAH = CodeList(
    "4.4",
    "Cakupan Wilayah Pengumpulan Data",
    [
        Option(1, "seluruh_wilayah_indonesia", "Seluruh Wilayah Indonesia", "SELURUH_WILAYAH_INDONESIA"),
        Option(2, "sebagian_wilayah_indonesia", "Sebagian Wilayah Indonesia", "SEBAGIAN_WILAYAH_INDONESIA"),
    ],
    indah_field="blok_iv.cakupan_wilayah_pengumpulan_data",
)

# Sum 1..31; the "Lainnya" text is required iff 16 is chosen.
METODE_PENGUMPULAN_DATA = FlagList(
    "4.6",
    "Metode Pengumpulan Data",
    [
        FlagOption(1, "wawancara", "Wawancara", "wawancara"),
        FlagOption(2, "mengisi_kuesioner_sendiri", "Mengisi kuesioner sendiri (swacacah)", "mengisi_kuesioner_sendiri"),
        FlagOption(4, "pengamatan", "Pengamatan (observasi)", "pengamatan"),
        FlagOption(8, "pengumpulan_data_sekunder", "Pengumpulan data sekunder", "pengumpulan_data_sekunder"),
        FlagOption(16, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_iv.metode_pengumpulan_data",
    indah_other_text_key="metode_pengumpulan_lainnya",
)

# Sum 1..63. PAPI, CAPI and CATI (codes 1, 2, 4) open questions 6.4–6.7.
SARANA_PENGUMPULAN_DATA = FlagList(
    "4.7",
    "Sarana Pengumpulan Data",
    [
        FlagOption(1, "papi", "Pencil-and-Paper Interviewing (PAPI)", "papi"),
        FlagOption(2, "capi", "Computer-assisted Personal Interviewing (CAPI)", "capi"),
        FlagOption(4, "cati", "Computer-assisted Telephone Interviewing (CATI)", "cati"),
        FlagOption(8, "cawi", "Computer Aided Web Interviewing (CAWI)", "cawi"),
        FlagOption(16, "mail", "Mail", "mail"),
        FlagOption(32, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_iv.sarana_pengumpulan_data",
    indah_other_text_key="sarana_pengumpulan_lainnya",
)

#: Values of 4.7 that make 6.4–6.7 applicable.
SARANA_DENGAN_PETUGAS = frozenset({"papi", "capi", "cati"})

# Sum 1..15.
UNIT_PENGUMPULAN_DATA = FlagList(
    "4.8",
    "Unit Pengumpulan Data",
    [
        FlagOption(1, "individu", "Individu", "individu"),
        FlagOption(2, "rumah_tangga", "Rumah tangga", "rumah_tangga"),
        FlagOption(4, "usaha_atau_perusahaan", "Usaha/perusahaan", "usaha_atau_perusahaan"),
        FlagOption(8, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_iv.unit_pengumpulan_data",
    indah_other_text_key="unit_pengumpulan_data_lainnya",
)


# --- Blok V. Desain Sampel (only when Cara Pengumpulan Data = Survei) --------------------------

# The Python client writes SINGLE_STAGE_PHASE, the Kutai Timur payload SINGLE_STAGE_ATAU_PHASE;
# the shorter (newer) spelling is written, both are read. Medium confidence.
JENIS_RANCANGAN_SAMPEL = CodeList(
    "5.1",
    "Jenis Rancangan Sampel",
    [
        Option(1, "single_stage_phase", "Single Stage/Phase", "SINGLE_STAGE_PHASE", ("SINGLE_STAGE_ATAU_PHASE",)),
        Option(2, "multi_stage_phase", "Multi Stage/Phase", "MULTI_STAGE_PHASE", ("MULTI_STAGE_ATAU_PHASE",)),
    ],
    indah_field="blok_v.jenis_rancangan_sampel",
)

METODE_PEMILIHAN_SAMPEL = CodeList(
    "5.2",
    "Metode Pemilihan Sampel Tahap Terakhir",
    [
        Option(1, "sampel_probabilitas", "Sampel Probabilitas", "SAMPEL_PROBABILITAS"),
        Option(2, "sampel_nonprobabilitas", "Sampel Nonprobabilitas", "SAMPEL_NONPROBABILITAS"),
    ],
    indah_field="blok_v.metode_pemilihan_sampel_tahap_terakhir",
)

_PROB = "sampel_probabilitas"
_NONPROB = "sampel_nonprobabilitas"

# 5.2 = probabilitas ⇒ 1..5 (5.3a); 5.2 = nonprobabilitas ⇒ 6..10 (5.3b): use ``choices_for(<5.2 value>)``.
# Medium confidence on code 5: "Multi Stage Sampling" in the reference and in both INDAH clients
# (MULTI_STAGE_SAMPLING); one React-PDF rendering prints "Probability Proportional to Size Sampling".
# The enums of codes 6–10 come from the Kutai Timur payload only.
METODE_SAMPEL = CodeList(
    "5.3",
    "Metode yang Digunakan",
    [
        Option(1, "simple_random_sampling", "Simple Random Sampling", "SIMPLE_RANDOM_SAMPLING", group=_PROB),
        Option(
            2, "systematic_random_sampling", "Systematic Random Sampling", "SYSTEMATIC_RANDOM_SAMPLING", group=_PROB
        ),
        Option(
            3, "stratified_random_sampling", "Stratified Random Sampling", "STRATIFIED_RANDOM_SAMPLING", group=_PROB
        ),
        Option(4, "cluster_sampling", "Cluster Sampling", "CLUSTER_SAMPLING", group=_PROB),
        Option(5, "multi_stage_sampling", "Multi Stage Sampling", "MULTI_STAGE_SAMPLING", group=_PROB),
        Option(6, "quota_sampling", "Quota Sampling", "QUOTA_SAMPLING", group=_NONPROB),
        Option(7, "accidental_sampling", "Accidental Sampling", "ACCIDENTAL_SAMPLING", group=_NONPROB),
        Option(8, "purposive_sampling", "Purposive Sampling", "PURPOSIVE_SAMPLING", group=_NONPROB),
        Option(9, "snowball_sampling", "Snowball Sampling", "SNOWBALL_SAMPLING", group=_NONPROB),
        Option(10, "saturation_sampling", "Saturation Sampling", "SATURATION_SAMPLING", group=_NONPROB),
    ],
    indah_field="blok_v.metode_yang_digunakan",
    note='Kode 5 tercetak "Probability Proportional to Size Sampling" di satu sumber; keyakinan sedang.',
)

# Required iff probabilitas. Enums from the Kutai Timur payload only (the Python client sends the
# text as typed); medium confidence.
KERANGKA_SAMPEL = CodeList(
    "5.4",
    "Kerangka Sampel Tahap Terakhir",
    [
        Option(1, "list_frame", "List Frame", "LIST_FRAME"),
        Option(2, "area_frame", "Area Frame", "AREA_FRAME"),
    ],
    indah_field="blok_v.kerangka_sampel_tahap_terakhir",
)


# --- Blok VI. Pengumpulan Data -----------------------------------------------------------------

UJI_COBA = _ya_tidak("6.1", "Apakah Melakukan Uji Coba (Pilot Survey)?", "blok_vi.apakah_melakukan_uji_coba")

# Sum 1..15. INDAH writes the key "taskforce" as one word.
METODE_PEMERIKSAAN_KUALITAS = FlagList(
    "6.2",
    "Metode Pemeriksaan Kualitas Pengumpulan Data",
    [
        FlagOption(1, "kunjungan_kembali", "Kunjungan kembali (revisit)", "kunjungan_kembali"),
        FlagOption(2, "supervisi", "Supervisi", "supervisi"),
        FlagOption(4, "task_force", "Task Force", "taskforce"),
        FlagOption(8, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_vi.metode_pemeriksaan_kualitas_pengumpulan_data",
    indah_other_text_key="metode_pemeriksaan_kualitas_pengumpulan_data_lainnya",
)

PENYESUAIAN_NONRESPON = _ya_tidak(
    "6.3", "Apakah Melakukan Penyesuaian Nonrespon?", "blok_vi.apakah_melakukan_penyesuaian_nonrespon"
)

# 6.4–6.7 are asked only when 4.7 includes PAPI, CAPI or CATI (see SARANA_DENGAN_PETUGAS).
PETUGAS_PENGUMPULAN_DATA = CodeList(
    "6.4",
    "Petugas Pengumpulan Data",
    [
        Option(1, "staf_instansi", "Staf instansi penyelenggara", "STAF_INSTANSI_PENYELENGGARA"),
        Option(2, "mitra", "Mitra/tenaga kontrak", "MITRA_ATAU_TENAGA_KONTRAK"),
        Option(
            3,
            "staf_dan_mitra",
            "Staf instansi penyelenggara dan mitra/tenaga kontrak",
            "STAF_INSTANSI_PENYELENGGARA_DAN_MITRA_ATAU_TENAGA_KONTRAK",
        ),
    ],
    indah_field="blok_vi.petugas_pengumpulan_data",
)

# Enums of codes 3 and 4: the Python client drops "ATAU", the Kutai Timur payload keeps it; the
# client's spelling is written, both are read. Code 1 comes from the Kutai Timur payload only.
# Medium confidence.
PENDIDIKAN_PETUGAS = CodeList(
    "6.5",
    "Persyaratan Pendidikan Terendah Petugas Pengumpulan Data",
    [
        Option(1, "smp_ke_bawah", "≤ SMP", "KURANG_DARI_ATAU_SAMA_DENGAN_SMP"),
        Option(2, "sma_smk", "SMA/SMK", "SMA_ATAU_SMK"),
        Option(3, "diploma_i_ii_iii", "Diploma I/II/III", "DIPLOMA_I_II_III", ("DIPLOMA_I_ATAU_II_ATAU_III",)),
        Option(
            4,
            "diploma_iv_s1_s2_s3",
            "Diploma IV/S1/S2/S3",
            "DIPLOMA_IV_S1_S2_S3",
            ("DIPLOMA_IV_ATAU_S1_ATAU_S2_ATAU_S3",),
        ),
    ],
    indah_field="blok_vi.persyaratan_pendidikan_terendah_petugas_pengumpulan_data",
)

PELATIHAN_PETUGAS = _ya_tidak(
    "6.7", "Apakah Melakukan Pelatihan Petugas?", "blok_vi.apakah_melakukan_pelatihan_petugas"
)


# --- Blok VII. Pengolahan dan Analisis ---------------------------------------------------------

TAHAPAN_PENGOLAHAN_DATA = YesNoGroup(
    "7.1",
    "Tahapan Pengolahan Data",
    [
        YesNoItem(1, "penyuntingan", "Penyuntingan (Editing)", "editing"),
        YesNoItem(2, "penyandian", "Penyandian (Coding)", "coding"),
        YesNoItem(3, "data_entry", "Data Entry", "data_entry"),
        YesNoItem(4, "penyahihan", "Penyahihan (Validasi)", "validasi"),
    ],
    indah_field="blok_vii.tahapan_pengolahan_data",
)

# DESKRIPTIF_DAN_INFERENSIA comes from the Kutai Timur payload (and the label rule).
METODE_ANALISIS = CodeList(
    "7.2",
    "Metode Analisis",
    [
        Option(1, "deskriptif", "Deskriptif", "DESKRIPTIF"),
        Option(2, "inferensia", "Inferensia", "INFERENSIA"),
        Option(3, "deskriptif_dan_inferensia", "Deskriptif dan Inferensia", "DESKRIPTIF_DAN_INFERENSIA"),
    ],
    indah_field="blok_vii.metode_analisis",
)

# Sum 1..15. INDAH's key is misspelt (``unit_analsis``) in both clients.
UNIT_ANALISIS = FlagList(
    "7.3",
    "Unit Analisis",
    [
        FlagOption(1, "individu", "Individu", "individu"),
        FlagOption(2, "rumah_tangga", "Rumah tangga", "rumah_tangga"),
        FlagOption(4, "usaha_atau_perusahaan", "Usaha/perusahaan", "usaha_atau_perusahaan"),
        FlagOption(8, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_vii.unit_analsis",
    indah_other_text_key="unit_analisis_lainnya",
)

# Sum 1..31. The INDAH v2 JSON of the Python client has no kecamatan; it is exported as "lainnya"
# with "Kecamatan" put in front of the lainnya text [INFER]. A ``kecamatan`` boolean is still read on
# import, because the Kutai Timur payload sends one (whether INDAH keeps it is unknown). Medium
# confidence.
TINGKAT_PENYAJIAN = FlagList(
    "7.4",
    "Tingkat Penyajian Hasil Analisis",
    [
        FlagOption(1, "nasional", "Nasional", "nasional"),
        FlagOption(2, "provinsi", "Provinsi", "provinsi"),
        FlagOption(4, "kabupaten_kota", "Kabupaten/Kota", "kabupaten_atau_kota"),
        FlagOption(8, "kecamatan", "Kecamatan", "kecamatan"),
        FlagOption(16, "lainnya", "Lainnya (sebutkan)", "lainnya"),
    ],
    indah_field="blok_vii.tingkat_penyajian_hasil_analisis",
    indah_other_text_key="tingkat_penyajian_hasil_analisis_lainnya",
    indah_export_as={"kecamatan": "lainnya"},
    note="INDAH tidak punya pilihan Kecamatan: dikirim sebagai Lainnya.",
)


# --- Blok VIII. Diseminasi Hasil ---------------------------------------------------------------

# Each product is Ya/Tidak; for a Ya, 8.2 asks for the release date(s), stored by INDAH under the key
# in PRODUK_RENCANA_RILIS_INDAH (a list of dates).
PRODUK_KEGIATAN = YesNoGroup(
    "8.1",
    "Produk Kegiatan yang Tersedia untuk Umum",
    [
        YesNoItem(1, "tercetak", "Tercetak (hardcopy)", "ketersediaan_produk_tercetak"),
        YesNoItem(2, "digital", "Digital (softcopy)", "ketersediaan_produk_digital"),
        YesNoItem(3, "data_mikro", "Data Mikro", "ketersediaan_produk_mikrodata"),
    ],
    indah_field="blok_viii",
)

PRODUK_RENCANA_RILIS_INDAH = {
    "tercetak": "blok_viii.rencana_jadwal_rilis_produk_tercetak",
    "digital": "blok_viii.rencana_jadwal_rilis_produk_digital",
    "data_mikro": "blok_viii.rencana_jadwal_rilis_produk_mikrodata",
}


# --- MS-Var and MS-Ind -------------------------------------------------------------------------

# Unverified, low confidence: the legacy form has free text here, and the only INDAH value seen is
# the default CHARACTER. NUMERIC and DATE [INFER] are guesses at the rest of the enum, and the codes
# are ours, not BPS's. Check against INDAH before relying on this list.
TIPE_DATA_VARIABEL = CodeList(
    "MS-Var (8)",
    "Tipe Data",
    [
        Option(1, "karakter", "Karakter", "CHARACTER"),
        Option(2, "numerik", "Numerik", "NUMERIC"),  # [INFER]
        Option(3, "tanggal", "Tanggal", "DATE"),  # [INFER]
    ],
    indah_field="tipe_data",
    note="Daftar belum terverifikasi: hanya CHARACTER yang terlihat di INDAH.",
)

VARIABEL_DAPAT_DIAKSES_UMUM = _ya_tidak(
    "MS-Var (12)", "Apakah variabel dapat diakses umum?", "apakah_variabel_bisa_diakses_umum"
)

# Ya ⇒ indikator pembangun (11)–(12) required; Tidak ⇒ variabel pembangun (13)–(15) required.
INDIKATOR_KOMPOSIT = _ya_tidak("MS-Ind (10)", "Apakah Indikator Komposit?", "apakah_indikator_komposit")

INDIKATOR_DAPAT_DIAKSES_UMUM = _ya_tidak(
    "MS-Ind (17)", "Apakah indikator dapat diakses umum?", "apakah_indikator_bisa_diakses_umum"
)


# --- review ------------------------------------------------------------------------------------

# The ``status`` of an INDAH record (MS-Keg, MS-Var, MS-Ind). The enums are INDAH's; the codes are
# ours, in the order the Python client lists them [INFER].
STATUS_METADATA = CodeList(
    "INDAH",
    "Status Metadata",
    [
        Option(1, "draft", "Draf", "DRAFT"),
        Option(2, "submitted", "Diajukan", "SUBMITTED"),
        Option(3, "under_review", "Sedang ditinjau", "UNDER_REVIEW"),
        Option(4, "correction_required", "Perlu perbaikan", "CORRECTION_REQUIRED"),
        Option(5, "revised", "Sudah diperbaiki", "REVISED"),
        Option(6, "approved", "Disetujui", "APPROVED"),
        Option(7, "rejected", "Ditolak", "REJECTED"),
    ],
    indah_field="status",
)

# The walidata's check of one field (domain-reference §2.5 leaves the meaning of 1–3 open). Meanings
# from the SIMEDA Kutai Timur views (ms_variabel/edit.php): one source, medium confidence. INDAH has
# no per-field status, so the enums are derived from the labels [INFER].
HASIL_PEMERIKSAAN_ISIAN = CodeList(
    "",
    "Hasil Pemeriksaan Isian",
    [
        Option(0, "menunggu", "Menunggu verifikasi", "MENUNGGU_VERIFIKASI"),
        Option(1, "sesuai", "Terisi, sesuai", "TERISI_SESUAI"),
        Option(2, "tidak_sesuai", "Terisi, tidak sesuai", "TERISI_TIDAK_SESUAI"),
        Option(3, "tidak_terisi", "Tidak terisi", "TIDAK_TERISI"),
    ],
)


# --- registry ----------------------------------------------------------------------------------

AnyList: TypeAlias = CodeList | FlagList | YesNoGroup | ScheduleStages

ALL_LISTS: dict[str, AnyList] = {
    "ya_tidak": YA_TIDAK,
    "cara_pengumpulan_data": CARA_PENGUMPULAN_DATA,
    "sektor_kegiatan": SEKTOR_KEGIATAN,
    "jenis_kegiatan_statistik": JENIS_KEGIATAN_STATISTIK,
    "rekomendasi_bps": REKOMENDASI_BPS,
    "jadwal_kegiatan": JADWAL_KEGIATAN,
    "kegiatan_dilakukan": KEGIATAN_DILAKUKAN,
    "frekuensi_penyelenggaraan": FREKUENSI_PENYELENGGARAAN,
    "tipe_pengumpulan_data": TIPE_PENGUMPULAN_DATA,
    "cakupan_wilayah": CAKUPAN_WILAYAH,
    "metode_pengumpulan_data": METODE_PENGUMPULAN_DATA,
    "sarana_pengumpulan_data": SARANA_PENGUMPULAN_DATA,
    "unit_pengumpulan_data": UNIT_PENGUMPULAN_DATA,
    "jenis_rancangan_sampel": JENIS_RANCANGAN_SAMPEL,
    "metode_pemilihan_sampel": METODE_PEMILIHAN_SAMPEL,
    "metode_sampel": METODE_SAMPEL,
    "kerangka_sampel": KERANGKA_SAMPEL,
    "uji_coba": UJI_COBA,
    "metode_pemeriksaan_kualitas": METODE_PEMERIKSAAN_KUALITAS,
    "penyesuaian_nonrespon": PENYESUAIAN_NONRESPON,
    "petugas_pengumpulan_data": PETUGAS_PENGUMPULAN_DATA,
    "pendidikan_petugas": PENDIDIKAN_PETUGAS,
    "pelatihan_petugas": PELATIHAN_PETUGAS,
    "tahapan_pengolahan_data": TAHAPAN_PENGOLAHAN_DATA,
    "metode_analisis": METODE_ANALISIS,
    "unit_analisis": UNIT_ANALISIS,
    "tingkat_penyajian": TINGKAT_PENYAJIAN,
    "produk_kegiatan": PRODUK_KEGIATAN,
    "tipe_data_variabel": TIPE_DATA_VARIABEL,
    "variabel_dapat_diakses_umum": VARIABEL_DAPAT_DIAKSES_UMUM,
    "indikator_komposit": INDIKATOR_KOMPOSIT,
    "indikator_dapat_diakses_umum": INDIKATOR_DAPAT_DIAKSES_UMUM,
    "status_metadata": STATUS_METADATA,
    "hasil_pemeriksaan_isian": HASIL_PEMERIKSAAN_ISIAN,
}

#: The MS-Keg fields (of ``StatisticalActivity``) holding a set of options, each with its list; the
#: field ``<name>_lainnya`` holds the "Lainnya (sebutkan)" text. Forms and the INDAH exchange share it.
FLAG_FIELDS: dict[str, FlagList] = {
    "metode_pengumpulan": METODE_PENGUMPULAN_DATA,
    "sarana_pengumpulan": SARANA_PENGUMPULAN_DATA,
    "unit_pengumpulan": UNIT_PENGUMPULAN_DATA,
    "pemeriksaan_kualitas": METODE_PEMERIKSAAN_KUALITAS,
    "unit_analisis": UNIT_ANALISIS,
    "tingkat_penyajian": TINGKAT_PENYAJIAN,
}
