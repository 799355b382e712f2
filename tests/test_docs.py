"""Docs are part of the feature: every permission and every setting is documented."""

import inspect
import re
from pathlib import Path

from satudata.access import permissions as access_rules
from satudata.accounts import permissions as account_rules
from satudata.api import permissions as api_rules
from satudata.datasets import permissions as dataset_rules
from satudata.evaluation import permissions as evaluation_rules
from satudata.metadata import permissions as metadata_rules
from satudata.planning import permissions as planning_rules
from satudata.publications import permissions as publication_rules
from satudata.reference import permissions as reference_rules
from satudata.schedule import permissions as schedule_rules

ROOT = Path(__file__).resolve().parents[1]


def test_every_permission_function_is_in_docs_permissions() -> None:
    text = (ROOT / "docs" / "permissions.md").read_text()
    modules = (account_rules, planning_rules, reference_rules, metadata_rules, dataset_rules, schedule_rules,
               access_rules, publication_rules, api_rules, evaluation_rules)  # fmt: skip
    for module in modules:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and not name.startswith("_"):
                documented = f"`{name}`" in text or f"`{name}(" in text
                assert documented, f"{name} is not documented in docs/permissions.md"


def test_every_environment_variable_is_in_docs_operations() -> None:
    settings_text = (ROOT / "satudata" / "settings.py").read_text()
    names = set(re.findall(r'"(SATUDATA_[A-Z_]+|DATABASE_URL)"', settings_text))
    assert "SATUDATA_DATA_DIR" in names and "DATABASE_URL" in names
    docs = (ROOT / "docs" / "operations.md").read_text()
    missing = sorted(name for name in names if name not in docs)
    assert not missing, f"undocumented settings: {missing}"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    head = readme[:1500]
    assert "make run" in head and "make test" in head


def test_user_guide_has_a_page_per_role() -> None:
    guide = ROOT / "docs" / "panduan"
    for page in [
        "README.md",
        "walidata.md",
        "forum.md",
        "produsen.md",
        "pembina.md",
        "daftar-data-xlsx.md",
        "standar-data.md",
        "kegiatan-statistik.md",
        "epss.md",
        "analisis.md",
        "kualitas-data.md",
        "renaksi.md",
    ]:
        assert (guide / page).stat().st_size > 500, page
