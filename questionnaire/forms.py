"""The questionnaire as a Django form, built from the editors' content (nothing hard-coded).

Every rule is checked on the server, whatever the browser sent: required answers, answers
that must belong to their question, one answer for single-choice questions, and no answers
to a question whose condition is not met.
"""

from __future__ import annotations

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError

from questionnaire.services import Content, QuestionView

NO_ANSWER = ""


def field_name(question_id: int) -> str:
    return f"q{question_id}"


class PlainlyValid(NamedTuple):
    """A submission read by plainly_valid_submission."""

    # Exactly AdvisorForm's cleaned_answers.
    answers: dict[int, tuple[int, ...]]


def plainly_valid_submission(content: Content, data) -> PlainlyValid | None:
    """A submission AdvisorForm would accept, read without building the form.

    Gives exactly the form's `cleaned_answers` when every rule below holds, else None, and
    the caller then asks the form (which also explains what is wrong). The rules are the
    form's: no field for an unknown question; each answer one of its question's option ids
    (as the form prints them); at most one answer to a single-choice question; the "no
    answer" choice only where the form offers it; no answer to a question whose condition is
    not met; an answer to each required question that is shown. Building a form of a few
    hundred fields costs milliseconds; this costs a fraction of that.
    """
    plan, known_fields = _reading_plan(content)
    submitted = dict(data.lists())
    for key in submitted:
        if key not in known_fields and key.startswith("q") and key[1:].isdigit():
            return None
    chosen: set[int] = set()
    answers: dict[int, tuple[int, ...]] = {}
    for (
        question_id,
        name,
        option_of_value,
        multiple,
        required,
        condition,
        offers_no_answer,
    ) in plan:
        values = submitted.get(name)
        # Most fields first: one answer among a single choice's, to a question that shows.
        if values is not None and len(values) == 1 and not multiple:
            option_id = option_of_value.get(values[0])
            if option_id is not None and (condition is None or condition in chosen):
                answers[question_id] = (option_id,)
                chosen.add(option_id)
                continue
        if not values:
            option_ids = ()
        elif multiple:
            option_ids = tuple(map(option_of_value.get, values))
            if None in option_ids:  # a value that is none of the question's options
                return None
        elif len(values) > 1:
            return None
        else:
            option_id = option_of_value.get(values[0])
            if option_id is not None:
                option_ids = (option_id,)
            elif values[0] == NO_ANSWER and offers_no_answer:
                option_ids = ()
            else:
                return None
        if condition is not None and condition not in chosen:
            if option_ids:
                return None
            continue
        if required and not option_ids:
            return None
        if option_ids:
            answers[question_id] = option_ids
            chosen.update(option_ids)
    return PlainlyValid(answers)


# Per question, what plainly_valid_submission reads: (id, field name, option id by the value
# the form sends for it, multiple, required, condition option id, whether "no answer" is
# offered); and every question's field name.
_ReadingPlan = tuple[tuple[tuple[int, str, dict, bool, bool, int | None, bool], ...], frozenset]

# (content, its plan): kept for the last content read, which is the same object for as long
# as the content does not change (services.get_content).
_last_plan: tuple[Content, _ReadingPlan] | None = None


def _reading_plan(content: Content) -> _ReadingPlan:
    global _last_plan
    last = _last_plan
    if last is not None and last[0] is content:
        return last[1]
    plan = _build_reading_plan(content)
    _last_plan = (content, plan)
    return plan


def _build_reading_plan(content: Content) -> _ReadingPlan:
    questions = content.questions()
    return (
        tuple(
            (
                question.id,
                field_name(question.id),
                {str(option_id): option_id for option_id, _ in question.options},
                question.multiple,
                question.required,
                question.condition_option_id,
                not question.required or question.condition_option_id is not None,
            )
            for question in questions
        ),
        frozenset(field_name(question.id) for question in questions),
    )


class AllValuesRadioSelect(forms.RadioSelect):
    """A radio group that hands the field every submitted value, so that a tampered request
    with two answers to a single-choice question is refused rather than silently trimmed."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else [data.get(name)]
        values = [value for value in values if value is not None]
        if len(values) > 1:
            return values
        return values[0] if values else None


class SingleChoiceField(forms.ChoiceField):
    widget = AllValuesRadioSelect

    def to_python(self, value):
        if isinstance(value, list):
            raise ValidationError("Choose only one answer to this question.", code="several")
        return super().to_python(value)


class AdvisorForm(forms.Form):
    """One field per published question; `cleaned_answers` maps question id → option ids."""

    def __init__(self, content: Content, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        self.questions = content.questions()
        for question in self.questions:
            self.fields[field_name(question.id)] = self._field_for(question)

    def _field_for(self, question: QuestionView) -> forms.Field:
        choices = [(str(option_id), label) for option_id, label in question.options]
        error_messages = {
            "invalid_choice": "That answer is not one of this question's options. "
            "Please choose again.",
            "required": "Please answer this question.",
        }
        # A conditional question is required only when it applies, which clean() decides;
        # the others can say so on the field (and get the browser's own check too).
        common = {
            "label": question.text,
            "help_text": question.hint,
            "required": question.required and question.condition_option_id is None,
            "error_messages": error_messages,
        }
        if question.multiple:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if not question.required or question.condition_option_id is not None:
            # Without JavaScript a radio choice cannot be undone, so optional questions
            # (and conditional ones, which may stop applying) offer an explicit "no answer".
            choices = [*choices, (NO_ANSWER, "No answer")]
        return SingleChoiceField(choices=choices, **common)

    def sections(self) -> list[tuple]:
        """[(section, [(bound field, question, condition)])] in display order, for templates;
        condition is (earlier question text, answer label) or None."""
        return [
            (
                section,
                [
                    (self[field_name(question.id)], question, self.condition_of(question))
                    for question in section.questions
                ],
            )
            for section in self.content.sections
        ]

    def condition_of(self, question: QuestionView) -> tuple[str, str] | None:
        """(earlier question text, answer label) this question depends on, if any."""
        if question.condition_option_id is None:
            return None
        for other in self.questions:
            for option_id, label in other.options:
                if option_id == question.condition_option_id:
                    return other.text, label
        return None

    def clean(self):
        cleaned = super().clean()
        unknown = [
            key
            for key in self.data
            if key.startswith("q") and key not in self.fields and key[1:].isdigit()
        ]
        if unknown:
            raise ValidationError(
                "Some answers were for questions that no longer exist (the questionnaire "
                "may have changed while you were answering). Please check your answers.",
                code="unknown_question",
            )
        chosen: set[int] = set()
        answers: dict[int, tuple[int, ...]] = {}
        for question in self.questions:
            name = field_name(question.id)
            if name in self.errors:
                continue
            value = cleaned.get(name)
            option_ids = tuple(int(v) for v in (value if question.multiple else [value]) if v)
            visible = question.condition_option_id is None or question.condition_option_id in chosen
            if not visible:
                if option_ids:
                    depends_on = self.condition_of(question)
                    hint = (
                        f" It only applies if you answer “{depends_on[1]}” to “{depends_on[0]}”."
                        if depends_on
                        else ""
                    )
                    self.add_error(
                        name,
                        ValidationError(
                            "Please clear this answer: the question does not apply to your "
                            f"other answers.{hint}",
                            code="hidden",
                        ),
                    )
                continue
            if question.required and not option_ids:
                self.add_error(name, ValidationError("Please answer this question.", "required"))
                continue
            if option_ids:
                answers[question.id] = option_ids
                chosen.update(option_ids)
        self.cleaned_answers = answers
        return cleaned
