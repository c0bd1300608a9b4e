"""manage.py export_content: the editors' content as JSON, which loaddata restores into an
empty database exactly (the backup of the content that docs/deploy.md describes)."""

import json
import re

import pytest
from django.core.management import call_command

from comparisons.models import Framework, Language, Rating
from questionnaire.management.commands.export_content import CONTENT_MODELS
from tests.processes import manage, production_env

pytestmark = pytest.mark.django_db


def normalised(records: list[dict]) -> list[dict]:
    """Records in a stable order, many-to-many lists sorted (their order is the database's).
    Times are written to the millisecond: one under a millisecond past the second is written
    "…:08.000Z", read back as a whole second and written again as "…:08Z", the same time."""
    for record in records:
        for name, value in record["fields"].items():
            if isinstance(value, list):
                record["fields"][name] = sorted(value)
            elif isinstance(value, str):
                record["fields"][name] = re.sub(r"(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)$",
                                                r"\1\2", value)  # fmt: skip
    return sorted(records, key=lambda record: (record["model"], record["pk"]))


def test_the_export_holds_the_content_and_nothing_else(
    starting_content, tmp_path, editor_user, make_submission
):
    make_submission()
    path = tmp_path / "content.json"
    call_command("export_content", output=str(path))
    records = json.loads(path.read_text())

    models = {record["model"] for record in records}
    assert models == {label.lower() for label in CONTENT_MODELS}
    assert not any(model.startswith(("auth.", "sessions.", "axes.", "admin.")) for model in models)
    assert "questionnaire.submission" not in models
    counts = {model: sum(r["model"] == model for r in records) for model in models}
    assert counts["comparisons.framework"] == Framework.objects.count() >= 15
    assert (
        counts["comparisons.rating"]
        == Rating.objects.count()
        == 11 * counts["comparisons.framework"]
    )
    assert counts["comparisons.language"] == Language.objects.count() > 0
    assert counts["questionnaire.startingcontentload"] == 1


def test_the_export_round_trips_through_loaddata_into_an_empty_database(starting_content, tmp_path):
    exported = tmp_path / "content.json"
    call_command("export_content", output=str(exported))

    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    manage("migrate", "--no-input", env=env)
    manage("loaddata", str(exported), env=env)
    restored = manage("export_content", env=env)

    assert normalised(json.loads(restored)) == normalised(json.loads(exported.read_text()))


def test_the_export_goes_to_standard_output_by_default(starting_content, capsys):
    call_command("export_content")
    records = json.loads(capsys.readouterr().out)
    assert any(record["model"] == "comparisons.framework" for record in records)
