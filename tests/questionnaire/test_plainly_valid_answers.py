"""The questionnaire's fast path (forms.plainly_valid_submission) agrees with AdvisorForm.

The view reads a submission with the fast path and asks the form only when it declines, so
the fast path must accept exactly what the form accepts, with the same answers: otherwise a
submission the form would refuse could be saved, or a valid one would lose its speed.
"""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaire.forms import AdvisorForm, plainly_valid_submission
from questionnaire.services import get_content

pytestmark = pytest.mark.django_db

ODD_NAMES = ["q999999", "q0", "q", "q01", "Q1", "q1 ", "q１", "q²", "csrfmiddlewaretoken"]
ODD_VALUES = ["", " ", "0", "+1", "01", "1.0", "-0", "٣", "no answer"]


def as_query_dict(pairs) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def agrees_with_the_form(content, pairs) -> None:
    data = as_query_dict(pairs)
    read = plainly_valid_submission(content, data)
    form = AdvisorForm(content, data=data)
    if form.is_valid():
        assert read is not None, (pairs, form.cleaned_answers)
        assert read.answers == form.cleaned_answers, (pairs, form.cleaned_answers)
    else:
        assert read is None, (pairs, form.errors)


def submissions(content):
    questions = content.questions()
    names = [f"q{question.id}" for question in questions]
    option_ids = [str(option_id) for question in questions for option_id, _ in question.options]
    field_names = st.one_of(st.sampled_from(names), st.sampled_from(ODD_NAMES))
    field_values = st.one_of(st.sampled_from(option_ids), st.sampled_from(ODD_VALUES))

    @st.composite
    def valid_pairs(draw):
        chosen: set[int] = set()
        pairs = []
        for question in questions:
            if question.condition_option_id and question.condition_option_id not in chosen:
                continue
            ids = [option_id for option_id, _ in question.options]
            if question.multiple:
                picked = draw(
                    st.lists(st.sampled_from(ids), min_size=int(question.required), unique=True)
                )
            else:
                picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=1))
                if not question.required and draw(st.booleans()):
                    picked = []
            chosen.update(picked)
            pairs += [(f"q{question.id}", str(option_id)) for option_id in picked]
            if not picked and not question.multiple and draw(st.booleans()):
                pairs.append((f"q{question.id}", ""))  # the explicit "No answer"
        return pairs

    # Answers a conditional question may be given, shown or not: an answer to a hidden one
    # must be refused, and a random field rarely is one.
    conditional_answers = [
        (f"q{question.id}", str(option_id))
        for question in questions
        if question.condition_option_id
        for option_id, _ in question.options
    ]

    @st.composite
    def mutated(draw):
        """A valid submission, then zero to three edits (drop, add, replace, repeat, or an
        answer to a conditional question)."""
        pairs = draw(valid_pairs())
        edits = ["drop", "add", "replace", "repeat"]
        if conditional_answers:
            edits.append("conditional")
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            edit = draw(st.sampled_from(edits))
            if edit == "conditional":
                pairs.append(draw(st.sampled_from(conditional_answers)))
                continue
            if edit == "add" or not pairs:
                pairs.insert(
                    draw(st.integers(0, len(pairs))), (draw(field_names), draw(field_values))
                )
                continue
            index = draw(st.integers(0, len(pairs) - 1))
            if edit == "drop":
                del pairs[index]
            elif edit == "replace":
                pairs[index] = (pairs[index][0], draw(field_values))
            else:
                pairs.append(pairs[index])
        return pairs

    return mutated()


FUZZ_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_agrees_with_the_form_on_the_starting_content(starting_content):
    content = get_content()

    @FUZZ_SETTINGS
    @given(submissions(content))
    def check(pairs):
        agrees_with_the_form(content, pairs)

    check()


def test_agrees_with_the_form_on_large_content(large_content):
    # Sections of six questions, every fifth one multiple-choice, one conditional question.
    large_content(frameworks=5, criteria=4, questions=24)
    content = get_content()

    @settings(FUZZ_SETTINGS, max_examples=100)
    @given(submissions(content))
    def check(pairs):
        agrees_with_the_form(content, pairs)

    check()


PLAIN_ANSWERS = {
    "language": "Python",
    "experience": "Some",
    "building": "A full-featured",
    "admin_panel": "Yes",
    "priorities": ["Speed", "Structure"],
    "scale": "Small",
}


def as_pairs(data: dict) -> list[tuple[str, str]]:
    """answer_form_data's fields as the (name, value) pairs a browser sends."""
    return [
        (name, value)
        for name, values in data.items()
        for value in ([values] if isinstance(values, str) else values)
    ]


def test_a_plain_valid_submission_takes_the_fast_path(answer_form_data):
    content = get_content()
    pairs = as_pairs(answer_form_data(**PLAIN_ANSWERS))
    read = plainly_valid_submission(content, as_query_dict(pairs))
    assert read is not None
    agrees_with_the_form(content, pairs)


def test_several_answers_in_any_order_take_the_fast_path(answer_form_data):
    content = get_content()
    data = answer_form_data(**PLAIN_ANSWERS)
    question = priority_question(content)
    first, second = (str(option_id) for option_id, _ in question.options[:2])
    for priorities in ([first, second], [second, first], [first, first]):
        data[f"q{question.id}"] = priorities
        pairs = as_pairs(data)
        read = plainly_valid_submission(content, as_query_dict(pairs))
        assert read is not None, priorities
        agrees_with_the_form(content, pairs)


def priority_question(content):
    (question,) = [question for question in content.questions() if question.multiple]
    return question


def test_an_unknown_question_sends_the_submission_to_the_form(starting_content):
    content = get_content()
    assert plainly_valid_submission(content, as_query_dict([("q999999", "1")])) is None
