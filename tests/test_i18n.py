"""The English catalogue (satudata/locale/en): complete, compiled, and actually served.

Source strings are Indonesian (LANGUAGE_CODE = "id"); English is chosen by the language cookie,
through /i18n/setlang/ (a cookie); the browser's Accept-Language does not change it.
"""

from __future__ import annotations

import ast
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from satudata.planning.steps import STEPS

CATALOGUE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME  # "django_language"


# --- a small .po reader (polib is not a dependency) -----------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The key the compiled catalogue uses: plural entries join both forms with NUL."""
        return self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"

    @property
    def value(self) -> str:
        return "\x00".join(self.msgstr[i] for i in sorted(self.msgstr))


def _unquote(token: str) -> str:
    # A PO string literal uses C escapes, a subset of Python's; non-ASCII stays as is.
    return str(ast.literal_eval(token))


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry(msgid="")
        target: tuple[str, int] | None = None
        seen_msgid = False
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].strip()
                if not line:
                    continue
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            elif line.startswith("#") or not line:
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
            if match:
                keyword, index, literal = match.groups()
                text = _unquote(literal)
                if keyword == "msgid":
                    entry.msgid, target, seen_msgid = text, ("msgid", 0), True
                elif keyword == "msgid_plural":
                    entry.msgid_plural, target = text, ("msgid_plural", 0)
                elif keyword == "msgctxt":
                    target = None  # not used by this project; a context would show up as a new key
                else:
                    slot = int(index) if index is not None else 0
                    entry.msgstr[slot] = text
                    target = ("msgstr", slot)
            elif line.startswith('"') and target is not None:
                text = _unquote(line)
                kind, slot = target
                if kind == "msgid":
                    entry.msgid += text
                elif kind == "msgid_plural":
                    entry.msgid_plural = (entry.msgid_plural or "") + text
                else:
                    entry.msgstr[slot] += text
            else:
                raise AssertionError(f"{path}: cannot read line {raw!r}")
        if seen_msgid:
            entries.append(entry)
    return entries


def read_mo(data: bytes) -> dict[str, str]:
    """The (msgid, msgstr) table of a compiled GNU .mo file."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, ids_at, strs_at = struct.unpack(order + "4I", data[4:20])
    table: dict[str, str] = {}
    for i in range(count):
        id_len, id_off = struct.unpack(order + "2I", data[ids_at + 8 * i : ids_at + 8 * i + 8])
        str_len, str_off = struct.unpack(order + "2I", data[strs_at + 8 * i : strs_at + 8 * i + 8])
        table[data[id_off : id_off + id_len].decode("utf-8")] = data[str_off : str_off + str_len].decode("utf-8")
    return table


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing; run makemessages -l en"
    return read_po(PO_FILE)


def messages_of(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid and not e.obsolete]


# --- (a) the catalogue is complete ----------------------------------------------------------


def test_po_header_is_english_and_not_fuzzy(po_entries: list[Entry]) -> None:
    header = next(e for e in po_entries if e.msgid == "")
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_po_has_no_untranslated_or_fuzzy_entries(po_entries: list[Entry]) -> None:
    messages = messages_of(po_entries)
    assert len(messages) > 300, "the catalogue looks truncated"
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in messages if not e.msgstr or any(not s.strip() for s in e.msgstr.values())]
    assert fuzzy == [], f"fuzzy entries: {fuzzy}"
    assert untranslated == [], f"untranslated entries: {untranslated}"


def test_plural_entries_have_both_english_forms(po_entries: list[Entry]) -> None:
    plurals = [e for e in messages_of(po_entries) if e.msgid_plural is not None]
    assert plurals, "the templates use {% blocktranslate count %}, so plural entries are expected"
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], entry.msgid


def test_placeholders_are_kept(po_entries: list[Entry]) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in messages_of(po_entries):
        wanted = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr.values():
            assert sorted(placeholder.findall(text)) == wanted, f"{entry.msgid!r} -> {text!r}"


def test_msgfmt_statistics_report_everything_translated() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not on PATH")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\d+ translated messages\.$", result.stderr.strip()), result.stderr


# --- (b) the compiled catalogue matches the .po ---------------------------------------------


def test_mo_holds_what_the_po_says(po_entries: list[Entry]) -> None:
    """Runs without gettext: the committed .mo carries exactly the .po's translations."""
    assert MO_FILE.exists(), f"{MO_FILE} is missing; run compilemessages"
    compiled = read_mo(MO_FILE.read_bytes())
    expected = {e.key: e.value for e in messages_of(po_entries) if "fuzzy" not in e.flags}
    compiled_messages = {k: v for k, v in compiled.items() if k}
    missing = sorted(set(expected) - set(compiled_messages))
    stale = sorted(k for k in expected.keys() & compiled_messages.keys() if expected[k] != compiled_messages[k])
    extra = sorted(set(compiled_messages) - set(expected))
    assert (missing, stale, extra) == ([], [], []), "django.mo is out of date; run compilemessages"


def test_mo_is_what_msgfmt_makes_of_the_po(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not on PATH; cannot recompile the .po to compare")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO_FILE)], check=True, capture_output=True)
    committed = MO_FILE.read_bytes()
    if fresh.read_bytes() != committed:
        # Another gettext version may lay the file out differently; the content must still agree.
        assert read_mo(fresh.read_bytes()) == read_mo(committed), "django.mo is out of date; run compilemessages"


def test_sop_step_names_are_translated() -> None:
    for step in STEPS:
        with translation.override("id"):
            indonesian = str(step.name)
        with translation.override("en"):
            english = str(step.name)
        assert english and english != indonesian, f"step {step.number} has no English name"
    with translation.override("en"):
        assert str(STEPS[0].time_standard) == "2 weeks"


# --- (c) pages follow the language cookie, not Accept-Language ----------------------------

HOME_EN = ["Skip to content", "For staff", "Log in to Manage", "Data Producer", "Region Codes"]
HOME_ID = ["Lewati ke isi", "Untuk petugas", "Masuk ke Kelola", "Produsen Data", "Kode Wilayah"]
LOGIN_EN = ["Log in to Satu Data", "Username", "Password"]
LOGIN_ID = ["Masuk ke Satu Data", "Nama pengguna", "Kata sandi"]
PAGES = [("/", HOME_EN, HOME_ID), ("/accounts/login/", LOGIN_EN, LOGIN_ID)]


def english_by_cookie() -> Client:
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = "en"
    return client


def assert_language(html: str, lang: str, present: list[str], absent: list[str]) -> None:
    assert f'<html lang="{lang}">' in html
    for text in present:
        assert text in html, f"{text!r} not on the page"
    for text in absent:
        assert text not in html, f"{text!r} should not be on the page"


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "english", "indonesian"), PAGES, ids=["home", "login"])
def test_pages_in_english_when_chosen(url: str, english: list[str], indonesian: list[str]) -> None:
    response = english_by_cookie().get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert_language(response.content.decode(), "en", english, indonesian)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "english", "indonesian"), PAGES, ids=["home", "login"])
def test_pages_in_indonesian_by_default(url: str, english: list[str], indonesian: list[str]) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert_language(response.content.decode(), "id", indonesian, english)


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["en", "en-US,en;q=0.9", "de, en;q=0.5"])
def test_an_english_browser_still_gets_indonesian(header: str) -> None:
    """Many civil servants use English-language Windows; the portal stays Indonesian until they switch."""
    response = Client(headers={"accept-language": header}).get("/")
    assert response["Content-Language"] == "id"
    assert_language(response.content.decode(), "id", HOME_ID, HOME_EN)


# --- (d) the language switcher --------------------------------------------------------------


@pytest.mark.django_db
def test_setlang_switches_to_english_and_back() -> None:
    client = Client()
    assert_language(client.get("/").content.decode(), "id", HOME_ID, HOME_EN)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    assert_language(client.get(response["Location"]).content.decode(), "en", LOGIN_EN, LOGIN_ID)
    assert_language(client.get("/").content.decode(), "en", HOME_EN, HOME_ID)

    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert_language(client.get("/").content.decode(), "id", HOME_ID, HOME_EN)


@pytest.mark.django_db
def test_setlang_refuses_an_unknown_language() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert LANGUAGE_COOKIE not in client.cookies
    assert_language(client.get("/").content.decode(), "id", HOME_ID, HOME_EN)


def test_staff_dashboard_in_english(client_for: Callable[[str], Client], cycle: object) -> None:
    """Lazy strings held outside templates (roles, statuses, SOP steps) follow the language too."""
    client = client_for("wali")
    client.cookies[LANGUAGE_COOKIE] = "en"
    html = client.get("/kelola/").content.decode()
    assert "Welcome, Wali" in html
    assert "Your SOP steps" in html
    assert "Discussion of the planned data list and priority data" in html
    assert "Langkah SOP Anda" not in html
