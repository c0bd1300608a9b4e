"""comparisons.csp.CSPMiddleware sets exactly the headers django-csp's own middleware sets."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse

from comparisons.csp import CSPMiddleware

POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-reports/"}}


def headers_from(middleware_class, rf, view, path="/page/", use_nonce=False):
    def get_response(request):
        if use_nonce:
            str(request.csp_nonce)
        return view(request)

    request = rf.get(path)
    response = middleware_class(get_response)(request)
    return {name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)}, request


def plain(request):
    return HttpResponse("<p>Hello</p>")


@csp_exempt()
def exempt(request):
    return HttpResponse("<p>Hello</p>")


@csp_update({"img-src": ["https://images.example.com"]})
def updated(request):
    return HttpResponse("<p>Hello</p>")


def already_set(request):
    return HttpResponse("<p>Hello</p>", headers={HEADER: "default-src 'none'"})


def not_found(request):
    return HttpResponse("Not here", status=404)


@pytest.fixture(params=["policy only", "with report-only"])
def policies(request, settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = (
        REPORT_ONLY if request.param == "with report-only" else None
    )


@pytest.mark.parametrize("view", [plain, exempt, updated, already_set, not_found])
@pytest.mark.parametrize("use_nonce", [False, True])
def test_the_same_headers_as_django_csp(rf, policies, view, use_nonce):
    ours, _ = headers_from(CSPMiddleware, rf, view, use_nonce=use_nonce)
    theirs, _ = headers_from(DjangoCSPMiddleware, rf, view, use_nonce=use_nonce)
    if use_nonce:
        # A fresh nonce per request: compare the policies with it taken out.
        ours = {name: value and value.split("'nonce-")[0] for name, value in ours.items()}
        theirs = {name: value and value.split("'nonce-")[0] for name, value in theirs.items()}
    assert ours == theirs


def test_excluded_addresses_get_no_header(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {**POLICY, "EXCLUDE_URL_PREFIXES": ["/excluded/"]}
    ours, _ = headers_from(CSPMiddleware, rf, plain, path="/excluded/page/")
    assert ours[HEADER] is None
    assert headers_from(CSPMiddleware, rf, plain)[0][HEADER]


def test_a_settings_change_is_followed(rf, settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    assert "img-src" not in headers_from(CSPMiddleware, rf, plain)[0][HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**POLICY["DIRECTIVES"], "img-src": [SELF]}}
    assert "img-src 'self'" in headers_from(CSPMiddleware, rf, plain)[0][HEADER]


def test_a_nonce_asked_for_after_the_header_is_an_error(rf, settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    _, request = headers_from(CSPMiddleware, rf, plain)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
