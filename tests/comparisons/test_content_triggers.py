"""The database triggers behind the content version (comparisons/content_triggers.py): every
content table has them, no other table has any, and the migration operation that makes them
can be unapplied and applied again."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from comparisons.content_triggers import (
    POSTGRESQL_TRIGGER,
    SQLITE_EVENTS,
    ContentTriggers,
    sqlite_trigger_name,
)
from comparisons.content_version import content_tables, current_content_version
from comparisons.models import ContentVersion
from questionnaire.models import (
    DealBreaker,
    GoldenProfile,
    Option,
    ResultLabels,
    StartingContentLoad,
    Submission,
)

pytestmark = pytest.mark.django_db

LINKS = "questionnaire_option_advice_snippets"


def triggers_in_the_database() -> dict[str, dict[str, str]]:
    """Table → trigger name → what the database says the trigger does."""
    found: dict[str, dict[str, str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'")
            for table, name, sql in cursor.fetchall():
                found.setdefault(table, {})[name] = " ".join(sql.split())
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname, t.tgtype, p.proname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal"
            )
            for table, name, tgtype, function in cursor.fetchall():
                found.setdefault(table, {})[name] = f"type {tgtype}, calls {function}()"
    return found


def expected_triggers(table: str) -> dict[str, str]:
    """Trigger name → a part of what it must do."""
    if connection.vendor != "sqlite":
        # Type 60: after INSERT (4), DELETE (8), UPDATE (16) and TRUNCATE (32), once per
        # statement (neither the BEFORE bit, 2, nor the FOR EACH ROW bit, 1).
        return {POSTGRESQL_TRIGGER: "type 60, calls content_version_bump()"}
    quote = connection.ops.quote_name
    return {
        sqlite_trigger_name(table, event): f"AFTER {event} ON {quote(table)} FOR EACH ROW BEGIN "
        f"INSERT INTO {quote(ContentVersion._meta.db_table)} (id, number, stamp, changed_at)"
        for event in SQLITE_EVENTS
    }


def test_every_content_table_has_its_triggers_and_no_other_table_has_any():
    found = triggers_in_the_database()
    for table in content_tables():
        triggers, expected = found.pop(table, {}), expected_triggers(table)
        assert set(triggers) == set(expected), f"{table} lacks its content version triggers"
        for name, part in expected.items():
            assert part in triggers[name], (table, name)
    assert found == {}, "triggers on tables that hold no content"


def test_the_content_tables_include_the_many_to_many_links_and_nothing_else():
    tables = content_tables()
    assert {"comparisons_advicesnippet_frameworks", LINKS} <= set(tables)
    for model in (ContentVersion, Submission, ResultLabels, StartingContentLoad, GoldenProfile):
        assert model._meta.db_table not in tables


# --- The migration operation ----------------------------------------------------------------
# Run as a migration runs it, on the test's connection: the changes to the schema are rolled
# back with the test's transaction (both databases roll back trigger changes).


def run(operation: ContentTriggers, backwards: bool = False) -> None:
    state = MigrationLoader(connection).project_state()
    run_it = operation.database_backwards if backwards else operation.database_forwards
    run_it("questionnaire", connection.schema_editor(), state, state)


def bumped_by(statement: str) -> bool:
    before = current_content_version()
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return current_content_version() > before


def delete_links_of(option: Option) -> str:
    return f"DELETE FROM {LINKS} WHERE option_id = {option.pk}"  # noqa: S608 - no input


def test_unapplying_drops_the_triggers_and_applying_again_restores_them(starting_content):
    table = DealBreaker._meta.db_table
    update = f"UPDATE {table} SET reason = reason"  # noqa: S608 - no input

    run(ContentTriggers("dealbreaker"), backwards=True)
    assert table not in triggers_in_the_database()
    assert not bumped_by(update)

    run(ContentTriggers("dealbreaker"))
    run(ContentTriggers("dealbreaker"))  # again: creating is idempotent
    assert triggers_in_the_database()[table] and bumped_by(update)

    run(ContentTriggers("dealbreaker", rebuilt=True), backwards=True)  # keeps them
    assert set(triggers_in_the_database()[table]) == set(expected_triggers(table))


def test_a_field_name_limits_the_operation_to_that_fields_links(starting_content):
    python = Option.objects.get(label="Python")
    typescript = Option.objects.get(label="JavaScript or TypeScript")
    assert python.advice_snippets.exists() and typescript.advice_snippets.exists()

    run(ContentTriggers("option", field_name="advice_snippets"), backwards=True)

    found = triggers_in_the_database()
    assert LINKS not in found and Option._meta.db_table in found
    assert not bumped_by(delete_links_of(python))
    run(ContentTriggers("option", field_name="advice_snippets"))
    assert bumped_by(delete_links_of(typescript))


def test_the_operation_describes_itself_and_deconstructs():
    operation = ContentTriggers("option", field_name="advice_snippets", rebuilt=True)
    assert operation.describe() == "Create the content version triggers of option.advice_snippets"
    assert operation.deconstruct() == (
        "ContentTriggers",
        ["option"],
        {"field_name": "advice_snippets", "rebuilt": True},
    )
    assert ContentTriggers("section").deconstruct() == ("ContentTriggers", ["section"], {})
