import re

import pytest
from django.test import Client


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_region_page_lists_the_24_kecamatan(client: Client) -> None:
    response = client.get("/wilayah/", follow=True)
    assert response.redirect_chain == [("/wilayah/35.14/", 302)]
    html = response.content.decode()
    assert "Kabupaten Pasuruan" in html
    assert len(re.findall(r'href="/wilayah/35\.14\.\d{2}/"', html)) == 24
    assert "Tosari" in html and "Purwodadi" in html


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_kecamatan_page_lists_desa_and_kelurahan(client: Client) -> None:
    response = client.get("/wilayah/35.14.14/")  # Bangil has both
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kelurahan" in html and "Desa" in html
    assert 'href="/wilayah/35.14/"' in html  # breadcrumb back to the regency


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_json_lists_children_of_any_code(client: Client) -> None:
    body = client.get("/wilayah/35.14.json").json()
    assert body["wilayah"] == {"kode": "35.14", "nama": "Kabupaten Pasuruan", "tingkat": "kabupaten_kota"}
    assert body["count"] == 24
    assert body["children"][0] == {"kode": "35.14.01", "nama": "Purwodadi", "tingkat": "kecamatan"}
    villages = client.get("/wilayah/35.14.01.json").json()
    assert villages["count"] == len(villages["children"]) > 5
    assert all(c["tingkat"] == "desa_kelurahan" for c in villages["children"])
    leaf = client.get("/wilayah/35.14.01.2001.json")
    assert leaf.status_code == 200 and leaf.json()["count"] == 0
    provinces = client.get("/wilayah/.json").json()
    assert provinces["wilayah"] is None and provinces["children"][0]["kode"] == "35"


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_unknown_code_in_json_is_a_json_404_with_cors(client: Client) -> None:
    response = client.get("/wilayah/35.99.json")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"error": "not_found", "detail": "Kode wilayah '35.99' tidak ada."}


@pytest.mark.usefixtures("pasuruan_wilayah")
@pytest.mark.parametrize("url", ["/wilayah/99.json", "/wilayah/35.99/", "/wilayah/abc.json", "/wilayah/35.1.json"])
def test_unknown_or_malformed_codes_are_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404
