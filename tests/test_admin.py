"""Smoke tests of every admin page, as a superuser and as an editor.

The models come from the admin registry itself, so a newly registered model is tested (and
fails loudly until ``make_admin_sample`` knows how to create one).
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from comparisons.models import AdviceSnippet, Criterion, Framework, Language, Rating, Tag
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    GoldenProfile,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
    Submission,
)
from tests.admin_forms import change_form_data, form_errors
from tests.fixtures.factories import next_number

pytestmark = pytest.mark.django_db

REGISTERED_MODELS = [model for model in apps.get_models() if admin.site.is_registered(model)]
CONTENT_APPS = {"comparisons", "questionnaire"}
ROLES = ["superuser", "editor"]


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def new_language(make_framework) -> Language:
    """A Language, with a framework written in it."""
    n = next_number()
    language = Language.objects.create(name=f"Language {n}", slug=f"language-{n}")
    make_framework(languages=[language])
    return language


def new_tag(make_framework) -> Tag:
    """A Tag, with a framework that has it."""
    n = next_number()
    tag = Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}", description=f"Trait {n}.")
    make_framework().tags.add(tag)
    return tag


def golden_profile(make_option, make_published_framework) -> GoldenProfile:
    profile = GoldenProfile.objects.create(name=f"Profile {next_number()}", note="Why.")
    profile.answers.add(make_option())
    profile.expected_winners.add(make_published_framework())
    return profile


@pytest.fixture
def make_admin_sample(
    make_framework,
    make_published_framework,
    make_criterion,
    make_rating,
    make_snippet,
    make_section,
    make_question,
    make_option,
    make_submission,
):
    """Factory: ``make(model)`` saves and returns one representative object of ``model``.

    Objects come with related rows (ratings, answers, effects) so inlines render too.
    """

    def framework():
        # Published, so rated on every active criterion (one at least, for the inline);
        # with a language and a tag of its own, so each list filter has choices.
        make_criterion()
        framework = make_published_framework(
            language="Python", languages=[new_language(make_framework)]
        )
        framework.tags.add(new_tag(make_framework))
        return framework

    def option_with_effects(question=None):
        option = make_option(**({"question": question} if question else {}))
        ImportanceEffect.objects.create(option=option, criterion=make_criterion(), delta=2)
        # Rules of every kind of target.
        FitEffect.objects.bulk_create(
            FitEffect(option=option, points=5, reason="R.", **target)
            for target in [
                {"framework": make_framework()},
                {"language": new_language(make_framework)},
                {"tag": new_tag(make_framework)},
                {"criterion": make_criterion(), "threshold": 4},
            ]
        )
        DealBreaker.objects.create(option=option, framework=make_framework(), reason="R.")
        DealBreaker.objects.create(
            option=option, criterion=make_criterion(), threshold=2, reason="R."
        )
        option.advice_snippets.add(make_snippet())
        return option

    def question():
        earlier = make_question()
        question = make_question(section=earlier.section, condition=make_option(question=earlier))
        option_with_effects(question)
        return question

    def section():
        section = make_section()
        make_question(section=section)
        return section

    def snippet():
        return make_snippet(frameworks=[make_framework()], criterion=make_criterion())

    def user():
        n = get_user_model().objects.count()
        return get_user_model().objects.create_user(username=f"someone-{n}", password="pw")

    def login_record(model, **fields):
        # django-axes's records of log-in attempts (superusers review and clear lockouts).
        n = model.objects.count() + 1
        return model.objects.create(
            username=f"someone-{n}",
            ip_address=f"192.0.2.{n}",
            user_agent="pytest",
            path_info="/admin/login/",
            **fields,
        )

    builders = {
        Framework: framework,
        Language: lambda: new_language(make_framework),
        Tag: lambda: new_tag(make_framework),
        Criterion: make_criterion,
        Rating: make_rating,
        AdviceSnippet: snippet,
        Section: section,
        Question: question,
        Option: option_with_effects,
        ScoringSettings: lambda: ScoringSettings.objects.get(pk=1),
        Submission: make_submission,
        GoldenProfile: lambda: golden_profile(make_option, make_published_framework),
        get_user_model(): user,
        Group: lambda: Group.objects.get(name="Editors"),
        AccessAttempt: lambda: login_record(
            AccessAttempt, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: lambda: login_record(AccessLog),
        AccessFailureLog: lambda: login_record(AccessFailureLog),
    }

    def make(model):
        if model not in builders:
            pytest.fail(f"make_admin_sample does not know how to create a {label(model)}")
        return builders[model]()

    return make


@pytest.fixture(params=ROLES)
def role(request):
    """Each test using it runs once as the superuser and once as an editor."""
    return request.param


@pytest.fixture
def role_client(request, role):
    """The logged-in Client for ``role``."""
    return request.getfixturevalue("admin_client" if role == "superuser" else "editor_client")


@pytest.fixture
def role_user(request, role):
    """The user behind ``role_client``."""
    return request.getfixturevalue("admin_user" if role == "superuser" else "editor_user")


def may_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def may_add(user, model, admin_user, rf) -> bool:
    """The user's permission, and the ModelAdmin allowing additions at all."""
    request = rf.get("/")
    request.user = admin_user
    opts = model._meta
    allowed_by_admin = admin.site.get_model_admin(model).has_add_permission(request)
    return allowed_by_admin and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


def expected(allowed: bool) -> int:
    return 200 if allowed else 403


# --- Every registered model: changelist, add and change pages ------------------------------


def test_registry_covers_the_content_models():
    registered = {label(model) for model in REGISTERED_MODELS}
    assert {
        "comparisons.framework",
        "comparisons.criterion",
        "comparisons.rating",
        "comparisons.advicesnippet",
        "comparisons.language",
        "comparisons.tag",
        "questionnaire.section",
        "questionnaire.question",
        "questionnaire.option",
        "questionnaire.scoringsettings",
        "questionnaire.submission",
    } <= registered


def test_editor_may_view_exactly_the_content_models(editor_user):
    viewable = {label(model) for model in REGISTERED_MODELS if may_view(editor_user, model)}
    content = {label(m) for m in REGISTERED_MODELS if m._meta.app_label in CONTENT_APPS}
    assert viewable == content


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=label)
def test_changelist(model, role, role_client, role_user, make_admin_sample):
    make_admin_sample(model)
    response = role_client.get(admin_url(model, "changelist"))
    if role == "superuser":
        assert response.status_code == 200
    else:
        assert response.status_code == expected(may_view(role_user, model))


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=label)
def test_add_page(model, role, role_client, role_user, admin_user, rf):
    response = role_client.get(admin_url(model, "add"))
    assert response.status_code == expected(may_add(role_user, model, admin_user, rf))


@pytest.mark.parametrize("model", [ScoringSettings, Submission], ids=label)
def test_add_page_is_refused_even_to_the_superuser_where_rows_are_not_added(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=label)
def test_change_page(model, role, role_client, role_user, make_admin_sample):
    obj = make_admin_sample(model)
    response = role_client.get(admin_url(model, "change", obj.pk))
    if role == "superuser":
        assert response.status_code == 200
    else:
        assert response.status_code == expected(may_view(role_user, model))
    if response.status_code == 200:
        assert response.context["original"] == obj


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=label)
def test_changelist_search(model, admin_client, make_admin_sample):
    make_admin_sample(model)
    response = admin_client.get(admin_url(model, "changelist"), {"q": "x"})
    assert response.status_code == 200
    assert response.context["cl"].query == "x"


FILTERED_MODELS = [
    model for model in REGISTERED_MODELS if admin.site.get_model_admin(model).list_filter
]


@pytest.mark.parametrize("model", FILTERED_MODELS, ids=label)
def test_each_list_filter_first_choice(model, admin_client, admin_user, make_admin_sample, rf):
    # Two objects each, so that every related-object filter has choices to offer.
    make_admin_sample(model)
    make_admin_sample(model)
    model_admin = admin.site.get_model_admin(model)
    url = admin_url(model, "changelist")
    request = rf.get(url)
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)
    assert len(changelist.filter_specs) == len(model_admin.list_filter)

    for spec in changelist.filter_specs:
        choice = next(choice for choice in spec.choices(changelist) if not choice["selected"])
        response = admin_client.get(url + choice["query_string"])
        # An unusable filter makes the admin redirect to ?e=1 instead of answering 200.
        assert response.status_code == 200, (spec.title, choice)
        assert response.context["cl"].get_filters_params(), (spec.title, choice)


# --- Editors change ratings ---------------------------------------------------------------


def test_editor_changes_a_rating_in_the_framework_form(editor_client, make_framework, make_rating):
    framework = make_framework()
    kept = make_rating(framework=framework, score=2)
    changed = make_rating(framework=framework, score=3, rationale="Before the change.")
    url = admin_url(Framework, "change", framework.pk)
    page = editor_client.get(url)
    assert page.status_code == 200

    data = change_form_data(page)
    [ratings_formset] = [
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Rating
    ]
    [form] = [f for f in ratings_formset.forms if f.instance.pk == changed.pk]
    data[form.add_prefix("score")] = "5"
    data[form.add_prefix("rationale")] = "Improved a lot."
    assert data[f"{ratings_formset.prefix}-TOTAL_FORMS"] == "2"

    response = editor_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    changed.refresh_from_db()
    kept.refresh_from_db()
    assert (changed.score, changed.rationale) == (5, "Improved a lot.")
    assert kept.score == 2


def test_editor_cannot_save_a_rating_of_6_in_the_framework_form(
    editor_client, make_framework, make_rating
):
    framework = make_framework()
    rating = make_rating(framework=framework, score=3)
    url = admin_url(Framework, "change", framework.pk)
    page = editor_client.get(url)
    data = change_form_data(page)
    [form] = [
        f
        for inline in page.context["inline_admin_formsets"]
        for f in inline.formset.forms
        if f.instance.pk == rating.pk
    ]
    data[form.add_prefix("score")] = "6"

    response = editor_client.post(url, data)

    assert response.status_code == 200  # the form comes back with an error
    rating.refresh_from_db()
    assert rating.score == 3


def test_editor_changes_a_rating_on_its_own_page(editor_client, make_rating):
    rating = make_rating(score=1)
    url = admin_url(Rating, "change", rating.pk)
    page = editor_client.get(url)
    assert page.status_code == 200

    data = change_form_data(page)
    data["score"] = "4"
    response = editor_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    rating.refresh_from_db()
    assert rating.score == 4
