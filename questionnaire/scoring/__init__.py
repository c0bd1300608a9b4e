"""Scoring model of the StackAdvisor questionnaire: which backend framework fits the answers.

Pure Python on purpose (no Django, no I/O): the form layer turns a database snapshot into the
frozen input classes of :mod:`.model` and the submitted form into ``{question_id: option
ids}``; a :class:`Scorer`, built once per snapshot, returns a frozen :class:`Result` that
:meth:`Result.to_dict` makes JSON-able.

The documented model, over the chosen options ``o`` of the visible questions:

* importance ``w_c = max(0, base_c + Σ_o Δ_oc)``;
* fit ``S_f = 100 · Σ_c w_c·(r_fc − 1)/4 / Σ_c w_c`` (0 when every weight is 0); a missing
  rating counts as the neutral 3;
* affinity ``A_f = Σ_o`` fit-effect points; total ``T_f = S_f + A_f``;
* a deal-breaker on a chosen option removes the framework from the ranking;
* ranking by total; totals equal to 6 decimals are tied and ordered by higher fit, then name
  (casefolded), then id.

Weights, ratings and points are integers, so with ``W = Σ_c w_c`` every total is the fraction
``(25·Σ_c w_c·(r_fc − 1) + W·A_f) / W``. All comparisons use these integer numerators: they are
exact, hence free of float noise and independent of the order of the answers. Floats appear
only in the reported figures, each one a single correctly rounded division.

Option ids are database keys, so they are assumed unique across questions (conditions refer to
an option by id alone).

Modules: :mod:`.model` (inputs and outputs), :mod:`.lookups` (what is built once per
snapshot), :mod:`.answers` (visibility and effective answers), :mod:`.totals` (the integers),
:mod:`.ranking` (order, ties, the Result), :mod:`.changes` (what would change the answer),
:mod:`.scorer` (the Scorer).
"""

from questionnaire.scoring.model import (
    NEUTRAL_RATING,
    AffinityLine,
    AnswerChange,
    Answers,
    Criterion,
    CriterionLine,
    DealBreaker,
    Exclusion,
    ExclusionCause,
    FitEffect,
    Framework,
    ImportanceEffect,
    Option,
    Question,
    Ranked,
    Result,
    Snapshot,
)
from questionnaire.scoring.scorer import (
    Scorer,
    effective_answers,
    resolve_and_score,
    score,
    visible_questions,
)

__all__ = [
    "NEUTRAL_RATING",
    "AffinityLine",
    "AnswerChange",
    "Answers",
    "Criterion",
    "CriterionLine",
    "DealBreaker",
    "Exclusion",
    "ExclusionCause",
    "FitEffect",
    "Framework",
    "ImportanceEffect",
    "Option",
    "Question",
    "Ranked",
    "Result",
    "Scorer",
    "Snapshot",
    "effective_answers",
    "resolve_and_score",
    "score",
    "visible_questions",
]
