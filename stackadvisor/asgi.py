"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from stackadvisor.startup import exit_on_insecure_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackadvisor.settings")

with exit_on_insecure_configuration():
    application = get_asgi_application()
