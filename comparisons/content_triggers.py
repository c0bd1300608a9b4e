"""Database triggers that bump the content version on every write to a content table.

The triggers live in the database, so every path bumps the version: ``save()`` and
``delete()``, ``QuerySet.update()``, ``bulk_create``, many-to-many links, ``loaddata``, data
migrations and raw SQL alike. The bump is written by the statement that changes the content,
in its transaction: readers see the new content and its new version at the same commit, never
the new content under the old version, and a rolled-back edit takes its bump with it.

Each bump adds one to ``number``, draws a new random 16-hex ``stamp`` and sets ``changed_at``.
It writes the row with id 1, and inserts it when it is missing (after ``manage.py flush``)
with the number 2, as if the row a migration makes had been bumped: so no write ever goes
unrecorded.

- PostgreSQL: one function (``content_version_bump()``, made by ContentVersionFunction) and,
  on each content table, one ``AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE`` trigger
  ``FOR EACH STATEMENT``: one bump per statement, however many rows it touches (a statement
  that touches none still bumps, which only costs the caches one rebuild).
- SQLite: three row-level triggers per table (AFTER INSERT, UPDATE and DELETE), since SQLite
  has no statement-level ones: one bump per row.

Migrations apply them with the operations below; a migration that adds a content model
adds its triggers with one line after its CreateModel (its many-to-many tables included)::

    ContentTriggers("glossaryentry"),

and one that adds a many-to-many field to a content model later, with
``ContentTriggers("option", field_name="tags")``. On SQLite, Django rebuilds a table to
alter most of its columns or constraints, and the rebuilt table has lost its triggers: end
such a migration with ``ContentTriggers("option", rebuilt=True)`` (creating is idempotent,
so it changes nothing on PostgreSQL, where ALTER TABLE keeps them; unapplying it keeps them
too). tests/comparisons/test_content_triggers.py checks every content table's triggers.

These operations are part of the migration history: change them only in ways that keep
the SQL of the existing migrations valid.
"""

from django.db.migrations.operations.base import Operation

FUNCTION = "content_version_bump"
# One name on every table: PostgreSQL names triggers per table.
POSTGRESQL_TRIGGER = "content_version_bump"
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")

# gen_random_uuid() draws from the strong random source (built in since PostgreSQL 13);
# md5 spreads its 122 random bits over the 16 hex digits kept.
POSTGRESQL_FUNCTION = """CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {version} (id, number, stamp, changed_at)
    VALUES (1, 2, substr(md5(gen_random_uuid()::text), 1, 16), clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET
        number = {version}.number + 1, stamp = EXCLUDED.stamp, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END;
$$"""

# Django reads SQLite datetimes written as "YYYY-MM-DD HH:MM:SS.fff", in UTC (USE_TZ).
SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} FOR EACH ROW BEGIN
    INSERT INTO {version} (id, number, stamp, changed_at)
    VALUES (1, 2, lower(hex(randomblob(8))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (id) DO UPDATE SET
        number = number + 1, stamp = excluded.stamp, changed_at = excluded.changed_at;
END"""


def _unsupported(vendor: str) -> NotImplementedError:
    return NotImplementedError(f"No content version triggers are written for {vendor}.")


def sqlite_trigger_name(table: str, event: str) -> str:
    return f"{table}_content_version_{event.lower()}"


def create_function_sql(vendor: str, quote, version_table: str) -> list[str]:
    if vendor == "sqlite":
        return []  # each SQLite trigger holds the bump itself
    if vendor != "postgresql":
        raise _unsupported(vendor)
    return [POSTGRESQL_FUNCTION.format(function=FUNCTION, version=quote(version_table))]


def drop_function_sql(vendor: str) -> list[str]:
    return [f"DROP FUNCTION IF EXISTS {FUNCTION}()"] if vendor == "postgresql" else []


def create_triggers_sql(vendor: str, quote, table: str, version_table: str) -> list[str]:
    """The statements that give ``table`` its triggers; running them again changes nothing."""
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE TRIGGER {POSTGRESQL_TRIGGER} "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        ]
    if vendor == "sqlite":
        return [
            SQLITE_TRIGGER.format(
                name=quote(sqlite_trigger_name(table, event)),
                event=event,
                table=quote(table),
                version=quote(version_table),
            )
            for event in SQLITE_EVENTS
        ]
    raise _unsupported(vendor)


def drop_triggers_sql(vendor: str, quote, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {POSTGRESQL_TRIGGER} ON {quote(table)}"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {quote(sqlite_trigger_name(table, event))}"
            for event in SQLITE_EVENTS
        ]
    raise _unsupported(vendor)


def model_tables(model, field_name: str | None = None) -> list[str]:
    """The model's table and the tables of its many-to-many fields; with ``field_name``, that
    field's table only."""
    links = [
        field.remote_field.through._meta.db_table
        for field in model._meta.get_fields()
        if field.many_to_many
        and not field.auto_created  # the other side's relation, not a field of this model
        and field_name in (None, field.name)
    ]
    return links if field_name else [model._meta.db_table, *links]


def _version_model(state):
    return state.apps.get_model("comparisons", "ContentVersion")


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


class ContentVersionFunction(Operation):
    """The PostgreSQL function the triggers call (nothing on SQLite). Once, before any
    ContentTriggers: comparisons' migration 0005 makes it."""

    reversible = True

    def state_forwards(self, app_label, state):
        pass  # the models do not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        version = _version_model(to_state)
        if self.allow_migrate_model(schema_editor.connection.alias, version):
            vendor, quote = schema_editor.connection.vendor, schema_editor.quote_name
            _run(schema_editor, create_function_sql(vendor, quote, version._meta.db_table))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self.allow_migrate_model(schema_editor.connection.alias, _version_model(from_state)):
            _run(schema_editor, drop_function_sql(schema_editor.connection.vendor))

    def describe(self):
        return "Create the function that bumps the content version"

    @property
    def migration_name_fragment(self):
        return "content_version_function"


class ContentTriggers(Operation):
    """Triggers that bump the content version on every write to a model's table and to the
    tables of its many-to-many fields (only the one named by ``field_name``, if given).

    With ``rebuilt=True`` (after a SQLite table rebuild, see the module docstring) unapplying
    keeps the triggers: the migrations before this one made them.
    """

    reversible = True

    def __init__(self, model_name: str, field_name: str | None = None, rebuilt: bool = False):
        self.model_name = model_name
        self.field_name = field_name
        self.rebuilt = rebuilt

    def deconstruct(self):
        kwargs = {"field_name": self.field_name} if self.field_name else {}
        if self.rebuilt:
            kwargs["rebuilt"] = True
        return self.__class__.__name__, [self.model_name], kwargs

    def state_forwards(self, app_label, state):
        pass  # the models do not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        vendor, quote = schema_editor.connection.vendor, schema_editor.quote_name
        version_table = _version_model(to_state)._meta.db_table
        for table in model_tables(model, self.field_name):
            _run(schema_editor, create_triggers_sql(vendor, quote, table, version_table))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.rebuilt or not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        for table in model_tables(model, self.field_name):
            _run(
                schema_editor,
                drop_triggers_sql(schema_editor.connection.vendor, schema_editor.quote_name, table),
            )

    def describe(self):
        where = f"{self.model_name}.{self.field_name}" if self.field_name else self.model_name
        return f"Create the content version triggers of {where}"

    @property
    def migration_name_fragment(self):
        return f"content_triggers_{self.model_name}"
