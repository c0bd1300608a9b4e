"""What each saved version of the content changed, field by field (django-reversion keeps the
versions; this compares each with the one before it).

A revision holds every object one save touched, followed ones included (a framework's
ratings, a question's answers and effects): each is compared with that same object's previous
version, wherever that was saved, and only what changed is listed. Versions are read in three
queries however long the history, and related names in one more per related model.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from reversion.errors import RevertError
from reversion.models import Version

# Fields that change on every save and say nothing an editor did.
IGNORED_FIELDS = {"id", "created_at", "updated_at"}


@dataclass
class FieldChange:
    name: str
    before: str
    after: str


@dataclass
class ObjectChange:
    label: str  # "rating “Django — Performance”"
    created: bool
    fields: list[FieldChange] = field(default_factory=list)
    unreadable: bool = False  # saved by code whose fields no longer match


def revisions_of(model, object_id: str, related=()) -> list[Version]:
    """One version per revision that saved the object or one of ``related`` ((model, ids)
    pairs: the rows it holds now, such as a framework's ratings), newest first, with the
    revision and its author: the object's own version where the revision has one."""
    found = Version.objects.get_for_object_reference(model, object_id)
    for related_model, ids in related:
        found = found | Version.objects.get_for_model(related_model).filter(
            object_id__in=[str(pk) for pk in ids]
        )
    by_revision: dict[int, Version] = {}
    for version in found.select_related("revision__user", "content_type").order_by("pk"):
        own = version.content_type.model_class() is model and version.object_id == str(object_id)
        if own or version.revision_id not in by_revision:
            by_revision[version.revision_id] = version
    return sorted(by_revision.values(), key=lambda v: (v.revision.date_created, v.pk), reverse=True)


def changes_by_revision(versions: list[Version]) -> dict[int, list[ObjectChange]]:
    """Per revision id of ``versions``, what every object in that revision changed."""
    revision_ids = {version.revision_id for version in versions}
    in_revisions = list(
        Version.objects.filter(revision_id__in=revision_ids).select_related("content_type")
    )
    earlier = _versions_of_same_objects(in_revisions)
    labeller = _Labeller()
    raw: dict[int, list[tuple]] = defaultdict(list)
    for version in sorted(in_revisions, key=lambda v: v.pk):
        previous = _previous(earlier[(version.content_type_id, version.object_id)], version)
        raw[version.revision_id].append((version, previous))
    labeller.collect(pair for pairs in raw.values() for pair in pairs)
    changes = {}
    for revision_id, pairs in raw.items():
        found = [_compare(version, previous, labeller) for version, previous in pairs]
        changes[revision_id] = [c for c in found if c.created or c.fields or c.unreadable]
    return changes


def _versions_of_same_objects(versions: list[Version]) -> dict[tuple, list[Version]]:
    if not versions:
        return {}
    ids_by_type = defaultdict(set)
    for version in versions:
        ids_by_type[version.content_type_id].add(version.object_id)
    condition = reduce(
        or_, (Q(content_type_id=ct, object_id__in=ids) for ct, ids in ids_by_type.items())
    )
    found = defaultdict(list)
    for version in Version.objects.filter(condition).select_related("content_type").order_by("pk"):
        found[(version.content_type_id, version.object_id)].append(version)
    return found


def _previous(history: list[Version], version: Version) -> Version | None:
    before = [other for other in history if other.pk < version.pk]
    return before[-1] if before else None


def _fields(version: Version | None) -> dict | None:
    if version is None:
        return None
    try:
        return version.field_dict
    except (RevertError, FieldDoesNotExist, LookupError, ValueError):
        return None


def _compare(version: Version, previous: Version | None, labeller) -> ObjectChange:
    model = version.content_type.model_class()
    label = f"{model._meta.verbose_name if model else 'object'} “{version.object_repr}”"
    after = _fields(version)
    if model is None or after is None:
        return ObjectChange(label, created=False, unreadable=True)
    before = _fields(previous) if previous is not None else {}
    if before is None:
        return ObjectChange(label, created=False, unreadable=True)
    change = ObjectChange(label, created=previous is None)
    for name, value in after.items():
        old = before.get(name)
        if name in IGNORED_FIELDS or (not change.created and _same(old, value)):
            continue
        if change.created and value in (None, "", []):
            continue
        model_field = _model_field(model, name)
        if model_field is None or not model_field.editable:
            continue
        change.fields.append(
            FieldChange(
                str(model_field.verbose_name),
                labeller.text(model_field, old) if not change.created else "",
                labeller.text(model_field, value),
            )
        )
    return change


def _same(old, new) -> bool:
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return sorted(map(str, old)) == sorted(map(str, new))
    return old == new


def _model_field(model, attname: str):
    for model_field in model._meta.get_fields():
        if getattr(model_field, "attname", None) == attname:
            return model_field
    return None


class _Labeller:
    """Shows related rows by name: the ids every version holds are looked up together, one
    query per related model."""

    def __init__(self):
        self.names: dict[type, dict] = {}

    def collect(self, pairs) -> None:
        wanted = defaultdict(set)
        for version, previous in pairs:
            model = version.content_type.model_class()
            for held in (_fields(version), _fields(previous)):
                for name, value in (held or {}).items():
                    model_field = _model_field(model, name) if model else None
                    if model_field is not None and model_field.is_relation and value:
                        wanted[model_field.related_model].update(_ids(model_field, value))
        for related, ids in wanted.items():
            self.names[related] = related.objects.in_bulk(ids)

    def text(self, model_field, value) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if value in (None, "", []):
            return "(empty)"
        if not model_field.is_relation:
            return str(value)
        rows = self.names.get(model_field.related_model, {})
        return ", ".join(str(rows.get(pk, f"#{pk} (deleted)")) for pk in _ids(model_field, value))


def _ids(model_field, value) -> list:
    """A relation's value as primary keys of the related model's own type."""
    values = value if isinstance(value, list | tuple) else [value]
    return [model_field.related_model._meta.pk.to_python(pk) for pk in values]
