"""The questionnaire, recommendations and stored results.

A recommendation goes the way of an answer sent from the questionnaire's page: its JSON
answers become the form's data, the questionnaire's form validates them (questionnaire.forms)
and the same submission path scores and stores them (questionnaire.submissions). So for the
same answers the API and the site give the same result, stored the same way.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from ninja import Path, Router, Status
from ninja.decorators import decorate_view

from comparisons.content_version import current_content_version
from questionnaire import scoring
from questionnaire.api.caching import (
    CATALOGUE_CACHE_CONTROL,
    RESULT_CACHE_CONTROL,
    conditional,
    content_etag,
    result_etag,
)
from questionnaire.api.guards import json_body, only_query_params, throttled
from questionnaire.api.problems import field_error, problem
from questionnaire.api.result_schemas import AnswersIn, RecommendationOut
from questionnaire.api.schemas import (
    IF_NONE_MATCH,
    READ_RESPONSES,
    TOKEN_PATTERN,
    Problem,
    QuestionnaireOut,
)
from questionnaire.content import get_content
from questionnaire.forms import AdvisorForm, field_name
from questionnaire.models import Submission
from questionnaire.presentation import ResultView
from questionnaire.submissions import save_submission

router = Router(tags=["recommendations"])


@router.get(
    "/questionnaire",
    response={200: QuestionnaireOut, **READ_RESPONSES},
    url_name="questionnaire",
    summary="The questionnaire: sections, questions, their options and conditions",
)
@decorate_view(conditional(content_etag, CATALOGUE_CACHE_CONTROL), only_query_params())
def questionnaire(request, if_none_match: str | None = IF_NONE_MATCH):
    return _questionnaire(get_content())


def _questionnaire(content) -> dict:
    question_of = {
        option_id: question.id
        for question in content.questions()
        for option_id, _ in question.options
    }

    def condition(question) -> dict | None:
        if question.condition_option_id is None:
            return None
        return {
            "question": question_of[question.condition_option_id],
            "option": question.condition_option_id,
        }

    return {
        "method": scoring.METHOD_VERSION,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "intro": section.intro,
                "questions": [
                    {
                        "id": question.id,
                        "text": question.text,
                        "hint": question.hint,
                        "multiple": question.multiple,
                        "required": question.required,
                        "condition": condition(question),
                        "options": [
                            {"id": option_id, "label": label}
                            for option_id, label in question.options
                        ],
                    }
                    for question in section.questions
                ],
            }
            for section in content.sections
        ],
    }


@router.post(
    "/recommendations",
    response={
        201: RecommendationOut,
        400: Problem,
        413: Problem,
        415: Problem,
        429: Problem,
    },
    url_name="recommendations",
    summary="Answers in, a stored result out",
)
# Outermost last: parameters are checked, then the client's rate, then the body's type.
@decorate_view(json_body, throttled("api-recommendations"), only_query_params())
def recommend(request, response: HttpResponse, payload: AnswersIn):
    content = get_content()
    form = AdvisorForm(content, data=_form_data(payload))
    if not form.is_valid():
        return problem(
            400,
            "These answers cannot be scored; errors says why. Nothing was saved.",
            errors=_answer_errors(form, payload),
        )
    submission = save_submission(content, form.cleaned_answers)
    response["Location"] = _result_url(request, submission.token)
    response["Cache-Control"] = "no-store"
    return Status(201, _result_data(request, submission, ignored=form.ignored_notes()))


@router.get(
    "/results/{token}",
    response={200: RecommendationOut, **READ_RESPONSES, 404: Problem},
    url_name="result",
    summary="A stored result, made through the API or the site",
)
@decorate_view(conditional(result_etag, RESULT_CACHE_CONTROL), only_query_params())
def result(
    request,
    token: str = Path(..., pattern=TOKEN_PATTERN),
    if_none_match: str | None = IF_NONE_MATCH,
):
    submission = Submission.objects.select_related("labels").filter(token=token).first()
    if submission is None:
        raise Http404("We have no result with this token (results unopened for long are removed).")
    return _result_data(request, submission)


def _form_data(payload: AnswersIn) -> QueryDict:
    """The answers as the questionnaire's page posts them: q<question id>=<option id>, once
    per chosen option (a question listed twice has both lists sent, as a tampered form would)."""
    data = QueryDict(mutable=True)
    for answer in payload.answers:
        name = field_name(answer.question)
        data.setlist(name, data.getlist(name) + [str(option) for option in answer.options])
    return data


def _answer_errors(form: AdvisorForm, payload: AnswersIn) -> list[dict]:
    """The form's errors, each at the path of the answer it is about."""
    first_index = {}
    for index, answer in enumerate(payload.answers):
        first_index.setdefault(answer.question, index)
    errors = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            errors += _unknown_question_errors(form, payload, messages)
            continue
        question_id = int(name.removeprefix("q"))
        index = first_index.get(question_id)
        path = ["body", "answers"] if index is None else ["body", "answers", index, "options"]
        errors += [field_error(path, f"Question {question_id}: {text}") for text in messages]
    return errors


def _unknown_question_errors(form: AdvisorForm, payload: AnswersIn, messages) -> list[dict]:
    unknown = [
        index
        for index, answer in enumerate(payload.answers)
        if field_name(answer.question) not in form.fields
    ]
    paths = [["body", "answers", index, "question"] for index in unknown] or [["body", "answers"]]
    return [field_error(path, text) for path in paths for text in messages]


def _result_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("api-v1:result", kwargs={"token": token}))


def _result_data(request, submission: Submission, ignored=()) -> dict:
    data = ResultView.of(submission).as_data(
        submission.token, submission.content_version, current_content_version()
    )
    page = reverse("questionnaire:result", kwargs={"token": submission.token})
    data.update(
        url=_result_url(request, submission.token),
        page_url=request.build_absolute_uri(page),
        ignored=list(ignored),
    )
    return data
