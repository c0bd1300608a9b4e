"""WSGI entry point of the baseline: `gunicorn tests.bench.hello.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

# Forced, not defaulted: a gunicorn config may set DJANGO_SETTINGS_MODULE for the real site.
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.hello.settings"

application = get_wsgi_application()
