"""StackAdvisor settings: everything that differs between machines comes from the environment.

Secure by default: DEBUG is off unless DJANGO_DEBUG asks for it, and with DEBUG off the
app refuses to start without a real SECRET_KEY and ALLOWED_HOSTS. `make run` writes a local,
git-ignored `.env` that asks for DEBUG and holds a random key, so a fresh clone still starts
with one command. See the table in README.md for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from import_export.formats.base_formats import CSV, JSON, XLSX

from stackadvisor.startup import InsecureConfiguration

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# An empty DJANGO_ENV_FILE turns the file off (tests of the production checks rely on that).
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    # Values already in the process environment win over the file.
    environ.Env.read_env(ENV_FILE, overwrite=False)


DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Keys that must never be accepted outside DEBUG: empty, too short, or Django's own
# "django-insecure-" development prefix.
_MIN_SECRET_KEY_LENGTH = 50
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)

if DEBUG and not SECRET_KEY:
    # Development only: a per-process key (sessions do not survive a restart, which is fine).
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()


def _check_production_settings() -> None:
    problems = []
    if (
        len(SECRET_KEY) < _MIN_SECRET_KEY_LENGTH
        or SECRET_KEY.startswith("django-insecure")
        or len(set(SECRET_KEY)) < 5
    ):
        problems.append(
            f"DJANGO_SECRET_KEY must be set to a random string of at least "
            f"{_MIN_SECRET_KEY_LENGTH} characters (generate one with: python -c "
            f"'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append(
            "DJANGO_ALLOWED_HOSTS must list the host names this site answers to, "
            "comma-separated (for example: stackadvisor.example.com); '*' is not allowed."
        )
    if problems:
        raise InsecureConfiguration(
            "StackAdvisor refuses to start with DEBUG off and an insecure configuration:\n  - "
            + "\n  - ".join(problems)
            + "\nFor local development set DJANGO_DEBUG=true instead (make run does this)."
        )


if not DEBUG:
    _check_production_settings()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "nested_admin",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "import_export",
    "reversion",
    "corsheaders",
    "comparisons",
    "questionnaire",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise documents, so static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # As high as django-cors-headers asks, so that its headers reach every API response,
    # refusals included; it only acts on CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Every error under /api/ is problem JSON, whichever layer refused the request (the
    # request-body checks below, the URL resolver's 404, a wrong method's 405).
    "questionnaire.api.middleware.ProblemResponsesMiddleware",
    # Above the session and CSRF middleware, which read request bodies: refuses the ones the
    # site will not read (uploads, too large, incomplete) before anything reads them.
    "stackadvisor.middleware.RequestBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view that cannot reach the database answers 503 with Retry-After, not 500.
    "stackadvisor.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stackadvisor.urls"
WSGI_APPLICATION = "stackadvisor.wsgi.application"
ASGI_APPLICATION = "stackadvisor.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stackadvisor.context_processors.site",
            ],
        },
    },
]

# SQLite file by default so `make run` needs no server; PostgreSQL in production via
# DATABASE_URL=postgres://user:password@host:5432/name.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: a write appends to the log instead of creating, syncing and
    # deleting a rollback journal each time (a submission costs a third less), and readers
    # never wait for the writer. IMMEDIATE: a transaction takes the write lock when it
    # starts, so concurrent writers wait their turn rather than fail with "database is
    # locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", transaction_mode="IMMEDIATE"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server is reported (the styled 503) well before gunicorn's timeout
    # restarts the worker, instead of after the operating system gives up connecting.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache only holds copies of what the database has: if Redis is unreachable, pages are
# served from the database (stackadvisor/cache.py), so its timeouts are short. Sessions, CSRF
# and the login throttling never use the cache.
REDIS_URL = env.str("REDIS_URL", default="")
# Several sites or environments may share one Redis, each under its own prefix.
CACHE_KEY_PREFIX = env.str("DJANGO_CACHE_KEY_PREFIX", default="stackadvisor")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Each process also keeps the stored pages it served lately (stackadvisor/page_cache.py): a
# page under a given key never changes, since the key holds the content version, and a
# process's own memory answers much faster than a round trip to Redis.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "stackadvisor-pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_PAGE_CACHE_LOCAL_ENTRIES", default=500)},
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Public pages are stored per content version (stackadvisor/page_cache.py): an edit is seen by
# the next request, so this only bounds how long an unused page takes room. 0 turns it off.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every log-in attempt; its backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers and cookies. HSTS is opt-in because it is only right behind TLS; the
# Content-Security-Policy is below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (forms carry the token), so it is HttpOnly too.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
BEHIND_TLS_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The container's health check asks over plain HTTP from inside; it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Reverse proxies in front that append the client's address to X-Forwarded-For (one for a
# TLS proxy); the login throttling reads the client's address that many entries from the end.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)

# Content-Security-Policy (django-csp). Every script and style is a file served by the site
# itself (the Django admin's too): no inline code, so no 'unsafe-inline' anywhere. Should a
# template ever need an inline <script>, give it nonce="{{ request.csp_nonce }}".
# Bootstrap's CSS draws some controls with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
if SECURE_SSL_REDIRECT:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Admin log-in throttling (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failures in a row,
# that user name from that address is locked out for DJANGO_LOGIN_COOLOFF_MINUTES; a
# successful log-in before the limit starts the count again. Attempts live in the database.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "stackadvisor.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "stackadvisor.views.login_locked_out"

# Bodies larger than this are refused before any view runs (the questionnaire is small).
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# The only uploads the site takes are the admin's import files (RequestBodyMiddleware refuses
# every other one), up to nginx's limit; a file is kept in memory, never written to disk.
UPLOAD_MAX_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_SIZE

# Editors import and export frameworks, criteria and ratings in the admin (django-import-export,
# comparisons/resources.py). An import runs in one transaction: a file with any bad row saves
# nothing. Importing needs the model's "change" permission (comparisons/admin.py also asks for
# "add"), exporting its "view" one: the Editors group has both; other staff may not.
# The import page sends its file as an upload, which RequestBodyMiddleware still refuses (400).
IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Questionnaire submissions (and recomputations) per client address, as "count/period"
# with s, m, h or d (django-ratelimit, counted in the cache).
SUBMISSION_RATE = env.str("DJANGO_SUBMISSION_RATE", default="30/m")
# Recommendations asked of the public API (POST /api/v1/recommendations) per client address,
# in the same form; counted apart from the questionnaire's submissions.
API_RECOMMENDATION_RATE = env.str("DJANGO_API_RECOMMENDATION_RATE", default="10/m")

# The public API (/api/v1/) may be read from any origin, but only read: a browser on another
# site may GET it, never POST to it (recommendations also need a JSON body, which a
# cross-origin request can only send after a preflight this refuses).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_ALLOW_CREDENTIALS = False

# A styled page, with the site's headers, when a form's CSRF check fails.
CSRF_FAILURE_VIEW = "stackadvisor.views.csrf_failure"
# Where a log-in lands when its "next" address is missing or refused.
LOGIN_REDIRECT_URL = "admin:index"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"security_refusals": {"()": "stackadvisor.log_filters.SecurityRefusalsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["security_refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # django-axes announces itself at every start; its log-in failures still show.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}

SITE_NAME = "StackAdvisor"
# The admin's address; changing it keeps casual scanners away from the login form.
ADMIN_PATH = env.str("DJANGO_ADMIN_PATH", default="admin/").strip("/") + "/"
