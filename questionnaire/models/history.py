"""Which questionnaire models keep a history (django-reversion), and what a version holds.

A question's version holds its answers, and each answer's version its effects and rules, so
reverting a question restores all of them as they were, and removes what was added since."""

import reversion

from questionnaire.models.effects import DealBreaker, FitEffect, ImportanceEffect
from questionnaire.models.golden import GoldenProfile
from questionnaire.models.questions import Option, Question, Section
from questionnaire.models.scoring_settings import ScoringSettings

for model in (Section, ImportanceEffect, FitEffect, DealBreaker, ScoringSettings, GoldenProfile):
    reversion.register(model)
reversion.register(Option, follow=["importance_effects", "fit_effects", "deal_breakers"])
reversion.register(Question, follow=["options"])
