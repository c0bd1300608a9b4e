"""The questionnaire as a Django form, built from the editors' content (nothing hard-coded).

Every rule is checked on the server, whatever the browser sent: required answers, answers
that must belong to their question, and one answer for single-choice questions. Answers to a
question whose condition is not met are left out (not refused: without JavaScript the page
shows every question, and a visitor may well answer one that turns out not to apply); the
form lists them in `ignored_notes` so the result can say so.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape

from questionnaire.content import Content, QuestionView

NO_ANSWER = ""
# The same words on the server and, before moving on a step, in the browser (advisor.js).
REQUIRED_MESSAGE = "Please answer this question."


def field_name(question_id: int) -> str:
    return f"q{question_id}"


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
    """One field per published question; `cleaned_answers` maps question id → option ids,
    and `ignored` lists the questions answered although they did not apply."""

    required_message = REQUIRED_MESSAGE

    def __init__(self, content: Content, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        self.questions = content.questions()
        self.ignored: list[QuestionView] = []
        for question in self.questions:
            self.fields[field_name(question.id)] = self._field_for(question)

    def _field_for(self, question: QuestionView) -> forms.Field:
        choices = [(str(option_id), label) for option_id, label in question.options]
        error_messages = {
            "invalid_choice": "That answer is not one of this question's options. "
            "Please choose again.",
            "required": REQUIRED_MESSAGE,
        }
        # A conditional question is required only when it applies, which clean() decides;
        # the others can say so on the field (and get the browser's own check too).
        common = {
            "label": question.text,
            # Form templates (Django's and crispy's) print help_text as HTML: the hint is
            # editor-entered text, so it goes in escaped.
            "help_text": escape(question.hint),
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
        self.ignored = []
        for question in self.questions:
            name = field_name(question.id)
            if name in self.errors:
                continue
            option_ids = self._option_ids(question, cleaned.get(name))
            if question.condition_option_id not in (None, *chosen):
                if option_ids:
                    self.ignored.append(question)
            elif question.required and not option_ids:
                self.add_error(name, ValidationError(REQUIRED_MESSAGE, "required"))
            elif option_ids:
                answers[question.id] = option_ids
                chosen.update(option_ids)
        self.cleaned_answers = answers
        return cleaned

    @staticmethod
    def _option_ids(question: QuestionView, value) -> tuple[int, ...]:
        """The chosen option ids, each once, in the order given, however often it was sent."""
        values = value if question.multiple else [value]
        return tuple(dict.fromkeys(int(v) for v in values if v))

    def ignored_notes(self) -> list[str]:
        """One sentence per answer left out because its question did not apply."""
        return [self._ignored_note(question) for question in self.ignored]

    def _ignored_note(self, question: QuestionView) -> str:
        depends_on = self.condition_of(question)
        reason = (
            f"it only applies if you answer “{depends_on[1]}” to “{depends_on[0]}”"
            if depends_on
            else "it does not apply to your other answers"
        )
        return (
            f"Your answer to “{question.text}” was not used: {reason}. "
            "The result is based on your other answers."
        )
