"""Shared fixtures for the StackAdvisor test suite.

Most live in the plugin modules listed in ``pytest_plugins``: factories of model rows
(tests/fixtures/factories.py), the questionnaire's content and answers to it
(tests/fixtures/content.py), large synthetic content (tests/fixtures/large_content.py),
production-like processes (tests/fixtures/production.py) and the HTML page reader
(tests/html_page.py). The test clients stay here: they replace pytest-django's fixtures of
the same names, and a conftest's fixtures take precedence over any plugin's.
"""

import pytest
from django.contrib.auth.models import Group

from tests.clients import FormClient

pytest_plugins = [
    "tests.fixtures.factories",
    "tests.fixtures.content",
    "tests.fixtures.large_content",
    "tests.fixtures.production",
    "tests.html_page",
]

# Helpers shared by several test modules: their asserts report failures as the tests' own do.
pytest.register_assert_rewrite("tests.questionnaire.result_reading")

EDITORS_GROUP = "Editors"


@pytest.fixture
def client():
    """A test client that posts forms url-encoded, as browsers do."""
    return FormClient()


@pytest.fixture
def admin_client(db, admin_user):
    """As pytest-django's admin_client, posting forms url-encoded."""
    client = FormClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor_user(db, django_user_model):
    """A staff user (not a superuser) whose only permissions come from the "Editors" group."""
    user = django_user_model.objects.create_user(
        username="editor", password="editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(editor_user):
    """A test Client logged in as ``editor_user`` (separate from ``client``/``admin_client``)."""
    client = FormClient()
    client.force_login(editor_user)
    return client


@pytest.fixture(autouse=True)
def forget_process_copies():
    """Every test's database is rolled back to the same content version and stamp, which
    production never sees again once changed: drop what this process kept under them."""
    from django.core.cache import caches

    from questionnaire.content import forget_local_content
    from questionnaire.submissions import forget_labels_ids

    forget_local_content()
    forget_labels_ids()
    caches["local"].clear()
