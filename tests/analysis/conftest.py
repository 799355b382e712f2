from tests.datasets.conftest import draft, kecamatan, make_dataset  # noqa: F401  (shared fixtures)
