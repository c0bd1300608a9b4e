"""django-csp's middleware, with the site-wide policy headers built once instead of per response.

django-csp builds both headers (the policy and the report-only one) from the settings on every
response; on a page served from the page cache that is about a fifth of the server's time.
Unless a response carries its own policy (the csp decorators) or the page used a nonce, the
headers only depend on the settings, so this builds each one once (again when a
CONTENT_SECURITY_POLICY setting changes) and otherwise does exactly what django-csp does.

To use it, MIDDLEWARE names "comparisons.csp.CSPMiddleware" instead of
"csp.middleware.CSPMiddleware".
"""

import functools
import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# What the csp decorators put on a response; any of them makes its policy its own.
_RESPONSE_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def site_policy(report_only: bool) -> str:
    """The header django-csp builds from the settings alone (no nonce, no decorator)."""
    return build_policy(report_only=report_only)


def _forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


setting_changed.connect(_forget_site_policy)


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, attribute, None) is not None
            for attribute in _RESPONSE_POLICY_ATTRIBUTES
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response
        for header, setting, exempt, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ):
            policy = site_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
