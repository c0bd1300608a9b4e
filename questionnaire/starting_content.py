"""Load the starting content (questionnaire/starting/) into the site, once per version.

Every row the file describes has a stable key, stored on the row it creates: the loader finds
rows by that key, never by name, so a row editors renamed is found and never made again.
Each item says in which version it was added (``since``, 1 when absent). Loading version N
where version M was loaded before creates only items added after M that are missing; it
never updates or deletes a row, and never re-creates what editors deleted. So nothing an
editor changed is overwritten or brought back.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.db.models import Max

from questionnaire.models import StartingContentLoad
from questionnaire.starting_loader import Loader

STARTING_CONTENT_DIR = Path(__file__).with_name("starting")


class StartingContentError(Exception):
    """The content file refers to something it does not define."""


@dataclass
class LoadReport:
    version: int
    already_loaded: bool = False
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, was_created: bool = True) -> None:
        if was_created:
            self.created[kind] = self.created.get(kind, 0) + 1

    def summary(self) -> str:
        if self.already_loaded:
            return f"Starting content v{self.version} is already loaded; nothing to do."
        made = ", ".join(f"{n} {kind}" for kind, n in self.created.items()) or "nothing new"
        lines = [f"Loaded starting content v{self.version}: created {made}."]
        lines += [f"Left alone: {reason}" for reason in self.skipped]
        return "\n".join(lines)


def read_starting_content(path: Path = STARTING_CONTENT_DIR) -> dict:
    """The content as one document: a folder's content.toml with every frameworks/*.toml
    file's frameworks added in name order, or a single file."""
    if path.is_file():
        return _read(path)
    data = _read(path / "content.toml")
    data.setdefault("frameworks", [])
    for framework_file in sorted((path / "frameworks").glob("*.toml")):
        data["frameworks"] += _read(framework_file).get("frameworks", [])
    return data


def _read(path: Path) -> dict:
    with path.open("rb") as content_file:
        return tomllib.load(content_file)


def load_starting_content(path: Path = STARTING_CONTENT_DIR) -> LoadReport:
    data = read_starting_content(path)
    report = LoadReport(version=data["version"])
    with transaction.atomic():
        loaded = StartingContentLoad.objects.aggregate(latest=Max("version"))["latest"] or 0
        if loaded >= report.version:
            report.already_loaded = True
            return report
        try:
            Loader(data, report, loaded, StartingContentError).load()
        except KeyError as missing:
            raise StartingContentError(f"An item lacks the field {missing}.") from None
        # The unique version makes a concurrent second load fail here and roll back.
        StartingContentLoad.objects.create(version=report.version)
    return report


def record_first_versions() -> None:
    """Start the content's history: every row with no saved version gets one (rows a load
    made, and rows from before the admin kept history), so any later change can be reverted.

    Frameworks and questions go first: their versions hold their ratings and answers, which
    then need none of their own."""
    call_command(
        "createinitialrevisions",
        "comparisons.Framework",
        "questionnaire.Question",
        "comparisons",
        "questionnaire",
        comment="First recorded version.",
        verbosity=0,
    )
