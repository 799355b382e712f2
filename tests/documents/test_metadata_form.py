"""The printable metadata form (MS-Keg, MS-Var, MS-Ind) as a PDF."""

import io

from django.test import override_settings
from pypdf import PdfReader

from satudata.accounts.models import Organization, User
from satudata.core.region import region_city
from satudata.documents.metadata_forms import render_metadata_pdf
from satudata.planning.models import Cycle
from tests.metadata.test_rules import stratified_survey


def test_the_footer_prints_the_title_as_written(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User], pasuruan_wilayah: None
) -> None:
    title = 'Survei Sosial-Ekonomi "Rumah Tangga" & Anak\'s'
    activity = stratified_survey(cycle=cycle, organization=orgs["dinkes"], created_by=people["alice"], title=title)
    activity.save()
    pages = PdfReader(io.BytesIO(render_metadata_pdf(activity))).pages
    assert len(pages) >= 3  # MS-Keg, MS-Var and MS-Ind each start a page
    for page in pages:  # the footer of every page, not only the first, where the title stands
        text = page.extract_text()
        assert f"Metadata Statistik — {title}" in text
        assert "u002D" not in text and "&amp;" not in text


@override_settings(REGION_NAME="Kota Pasuruan")
def test_the_place_of_signing_is_the_region_without_its_kind() -> None:
    assert region_city() == "Pasuruan"
    with override_settings(REGION_NAME="Kabupaten Pasuruan"):
        assert region_city() == "Pasuruan"
