"""Database constraints of the comparisons app.

Each violating row is written through the ORM (``create`` / ``bulk_create``), which skips
form and model validation, so only the database can refuse it. The expected error names
the constraint (or, for SQLite's unique indexes on plain columns, the columns), so a test
cannot pass because of some unrelated failure such as a NOT NULL column.
"""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comparisons.models import AdviceSnippet, ContentVersion, Criterion, Framework, Rating

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def violates(pattern: str):
    """Expect the block to raise IntegrityError matching ``pattern``, in its own savepoint."""
    with pytest.raises(IntegrityError, match=pattern), transaction.atomic():
        yield


RATING_PAIR_UNIQUE = (
    r"rating_one_per_framework_and_criterion"
    r"|comparisons_rating\.framework_id, comparisons_rating\.criterion_id"
)


# --- Ratings -----------------------------------------------------------------------------


@pytest.mark.parametrize("score", [1, 5])
def test_rating_scores_at_the_ends_of_the_scale_are_stored(make_rating, score):
    rating = make_rating(score=score)
    assert Rating.objects.get(pk=rating.pk).score == score


@pytest.mark.parametrize("score", [0, 6])
def test_rating_score_outside_1_to_5_is_refused(make_framework, make_criterion, score):
    framework, criterion = make_framework(), make_criterion()
    with violates("rating_score_range"):
        Rating.objects.create(
            framework=framework, criterion=criterion, score=score, rationale="Because."
        )
    assert not Rating.objects.filter(framework=framework).exists()


def test_rating_score_range_also_holds_for_bulk_create(make_framework, make_criterion):
    framework = make_framework()
    ok, too_high = make_criterion(), make_criterion()
    with violates("rating_score_range"):
        Rating.objects.bulk_create(
            [
                Rating(framework=framework, criterion=ok, score=4, rationale="Fine."),
                Rating(framework=framework, criterion=too_high, score=7, rationale="Too high."),
            ]
        )
    assert not Rating.objects.filter(framework=framework).exists()


def test_second_rating_for_the_same_framework_and_criterion_is_refused(make_rating):
    first = make_rating()
    with violates(RATING_PAIR_UNIQUE):
        Rating.objects.create(
            framework=first.framework, criterion=first.criterion, score=2, rationale="Again."
        )
    assert Rating.objects.filter(framework=first.framework).count() == 1


def test_same_criterion_may_be_rated_for_another_framework(make_rating, make_framework):
    first = make_rating()
    other = make_rating(framework=make_framework(), criterion=first.criterion)
    assert other.pk != first.pk


def test_rating_without_rationale_is_refused(make_framework, make_criterion):
    with violates("rating_rationale_required"):
        Rating.objects.create(
            framework=make_framework(), criterion=make_criterion(), score=3, rationale=""
        )


@pytest.mark.parametrize("score", [0, 6])
def test_rating_full_clean_says_the_range_in_plain_words(make_framework, make_criterion, score):
    # The field's validators fire before the constraint (which full_clean then skips), so
    # they carry the same plain-words message editors should see.
    rating = Rating(
        framework=make_framework(), criterion=make_criterion(), score=score, rationale="x"
    )
    with pytest.raises(ValidationError) as caught:
        rating.full_clean()
    assert caught.value.message_dict == {"score": ["A rating must be a whole number from 1 to 5."]}


def test_rating_full_clean_asks_for_a_rationale(make_framework, make_criterion):
    rating = Rating(framework=make_framework(), criterion=make_criterion(), score=3, rationale="")
    with pytest.raises(ValidationError) as caught:
        rating.full_clean()
    assert caught.value.message_dict == {
        "rationale": ["Say in one sentence why this rating holds."]
    }


def test_rating_score_constraint_message_is_plain_words(make_framework, make_criterion):
    rating = Rating(framework=make_framework(), criterion=make_criterion(), score=6, rationale="x")
    with pytest.raises(ValidationError) as caught:
        rating.validate_constraints()
    assert "from 1 to 5" in " ".join(caught.value.messages)


def test_duplicate_rating_full_clean_says_so_in_plain_words(make_rating):
    first = make_rating()
    duplicate = Rating(
        framework=first.framework, criterion=first.criterion, score=4, rationale="Again."
    )
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["This framework already has a rating on this criterion."]


# --- Slugs (shared by frameworks and criteria) ---------------------------------------------


@pytest.mark.parametrize("factory_name", ["make_framework", "make_criterion"])
@pytest.mark.parametrize("slug", ["django", "node-js", "web2py", "a-b-c"])
def test_lower_case_hyphenated_slugs_are_stored(request, factory_name, slug):
    row = request.getfixturevalue(factory_name)(slug=slug)
    assert type(row).objects.get(pk=row.pk).slug == slug


@pytest.mark.parametrize(("model", "prefix"), [(Framework, "framework"), (Criterion, "criterion")])
@pytest.mark.parametrize(
    ("slug", "constraint"),
    [
        ("Django", "slug_lowercase_words"),
        ("a--b", "slug_lowercase_words"),
        ("-django", "slug_lowercase_words"),
        ("django-", "slug_lowercase_words"),
        ("dj ango", "slug_lowercase_words"),
        ("", "slug_lowercase_words"),
        ("django-vs-flask", "slug_without_vs"),
    ],
)
def test_malformed_slugs_are_refused(model, prefix, slug, constraint):
    if model is Framework:
        row = Framework(name="Bad slug", slug=slug, language="Python", summary="S.")
    else:
        row = Criterion(name="Bad slug", slug=slug, description="D.")
    with violates(f"{prefix}_{constraint}"):
        model.objects.bulk_create([row])
    assert not model.objects.filter(name="Bad slug").exists()


def test_slug_with_uppercase_full_clean_gives_plain_words():
    framework = Framework(name="Flask", slug="Flask", language="Python", summary="Micro.")
    with pytest.raises(ValidationError) as caught:
        framework.full_clean()
    assert "Use lower-case letters, digits and single hyphens only." in caught.value.messages


@pytest.mark.parametrize("slug", ["django-vs-flask", "next-vs", "vs-next", "vs"])
def test_slug_with_vs_as_a_word_full_clean_explains_why(slug):
    framework = Framework(name="Odd", slug=slug, language="Python", summary="S.")
    with pytest.raises(ValidationError) as caught:
        framework.full_clean()
    assert any('"vs" as a word' in message for message in caught.value.messages)


@pytest.mark.parametrize("slug", ["vsx", "canvas", "envs-kit"])
def test_slug_with_vs_inside_a_word_is_fine(slug):
    Framework(name="Fine", slug=slug, language="Python", summary="S.").full_clean()


# --- Framework names ------------------------------------------------------------------------


def test_framework_name_differing_only_in_case_is_refused(make_framework):
    make_framework(name="Express")
    with violates("framework_name_unique_ignoring_case"):
        Framework.objects.create(name="EXPRESS", slug="express-2", language="JS", summary="S.")
    assert Framework.objects.filter(name__iexact="express").count() == 1


def test_framework_names_that_differ_are_stored(make_framework):
    make_framework(name="Express")
    make_framework(name="Expresso")
    assert Framework.objects.filter(name__istartswith="express").count() == 2


def test_framework_name_case_duplicate_full_clean_gives_plain_words(make_framework):
    make_framework(name="Django")
    duplicate = Framework(name="django", slug="django-again", language="Python", summary="S.")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "A framework with this name already exists." in caught.value.messages


def test_framework_slug_is_unique(make_framework):
    make_framework(slug="django")
    with violates(r"comparisons_framework\.slug|framework_slug"):
        Framework.objects.create(name="Other", slug="django", language="Python", summary="S.")


# --- Criteria -----------------------------------------------------------------------------


@pytest.mark.parametrize("importance", [0, 10])
def test_criterion_importance_at_the_ends_is_stored(make_criterion, importance):
    criterion = make_criterion(base_importance=importance)
    assert Criterion.objects.get(pk=criterion.pk).base_importance == importance


def test_criterion_importance_above_10_is_refused():
    with violates("criterion_base_importance_range"):
        Criterion.objects.create(name="Speed", slug="speed", description="D.", base_importance=11)


def test_criterion_name_is_unique(make_criterion):
    make_criterion(name="Speed")
    with violates(r"comparisons_criterion\.name|criterion_name"):
        Criterion.objects.create(name="Speed", slug="speed-2", description="D.")


# --- Advice snippets ----------------------------------------------------------------------


def test_snippet_of_unknown_kind_is_refused():
    with violates("advicesnippet_kind_known"):
        AdviceSnippet.objects.create(title="T", kind="rumour", body="Body.")


@pytest.mark.parametrize("kind", AdviceSnippet.Kind.values)
def test_snippet_of_every_known_kind_is_stored(make_snippet, kind):
    assert AdviceSnippet.objects.get(pk=make_snippet(kind=kind).pk).kind == kind


def test_snippet_without_body_is_refused():
    with violates("advicesnippet_body_required"):
        AdviceSnippet.objects.create(title="T", kind=AdviceSnippet.Kind.VERDICT, body="")


# --- Content version ----------------------------------------------------------------------


def test_content_version_has_a_single_row():
    ContentVersion.objects.get_or_create(pk=1)  # normally made by a migration
    with violates("content_version_single_row"):
        ContentVersion.objects.bulk_create([ContentVersion(id=2)])
    assert list(ContentVersion.objects.values_list("id", flat=True)) == [1]
