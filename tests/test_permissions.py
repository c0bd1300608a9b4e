"""What the "Editors" group may do, and what it may not.

The expected permissions are written out literally below: that list is the specification,
deliberately not derived from the migration that creates the group.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from questionnaire.models import Submission

pytestmark = pytest.mark.django_db

EXPECTED_EDITOR_PERMISSIONS = {
    # Frameworks and ratings: full control.
    "comparisons.add_framework",
    "comparisons.change_framework",
    "comparisons.delete_framework",
    "comparisons.view_framework",
    "comparisons.add_language",
    "comparisons.change_language",
    "comparisons.delete_language",
    "comparisons.view_language",
    "comparisons.add_tag",
    "comparisons.change_tag",
    "comparisons.delete_tag",
    "comparisons.view_tag",
    "questionnaire.view_content_health",
    "comparisons.add_criterion",
    "comparisons.change_criterion",
    "comparisons.delete_criterion",
    "comparisons.view_criterion",
    "comparisons.add_rating",
    "comparisons.change_rating",
    "comparisons.delete_rating",
    "comparisons.view_rating",
    "comparisons.add_advicesnippet",
    "comparisons.change_advicesnippet",
    "comparisons.delete_advicesnippet",
    "comparisons.view_advicesnippet",
    # The questionnaire and its effects: full control.
    "questionnaire.add_section",
    "questionnaire.change_section",
    "questionnaire.delete_section",
    "questionnaire.view_section",
    "questionnaire.add_question",
    "questionnaire.change_question",
    "questionnaire.delete_question",
    "questionnaire.view_question",
    "questionnaire.add_option",
    "questionnaire.change_option",
    "questionnaire.delete_option",
    "questionnaire.view_option",
    "questionnaire.add_importanceeffect",
    "questionnaire.change_importanceeffect",
    "questionnaire.delete_importanceeffect",
    "questionnaire.view_importanceeffect",
    "questionnaire.add_fiteffect",
    "questionnaire.change_fiteffect",
    "questionnaire.delete_fiteffect",
    "questionnaire.view_fiteffect",
    "questionnaire.add_dealbreaker",
    "questionnaire.change_dealbreaker",
    "questionnaire.delete_dealbreaker",
    "questionnaire.view_dealbreaker",
    # The single settings row: edit it, never add or delete one.
    "questionnaire.change_scoringsettings",
    "questionnaire.view_scoringsettings",
    # Visitors' results: read only.
    "questionnaire.view_submission",
    # Golden profiles: full control.
    "questionnaire.add_goldenprofile",
    "questionnaire.change_goldenprofile",
    "questionnaire.delete_goldenprofile",
    "questionnaire.view_goldenprofile",
    # The content's history: read it (reverting needs the change permission on the object).
    "reversion.view_revision",
    "reversion.view_version",
}


def test_editors_group_holds_exactly_the_expected_permissions():
    group = Group.objects.get(name="Editors")
    held = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }
    assert held == EXPECTED_EDITOR_PERMISSIONS


def test_editor_permissions_come_only_from_the_group(editor_user):
    assert editor_user.get_all_permissions() == EXPECTED_EDITOR_PERMISSIONS
    assert not editor_user.user_permissions.exists()


def test_editors_are_staff_but_not_superusers(editor_user, client):
    assert editor_user.is_staff
    assert not editor_user.is_superuser
    assert list(editor_user.groups.values_list("name", flat=True)) == ["Editors"]
    client.force_login(editor_user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",  # /admin/auth/user/
        "admin:auth_group_changelist",  # /admin/auth/group/
        "admin:auth_user_add",  # /admin/auth/user/add/
        "admin:auth_group_add",  # /admin/auth/group/add/
    ],
)
def test_editor_cannot_manage_users_or_groups(editor_client, admin_client, url_name):
    url = reverse(url_name)
    assert editor_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_editor_cannot_open_another_users_page(editor_client, admin_user):
    response = editor_client.get(reverse("admin:auth_user_change", args=[admin_user.pk]))
    assert response.status_code == 403


def test_editor_cannot_change_a_password(editor_client, admin_user):
    response = editor_client.post(
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        {"password1": "n3w-Passw0rd!x", "password2": "n3w-Passw0rd!x"},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password("password")


def test_editor_cannot_delete_a_submission(editor_client, make_submission):
    submission = make_submission()
    url = reverse("admin:questionnaire_submission_delete", args=[submission.pk])

    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_editor_cannot_bulk_delete_submissions(editor_client, make_submission):
    submission = make_submission()
    changelist = reverse("admin:questionnaire_submission_changelist")

    response = editor_client.get(changelist)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()

    editor_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [submission.pk], "post": "yes"},
    )
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_editor_can_read_but_not_edit_a_submission(editor_client, make_submission):
    submission = make_submission()
    url = reverse("admin:questionnaire_submission_change", args=[submission.pk])

    response = editor_client.get(url)
    assert response.status_code == 200
    assert submission.token in response.content.decode()

    response = editor_client.post(url, {"content_version": "99"})
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.content_version == 1


def test_admin_index_for_editors_does_not_list_users(editor_client, admin_client):
    editor_page = editor_client.get(reverse("admin:index"))
    admin_page = admin_client.get(reverse("admin:index"))

    def model_names(response):
        return {
            model["object_name"] for app in response.context["app_list"] for model in app["models"]
        }

    assert "User" in model_names(admin_page)
    assert "Users" in admin_page.content.decode()
    assert "User" not in model_names(editor_page)
    assert "Group" not in model_names(editor_page)
    assert "Users" not in editor_page.content.decode()
    assert "Framework" in model_names(editor_page)
