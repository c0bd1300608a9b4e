"""Fixtures for the API's tests: a client that speaks JSON, and answers to the starting
questionnaire as the API takes them."""

import pytest
from django.test import Client

from questionnaire.content import get_content

JSON = "application/json"


class ApiClient(Client):
    """Django's test client, posting JSON as API clients do."""

    def post_json(self, path, data, **extra):
        return self.post(path, data, content_type=JSON, **extra)


@pytest.fixture
def api_client():
    return ApiClient()


def api_answers(form_data: dict) -> dict:
    """The questionnaire form's data ({"q<id>": "<option id>" or [ids]}) as the API's body."""
    answers = []
    for name, value in form_data.items():
        values = value if isinstance(value, list | tuple) else [value]
        answers.append(
            {"question": int(name.removeprefix("q")), "options": [int(v) for v in values if v]}
        )
    return {"answers": answers}


@pytest.fixture
def api_answer_data(answer_form_data):
    """``api_answer_data(language="Python", …)``: the body of POST recommendations for these
    readable answers (see answer_form_data in tests/fixtures/content.py)."""

    def build(**answers) -> dict:
        return api_answers(answer_form_data(**answers))

    return build


@pytest.fixture
def first_options(starting_content):
    """Each question's first option, which also reveals the conditional ones."""
    return {
        "answers": [
            {"question": question.id, "options": [question.options[0][0]]}
            for question in get_content().questions()
        ]
    }
