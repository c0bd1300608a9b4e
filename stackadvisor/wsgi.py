"""WSGI entry point for gunicorn: `gunicorn stackadvisor.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from stackadvisor.startup import exit_on_insecure_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackadvisor.settings")

with exit_on_insecure_configuration():
    application = get_wsgi_application()
