"""How the starting content's items become rows: found by their stable key, created only when
they are new since the last load (see questionnaire.starting_content)."""

from django.db import IntegrityError, transaction

from comparisons.models import AdviceSnippet, Criterion, Framework, Language, Rating, Tag
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    GoldenProfile,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
)

# An effect's target in the file: the key naming it, and the field it fills.
TARGET_KEYS = {"framework": "frameworks", "language": "languages", "tag": "tags"}


class Loader:
    def __init__(self, data: dict, report, loaded: int, error_class):
        self.data = data
        self.report = report
        self.loaded = loaded  # the version loaded before (0: none)
        self.error_class = error_class
        # Rows by the file's keys; None where editors deleted the row.
        self.rows: dict[str, dict] = {
            kind: {}
            for kind in ("criteria", "languages", "tags", "frameworks", "snippets", "options")
        }

    def load(self) -> None:
        _, created = ScoringSettings.objects.get_or_create(
            pk=1, defaults={"too_close_margin": self.data.get("too_close_margin", 3)}
        )
        self.report.count("scoring settings", created)
        new_criteria = []
        for item in self.data.get("criteria", []):
            criterion, created = self.keyed(Criterion, "criteria", item, ("name", "slug",
                "description", "base_importance", "order"))  # fmt: skip
            if created:
                new_criteria.append(criterion)
        for item in self.data.get("languages", []):
            self.keyed(Language, "languages", item, ("name", "slug"))
        for item in self.data.get("tags", []):
            self.keyed(Tag, "tags", item, ("name", "slug", "description"))
        for item in self.data.get("frameworks", []):
            self._load_framework(item)
        for criterion in new_criteria:
            self._activate(criterion)
        for item in self.data.get("snippets", []):
            self._load_snippet(item)
        for item in self.data.get("sections", []):
            self._load_section(item)
        for item in self.data.get("golden_profiles", []):
            self._load_golden_profile(item)

    # -- the rules every item follows ----------------------------------------------------
    def is_new(self, item: dict, parent_since: int = 1) -> bool:
        """Whether the item was added after the version loaded before."""
        return max(item.get("since", 1), parent_since) > self.loaded

    def keyed(self, model, kind: str, item: dict, fields, parent_since: int = 1, **extra):
        """The row with the item's key: found, created if new, or None (editors deleted it,
        or a row of their own holds its name). Returns (row, created)."""
        key = item.get("key") or item["slug"]
        row = model.objects.filter(key=key).first()
        created = False
        if row is None and self.is_new(item, parent_since):
            values = {name: item[name] for name in fields if name in item}
            row = self.create(model, f"{kind} {key!r}", key=key, **values, **extra)
            created = row is not None
        if kind in self.rows:
            self.rows[kind][key] = row
        self.report.count(kind, created)
        return row, created

    def create(self, model, what: str, **values):
        """A new row, or None when it would clash with a row editors made (reported)."""
        try:
            with transaction.atomic():
                return model.objects.create(**values)
        except IntegrityError:
            self.report.skipped.append(f"{what}: a row like it already exists.")
            return None

    def ref(self, kind: str, key: str, where: str):
        """The row a reference names (None if editors deleted it); an error if the file
        does not define it."""
        table = self.rows[kind]
        if key not in table:
            raise self.error_class(
                f"{where} refers to the {kind} {key!r}, which the file does not define "
                f"(known: {', '.join(sorted(table)) or 'none'})."
            )
        return table[key]

    def refs(self, kind: str, keys, where: str) -> list:
        return [row for key in keys if (row := self.ref(kind, key, where)) is not None]

    def _activate(self, criterion) -> None:
        """A new criterion counts once every published framework is rated on it (the rule
        editors follow too), so loading one never leaves a published framework incomplete."""
        unrated = criterion.unrated_published_frameworks()
        if unrated:
            self.report.skipped.append(
                f"criterion {criterion.key!r} left inactive: rate {', '.join(unrated)} first."
            )
            return
        criterion.active = True
        criterion.save(update_fields=["active"])

    # -- items -----------------------------------------------------------------------------
    def _load_framework(self, item: dict) -> None:
        since = item.get("since", 1)
        framework, created = self.keyed(
            Framework, "frameworks", item, ("name", "slug", "language", "summary", "website",
            "published"), used_by="\n".join(item.get("used_by", [])),
        )  # fmt: skip
        where = f"The framework {item['slug']!r}"
        if framework is None:
            return
        if created:
            framework.languages.set(self.refs("languages", item.get("languages", []), where))
            framework.tags.set(self.refs("tags", item.get("tags", []), where))
        for criterion_key, rating in item.get("ratings", {}).items():
            criterion = self.ref("criteria", criterion_key, where)
            if criterion is None or not self.is_new(rating, max(since, rating.get("since", 1))):
                continue
            values = {"score": rating["score"], "rationale": rating["rationale"]}
            values["source_url"] = rating.get("source", "")
            if "reviewed" in rating:
                values["last_reviewed"] = rating["reviewed"]
            made = self.create(
                Rating, f"the rating of {item['slug']!r} on {criterion_key!r}",
                framework=framework, criterion=criterion, **values,
            )  # fmt: skip
            self.report.count("ratings", made is not None)

    def _load_snippet(self, item: dict) -> None:
        criterion = None
        where = f"Snippet {item['key']!r}"
        if item.get("criterion"):
            criterion = self.ref("criteria", item["criterion"], where)
        snippet, created = self.keyed(
            AdviceSnippet, "snippets", item, ("title", "kind", "body", "order"),
            criterion=criterion,
        )  # fmt: skip
        if created:
            snippet.frameworks.set(self.refs("frameworks", item.get("frameworks", []), where))

    def _load_section(self, item: dict) -> None:
        section, _ = self.keyed(Section, "sections", item, ("title", "intro", "order"))
        for question_item in item.get("questions", []):
            self._load_question(section, item.get("since", 1), question_item)

    def _load_question(self, section, parent_since: int, item: dict) -> None:
        since = max(parent_since, item.get("since", 1))
        condition = None
        if item.get("condition"):
            condition = self.ref("options", item["condition"], f"Question {item['key']!r}")
        question = None
        if section is not None and (condition is not None or not item.get("condition")):
            question, _ = self.keyed(
                Question, "questions", {**item, "help_text": item.get("hint", "")},
                ("text", "help_text", "kind", "required", "order"), since,
                section=section, condition=condition,
            )  # fmt: skip
        for option_item in item.get("options", []):
            key = f"{item['key']}/{option_item['key']}"
            self._load_option(question, since, {**option_item, "key": key})

    def _load_option(self, question, parent_since: int, item: dict) -> None:
        since = max(parent_since, item.get("since", 1))
        option = None
        if question is not None:
            option, created = self.keyed(
                Option, "options", item, ("label", "order"), since, question=question
            )
            if created:
                option.advice_snippets.set(
                    self.refs("snippets", item.get("snippets", []), f"Answer {item['key']!r}")
                )
        else:
            self.rows["options"][item["key"]] = None
        EffectLoader(self, option, item, since).load()

    def _load_golden_profile(self, item: dict) -> None:
        profile, created = self.keyed(GoldenProfile, "golden profiles", item, ("name", "note"))
        if created:
            where = f"Golden profile {item['key']!r}"
            profile.answers.set(self.refs("options", item["answers"], where))
            profile.expected_winners.set(self.refs("frameworks", item["expect"], where))


class EffectLoader:
    """One answer's effects: each created when new and its answer and target exist."""

    def __init__(self, loader: Loader, option, item: dict, since: int):
        self.loader, self.option, self.item, self.since = loader, option, item, since
        self.where = f"Answer {item['key']!r}"

    def load(self) -> None:
        for criterion_key, delta in self.item.get("importance", {}).items():
            criterion = self.loader.ref("criteria", criterion_key, self.where)
            self.create(ImportanceEffect, {}, criterion=criterion, delta=delta)
        for fit in self.item.get("fit", []):
            target = self._target(fit, "at_least")
            self.create(FitEffect, fit, **target, points=fit["points"], reason=fit["reason"])
        for breaker in self.item.get("deal_breakers", []):
            target = self._target(breaker, "at_most")
            self.create(DealBreaker, breaker, **target, reason=breaker["reason"])

    def _target(self, effect: dict, threshold_name: str) -> dict | None:
        for name, kind in TARGET_KEYS.items():
            if name in effect:
                return {name: self.loader.ref(kind, effect[name], self.where)}
        criterion = self.loader.ref("criteria", effect["criterion"], self.where)
        return {"criterion": criterion, "threshold": effect[threshold_name]}

    def create(self, model, effect: dict, **values) -> None:
        """Create the effect if it is new and everything it names still exists."""
        if not self.loader.is_new(effect, self.since) or self.option is None:
            return
        if any(value is None for value in values.values()):
            return
        made = self.loader.create(model, f"an effect of {self.where}", option=self.option, **values)
        self.loader.report.count("answer effects", made is not None)
