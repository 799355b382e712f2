"""Test settings: the real settings, with a throw-away data directory and fast password hashing."""

import os
import tempfile

os.environ["SATUDATA_DATA_DIR"] = tempfile.mkdtemp(prefix="satudata-test-")

from satudata.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
# One process: the shared file cache is not needed; whole-page caching is tested where it is on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SATUDATA_PAGE_CACHE_SECONDS = 0
# Rate limits are tested where they are set low; elsewhere (schemathesis, ckanapi dumps) they stay out of the way.
SATUDATA_API_RATE_ANON = 100_000
SATUDATA_API_RATE_TOKEN = 100_000
SATUDATA_API_USAGE_FLUSH_SECONDS = 0  # write API use at every call, so tests can read it
