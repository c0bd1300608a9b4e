"""WSGI entry point for gunicorn: `gunicorn stackadvisor.wsgi`."""

import os

import django

from stackadvisor.handler import SiteWSGIHandler
from stackadvisor.startup import exit_on_insecure_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackadvisor.settings")

with exit_on_insecure_configuration():
    # What django.core.wsgi.get_wsgi_application does, with the site's handler.
    django.setup(set_prefix=False)
    application = SiteWSGIHandler()
