"""Least privilege on the editors' workbench: every page is for staff only, each behind its own
permission, and every form behind CSRF. Visitors are sent to the log-in page (and a form sent
without a CSRF token is refused with 403); staff without the permission get 403, as does an
editor whose group lacks that one permission; editors with it get the page."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from comparisons.models import Framework
from questionnaire.models import GoldenProfile
from tests.clients import FormClient
from tests.fixtures.factories import next_number

pytestmark = pytest.mark.django_db


VIEW_OR_CHANGE = ("comparisons.view_framework", "comparisons.change_framework")
GOLDEN_VIEW_OR_CHANGE = ("questionnaire.view_goldenprofile", "questionnaire.change_goldenprofile")


@pytest.fixture
def pages(starting_content):
    """address → the permissions it needs, any one of them ("app.codename")."""
    django = Framework.objects.get(key="django")
    with reversion.create_revision():
        django.save()
    version = Version.objects.get_for_object(django).first()
    profile = GoldenProfile.objects.first()
    return {
        "/admin/analytics/": "questionnaire.view_submission",
        "/admin/content-health/": "questionnaire.view_content_health",
        "/admin/ratings-matrix/": "comparisons.view_rating",
        "/admin/recent-changes/": "reversion.view_revision",
        # The admin shows a list and an object to those who may view or change it.
        reverse("admin:questionnaire_goldenprofile_changelist"): GOLDEN_VIEW_OR_CHANGE,
        reverse("admin:questionnaire_goldenprofile_change", args=[profile.pk]): (
            GOLDEN_VIEW_OR_CHANGE
        ),
        reverse("admin:questionnaire_goldenprofile_add"): "questionnaire.add_goldenprofile",
        reverse("admin:comparisons_framework_history", args=[django.pk]): VIEW_OR_CHANGE,
        reverse("admin:comparisons_framework_revision", args=[django.pk, version.pk]): (
            VIEW_OR_CHANGE
        ),
        reverse("admin:questionnaire_question_recoverlist"): "questionnaire.add_question",
        reverse("admin:comparisons_rating_import"): "comparisons.add_rating",
    }


def editor_without(django_user_model, permissions):
    """A staff user in a group like the Editors, lacking only ``permissions``."""
    permissions = (permissions,) if isinstance(permissions, str) else permissions
    kept = Group.objects.get(name="Editors").permissions.all()
    for permission in permissions:
        app_label, codename = permission.split(".")
        kept = kept.exclude(content_type__app_label=app_label, codename=codename)
    name = f"{next_number()} without {' '.join(permissions)}"
    group = Group.objects.create(name=name[:150])
    group.permissions.set(kept)
    user = django_user_model.objects.create_user(name[:150], password="x", is_staff=True)
    user.groups.add(group)
    client = FormClient()
    client.force_login(user)
    return client


def test_visitors_are_sent_to_log_in_and_their_forms_are_refused(pages):
    visitor = FormClient(enforce_csrf_checks=True)
    for address in pages:
        response = visitor.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/admin/login/"), address
        assert visitor.post(address, {"name": "x"}).status_code == 403, address


def test_staff_without_permissions_get_403(pages, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client = FormClient()
    client.force_login(staff)
    for address in pages:
        assert client.get(address).status_code == 403, address


def test_an_editor_lacking_the_one_permission_gets_403(pages, django_user_model):
    for address, permission in pages.items():
        client = editor_without(django_user_model, permission)
        assert client.get(address).status_code == 403, (address, permission)


def test_editors_get_every_page(pages, editor_client):
    for address in pages:
        assert editor_client.get(address).status_code == 200, address


def test_a_logged_in_editors_form_without_its_csrf_token_is_refused(pages, editor_user):
    client = FormClient(enforce_csrf_checks=True)
    client.force_login(editor_user)
    address = reverse("admin:questionnaire_goldenprofile_add")
    response = client.post(address, {"name": "Sneaky", "note": "x"})
    assert response.status_code == 403
    assert not GoldenProfile.objects.filter(name="Sneaky").exists()
