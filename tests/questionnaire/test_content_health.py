"""The "Content health" admin page (/admin/content-health/) and the checks behind it
(questionnaire.health): each section finds a planted problem and leaves healthy rows out; the
winners' search is exact, bounded, and says when it was cut; only those with the permission
see the page; and it runs the same number of queries whatever the size of the content."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comparisons.models import Criterion, Framework, Rating
from questionnaire import health
from questionnaire.content import forget_local_content, get_content
from questionnaire.models import ImportanceEffect
from questionnaire.scoring import Scorer
from tests.questionnaire.scoring_builders import (
    COMFORT,
    DEVELOPER_EXPERIENCE,
    DJANGO,
    FLASK,
    SPEED,
    make_snapshot,
    option,
    question,
    two_by_two,
)

pytestmark = pytest.mark.django_db

URL = "/admin/content-health/"


def health_page(client, html_page):
    response = client.get(URL)
    assert response.status_code == 200
    return html_page(response)


def links(page, name: str, pk: int) -> list:
    """The page's links to the admin page where the row ``pk`` of ``name`` is edited."""
    return page.find_all("a", href=reverse(f"admin:{name}_change", args=[pk]))


# --------------------------------------------------------------------------------------------
# Who may see it.


@pytest.mark.parametrize("logged_in", [False, True])
def test_who_is_not_staff_is_sent_to_the_login_page(client, django_user_model, logged_in):
    if logged_in:
        client.force_login(django_user_model.objects.create_user(username="visitor"))
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={URL}"


def test_staff_without_the_permission_are_refused(client, django_user_model):
    staff = django_user_model.objects.create_user(username="staffer", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403


def test_editors_and_superusers_see_it(editor_client, editor_user, admin_client):
    assert reverse("admin:content-health") == URL
    assert editor_user.has_perm("questionnaire.view_content_health")
    assert not editor_user.is_superuser
    for user_client in (editor_client, admin_client):
        response = user_client.get(URL)
        assert response.status_code == 200
        assert response.templates[0].name == "admin/content_health.html"
        assert "no-store" in response["Cache-Control"]


# --------------------------------------------------------------------------------------------
# The catalogue.


def test_frameworks_missing_ratings_name_the_criteria(
    starting_content,
    make_framework,
    make_rating,
    make_published_framework,
    editor_client,
    html_page,
):
    first, *others = Criterion.objects.filter(active=True).order_by("order", "name")
    half = make_framework(name="Half-rated Framework")
    make_rating(framework=half, criterion=first)
    make_published_framework(name="Fully Rated Framework")
    make_framework(name="<b>Bold</b> Framework", published=False)  # editor text is escaped
    inactive = Criterion.objects.create(
        name="Not yet counted", slug="not-yet-counted", description="Inactive.", active=False
    )

    found = health.incomplete_frameworks(
        Framework.objects.incomplete(), Criterion.objects.filter(active=True)
    )
    assert [(row.name, row.missing) for row in found] == [
        ("<b>Bold</b> Framework", tuple(criterion.name for criterion in [first, *others])),
        ("Half-rated Framework", tuple(criterion.name for criterion in others)),
    ]
    response = editor_client.get(URL)
    assert "&lt;b&gt;Bold&lt;/b&gt; Framework" in response.content.decode()
    assert "<b>Bold</b>" not in response.content.decode()
    page = html_page(response)
    section = page.section("incomplete")
    assert "Frameworks missing ratings (2)" in section
    assert "Half-rated Framework" in section
    assert others[0].name in section
    assert inactive.name not in section
    assert "Fully Rated Framework" not in section
    assert links(page, "comparisons_framework", half.pk)


def test_ratings_with_no_source_are_listed(make_framework, make_rating, editor_client, html_page):
    bare = make_rating(framework=make_framework(name="Bare Framework"), source_url="")
    cited = make_rating(
        framework=make_framework(name="Cited Framework"), source_url="https://example.com/proof"
    )

    page = health_page(editor_client, html_page)
    section = page.section("unsourced")
    assert "Ratings with no source (1)" in section
    assert "Bare Framework" in section
    assert "Cited Framework" not in section
    assert links(page, "comparisons_rating", bare.pk)
    assert not links(page, "comparisons_rating", cited.pk)


def test_ratings_not_reviewed_for_twelve_months_are_listed(
    make_framework, make_rating, editor_client, html_page
):
    today = timezone.localdate()
    source = {"source_url": "https://example.com/proof"}  # listed only as stale, or not
    stale = make_rating(
        framework=make_framework(name="Stale Framework"),
        last_reviewed=today - datetime.timedelta(days=366),
        **source,
    )
    year_old = make_rating(
        framework=make_framework(name="Year-old Framework"),
        last_reviewed=today - datetime.timedelta(days=365),
        **source,
    )
    fresh = make_rating(framework=make_framework(name="Fresh Framework"), **source)

    page = health_page(editor_client, html_page)
    section = page.section("stale")
    assert "Ratings not reviewed for 12 months (1)" in section
    assert "Stale Framework" in section
    assert (today - datetime.timedelta(days=366)).isoformat() in section
    assert "Year-old Framework" not in section
    assert "Fresh Framework" not in section
    assert links(page, "comparisons_rating", stale.pk)
    assert not links(page, "comparisons_rating", year_old.pk)
    assert not links(page, "comparisons_rating", fresh.pk)


# --------------------------------------------------------------------------------------------
# The questionnaire.


def test_answers_with_no_effect_are_listed(
    make_question, make_option, make_criterion, make_snippet, editor_client, html_page
):
    asked = make_question(text="Which one?")
    idle = make_option(question=asked, label="Does nothing")
    only_draft_advice = make_option(question=asked, label="Only draft advice")
    only_draft_advice.advice_snippets.add(make_snippet(published=False))
    weighs = make_option(question=asked, label="Weighs a criterion")
    ImportanceEffect.objects.create(option=weighs, criterion=make_criterion(), delta=2)
    advises = make_option(question=asked, label="Brings advice")
    advises.advice_snippets.add(make_snippet())

    page = health_page(editor_client, html_page)
    section = page.section("idle")
    assert "Answers with no effect (2)" in section
    assert "Does nothing" in section
    assert "Only draft advice" in section
    assert "Weighs a criterion" not in section
    assert "Brings advice" not in section
    assert links(page, "questionnaire_option", idle.pk)
    assert links(page, "questionnaire_question", asked.pk)
    assert not links(page, "questionnaire_option", weighs.pk)


def test_questions_whose_condition_can_never_be_met_are_listed(
    make_section, make_question, make_option, editor_client, html_page
):
    first, second = make_section(order=1), make_section(order=2)
    early = make_question(section=first, order=1, text="Early question?")
    yes = make_option(question=early, label="Early yes")
    follows = make_question(section=first, order=2, text="Follows early?", condition=yes)
    later = make_question(section=second, order=1, text="Later question?")
    waits_for_later = make_question(
        section=first, order=3, text="Waits for later?", condition=make_option(question=later)
    )
    chained = make_question(
        section=second,
        order=2,
        text="Chained to a hidden one?",
        condition=make_option(question=waits_for_later, label="Hidden answer"),
    )
    draft = make_question(section=first, order=4, text="Draft question?", published=False)
    after_draft = make_question(
        section=second, order=3, text="After a draft?", condition=make_option(question=draft)
    )
    itself = make_question(section=second, order=4, text="Depends on itself?")
    itself.condition = make_option(question=itself, label="Own answer")
    itself.save()

    page = health_page(editor_client, html_page)
    section = page.section("never-shown")
    assert "Questions that are never shown (4)" in section
    for text, reason in [
        ("Waits for later?", "an answer to a later question"),
        ("Chained to a hidden one?", "a question that is never shown"),
        ("After a draft?", "an answer to an unpublished question"),
        ("Depends on itself?", "an answer to this same question"),
    ]:
        assert f"{text}" in section
        assert reason in section
    for listed in (waits_for_later, chained, after_draft, itself):
        assert links(page, "questionnaire_question", listed.pk)
    assert "Follows early?" not in section
    assert not links(page, "questionnaire_question", follows.pk)


# --------------------------------------------------------------------------------------------
# Which published frameworks can win: the bounded search, without a database.


@pytest.mark.parametrize(
    ("options", "multiple", "required", "choices"),
    [
        (2, False, True, [(1,), (2,)]),
        (2, False, False, [(1,), (2,), ()]),
        (3, True, True, [(1,), (2,), (3,), (1, 2, 3)]),
        (1, True, False, [(1,), ()]),
    ],
)
def test_answer_choices_follow_the_documented_search(options, multiple, required, choices):
    asked = question(
        10, [option(i) for i in range(1, options + 1)], multiple=multiple, required=required
    )
    assert health.answer_choices(asked) == choices


def conditional_questions():
    """Q1 (2 answers); Q2 after answer 1 (3 answers, optional: 4 ways); Q3 multiple (4 ways);
    Q4 after an answer of Q5, which comes later: never shown."""
    return [
        question(1, [option(11), option(12)]),
        question(2, [option(21), option(22), option(23)], condition=11, required=False),
        question(3, [option(31), option(32), option(33)], multiple=True),
        question(4, [option(41), option(42)], condition=51),
        question(5, [option(51)]),
    ]


def test_the_count_is_exact_without_enumerating():
    questions = conditional_questions()
    # (answer 11 × 4 ways of Q2 + answer 12) × 4 ways of Q3 × 1 way of Q5.
    assert health.count_combinations(questions) == (4 + 1) * 4 * 1
    found = list(health.combinations(questions))
    assert len({tuple(sorted(answers.items())) for answers in found}) == 20
    assert all(4 not in answers for answers in found)
    assert all((2 in answers) == (answers[1] == (11,)) for answers in found)


def test_the_search_finds_the_framework_that_never_wins():
    snapshot = two_by_two()
    assert health.search_winners(snapshot).never_won == ()
    speed = option(SPEED, fit=[(DJANGO, 50, "the team knows it")])
    comfort = option(COMFORT, importance=[(DEVELOPER_EXPERIENCE, 6)])
    no_way_for_flask = make_snapshot(
        snapshot.frameworks, snapshot.criteria, snapshot.ratings, [question(100, [speed, comfort])]
    )
    search = health.search_winners(no_way_for_flask)
    assert search.never_won == ((FLASK, "Flask"),)
    assert (search.searched, search.total, search.cut) == (2, 2, False)


def test_the_search_stops_at_the_cap_and_says_so():
    base = two_by_two()
    snapshot = make_snapshot(base.frameworks, base.criteria, base.ratings, conditional_questions())
    search = health.search_winners(snapshot, cap=3)
    assert (search.searched, search.total, search.cap) == (3, 20, 3)
    assert search.cut


def test_the_search_stops_once_every_framework_has_won():
    search = health.search_winners(two_by_two(required=False))
    # Speed (Flask), comfort (Django): no need to try "no answer".
    assert (search.never_won, search.searched, search.total, search.cut) == ((), 2, 3, False)


def test_its_winners_are_the_scorers(starting_content):
    snapshot = get_content().snapshot
    scorer = Scorer(snapshot)
    searched = 0
    for answers, winner in health.winners(snapshot):
        assert winner == scorer.score(answers, include_changes=False).winner_id, answers
        searched += 1
    assert searched == health.count_combinations(snapshot.questions)


# --------------------------------------------------------------------------------------------
# The section on the page.


def test_the_page_names_the_published_frameworks_that_never_win(
    starting_content, make_published_framework, editor_client, html_page
):
    dud = make_published_framework(name="Dud Framework", languages=[])
    Rating.objects.filter(framework=dud).update(score=1)

    page = health_page(editor_client, html_page)
    section = page.section("never-win")
    assert "Dud Framework" in section
    assert "Searched all" in section
    assert links(page, "comparisons_framework", dud.pk)


def test_the_page_says_when_the_search_was_cut(
    starting_content, editor_client, html_page, monkeypatch
):
    monkeypatch.setattr(health, "SEARCH_CAP", 5)
    total = health.count_combinations(get_content().snapshot.questions)

    section = health_page(editor_client, html_page).section("never-win")
    assert f"searched 5 of {total} combinations" in section
    assert "cut at the cap" in section


# --------------------------------------------------------------------------------------------
# Bounded queries, and well-formed tables.


def count_queries(client) -> tuple[int, object]:
    """The page's queries with a cold cache (the content is read from the database), savepoints
    aside (tests/questionnaire/test_query_counts.py says why)."""
    cache.clear()
    forget_local_content()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    count = sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        for query in queries.captured_queries
    )
    return count, response


def plant_problems(make_framework, make_option, large):
    """A few rows in every section, on top of ``large`` (synthetic content)."""
    for _ in range(3):
        make_framework()
        make_option()
    Rating.objects.filter(pk__in=Rating.objects.values("pk")[:5]).update(
        last_reviewed=datetime.date(2000, 1, 1)
    )
    questions = large.questions
    questions[2].condition = large.options[questions[5].pk][0]
    questions[2].save()


def test_the_page_runs_the_same_queries_whatever_the_content_size(
    starting_content, large_content, make_framework, make_option, editor_client, html_page
):
    # Guards against N+1 queries: per framework (its missing criteria), per rating (its
    # framework's and criterion's names), per answer (its effects) or per question (its
    # condition's question).
    small, _ = count_queries(editor_client)
    # Only the synthetic criteria count: its 60 frameworks are published and complete (the
    # starting content's are not any more, which lists them as missing ratings).
    Criterion.objects.update(active=False)
    large = large_content(frameworks=60, criteria=12, questions=8)
    plant_problems(make_framework, make_option, large)
    count, response = count_queries(editor_client)
    assert count == small, (count, small)
    assert small <= 30, small

    page = html_page(response)
    incomplete = Framework.objects.incomplete().count()  # the planted 3, the starting ones
    assert page.section("incomplete").startswith(f"Frameworks missing ratings ({incomplete})")
    assert "Ratings not reviewed for 12 months (5)" in page.section("stale")
    assert "Questions that are never shown (1)" in page.section("never-shown")
    assert "searched 20000 of " in page.section("never-win")
    # Accessible tables: each has a caption, and each header cell says what it heads (six
    # are the report's, the others the admin's side bar).
    assert len(page.find_all("table")) == len(page.find_all("caption")) >= 6
    assert all(cell.get("scope") in {"col", "row"} for cell in page.find_all("th"))
