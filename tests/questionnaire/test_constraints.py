"""Database constraints of the questionnaire app, and Question.clean().

Violating rows are written through the ORM (``create`` / ``bulk_create`` / ``update``),
bypassing validation, so only the database can refuse them. The expected error names the
constraint (or, for SQLite's unique indexes on plain columns, the columns).
"""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Submission,
    new_submission_token,
)

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def violates(pattern: str):
    """Expect the block to raise IntegrityError matching ``pattern``, in its own savepoint."""
    with pytest.raises(IntegrityError, match=pattern), transaction.atomic():
        yield


def unique_pattern(name: str, table: str, *columns: str) -> str:
    """The constraint's name (PostgreSQL) or SQLite's "table.column, ..." wording."""
    return name + "|" + r", ".join(rf"{table}\.{column}" for column in columns)


# --- Questions and options ----------------------------------------------------------------


def test_question_of_unknown_kind_is_refused(make_section):
    with violates("question_kind_known"):
        Question.objects.create(section=make_section(), text="Which?", kind="ranking")


@pytest.mark.parametrize("kind", Question.Kind.values)
def test_question_of_every_known_kind_is_stored(make_question, kind):
    assert Question.objects.get(pk=make_question(kind=kind).pk).kind == kind


def test_question_without_text_is_refused(make_section):
    with violates("question_text_required"):
        Question.objects.create(section=make_section(), text="")


def test_option_label_is_unique_per_question(make_option):
    first = make_option(label="Python")
    with violates(
        unique_pattern(
            "option_label_unique_per_question", "questionnaire_option", "question_id", "label"
        )
    ):
        Option.objects.create(question=first.question, label="Python")
    assert first.question.options.count() == 1


def test_same_option_label_is_fine_on_another_question(make_option):
    first = make_option(label="Python")
    second = make_option(label="Python")
    assert first.question_id != second.question_id
    assert Option.objects.filter(label="Python").count() == 2


def test_duplicate_option_label_full_clean_gives_plain_words(make_option):
    first = make_option(label="Python")
    with pytest.raises(ValidationError) as caught:
        Option(question=first.question, label="Python").full_clean()
    assert caught.value.messages == ["This question already has an answer with this text."]


def test_option_without_label_is_refused(make_question):
    with violates("option_label_required"):
        Option.objects.bulk_create([Option(question=make_question(), label="")])


# --- Question.clean(): conditions must point backwards ------------------------------------


def test_condition_on_an_answer_to_a_later_question_is_rejected(make_section, make_question):
    section = make_section()
    earlier = make_question(section=section, order=1)
    later = make_question(section=section, order=2)
    later_answer = later.options.create(label="Yes")
    earlier.condition = later_answer
    with pytest.raises(ValidationError) as caught:
        earlier.full_clean()
    messages = caught.value.message_dict["condition"]
    assert any("shown earlier" in message for message in messages)


def test_condition_on_an_answer_in_a_later_section_is_rejected(make_section, make_question):
    first_section = make_section(order=1)
    second_section = make_section(order=2)
    question = make_question(section=first_section, order=50)
    answer_later = make_question(section=second_section, order=0).options.create(label="Yes")
    question.condition = answer_later
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    assert "condition" in caught.value.message_dict


def test_condition_on_an_answer_to_an_earlier_question_is_accepted(make_section, make_question):
    section = make_section()
    earlier = make_question(section=section, order=1)
    later = make_question(section=section, order=2)
    later.condition = earlier.options.create(label="Yes")
    later.full_clean()  # does not raise


def test_new_question_may_depend_on_an_existing_one(make_section, make_question):
    section = make_section()
    earlier = make_question(section=section, order=5)
    new = Question(section=section, text="Follow-up?", order=5)
    new.condition = earlier.options.create(label="Yes")
    new.full_clean()  # unsaved questions count as shown last among equals


def test_question_cannot_depend_on_its_own_answer(make_question):
    question = make_question()
    question.condition = question.options.create(label="Yes")
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    assert caught.value.message_dict["condition"] == [
        "A question cannot depend on one of its own answers."
    ]


# --- Importance effects -------------------------------------------------------------------


@pytest.mark.parametrize("delta", [-10, -1, 1, 10])
def test_importance_delta_within_range_is_stored(make_option, make_criterion, delta):
    effect = ImportanceEffect.objects.create(
        option=make_option(), criterion=make_criterion(), delta=delta
    )
    assert ImportanceEffect.objects.get(pk=effect.pk).delta == delta


@pytest.mark.parametrize("delta", [0, -11, 11])
def test_importance_delta_zero_or_out_of_range_is_refused(make_option, make_criterion, delta):
    with violates("importance_effect_delta_range"):
        ImportanceEffect.objects.create(
            option=make_option(), criterion=make_criterion(), delta=delta
        )


def test_importance_delta_zero_full_clean_gives_plain_words(make_option, make_criterion):
    effect = ImportanceEffect(option=make_option(), criterion=make_criterion(), delta=0)
    with pytest.raises(ValidationError) as caught:
        effect.full_clean()
    assert caught.value.messages == ["Use a non-zero change from -10 to 10."]


def test_one_importance_effect_per_option_and_criterion(make_option, make_criterion):
    option, criterion = make_option(), make_criterion()
    ImportanceEffect.objects.create(option=option, criterion=criterion, delta=2)
    with violates(
        unique_pattern(
            "importance_effect_one_per_option_and_criterion",
            "questionnaire_importanceeffect",
            "option_id",
            "criterion_id",
        )
    ):
        ImportanceEffect.objects.create(option=option, criterion=criterion, delta=-2)


# --- Fit effects --------------------------------------------------------------------------


@pytest.mark.parametrize("points", [-50, -1, 1, 50])
def test_fit_points_within_range_are_stored(make_option, make_framework, points):
    effect = FitEffect.objects.create(
        option=make_option(), framework=make_framework(), points=points, reason="Because."
    )
    assert FitEffect.objects.get(pk=effect.pk).points == points


@pytest.mark.parametrize("points", [0, -51, 51])
def test_fit_points_zero_or_out_of_range_are_refused(make_option, make_framework, points):
    with violates("fit_effect_points_range"):
        FitEffect.objects.bulk_create(
            [
                FitEffect(
                    option=make_option(), framework=make_framework(), points=points, reason="R."
                )
            ]
        )


def test_fit_points_zero_full_clean_gives_plain_words(make_option, make_framework):
    effect = FitEffect(option=make_option(), framework=make_framework(), points=0, reason="R.")
    with pytest.raises(ValidationError) as caught:
        effect.full_clean()
    assert caught.value.messages == ["Use non-zero points from -50 to 50."]


def test_fit_effect_without_reason_is_refused(make_option, make_framework):
    with violates("fit_effect_reason_required"):
        FitEffect.objects.create(
            option=make_option(), framework=make_framework(), points=5, reason=""
        )


def test_one_fit_effect_per_option_and_framework(make_option, make_framework):
    option, framework = make_option(), make_framework()
    FitEffect.objects.create(option=option, framework=framework, points=5, reason="R.")
    with violates(
        unique_pattern(
            "fit_effect_one_per_option_and_framework",
            "questionnaire_fiteffect",
            "option_id",
            "framework_id",
        )
    ):
        FitEffect.objects.create(option=option, framework=framework, points=-5, reason="S.")


# --- Deal-breakers ------------------------------------------------------------------------


def test_one_deal_breaker_per_option_and_framework(make_option, make_framework):
    option, framework = make_option(), make_framework()
    DealBreaker.objects.create(option=option, framework=framework, reason="R.")
    with violates(
        unique_pattern(
            "deal_breaker_one_per_option_and_framework",
            "questionnaire_dealbreaker",
            "option_id",
            "framework_id",
        )
    ):
        DealBreaker.objects.create(option=option, framework=framework, reason="Again.")
    assert DealBreaker.objects.filter(option=option).count() == 1


def test_deal_breaker_without_reason_is_refused(make_option, make_framework):
    with violates("deal_breaker_reason_required"):
        DealBreaker.objects.create(option=make_option(), framework=make_framework(), reason="")


# --- Scoring settings ---------------------------------------------------------------------


def test_scoring_settings_row_1_exists_from_the_migration():
    assert list(ScoringSettings.objects.values_list("id", flat=True)) == [1]


def test_second_scoring_settings_row_is_refused():
    # bulk_create skips ScoringSettings.save(), which would silently force id 1.
    with violates("scoring_settings_single_row"):
        ScoringSettings.objects.bulk_create([ScoringSettings(id=2)])
    assert ScoringSettings.objects.count() == 1


@pytest.mark.parametrize("margin", ["0", "50"])
def test_scoring_margin_at_the_ends_is_stored(margin):
    ScoringSettings.objects.filter(pk=1).update(too_close_margin=margin)
    assert ScoringSettings.load().too_close_margin == Decimal(margin)


@pytest.mark.parametrize("margin", ["-0.5", "50.5"])
def test_scoring_margin_out_of_range_is_refused(margin):
    with violates("scoring_settings_margin_range"):
        ScoringSettings.objects.filter(pk=1).update(too_close_margin=margin)


# --- Submissions --------------------------------------------------------------------------


def test_generated_tokens_have_the_stored_format(make_submission):
    token = new_submission_token()
    submission = make_submission()
    assert len(token) == 22
    assert Submission.objects.get(pk=submission.pk).token == submission.token
    assert len(submission.token) == 22


@pytest.mark.parametrize("token", ["A" * 22, "a-b_c" + "9" * 38])
def test_tokens_of_22_to_43_url_safe_characters_are_stored(make_submission, token):
    assert make_submission(token=token).token == token


@pytest.mark.parametrize(
    "token",
    ["A" * 21, "", "abc+def/ghi=jklmnopqrstuvw", "spaces are not allowed here!", "ü" * 22],
)
def test_malformed_submission_tokens_are_refused(make_submission, token):
    with violates("submission_token_format"):
        make_submission(token=token)


def test_submission_is_not_recomputed_from_itself(make_submission):
    submission = make_submission()
    with violates("submission_not_recomputed_from_itself"):
        Submission.objects.filter(pk=submission.pk).update(recomputed_from=submission)
    other = make_submission(recomputed_from=submission)
    assert other.recomputed_from_id == submission.pk
