"""Which catalogue models keep a history (django-reversion), and what a version holds.

A framework's version holds its ratings too, so reverting a framework restores the ratings it
had then, and removes the ones added since. Registered when the models load, before the admin
(which would otherwise register them itself, without the ratings)."""

import reversion

from comparisons.models.catalogue import Criterion, Framework, Language, Rating, Tag
from comparisons.models.snippets import AdviceSnippet

for model in (Language, Tag, Criterion, Rating, AdviceSnippet):
    reversion.register(model)
reversion.register(Framework, follow=["ratings"])
