"""The Berita Acara PDF."""

import datetime as dt
import io

from pypdf import PdfReader

from satudata.accounts.models import User
from satudata.documents.berita_acara import render_pdf
from satudata.planning.models import BeritaAcara, Cycle, ForumMeeting


def test_the_footer_prints_title_and_number_as_typed(cycle: Cycle, people: dict[str, User]) -> None:
    meeting = ForumMeeting.objects.create(
        cycle=cycle, title="Rapat Forum 2026", agenda="Daftar Data", starts_at=dt.datetime(2026, 1, 8, 9, tzinfo=dt.UTC),
        place="Bangil", created_by=people["forum"],
    )  # fmt: skip
    ba = BeritaAcara.objects.create(
        meeting=meeting, number='000.7/12/BA-FSD & "Bappelitbangda"/2026', date=dt.date(2026, 1, 15),
        created_by=people["forum"],
    )  # fmt: skip
    pages = PdfReader(io.BytesIO(render_pdf(ba).read())).pages
    for page in pages:
        text = page.extract_text()
        assert 'Berita Acara Kesepakatan Daftar Data Nomor 000.7/12/BA-FSD & "Bappelitbangda"/2026' in text
        assert "&amp;" not in text and "&quot;" not in text
