"""The questionnaire editors build, the effects each answer has, and visitors' submissions.

An option's effects are what make the recommendation explainable: each one says which
criterion matters more or less, which frameworks gain or lose points and why, or which
frameworks are ruled out and why.
"""

from questionnaire.models.effects import (
    FIT_POINTS_LIMIT,
    IMPORTANCE_DELTA_LIMIT,
    DealBreaker,
    FitEffect,
    ImportanceEffect,
)
from questionnaire.models.golden import GoldenProfile
from questionnaire.models.loads import StartingContentLoad
from questionnaire.models.questions import Option, Question, Section
from questionnaire.models.results import (
    ResultLabels,
    Submission,
    SubmissionQuerySet,
    new_submission_token,
)
from questionnaire.models.scoring_settings import ScoringSettings

# Registers the models above with the content history.
from questionnaire.models import history  # noqa: E402, F401  isort: skip

__all__ = [
    "FIT_POINTS_LIMIT",
    "IMPORTANCE_DELTA_LIMIT",
    "DealBreaker",
    "FitEffect",
    "GoldenProfile",
    "ImportanceEffect",
    "Option",
    "Question",
    "ResultLabels",
    "ScoringSettings",
    "Section",
    "StartingContentLoad",
    "Submission",
    "SubmissionQuerySet",
    "new_submission_token",
]
