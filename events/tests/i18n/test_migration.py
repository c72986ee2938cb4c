"""The migration to per-language columns, on a copy of the fixture database: back to the state before it, then
forward again; every text of every row (historical rows too) is in the English column, and nothing else changed."""

import importlib
import sqlite3

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The copy is an SQLite dump of the fixture database: the migration's Python is the same on every database.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

BEFORE = [("events", "0016_event_content_changed_at"), ("speakers", "0003_upload_validation")]
TRANSLATION = [("events", "0018_content_to_english"), ("speakers", "0005_content_to_english")]
ALIAS = "i18n_migration_copy"


@pytest.fixture
def copy(tmp_path):
    """A file copy of the test database (the fixtures loaded), on a connection of its own."""
    connection.ensure_connection()
    path = tmp_path / "copy.sqlite3"
    # Dumped through the test's own connection (a backup would wait for the test transaction's lock).
    target = sqlite3.connect(path)
    target.executescript("\n".join(connection.connection.iterdump()))
    target.close()
    connections.settings[ALIAS] = {**connection.settings_dict, "NAME": str(path)}
    copied = connections[ALIAS]
    copied.connect()  # opened here: the test case refuses to open connections it was not told about
    try:
        yield copied
    finally:
        copied.close()
        del connections[ALIAS]
        connections.settings.pop(ALIAS, None)


def rows(apps, alias: str, model_name: str, columns: list[str]) -> dict[int, tuple]:
    app_label, _dot, name = model_name.partition(".")
    model = apps.get_model(app_label, name)
    pk = model._meta.pk.attname
    return {row[0]: row[1:] for row in model._base_manager.using(alias).values_list(pk, *columns)}


def test_content_moves_to_english_without_loss(copy):
    events_fields = importlib.import_module("events.migrations.0018_content_to_english")
    speakers_fields = importlib.import_module("speakers.migrations.0005_content_to_english")
    tables = [
        (f"{app}.{model}", names)
        for app, module in (("events", events_fields), ("speakers", speakers_fields))
        for base, names in module.FIELDS.items()
        for model in (base, *([f"historical{base}"] if base in module.HISTORICAL else []))
    ]
    executor = MigrationExecutor(copy)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    # Content written before the translation existed, with its history.
    old_event = old_apps.get_model("events", "Event")
    written = old_event._base_manager.using(ALIAS).create(slug="written-before", title="Written before", lede="Pitch")
    earlier = (
        old_apps.get_model("events", "HistoricalEvent")
        ._base_manager.using(ALIAS)
        .create(
            id=written.pk, slug=written.slug, title="An earlier title", history_date=timezone.now(), history_type="~"
        )
    )
    before = {table: rows(old_apps, ALIAS, table, list(names)) for table, names in tables}

    executor = MigrationExecutor(copy)
    executor.loader.build_graph()
    executor.migrate(TRANSLATION)
    new_apps = executor.loader.project_state(TRANSLATION).apps
    english = {table: rows(new_apps, ALIAS, table, [f"{n}_en" for n in names]) for table, names in tables}
    plain = {table: rows(new_apps, ALIAS, table, list(names)) for table, names in tables}
    french = {table: rows(new_apps, ALIAS, table, [f"{n}_fr" for n in names]) for table, names in tables}

    assert english == before
    assert plain == before
    assert {table: {v for row in values.values() for v in row} for table, values in french.items()} == {
        table: ({None} if values else set()) for table, values in french.items()
    }
    # The copy had the fixtures' content, and the rows written before.
    assert sum(len(values) for values in before.values()) > 300
    assert ("Combating Online Sex Trafficking", "Confronting Challenges, Forging Cooperation") in {
        row[:2] for row in before["events.event"].values()
    }
    assert before["events.event"][written.pk][:3] == ("Written before", "", "Pitch")
    assert before["events.historicalevent"][earlier.pk][0] == "An earlier title"
