"""A test-only URLconf: the site's URLs plus views that fail on purpose."""

from django.conf import settings
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from stackadvisor.urls import handler404, handler500  # noqa: F401
from stackadvisor.urls import urlpatterns as site_urlpatterns


def crash(request):
    # The message carries the secret key: it must reach the log only, never the page.
    raise RuntimeError(f"Something broke; SECRET_KEY={settings.SECRET_KEY}")


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1, port 1 failed")


def inline_script(request):
    template = engines["django"].from_string(
        '<!doctype html><script nonce="{{ request.csp_nonce }}">void 0;</script>'
    )
    return HttpResponse(template.render(request=request))


urlpatterns = [
    path("crash/", crash),
    path("database-down/", database_down),
    path("inline-script/", inline_script),
    *site_urlpatterns,
]
