"""The content version: every write to a content table bumps it, whatever path the write takes
(save, delete, QuerySet.update, bulk_create, many-to-many links, data migrations, raw SQL), in
the write's own transaction; nothing else does; and pages and results follow it at once.
Database triggers do the bumping (comparisons/content_triggers.py): one bump per statement on
PostgreSQL, one per row on SQLite, so these tests ask that the version moved, not by how much.
"""

import contextlib
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from comparisons.content_version import (
    bump_content_version,
    content_models,
    content_tables,
    current_content_state,
    current_content_version,
)
from comparisons.models import (
    AdviceSnippet,
    ContentVersion,
    Criterion,
    Framework,
    Language,
    Rating,
    Tag,
)
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ResultLabels,
    ScoringSettings,
    Section,
    StartingContentLoad,
    Submission,
)
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db

COMPARE = "/compare/django-vs-express/"


class Boom(Exception):
    pass


@contextlib.contextmanager
def bumps_the_version():
    """Asserts that the block moves the content version on, to a state never seen before."""
    number, stamp = current_content_state()
    yield
    new_number, new_stamp = current_content_state()
    assert new_number > number, "the content version was not bumped"
    assert new_stamp != stamp and re.fullmatch(r"[0-9a-f]{16}", new_stamp)


@contextlib.contextmanager
def leaves_the_version():
    before = current_content_state()
    yield
    assert current_content_state() == before, "the content version was bumped"


# Each content model: a row of the starting content that may be deleted (an empty section:
# a section's questions keep it), and an edit of one of its fields.
EDITS = {
    Framework: (lambda: Framework.objects.get(slug="flask"), "summary", "Edited summary."),
    Criterion: (lambda: Criterion.objects.get(slug="security"), "description", "Edited."),
    Language: (lambda: Language.objects.get(key="rust"), "name", "Rust (edited)"),
    Tag: (lambda: Tag.objects.get(key="typed"), "description", "Edited."),
    Rating: (
        lambda: Rating.objects.get(framework__slug="flask", criterion__slug="security"),
        "rationale",
        "Edited rationale.",
    ),
    AdviceSnippet: (lambda: AdviceSnippet.objects.get(title="Pick Flask if…"), "body", "New."),
    Section: (lambda: Section.objects.create(title="Empty section"), "intro", "Edited intro."),
    Question: (
        lambda: Question.objects.get(text="How large do you expect the project to grow?"),
        "help_text",
        "Edited hint.",
    ),
    Option: (lambda: Option.objects.get(label="Python"), "order", 25),
    ImportanceEffect: (lambda: ImportanceEffect.objects.get(option__label="Python"), "delta", 2),
    FitEffect: (
        lambda: FitEffect.objects.get(option__label="Python", language__key="python"),
        "reason",
        "Edited reason.",
    ),
    DealBreaker: (lambda: DealBreaker.objects.get(), "reason", "Edited reason."),
    ScoringSettings: (lambda: ScoringSettings.objects.get(pk=1), "too_close_margin", 5),
}
CONTENT_MODELS = pytest.mark.parametrize("model", content_models(), ids=lambda m: m.__name__)


def test_every_content_model_is_edited_here():
    assert set(content_models()) == set(EDITS), "add the new content model to EDITS"


@CONTENT_MODELS
def test_saving_bumps_the_version(starting_content, model):
    get, field_name, value = EDITS[model]
    row = get()
    setattr(row, field_name, value)
    with bumps_the_version():
        row.save()
    assert getattr(model.objects.get(pk=row.pk), field_name) == value


@CONTENT_MODELS
def test_a_queryset_update_bumps_the_version(starting_content, model):
    get, field_name, value = EDITS[model]
    row = get()
    with bumps_the_version():
        model.objects.filter(pk=row.pk).update(**{field_name: value})
    assert getattr(model.objects.get(pk=row.pk), field_name) == value


@CONTENT_MODELS
def test_deleting_bumps_the_version(starting_content, model):
    row = EDITS[model][0]()
    with bumps_the_version():
        row.delete()  # for most models, a cascade deletes many more rows
    assert not model.objects.filter(pk=row.pk).exists()


@CONTENT_MODELS
def test_bulk_create_bumps_the_version(starting_content, model):
    row = EDITS[model][0]()
    model.objects.filter(pk=row.pk).delete()
    with bumps_the_version():
        model.objects.bulk_create([row])  # puts the deleted row back
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("table", content_tables())
def test_raw_sql_bumps_the_version(starting_content, table):
    with bumps_the_version(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET id = id")  # noqa: S608
        assert cursor.rowcount > 0


M2M_CHANGES = {
    "snippet.frameworks.add": lambda s, f, o: s.frameworks.add(f),
    "snippet.frameworks.remove": lambda s, f, o: s.frameworks.remove(
        Framework.objects.get(slug="express")
    ),
    "snippet.frameworks.clear": lambda s, f, o: s.frameworks.clear(),
    "snippet.frameworks.set": lambda s, f, o: s.frameworks.set([f]),
    "framework.snippets.add (reverse)": lambda s, f, o: f.snippets.add(s),
    "option.advice_snippets.add": lambda s, f, o: o.advice_snippets.add(s),
    "option.advice_snippets.remove": lambda s, f, o: o.advice_snippets.remove(
        AdviceSnippet.objects.get(title="Go with what your team knows")
    ),
    "option.advice_snippets.clear": lambda s, f, o: o.advice_snippets.clear(),
    "snippet.trigger_options.add (reverse)": lambda s, f, o: s.trigger_options.add(o),
}


@pytest.mark.parametrize("change", M2M_CHANGES)
def test_changing_many_to_many_links_bumps_the_version(starting_content, change):
    snippet = AdviceSnippet.objects.get(title="Pick Express if…")
    framework = Framework.objects.get(slug="flask")
    option = Option.objects.get(label="JavaScript or TypeScript")

    def links():
        return (
            set(snippet.frameworks.values_list("pk", flat=True)),
            set(option.advice_snippets.values_list("pk", flat=True)),
        )

    before = links()
    with bumps_the_version():
        M2M_CHANGES[change](snippet, framework, option)
    assert links() != before, "the change must change something"


def test_a_data_migration_bumps_the_version(starting_content):
    """Historical models send no signals at all: the triggers see their writes all the same."""

    def unpublish_flask(apps, schema_editor):
        apps.get_model("comparisons", "Framework").objects.filter(slug="flask").update(
            published=False
        )

    state = MigrationLoader(connection).project_state()  # the models as migrations see them
    with bumps_the_version():
        RunPython(unpublish_flask).database_forwards(
            "comparisons", connection.schema_editor(), state, state
        )
    assert not Framework.objects.get(slug="flask").published


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncate_bumps_the_version(starting_content):
    with connection.cursor() as cursor:
        # The loaded rows' foreign keys are checked at commit; TRUNCATE wants them checked.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with bumps_the_version(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(DealBreaker._meta.db_table)}")
    assert not DealBreaker.objects.exists()


def test_a_bump_writes_a_new_stamp_and_the_time(starting_content):
    start = timezone.now().replace(microsecond=0)  # SQLite's clock is read to the millisecond
    Framework.objects.filter(slug="flask").update(summary="Edited.")
    version = ContentVersion.objects.get(pk=1)
    assert start <= version.changed_at <= timezone.now() + datetime.timedelta(seconds=1)
    assert re.fullmatch(r"[0-9a-f]{16}", version.stamp)


def test_a_write_puts_a_missing_version_row_back(starting_content):
    ContentVersion.objects.all().delete()  # as in a flushed database
    Framework.objects.filter(slug="flask").update(summary="Edited.")
    assert current_content_version() == 2  # as if the row a migration makes had been bumped


def test_a_rolled_back_edit_leaves_the_version_as_it_was(starting_content):
    rating = Rating.objects.get(framework__slug="flask", criterion__slug="security")
    before = current_content_state()

    with contextlib.suppress(Boom), transaction.atomic():
        Rating.objects.filter(pk=rating.pk).update(score=1)
        assert current_content_state() != before  # the transaction sees its own bump
        raise Boom
    assert current_content_state() == before
    assert Rating.objects.get(pk=rating.pk).score == 3

    with bumps_the_version():
        with contextlib.suppress(Boom), transaction.atomic():
            rating.save()
            raise Boom
        # The same transaction goes on: its own change still bumps.
        Rating.objects.filter(pk=rating.pk).update(score=2)
    assert Rating.objects.get(pk=rating.pk).score == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_transactions_commit_and_roll_back_the_bump_with_the_edit(clear_cache):
    """With real commits and rollbacks (no test transaction around them)."""
    from questionnaire.starting_content import load_starting_content

    with bumps_the_version():
        load_starting_content()
    rating = Rating.objects.get(framework__slug="flask", criterion__slug="security")

    with leaves_the_version(), contextlib.suppress(Boom), transaction.atomic():
        Rating.objects.filter(pk=rating.pk).update(score=1)
        raise Boom
    assert Rating.objects.get(pk=rating.pk).score == 3

    with bumps_the_version(), transaction.atomic():
        Rating.objects.filter(pk=rating.pk).update(score=4)
    with bumps_the_version():
        rating.save()  # autocommit: its own transaction


def test_bump_content_version_still_bumps_on_its_own(starting_content):
    with bumps_the_version():
        bump_content_version()
    ContentVersion.objects.all().delete()
    bump_content_version()
    assert current_content_version() == 2


# --- Nothing else bumps it ----------------------------------------------------------------


def test_using_the_questionnaire_does_not_bump_the_version(
    client, answer_form_data, submit_answers
):
    valid = answer_form_data(**CHAT_APP)

    with leaves_the_version():
        assert client.get("/advisor/").status_code == 200
        token = submit_answers(valid)
        assert client.post("/advisor/", {}).status_code == 400
        assert client.get(f"/results/{token}/").status_code == 200
        assert client.get(f"/results/{token}.json").status_code == 200
        assert client.post(f"/results/{token}/recompute/").status_code == 303

    assert ResultLabels.objects.exists()
    assert set(Submission.objects.values_list("content_version", flat=True)) == {
        current_content_version()
    }


def test_accounts_sessions_and_records_do_not_bump_the_version(starting_content, client):
    with leaves_the_version():
        user = get_user_model().objects.create_user("someone", password="a-password")
        user.first_name = "Some"
        user.save()
        client.force_login(user)  # a session row
        client.logout()
        user.delete()
        StartingContentLoad.objects.create(version=99)
        labels = ResultLabels.objects.create(content_version=1, content_stamp="f" * 16, labels={})
        Submission.objects.create(answers={}, result={}, content_version=1, labels=labels)


# --- Pages and results follow at once -------------------------------------------------------


def test_an_update_shows_on_the_compare_page_at_once_with_the_page_cache_on(
    client, settings, starting_content
):
    settings.PAGE_CACHE_SECONDS = 3600
    assert client.get(COMPARE).templates  # rendered, and stored
    assert not client.get(COMPARE).templates  # served from the cache

    Rating.objects.filter(framework__slug="django", criterion__slug="security").update(
        rationale="Checked again this morning."
    )

    page = client.get(COMPARE)
    assert page.templates, "the stored page of the old content was served"
    assert "Checked again this morning." in page.content.decode()


@pytest.mark.parametrize("action, published", [("publish", True), ("unpublish", False)])
def test_admin_publish_actions_bump_the_version(starting_content, admin_client, action, published):
    pks = list(Framework.objects.filter(slug__in=["django", "flask"]).values_list("pk", flat=True))
    Framework.objects.filter(pk__in=pks).update(published=not published)

    with bumps_the_version():
        response = admin_client.post(
            "/admin/comparisons/framework/",
            {"action": action, "_selected_action": pks, "index": 0},
        )

    assert response.status_code == 302
    assert set(Framework.objects.filter(pk__in=pks).values_list("published", flat=True)) == {
        published
    }


def test_unpublishing_in_the_admin_shows_at_once(
    admin_client, client, answer_form_data, submit_answers
):
    first = submit_answers(answer_form_data(**CHAT_APP))
    order = [i["framework"] for i in client.get(f"/results/{first}.json").json()["ranking"]]
    assert "flask" in order

    admin_client.post(
        "/admin/comparisons/framework/",
        {
            "action": "unpublish",
            "_selected_action": [Framework.objects.get(slug="flask").pk],
            "index": 0,
        },
    )

    second = submit_answers(answer_form_data(**CHAT_APP))
    ranking = client.get(f"/results/{second}.json").json()["ranking"]
    assert [item["framework"] for item in ranking] == [slug for slug in order if slug != "flask"]


def express_line(client, token: str, criterion: str) -> tuple[dict, dict]:
    data = client.get(f"/results/{token}.json").json()
    (express,) = [item for item in data["ranking"] if item["framework"] == "express"]
    (line,) = [line for line in express["breakdown"] if line["criterion"] == criterion]
    return express, line


def test_an_update_is_used_by_the_next_result(client, answer_form_data, submit_answers):
    """The content is cached (in this process and in the cache) under the version: an update
    that skips save() replaces it all the same."""
    data = answer_form_data(**CHAT_APP)
    express, line = express_line(client, submit_answers(data), "raw-performance")
    assert line["rating"] == 5

    Rating.objects.filter(framework__slug="express", criterion__slug="raw-performance").update(
        score=1
    )

    express_after, line_after = express_line(client, submit_answers(data), "raw-performance")
    assert line_after["rating"] == 1
    assert express_after["total"] < express["total"]


def test_an_edited_question_shows_at_once(client, starting_content):
    assert client.get("/advisor/").status_code == 200  # the content is now cached
    question = Question.objects.get(text="What are you building?")
    question.text = "What will you build?"
    question.save()
    page = client.get("/advisor/").content.decode()
    assert "What will you build?" in page
    assert "What are you building?" not in page
