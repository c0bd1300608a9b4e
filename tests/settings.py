"""Settings for the test suite: the real settings, with fast and isolated choices on top."""

import os

# Tests must not depend on a developer's local .env, and must pass the production checks.
os.environ["DJANGO_ENV_FILE"] = ""
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "k3y-" * 12)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from stackadvisor.settings import *  # noqa: E402,F403

# MD5 is weak and fast: fine for throwaway test users, and saves seconds per login.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain storage: the manifest storage needs collectstatic, which the unit tests do not run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files straight from the source folders: tests do not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Whole-page caching (stackadvisor.page_cache) is off: tests inspect each response's context,
# and content versions repeat from test to test (each one's transaction is rolled back).
# tests/test_page_cache.py turns it on where it is under test.
PAGE_CACHE_SECONDS = 0
# The suite posts far more answers a minute than a visitor does; tests/test_request_limits.py
# sets a low rate where throttling is under test.
SUBMISSION_RATE = "100000/m"
API_RECOMMENDATION_RATE = "100000/m"
