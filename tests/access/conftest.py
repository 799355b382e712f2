from tests.access.helpers import approve, make_request, publish_dataset, terbatas, tertutup  # noqa: F401
from tests.datasets.conftest import draft, kecamatan, make_dataset  # noqa: F401  (shared fixtures)
