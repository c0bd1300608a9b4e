"""Result addresses that do not exist, methods that are not allowed, and the redirect to a
result on a site served under a path."""

import pytest
from django.test.utils import override_script_prefix

from questionnaire.models import Submission
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db


def test_unknown_but_well_formed_token_is_not_found(client, starting_content):
    token = "A" * 22
    assert client.get(f"/results/{token}/").status_code == 404
    assert client.get(f"/results/{token}.json").status_code == 404
    assert client.post(f"/results/{token}/recompute/").status_code == 404
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "token",
    ["short", "A" * 21, "A" * 44, "A" * 21 + "!", "A" * 21 + "=", "A" * 21 + "%20", "Ä" * 22],
)
def test_malformed_token_is_not_found(client, answer_form_data, submit_answers, token):
    real = submit_answers(answer_form_data(**CHAT_APP))
    for candidate in (token, real[:21], real + "A" * (44 - len(real))):
        assert client.get(f"/results/{candidate}/").status_code == 404
        assert client.get(f"/results/{candidate}.json").status_code == 404
        assert client.post(f"/results/{candidate}/recompute/").status_code == 404
    assert Submission.objects.count() == 1


def test_wrong_methods_are_not_allowed(client, answer_form_data, submit_answers):
    token = submit_answers(answer_form_data(**CHAT_APP))
    assert client.get(f"/results/{token}/recompute/").status_code == 405
    assert client.post(f"/results/{token}/").status_code == 405
    assert client.post(f"/results/{token}.json").status_code == 405
    assert client.head(f"/results/{token}/").status_code == 200
    assert Submission.objects.count() == 1


def test_a_site_served_under_a_path_redirects_to_its_results_there(client, answer_form_data):
    # What the WSGI handler sets from SCRIPT_NAME (the test client does not).
    with override_script_prefix("/stackadvisor/"):
        response = client.post("/advisor/", answer_form_data(**CHAT_APP))
    token = Submission.objects.get().token
    assert response.status_code == 303
    assert response["Location"] == f"/stackadvisor/results/{token}/"
    # The same process serving the site at the root redirects to its own address.
    location = client.post("/advisor/", answer_form_data(**CHAT_APP))["Location"]
    assert location == f"/results/{Submission.objects.exclude(token=token).get().token}/"
