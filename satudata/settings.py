"""One settings module, driven by environment variables (see docs/operations.md)."""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# Everything the site writes (SQLite database, the tabular store, uploaded and generated files)
# lives under one directory, so that a backup is one copy and several servers can share a volume.
# In a checkout the default is var/ beside the code; an installed copy uses var/ in the working
# directory (production sets SATUDATA_DATA_DIR).
_DEFAULT_DATA_DIR = CHECKOUT_DIR / "var" if (CHECKOUT_DIR / "pyproject.toml").exists() else Path.cwd() / "var"
DATA_DIR = Path(os.environ.get("SATUDATA_DATA_DIR") or _DEFAULT_DATA_DIR).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "files"
STORE_DIR = DATA_DIR / "store"

DEBUG = env_bool("SATUDATA_DEBUG")


def _secret_key() -> str:
    # A fresh checkout should run without configuration, yet never with a key shared by every
    # installation: generate one on first start and keep it in the data directory.
    key = os.environ.get("SATUDATA_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("SATUDATA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SITE_URL = os.environ.get("SATUDATA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The site's own address is trusted for form posts; add others (a second domain) by name.
CSRF_TRUSTED_ORIGINS = [SITE_URL, *env_list("SATUDATA_CSRF_TRUSTED_ORIGINS", "")]
SATUDATA_BEHIND_HTTPS_PROXY = env_bool("SATUDATA_BEHIND_HTTPS_PROXY")
if SATUDATA_BEHIND_HTTPS_PROXY:
    # The proxy (nginx) ends TLS and says so in X-Forwarded-Proto; only set this behind such a proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The regency (or city) this portal serves. Any other region runs the same code with its own values.
REGION_CODE = os.environ.get("SATUDATA_REGION_CODE", "35.14")
REGION_NAME = os.environ.get("SATUDATA_REGION_NAME", "Kabupaten Pasuruan")
REGION_GOVERNMENT = os.environ.get("SATUDATA_REGION_GOVERNMENT", "Pemerintah Kabupaten Pasuruan")
REGION_ADDRESS = os.environ.get("SATUDATA_REGION_ADDRESS", "Jl. Raya Raci Km 9, Bangil, Pasuruan, Jawa Timur")
# A PNG or JPEG file; documents (Berita Acara) need a raster image. Empty: the shipped emblem.
REGION_LOGO = os.environ.get("SATUDATA_REGION_LOGO", "")
# A DOCX with the same Jinja tags as satudata/documents/docx/berita_acara.docx, for an office's own layout.
SATUDATA_BERITA_ACARA_TEMPLATE = os.environ.get("SATUDATA_BERITA_ACARA_TEMPLATE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Only for its templates and static files: the API docs page without a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "satudata.core",
    "satudata.accounts",
    "satudata.reference",
    "satudata.planning",
    "satudata.metadata",
    "satudata.datasets",
    "satudata.portal",
    "satudata.documents",
    "satudata.schedule",
    "satudata.access",
    "satudata.publications",
    "satudata.api",
    "satudata.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "satudata.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "satudata.core.middleware.LanguageMiddleware",
    "satudata.api.usage.ApiUsageMiddleware",
    "satudata.api.ratelimit.RateLimitMiddleware",
    "satudata.core.middleware.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "satudata.core.middleware.StaffAreaMiddleware",
    "satudata.planning.middleware.ClosedCycleMiddleware",
]

ROOT_URLCONF = "satudata.urls"
WSGI_APPLICATION = "satudata.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "satudata.core.context_processors.region",
                "satudata.core.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'satudata.sqlite3'}",
        conn_max_age=int(os.environ.get("SATUDATA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web server reads; IMMEDIATE avoids "database is locked"
    # on lock upgrades inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Source strings are written in Indonesian, the language of the users and of the regulations;
# English is a translation catalogue (satudata/locale/en).
LANGUAGE_CODE = "id"
# Each language is named in itself, as language switchers do.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("SATUDATA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"  # never served directly: files are handed out by views that check access

# Uploads (signed scans, evidence, Daftar Data workbooks) are checked against this in the forms.
SATUDATA_MAX_DOCUMENT_UPLOAD = 20 * 1024 * 1024
# Data files (CSV/XLSX) for a dataset version; the form shows the limit.
SATUDATA_MAX_DATA_UPLOAD_MB = int(os.environ.get("SATUDATA_MAX_DATA_UPLOAD_MB", "200"))
# Reconciliation flags a change from the previous period beyond this many percent.
SATUDATA_RECONCILE_CHANGE_PCT = float(os.environ.get("SATUDATA_RECONCILE_CHANGE_PCT", "25"))
# Shared by the web workers and the task worker (counts, figures, whole public pages): files in
# the data directory, so that it needs no server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Seconds a public page is served from the cache to visitors without a session (0: never).
SATUDATA_PAGE_CACHE_SECONDS = int(os.environ.get("SATUDATA_PAGE_CACHE_SECONDS", "60"))
# The longest access to Terbatas data the walidata may grant through a personal link, in days.
SATUDATA_ACCESS_MAX_DAYS = int(os.environ.get("SATUDATA_ACCESS_MAX_DAYS", "90"))
# API rate limits: calls per window of SATUDATA_API_RATE_WINDOW seconds, per IP address for
# anonymous callers and per token for token callers (0: no limit).
SATUDATA_API_RATE_ANON = int(os.environ.get("SATUDATA_API_RATE_ANON", "120"))
SATUDATA_API_RATE_TOKEN = int(os.environ.get("SATUDATA_API_RATE_TOKEN", "1200"))
SATUDATA_API_RATE_WINDOW = int(os.environ.get("SATUDATA_API_RATE_WINDOW", "60"))
# API use is counted per process and written at most this often (seconds; see satudata/api/usage.py).
SATUDATA_API_USAGE_FLUSH_SECONDS = int(os.environ.get("SATUDATA_API_USAGE_FLUSH_SECONDS", "60"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("SATUDATA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SATUDATA_FROM_EMAIL", "satudata@localhost")
EMAIL_HOST = os.environ.get("SATUDATA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SATUDATA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SATUDATA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SATUDATA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SATUDATA_EMAIL_USE_TLS")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SATUDATA_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SATUDATA_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
