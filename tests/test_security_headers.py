"""Security headers and cookies: a strict Content-Security-Policy (no inline code anywhere,
the admin included), frame, sniffing, referrer and opener protection, HSTS when configured,
and cookies that are Secure, HttpOnly and SameSite in production."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from comparisons.models import AdviceSnippet, Framework
from questionnaire.models import Question, Section
from tests.processes import REPO_ROOT, production_env, run

pytestmark = pytest.mark.django_db

# A complete set of answers to the starting questionnaire.
ANSWERS = {
    "language": "JavaScript",
    "experience": "Some",
    "building": "A real-time app",
    "priorities": ["Speed"],
    "scale": "Large",
}


def csp(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_protected(response) -> None:
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    for directive, sources in policy.items():
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive
        assert "*" not in sources, directive
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_carry_every_protection(client, starting_content):
    for url in ["/", "/frameworks/", "/compare/django-vs-express/", "/advisor/", "/healthz"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_protected(response)


def test_error_pages_carry_them_too(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_protected(response)


def test_admin_pages_carry_them_too(admin_client, client, starting_content):
    assert_protected(client.get(reverse("admin:login")))
    for url in [
        reverse("admin:index"),
        reverse("admin:comparisons_framework_change", args=[Framework.objects.first().pk]),
        reverse("admin:questionnaire_question_change", args=[Question.objects.first().pk]),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_protected(response)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def inline_code(markup: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, EVENT_HANDLER, STYLE_ELEMENT):
        found += [match.group(0)[:120] for match in pattern.finditer(markup)]
    return found


def test_no_template_of_the_site_has_inline_code():
    """What the policy refuses: inline <script>, <style>, style="" and on…="" attributes."""
    offenders = {}
    for template in (REPO_ROOT / "templates").rglob("*.html"):
        found = inline_code(template.read_text())
        if found:
            offenders[str(template.relative_to(REPO_ROOT))] = found
    assert not offenders


def test_rendered_pages_have_no_inline_code_admin_included(
    client, admin_client, starting_content, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**ANSWERS))
    public = ["/", "/frameworks/", "/frameworks/django/", "/compare/django-vs-express/"]
    public += ["/advisor/", f"/results/{token}/"]
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:comparisons_framework_change", args=[Framework.objects.first().pk]),
        reverse("admin:comparisons_framework_add"),
        reverse("admin:comparisons_rating_changelist"),
        reverse("admin:comparisons_advicesnippet_change", args=[AdviceSnippet.objects.first().pk]),
        reverse("admin:questionnaire_question_change", args=[Question.objects.first().pk]),
        reverse("admin:questionnaire_question_add"),
        reverse("admin:questionnaire_section_change", args=[Section.objects.first().pk]),
        reverse("admin:auth_user_add"),
    ]
    for page_client, urls in [(client, public), (admin_client, admin_pages)]:
        for url in urls:
            response = page_client.get(url)
            assert response.status_code == 200, url
            assert not inline_code(response.content.decode()), url


@pytest.mark.urls("tests.urls_errors")
def test_a_template_that_needs_inline_script_gets_a_nonce(client, db):
    response = client.get("/inline-script/")
    nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp(response)["script-src"]
    # Pages that need none get none (a nonce would only widen the policy).
    assert not any(s.startswith("'nonce-") for s in csp(client.get("/"))["script-src"])


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_is_sent_over_https_when_configured(client):
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/healthz")  # never over plain HTTP


def test_cookies_are_samesite_and_httponly(client):
    response = client.get(reverse("admin:login"))
    cookie = response.cookies["csrftoken"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def print_settings(*names: str, **env: str) -> dict[str, str]:
    script = "import django; django.setup(); from django.conf import settings\n" + "".join(
        f"print(repr(settings.{name}))\n" for name in names
    )
    output = run(["-c", script], env=production_env(**env), timeout=60)
    return dict(zip(names, output.splitlines(), strict=True))


def test_production_cookies_are_secure_httponly_and_samesite():
    printed = print_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
    )
    assert printed == {
        "SESSION_COOKIE_SECURE": "True",
        "SESSION_COOKIE_HTTPONLY": "True",
        "SESSION_COOKIE_SAMESITE": "'Lax'",
        "CSRF_COOKIE_SECURE": "True",
        "CSRF_COOKIE_HTTPONLY": "True",
        "CSRF_COOKIE_SAMESITE": "'Lax'",
    }


def test_https_settings_come_from_the_environment():
    printed = print_settings(
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "CONTENT_SECURITY_POLICY['DIRECTIVES'].get('upgrade-insecure-requests')",
        DJANGO_HSTS_SECONDS="63072000",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="true",
        DJANGO_HSTS_PRELOAD="true",
        DJANGO_SECURE_SSL_REDIRECT="true",
        DJANGO_BEHIND_TLS_PROXY="true",
    )
    assert list(printed.values()) == [
        "63072000",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "True",
    ]


def test_a_failed_csrf_check_gets_the_sites_styled_page(starting_content):
    from tests.clients import FormClient

    response = FormClient(enforce_csrf_checks=True).post("/advisor/", {"q1": "1"})

    assert response.status_code == 403
    assert_protected(response)
    page = response.content.decode()
    assert "This form could not be accepted" in page
    assert "css/site" in page  # the site's own stylesheet…
    assert "<style" not in page and " style=" not in page  # …and nothing the CSP would block


def test_result_pages_are_private_and_not_indexed(client, answer_form_data, settings):
    settings.PAGE_CACHE_SECONDS = 3600  # the headers go on stored pages too
    location = client.post("/advisor/", answer_form_data(**ANSWERS))["Location"]
    for url in [location, location + "compare/", location.rstrip("/") + ".json"] * 2:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private", url
        assert response["X-Robots-Tag"] == "noindex", url
    assert "X-Robots-Tag" not in client.get("/compare/django-vs-express/")


def test_a_log_in_with_a_refused_next_address_lands_on_the_admin(client, editor_user):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "editor", "password": "editor-password", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
