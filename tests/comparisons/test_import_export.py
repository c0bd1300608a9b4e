"""Import and export of criteria, frameworks and ratings (comparisons/resources.py), by
resource and through the admin's import page (a preview first; nothing saved while any row
is bad)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from import_export.formats.base_formats import CSV, JSON, XLSX

from comparisons.models import Criterion, Framework, Rating
from comparisons.models.fields import RATING_RANGE_MESSAGE
from comparisons.resources import CriterionResource, FrameworkResource, RatingResource
from tests.clients import FormClient
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db

# Not content: ids and timestamps are the database's, the key the starting content loader's.
NOT_CONTENT = {"id", "key", "created_at", "updated_at"}
RATING_KEYS = ["framework__slug", "criterion__slug"]


def content_fields(model) -> list[str]:
    """Every stored field of ``model`` but NOT_CONTENT: a new field fails the round trip
    until the resource carries it."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in NOT_CONTENT and not field.is_relation
    ]


def content() -> dict:
    """The catalogue's content, row by row, with relations as short names."""
    frameworks = Framework.objects.order_by("slug").prefetch_related("languages", "tags")
    return {
        "criteria": list(Criterion.objects.order_by("slug").values(*content_fields(Criterion))),
        "frameworks": list(frameworks.values(*content_fields(Framework))),
        "traits": [
            (f.slug, [lang.slug for lang in f.languages.all()], [tag.slug for tag in f.tags.all()])
            for f in frameworks
        ],
        "ratings": list(
            Rating.objects.order_by(*RATING_KEYS).values(*RATING_KEYS, *content_fields(Rating))
        ),
    }


def ratings() -> list[dict]:
    return content()["ratings"]


# --- Round trip, by resource ------------------------------------------------------------------


RESOURCES_IN_IMPORT_ORDER = [CriterionResource, FrameworkResource, RatingResource]


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_an_export_imports_back_into_an_empty_catalogue_as_it_was(starting_content, file_format):
    before = content()
    exported = [
        file_format().export_data(resource().export()) for resource in RESOURCES_IN_IMPORT_ORDER
    ]
    Rating.objects.all().delete()
    Framework.objects.all().delete()
    Criterion.objects.all().delete()

    for resource, data in zip(RESOURCES_IN_IMPORT_ORDER, exported, strict=True):
        result = resource().import_data(file_format().create_dataset(data))
        assert not result.has_errors() and not result.has_validation_errors(), resource
        assert result.totals["new"] == len(result.rows) > 0

    assert content() == before


@pytest.mark.parametrize("resource", RESOURCES_IN_IMPORT_ORDER)
def test_importing_the_same_export_again_changes_nothing(starting_content, resource):
    before = content()
    dataset = resource().export()

    result = resource().import_data(dataset)

    assert result.totals["skip"] == len(dataset) and result.totals["update"] == 0
    assert content() == before


def test_an_unknown_language_or_tag_is_a_row_error_not_dropped(starting_content):
    dataset = FrameworkResource().export()
    dataset[0] = (*dataset[0][:3], "python,klingon", "", *dataset[0][5:])
    before = content()

    result = FrameworkResource().import_data(dataset)

    [invalid] = result.invalid_rows
    assert invalid.number == 1
    assert "Unknown language short name(s): klingon." in invalid.error_dict["languages"]
    assert content() == before


# --- Through the admin's import page ----------------------------------------------------------


def format_choice(model, file_format) -> str:
    """The import form's value for ``file_format``: its index in the admin's formats."""
    formats = admin.site.get_model_admin(model).get_import_formats()
    return str(formats.index(file_format))


def upload(client, model, text: str, name: str = "ratings.csv"):
    """Posts ``text`` to the import page as a CSV file, as the page's form sends it."""
    data = {
        "resource": "0",
        "format": format_choice(model, CSV),
        "import_file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"),
    }
    return client.post(admin_url(model, "import"), data, content_type=MULTIPART_CONTENT)


def confirm(client, model, response):
    """Confirms the import the preview in ``response`` offers, as its form does."""
    form = response.context["confirm_form"]
    data = {name: form.initial[name] for name in form.fields}
    return client.post(admin_url(model, "process_import"), data)


def ratings_csv(*rows: str) -> str:
    return "\n".join(["framework,criterion,score,rationale,source_url,last_reviewed", *rows])


def rating_row(framework: str, criterion: str, score, rationale: str) -> str:
    return f"{framework},{criterion},{score},{rationale},,2026-01-02"


@pytest.fixture
def first_rating(starting_content) -> Rating:
    return Rating.objects.select_related("framework", "criterion").order_by("pk").first()


def row_text_with(page, text: str) -> str:
    rows = [row for row in page.texts("tr") if text in row]
    assert len(rows) == 1, f"{len(rows)} rows with {text!r}"
    return rows[0]


@pytest.mark.parametrize(
    ("framework", "score", "error"),
    [
        (None, 6, RATING_RANGE_MESSAGE),
        ("no-such-framework", 4, "No framework has the short name “no-such-framework”."),
    ],
    ids=["score-6", "unknown-framework"],
)
def test_a_file_with_one_bad_row_names_it_and_saves_nothing(
    editor_client, first_rating, html_page, framework, score, error
):
    criterion = first_rating.criterion.slug
    other = Rating.objects.exclude(pk=first_rating.pk).select_related("framework").first()
    csv = ratings_csv(
        rating_row(first_rating.framework.slug, criterion, 4, "A fine new reason."),
        rating_row(framework or other.framework.slug, other.criterion.slug, score, "Too good."),
    )
    before = ratings()

    response = upload(editor_client, Rating, csv)

    assert response.status_code == 200
    page = html_page(response)
    assert "Some rows failed to validate" in page.text
    assert row_text_with(page, error).startswith("2 ")  # the second row of data
    assert "confirm_form" not in response.context  # nothing to confirm
    assert not page.find_all("form", action=admin_url(Rating, "process_import"))
    assert ratings() == before


def test_a_valid_file_is_previewed_then_saved_once_confirmed(
    editor_client, first_rating, html_page
):
    framework, criterion = first_rating.framework.slug, first_rating.criterion.slug
    new_score = first_rating.score % 5 + 1
    before = ratings()

    preview = upload(
        editor_client,
        Rating,
        ratings_csv(rating_row(framework, criterion, new_score, "Rechecked.")),
    )

    assert preview.status_code == 200
    page = html_page(preview)
    [row] = page.texts("tr", class_="update")
    assert "Preview" in page.text and row.startswith(f"Update {framework} {criterion}")
    assert page.find_all("ins")  # the changed values, marked
    assert ratings() == before  # the preview saved nothing

    response = confirm(editor_client, Rating, preview)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Rating, "changelist")
    first_rating.refresh_from_db()
    assert (first_rating.score, first_rating.rationale) == (new_score, "Rechecked.")
    assert first_rating.last_reviewed == datetime.date(2026, 1, 2)
    assert len(ratings()) == len(before)


def test_a_row_gone_bad_since_the_preview_saves_nothing_on_confirming(
    editor_client, starting_content, make_framework
):
    extra = make_framework()
    criteria = list(Criterion.objects.order_by("slug")[:2])
    csv = ratings_csv(*(rating_row(extra.slug, c.slug, 3, "Rated.") for c in criteria))
    preview = upload(editor_client, Rating, csv)
    assert preview.context["confirm_form"]
    Framework.objects.filter(pk=extra.pk).delete()  # another editor deletes it meanwhile
    before = ratings()

    response = confirm(editor_client, Rating, preview)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Rating, "import")
    assert ratings() == before


def export_form(model, file_format) -> dict:
    """The export form's data: ``file_format``, and every column ticked."""
    [resource] = admin.site.get_model_admin(model).resource_classes
    formats = admin.site.get_model_admin(model).get_export_formats()
    columns = {
        f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()
    }
    return {"format": str(formats.index(file_format)), "resource": "0", **columns}


@pytest.mark.parametrize("model", [Framework, Criterion, Rating])
def test_editors_can_open_import_and_export(editor_client, starting_content, model):
    changelist = editor_client.get(admin_url(model, "changelist")).content.decode()
    assert admin_url(model, "import") in changelist and admin_url(model, "export") in changelist
    assert editor_client.get(admin_url(model, "import")).status_code == 200

    export = editor_client.post(admin_url(model, "export"), export_form(model, JSON))

    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/json")
    assert len(export.json()) == model.objects.count()


def test_the_site_lets_an_editor_upload_an_import(editor_client, first_rating):
    csv = ratings_csv(rating_row(first_rating.framework.slug, first_rating.criterion.slug, 3, "R."))
    assert upload(editor_client, Rating, csv).status_code == 200


# --- Who may import and export ----------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(client, first_rating):
    before = ratings()
    csv = ratings_csv(rating_row(first_rating.framework.slug, first_rating.criterion.slug, 1, "X"))

    for response in [
        client.get(admin_url(Rating, "import")),
        upload(client, Rating, csv),
        client.get(admin_url(Rating, "export")),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert ratings() == before


@pytest.fixture
def staff_client(django_user_model):
    """``staff_client(*codenames)``: logged in as staff with only those comparisons
    permissions."""

    def make(*codenames: str) -> FormClient:
        user = django_user_model.objects.create_user(username="staff", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="comparisons", codename__in=codenames)
        )
        client = FormClient()
        client.force_login(user)
        return client

    return make


@pytest.mark.parametrize(
    ("codenames", "may_export"),
    [
        ((), False),
        (("view_rating",), True),
        (("view_rating", "change_rating"), True),  # an import also adds rows
    ],
)
def test_staff_without_the_models_permissions_cannot_import(
    staff_client, first_rating, codenames, may_export
):
    client = staff_client(*codenames)
    before = ratings()
    csv = ratings_csv(rating_row(first_rating.framework.slug, first_rating.criterion.slug, 1, "X"))

    assert client.get(admin_url(Rating, "import")).status_code == 403
    assert upload(client, Rating, csv).status_code == 403
    assert client.post(admin_url(Rating, "process_import"), {}).status_code == 403
    assert (client.get(admin_url(Rating, "export")).status_code == 200) is may_export
    assert ratings() == before


def test_uploads_are_taken_only_on_the_import_pages_and_within_the_limit(
    editor_client, first_rating, settings
):
    """Anywhere else a multipart body is still refused; an import file over the limit gets
    413 before it is read."""
    elsewhere = editor_client.post(
        "/advisor/", {"file": SimpleUploadedFile("a.csv", b"x")}, content_type=MULTIPART_CONTENT
    )
    assert elsewhere.status_code == 400
    assert "This site takes no uploads" in elsewhere.text
    big = b"framework,criterion\n" + b"x" * (settings.UPLOAD_MAX_SIZE + 10)
    too_large = editor_client.post(
        admin_url(Rating, "import"),
        {"import_file": SimpleUploadedFile("big.csv", big), "format": "0"},
        content_type=MULTIPART_CONTENT,
    )
    assert too_large.status_code == 413
