"""Nothing an editor types becomes markup on a page, unless it is Markdown that went through
the sanitiser.

Every editor-entered text field of every content model is filled with a marker payload (a
refresh <meta>, an <img> with onerror, a javascript: link), each field with its own marker;
then every public page and every admin change page is rendered and parsed. A marker may show
as text, never as an element of its own. The fields come from the models themselves, so a text
field added later is covered without touching this test.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    Framework,
    Criterion,
    Rating,
    AdviceSnippet,
    Section,
    Question,
    Option,
    ImportanceEffect,
    FitEffect,
    DealBreaker,
    ScoringSettings,
]

# Each payload names the element it would make; "{m}" is the field's own marker.
PAYLOADS = {
    "meta": '<meta http-equiv=refresh content="0;url=//e.test/{m}">',
    "img": "<img src=x onerror=alert('{m}') data-m={m}>",
    "a": "<a href=\"javascript:alert('{m}')\" data-m={m}>{m}</a>",
}
# URL fields hold addresses, so their payload breaks out of an href attribute instead.
URL_PAYLOAD = "https://example.com/?{m}=\"><img src=x onerror=alert('{m}') data-m={m}>"
MARKER = re.compile(r"xss\d+")


def editor_text_fields(model) -> list[models.Field]:
    """The fields of ``model`` where an editor types free text (slugs and choices excluded:
    their constraints admit no markup)."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]


class ElementsWithMarkers(HTMLParser):
    """Collects the elements a payload made, and all text and attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list]] = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.text.extend(value for _, value in attrs if value)
        # The site's own elements carry editor text only inside attribute values (a page's
        # description, a source link's address), which is fine; an element the payload made
        # has its data-m marker, an http-equiv, an event handler or a javascript: address
        # with a marker (the admin's own links may be javascript:void(0)).
        for name, value in attrs:
            value = (value or "").strip().lower()
            if (
                name in {"data-m", "http-equiv"}
                or name.startswith("on")
                or (value.startswith("javascript:") and MARKER.search(value))
            ):
                self.found.append((tag, attrs))
                return

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def markup_made_by_markers(html: str) -> tuple[list, str]:
    parser = ElementsWithMarkers()
    parser.feed(html)
    return parser.found, "".join(parser.text)


class Markers:
    """Hands out one marker per field and remembers which field it went to."""

    def __init__(self, kind: str):
        self.kind = kind
        self.fields: dict[str, str] = {}

    def value(self, model, name: str) -> str:
        field = model._meta.get_field(name)
        marker = f"xss{len(self.fields) + 1}"
        self.fields[marker] = f"{model.__name__}.{name}"
        template = URL_PAYLOAD if isinstance(field, models.URLField) else PAYLOADS[self.kind]
        text = template.format(m=marker)
        assert len(text) <= (field.max_length or 10_000), f"payload too long for {field}"
        return text

    def fill(self, model, **values):
        """A saved ``model`` with every editor text field holding a payload."""
        for field in editor_text_fields(model):
            values.setdefault(field.name, self.value(model, field.name))
        return model.objects.create(**values)


def build_content(markers: Markers) -> dict:
    """Published content where every text field shows somewhere: two criteria, three rated
    frameworks, a questionnaire whose answers add points, rule a framework out and reveal a
    conditional question, advice and a verdict."""
    criteria = [markers.fill(Criterion, slug=f"c{i}", base_importance=3) for i in range(2)]
    frameworks = [markers.fill(Framework, slug=f"f{i}", published=True) for i in range(3)]
    for i, framework in enumerate(frameworks):
        for criterion in criteria:
            markers.fill(Rating, framework=framework, criterion=criterion, score=1 + i)
    section = markers.fill(Section, order=1)
    first = markers.fill(Question, section=section, order=1, kind="single")
    chosen = markers.fill(Option, question=first, order=1)
    markers.fill(Option, question=first, order=2)
    markers.fill(FitEffect, option=chosen, framework=frameworks[0], points=30)
    ImportanceEffect.objects.create(option=chosen, criterion=criteria[0], delta=2)
    shown_after = markers.fill(
        Question, section=section, order=2, kind="multiple", condition=chosen
    )
    follow_up = markers.fill(Option, question=shown_after, order=1)
    markers.fill(Option, question=shown_after, order=2)
    third = markers.fill(Question, section=section, order=3, kind="single")
    ruling_out = markers.fill(Option, question=third, order=1)
    markers.fill(Option, question=third, order=2)
    markers.fill(DealBreaker, option=ruling_out, framework=frameworks[2])
    advice = markers.fill(AdviceSnippet, kind="insight", published=True)
    advice.frameworks.set(frameworks[:2])
    chosen.advice_snippets.add(advice)
    verdict = markers.fill(AdviceSnippet, kind="verdict", published=True)
    verdict.frameworks.set([frameworks[0]])
    ScoringSettings.load()
    answers = {
        f"q{first.pk}": str(chosen.pk),
        f"q{shown_after.pk}": [str(follow_up.pk)],
        f"q{third.pk}": str(ruling_out.pk),
    }
    return {"frameworks": frameworks, "answers": answers}


def public_pages(client, content) -> dict[str, str]:
    slugs = [framework.slug for framework in content["frameworks"]]
    pages = {}
    for path in [
        "/",
        "/advisor/",
        "/frameworks/",
        *(f"/frameworks/{slug}/" for slug in slugs),
        f"/compare/{slugs[0]}-vs-{slugs[1]}/",
        "/compare/" + "-vs-".join(slugs) + "/",
        "/compare/",
        f"/compare/{slugs[0]}-vs-nothing-here/",
    ]:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[path] = response.content.decode()
    invalid = client.post("/advisor/", {})
    assert invalid.status_code == 400
    pages["POST /advisor/ (invalid)"] = invalid.content.decode()
    submitted = client.post("/advisor/", content["answers"])
    assert submitted.status_code == 303, submitted.content.decode()[:500]
    result_path = submitted["Location"]
    for path in [result_path, result_path + "compare/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def admin_pages(admin_client) -> dict[str, str]:
    pages = {}
    # Effects have no pages of their own: they are edited inline, on their answer's page.
    for model in filter(admin.site.is_registered, CONTENT_MODELS):
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages[changelist] = admin_client.get(changelist).content.decode()
        for pk in model.objects.values_list("pk", flat=True):
            change = reverse("admin:{}_{}_change".format(*info), args=[pk])
            response = admin_client.get(change)
            assert response.status_code == 200, change
            pages[change] = response.content.decode()
    return pages


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_no_editor_text_becomes_markup_on_any_page(kind, client, admin_client):
    markers = Markers(kind)
    content = build_content(markers)
    pages = {**public_pages(client, content), **admin_pages(admin_client)}

    shown = set()
    for path, html in pages.items():
        found, text = markup_made_by_markers(html)
        assert not found, f"{path}: editor text became markup: {found[:3]}"
        shown.update(MARKER.findall(text))
    # Every field's marker reached a page as text: none of them went unchecked.
    unshown = {markers.fields[m] for m in markers.fields if m not in shown}
    assert not unshown, f"never shown, so never checked: {sorted(unshown)}"


def test_every_editor_text_field_of_the_content_models_is_covered():
    # The fields this test fills; a new text field shows up here and is filled too.
    names = {f"{m.__name__}.{f.name}" for m in CONTENT_MODELS for f in editor_text_fields(m)}
    assert {"Question.help_text", "Framework.summary", "AdviceSnippet.body"} <= names
    assert len(names) >= 18


@pytest.mark.parametrize(
    ("model", "field"), [(Framework, "website"), (Rating, "source_url")], ids=str
)
@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "//evil.test/"])
def test_addresses_are_stored_only_as_web_links(model, field, address, make_rating):
    rating = make_rating()
    target = rating if model is Rating else rating.framework
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=target.pk).update(**{field: address})
