import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders


def test_vendored_assets_are_found_and_match_their_manifest() -> None:
    manifest_path = finders.find("vendor/manifest.json")
    assert manifest_path, "satudata/static is not on the static files path"
    manifest = json.loads(Path(str(manifest_path)).read_text())
    assert {entry["package"] for entry in manifest} >= {"bootstrap", "htmx.org"}
    for entry in manifest:
        found = finders.find(f"vendor/{entry['file']}")
        assert found, entry["file"]
        assert hashlib.sha256(Path(str(found)).read_bytes()).hexdigest() == entry["sha256"], entry["file"]
        assert entry["version"] and entry["license"]


def test_site_css_and_emblem_are_served_from_the_package() -> None:
    assert finders.find("satudata/site.css")
    assert finders.find("satudata/emblem.png")


def test_no_page_template_loads_anything_from_another_host() -> None:
    templates = Path(__file__).resolve().parents[2] / "satudata"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for marker in ('src="http', "src='http", 'href="http://', 'href="https://cdn', "//cdn."):
            assert marker not in text, f"{path}: {marker}"
