"""A site that loaded starting content v1 moved to v2's model: stable keys on the rows v1
made, every framework's languages, and v1's answers' effects as the rules v2 states.

- Keys: each row v1 made gets the key v2's file gives it, found by the name v1 gave it, so
  later loads find rows by key even once editors rename them.
- Languages: every framework without one gets the languages its "language" text names
  (“JavaScript (Node.js)” → JavaScript), so rules about a language reach editors' frameworks
  too. The seed frameworks get v2's tags.
- Rules: an answer whose effects still read exactly as v1 made them gets v2's rule instead
  (“+8 for Python frameworks” for “+8 Django, +8 Flask”). An answer an editor changed is left
  alone. Express, Django and Flask score exactly as before for every set of answers
  (tests/questionnaire/test_starting_content_v2.py).

Written out here, not imported: a migration must keep working whatever the code becomes.
"""

from django.db import migrations
from django.utils.text import slugify

CRITERIA = [
    "learning-curve", "raw-performance", "real-time", "batteries-included", "flexibility",
    "ecosystem-breadth", "library-maturity", "data-science-ml", "security",
    "prototyping-speed", "scalability",
]  # fmt: skip
FRAMEWORKS = ["express", "django", "flask"]
SNIPPETS = {
    "Go with what your team knows": "team-knows",
    "Speed-critical or data-heavy?": "speed-or-data",
    "Freedom or structure?": "freedom-or-structure",
    "Where each ecosystem shines": "ecosystems",
    "Pick Express if…": "verdict-express",
    "Pick Django if…": "verdict-django",
    "Pick Flask if…": "verdict-flask",
}
SECTIONS = {"Your team": "team", "Your project": "project"}
QUESTIONS = {
    "Which language is your team strongest in?": "language",
    "How experienced is your team with backend development?": "experience",
    "What are you building?": "building",
    "Will non-developers manage data through an admin panel?": "admin-panel",
    "What matters most to you?": "priorities",
    "How large do you expect the project to grow?": "scale",
}
OPTIONS = {
    "language": {"JavaScript or TypeScript": "javascript", "Python": "python",
                 "Both equally, or neither yet": "neither"},
    "experience": {"Beginners: this is our first backend": "beginner",
                   "Some experience": "some",
                   "Experienced: we have built and run several": "experienced"},
    "building": {"A real-time app: chat, live updates or streaming": "real-time",
                 "An API or microservices": "api",
                 "A full-featured web app with user accounts and an admin": "web-app",
                 "A data- or ML-heavy app, such as an analytics dashboard": "data",
                 "A small prototype or MVP": "prototype"},
    "admin-panel": {"Yes": "yes", "No": "no"},
    "priorities": {"Speed under heavy, concurrent load": "speed",
                   "Structure and ready-made tools": "structure",
                   "Freedom and control over the architecture": "control",
                   "Simplicity: a small codebase that is easy to follow": "simplicity",
                   "Security out of the box": "security",
                   "Getting a first version out quickly": "quick-start"},
    "scale": {"Small: a prototype or an internal tool": "small",
              "Medium: a product with steady traffic": "medium",
              "Large: many users, many services": "large"},
}  # fmt: skip
LANGUAGE_KEYS = {
    "JavaScript": "javascript", "TypeScript": "typescript", "Python": "python", "Go": "go",
    "Ruby": "ruby", "Java": "java", "Kotlin": "kotlin", "C#": "csharp", "PHP": "php",
    "Elixir": "elixir", "Rust": "rust",
}  # fmt: skip
TAGS = {
    "batteries-included": ("Batteries included", "Ships accounts, data access and conventions "
                           "for a full web app, ready to use."),
    "micro": ("Micro", "A small core you extend with the libraries you choose."),
    "async-first": ("Async first", "Built around non-blocking I/O, so many open connections "
                    "cost little."),
}  # fmt: skip
SEED_TAGS = {"express": ["micro", "async-first"], "django": ["batteries-included"],
             "flask": ["micro"]}  # fmt: skip

# (answer key, v1's points effects {framework: (points, reason)}, v2's rule)
PYTHON = "Your team already writes Python."
NODE_APIS = "Node.js is a leading choice for microservices and APIs."
JAVASCRIPT = "Your team already writes JavaScript, so the same language runs on client and server."
FIT_RULES = [
    ("language/javascript", {"express": (12, JAVASCRIPT)},
     {"language": "javascript", "points": 12, "reason": JAVASCRIPT}),
    ("language/python", {"django": (8, PYTHON), "flask": (8, PYTHON)},
     {"language": "python", "points": 8, "reason": PYTHON}),
    ("building/api", {"express": (5, NODE_APIS)},
     {"language": "javascript", "points": 5, "reason": NODE_APIS}),
    ("building/real-time",
     {"express": (8, "Node's event loop keeps many live connections open cheaply.")},
     {"tag": "async-first", "points": 8,
      "reason": "Built on non-blocking I/O, it keeps many live connections open cheaply."}),
    ("building/web-app",
     {"django": (8, "Django ships accounts, an admin and an ORM, the core of a full-featured "
                    "web app.")},
     {"tag": "batteries-included", "points": 8,
      "reason": "It ships accounts, data access and conventions: the core of a full-featured "
                "web app."}),
    ("building/prototype", {"flask": (8, "Flask is made for small apps and prototypes.")},
     {"criterion": "prototyping-speed", "threshold": 5, "points": 8,
      "reason": "It is made for getting a small first version running fast."}),
]  # fmt: skip
DATA_BREAKER = (
    "building/data",
    {"express": "Your project relies on data-science or machine-learning libraries, which "
                "live in Python."},
    {"criterion": "data-science-ml", "threshold": 2,
     "reason": "Your project relies on data-science or machine-learning libraries, which its "
               "platform has few of."},
)  # fmt: skip
NEITHER = ("language/neither", "Both equally, or neither yet", 30,
           "Another language, several equally, or none yet", 100)  # fmt: skip


def set_key(queryset, key):
    if not queryset.model.objects.filter(key=key).exists():
        queryset.filter(key__isnull=True).update(key=key)


def assign_keys(apps):
    for model_name, names in [("Criterion", CRITERIA), ("Framework", FRAMEWORKS)]:
        model = apps.get_model("comparisons", model_name)
        for slug in names:
            set_key(model.objects.filter(slug=slug), slug)
    snippet = apps.get_model("comparisons", "AdviceSnippet")
    for title, key in SNIPPETS.items():
        set_key(snippet.objects.filter(title=title), key)
    section = apps.get_model("questionnaire", "Section")
    for title, key in SECTIONS.items():
        set_key(section.objects.filter(title=title), key)
    question = apps.get_model("questionnaire", "Question")
    option = apps.get_model("questionnaire", "Option")
    for text, key in QUESTIONS.items():
        set_key(question.objects.filter(text=text), key)
        for label, option_key in OPTIONS[key].items():
            set_key(option.objects.filter(question__key=key, label=label), f"{key}/{option_key}")


def give_languages(apps):
    """Every framework without a language gets those its language text names."""
    framework_model = apps.get_model("comparisons", "Framework")
    language_model = apps.get_model("comparisons", "Language")
    for framework in framework_model.objects.filter(languages__isnull=True):
        text = framework.language.split("(")[0]
        for name in filter(None, (part.strip() for part in text.replace("/", ",").split(","))):
            language = language_model.objects.filter(name__iexact=name).first()
            if language is None:
                key = LANGUAGE_KEYS.get(name)
                slug = key or slugify(name) or f"language-{language_model.objects.count() + 1}"
                language = language_model.objects.create(name=name, slug=slug, key=key)
            framework.languages.add(language)


def give_seed_tags(apps):
    tag_model = apps.get_model("comparisons", "Tag")
    framework_model = apps.get_model("comparisons", "Framework")
    for key, (name, description) in TAGS.items():
        if not tag_model.objects.filter(key=key).exists():
            tag_model.objects.get_or_create(
                slug=key, defaults={"key": key, "name": name, "description": description}
            )
    for framework_key, tag_keys in SEED_TAGS.items():
        framework = framework_model.objects.filter(key=framework_key).first()
        if framework is not None and not framework.tags.exists():
            framework.tags.set(tag_model.objects.filter(key__in=tag_keys))


def target_of(apps, rule: dict) -> dict | None:
    """The target fields of a v2 rule, or None if what it names is gone."""
    for field, app, model_name in [
        ("language", "comparisons", "Language"),
        ("tag", "comparisons", "Tag"),
        ("criterion", "comparisons", "Criterion"),
    ]:
        if field in rule:
            row = apps.get_model(app, model_name).objects.filter(key=rule[field]).first()
            if row is None:
                return None
            target = {field: row}
            if field == "criterion":
                target["threshold"] = rule["threshold"]
            return target
    return None


def convert_fit_rules(apps):
    fit_model = apps.get_model("questionnaire", "FitEffect")
    for option_key, v1_effects, rule in FIT_RULES:
        effects = list(fit_model.objects.filter(option__key=option_key))
        as_made = {
            effect.framework.key: (effect.points, effect.reason)
            for effect in effects
            if effect.framework_id is not None
        }
        target = target_of(apps, rule)
        if len(effects) != len(v1_effects) or as_made != v1_effects or target is None:
            continue  # an editor changed it: theirs to keep
        option = effects[0].option
        fit_model.objects.filter(pk__in=[effect.pk for effect in effects]).delete()
        fit_model.objects.create(
            option=option, points=rule["points"], reason=rule["reason"], **target
        )


def convert_deal_breaker(apps):
    breaker_model = apps.get_model("questionnaire", "DealBreaker")
    option_key, v1_effects, rule = DATA_BREAKER
    effects = list(breaker_model.objects.filter(option__key=option_key))
    as_made = {e.framework.key: e.reason for e in effects if e.framework_id is not None}
    target = target_of(apps, rule)
    if len(effects) != len(v1_effects) or as_made != v1_effects or target is None:
        return
    option = effects[0].option
    breaker_model.objects.filter(pk__in=[effect.pk for effect in effects]).delete()
    breaker_model.objects.create(option=option, reason=rule["reason"], **target)


def relabel_neither(apps):
    key, old_label, old_order, new_label, new_order = NEITHER
    apps.get_model("questionnaire", "Option").objects.filter(
        key=key, label=old_label, order=old_order
    ).update(label=new_label, order=new_order)


def move_to_rules(apps, schema_editor):
    give_languages(apps)
    if not apps.get_model("questionnaire", "StartingContentLoad").objects.exists():
        return  # no starting content here: nothing of v1's to move
    assign_keys(apps)
    give_seed_tags(apps)
    convert_fit_rules(apps)
    convert_deal_breaker(apps)
    relabel_neither(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0009_rule_keys_in_records"),
        ("comparisons", "0006_catalogue_traits"),
    ]

    operations = [migrations.RunPython(move_to_rules, migrations.RunPython.noop)]
