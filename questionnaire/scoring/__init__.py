"""Scoring model of the StackAdvisor questionnaire: which backend framework fits the answers.

Pure Python on purpose (no Django, no I/O): the form layer turns a database snapshot into the
frozen input classes of :mod:`.model` and the submitted form into ``{question_id: option
ids}``; a :class:`Scorer`, built once per snapshot, returns a frozen :class:`Result` that
:meth:`Result.to_dict` makes JSON-able.

The documented model, over the chosen options ``o`` of the visible questions:

* importance ``w_c = max(0, base_c + Σ_o Δ_oc)``;
* fit ``S_f = 100 · Σ_c w_c·(r_fc − 1)/4 / Σ_c w_c`` (0 when every weight is 0); every
  framework has a rating on every criterion (a snapshot without one is refused, never imputed);
* an effect targets one framework, every framework of a language, every framework with a
  tag, or every framework rated at least (points) or at most (deal-breakers) a threshold on a
  criterion (:mod:`.targets`);
* affinity ``A_f = Σ_o`` points of the effects that reach f; points ``P_f = S_f + A_f``;
* the answer points at stake: ``G`` and ``L``, the sums of the positive and of the negative
  (as positive numbers) points of the chosen options' effects that reach some framework;
* the match (the reported total), from 0 to 100: ``M_f = 100·(P_f + L) / (100 + G + L)``;
* a deal-breaker on a chosen option removes the frameworks it reaches from the ranking;
* ranking by points (the match orders them the same way); points equal to 6 decimals are
  tied and ordered by higher fit, then name (casefolded), then id;
* the margin is the difference of the winner's and the runner-up's matches rounded to one
  decimal, as shown; the result is too close to call when it is under the editors' margin.

``METHOD_VERSION`` names this model; results record it (see /methodology/).

Weights, ratings and points are integers, so with ``W = Σ_c w_c`` every total is the fraction
``(25·Σ_c w_c·(r_fc − 1) + W·A_f) / W``. All comparisons use these integer numerators: they are
exact, hence free of float noise and independent of the order of the answers. Floats appear
only in the reported figures, each one a single correctly rounded division.

Option ids are database keys, so they are assumed unique across questions (conditions refer to
an option by id alone).

Modules: :mod:`.model` (inputs and outputs), :mod:`.targets` (whom an effect reaches),
:mod:`.lookups` (what is built once per snapshot), :mod:`.answers` (visibility and effective
answers), :mod:`.totals` (the integers),
:mod:`.ranking` (order, ties, the Result), :mod:`.changes` (what would change the answer),
:mod:`.scorer` (the Scorer).
"""

from questionnaire.scoring.lookups import MissingRating
from questionnaire.scoring.model import (
    FRAMEWORK,
    LANGUAGE,
    METHOD_VERSION,
    RATED_AT_LEAST,
    RATED_AT_MOST,
    TAG,
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
    Target,
)
from questionnaire.scoring.scorer import (
    Scorer,
    effective_answers,
    resolve_and_score,
    score,
    visible_questions,
)

__all__ = [
    "FRAMEWORK",
    "METHOD_VERSION",
    "LANGUAGE",
    "RATED_AT_LEAST",
    "RATED_AT_MOST",
    "TAG",
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
    "MissingRating",
    "Option",
    "Question",
    "Ranked",
    "Result",
    "Scorer",
    "Snapshot",
    "Target",
    "effective_answers",
    "resolve_and_score",
    "score",
    "visible_questions",
]
