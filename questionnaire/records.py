"""The stored form of a result: a record of ids and numbers, and the labels they stand for.

A submission's record holds what the scorer computed, by id (frameworks, criteria, questions,
answers, advice); the texts those ids stand for, and every framework's ratings, are stored
once per state of the content for all of its results (``ResultLabels``), as they read when
the results were computed. So a result page renders from its submission and labels alone,
later edits never change a shared result, and texts are not copied into every submission.

A breakdown line is not stored: it follows from the weights and the framework's ratings
(``presentation.ResultView`` computes it as the scorer does). Nothing here touches the
database; ``questionnaire.submissions`` stores what is built here.
"""

from questionnaire import scoring

RECORD_SCHEMA = 5
# The labels' own format: raised when they gain something results need, so that labels an
# earlier version of the site wrote for the same content are not reused (2: ratings'
# reasons, for watch-outs).
LABELS_SCHEMA = 2
# In the labels' ratings of results stored before frameworks had to be rated on every
# criterion: no rating there (it was scored as a 3). Results of today never have one.
NOT_RATED = 0


def build_record(content, effective: dict[int, tuple[int, ...]], result: scoring.Result) -> dict:
    """The record of ``result``, scored from the answers that count (``effective``); its
    breakdown lines are not needed."""
    snippets_of = content.option_snippet_ids
    # Each snippet once, in the order of the answers that bring it (a dict keeps that order).
    advice = {
        snippet_id: None
        for option_ids in effective.values()
        for option_id in option_ids
        for snippet_id in snippets_of.get(option_id, ())
    }
    return {
        "schema": RECORD_SCHEMA,
        # The scoring method it was computed with (records without one: method 1).
        "method": scoring.METHOD_VERSION,
        "score": _score_record(result),
        "too_close_margin": content.snapshot.too_close_margin,
        # Pairs of a question id and its option ids, in the order they were scored.
        "answers": [
            [question_id, list(option_ids)] for question_id, option_ids in effective.items()
        ],
        "advice": list(advice),
        "verdicts": list(content.verdict_ids.get(result.winner_id, ())),
    }


def _score_record(result: scoring.Result) -> dict:
    return {
        "snapshot_version": result.snapshot_version,
        "weights": [[criterion_id, weight] for criterion_id, weight in result.weights],
        "ranking": [_ranked_record(item) for item in result.ranking],
        "excluded": [
            {
                "framework_id": exclusion.framework_id,
                "causes": [
                    [cause.question_id, cause.option_id, effect_key(cause.effect_id)]
                    for cause in exclusion.causes
                ],
            }
            for exclusion in result.excluded
        ],
        "winner_id": result.winner_id,
        "runner_up_id": result.runner_up_id,
        "margin": result.margin,
        "too_close": result.too_close,
        "tie_break": result.tie_break,
        "changes": [
            [
                change.question_id,
                list(change.removed_option_ids),
                list(change.added_option_ids),
                change.new_winner_id,
            ]
            for change in result.changes
        ],
        "no_winner_reason": result.no_winner_reason,
        "stake": list(result.stake),
        "raised": list(result.raised),
    }


def _ranked_record(item: scoring.Ranked) -> dict:
    return {
        "position": item.position,
        "framework_id": item.framework_id,
        "total": item.total,
        "fit": item.fit,
        "affinity": item.affinity,
        "affinity_lines": [
            [line.question_id, line.option_id, line.points, effect_key(line.effect_id)]
            for line in item.affinity_lines
        ],
        "tie_break": item.tie_break,
    }


def build_labels(content) -> dict:
    """Every text a result of this content may show, by id, and each framework's ratings in
    the order of the criteria."""
    fit_reasons, deal_breaker_reasons = {}, {}
    for question in content.snapshot.questions:
        for option in question.options:
            for fit in option.fit_effects:
                fit_reasons[effect_key(fit.effect_id)] = fit.reason
            for breaker in option.deal_breakers:
                deal_breaker_reasons[effect_key(breaker.effect_id)] = breaker.reason
    return {
        "frameworks": {
            str(framework.id): {
                "slug": framework.slug,
                "name": framework.name,
                "language": framework.language,
            }
            for framework in content.frameworks.values()
        },
        "criteria": {
            str(cid): {"slug": slug, "name": name} for cid, (slug, name) in content.criteria.items()
        },
        "questions": {str(qid): text for qid, text in content.question_texts.items()},
        "options": {str(oid): label for oid, label in content.option_labels.items()},
        "snippets": {
            str(sid): {"title": snippet.title, "kind": snippet.kind_label, "body": snippet.body}
            for sid, snippet in content.snippets.items()
        },
        "ratings": {str(fid): list(row) for fid, row in content.rating_rows.items()},
        "rationales": {str(fid): list(row) for fid, row in content.rationale_rows.items()},
        "fit_reasons": fit_reasons,
        "deal_breaker_reasons": deal_breaker_reasons,
        # Whom each rule reaches, in plain words (“Python frameworks”).
        "fit_targets": {effect_key(eid): text for eid, text in content.fit_targets.items()},
        "deal_breaker_targets": {
            effect_key(eid): text for eid, text in content.deal_breaker_targets.items()
        },
    }


def effect_key(effect_id: int) -> str:
    """The labels' key of a points rule or deal-breaker. Results stored before rules had
    targets use “<option id>:<framework id>”, which never looks like this."""
    return str(effect_id)
