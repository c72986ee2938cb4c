"""Twenty visitors send the form for the last places at the same moment (defect 12: SQLite answered two of them
with 500 "database is locked"). Every one gets an answer: a place, or "full"; never more places than capacity."""

import datetime as dt
import sqlite3

import pytest

from events.models import Event, Registration
from events.tests.registration.processes import manage, register_concurrently, running_server, subprocess_env

VISITORS = 20
CAPACITY = 3
FULL = "This event is full: registration is closed."

CREATE_EVENT = f"""
import datetime as dt
from events.models import Event
Event.objects.create(
    slug="last-places", title="Last places", status=Event.Status.PUBLISHED, registration_open=True,
    capacity={CAPACITY}, start_date=dt.date(2099, 1, 1), end_date=dt.date(2099, 1, 2),
)
"""


def outcome(answers) -> tuple[list[int], list[bool]]:
    statuses = sorted(answer.status for answer in answers)
    refused_say_full = [FULL in answer.body for answer in answers if answer.status == 200]
    return statuses, refused_say_full


EXPECTED = ([200] * (VISITORS - CAPACITY) + [302] * CAPACITY, [True] * (VISITORS - CAPACITY))


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    """The embedded default as `./dev serve` runs it: SQLite in var/, migrated, served by threaded runserver,
    behind one proxy so that each visitor has its own address for the rate limit."""
    var_dir = tmp_path_factory.mktemp("embedded")
    env = subprocess_env(var_dir, PROXY_COUNT="1")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "-c", CREATE_EVENT)
    with running_server(env, var_dir / "server.log", "/events/last-places/register/") as base_url:
        yield base_url, var_dir / "eventsite.sqlite3"


def test_migrate_creates_the_shared_cache_table(embedded_site):
    _, database = embedded_site
    with sqlite3.connect(database) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE name = 'eventsite_cache'").fetchall()
    assert tables == [("eventsite_cache",)]


def test_sqlite_queues_parallel_registrations_for_the_last_places(embedded_site):
    base_url, database = embedded_site
    answers = register_concurrently(base_url, "last-places", VISITORS)
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT COUNT(*) FROM events_registration").fetchone()[0]
    assert (*outcome(answers), stored) == (*EXPECTED, CAPACITY)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_configured_database_takes_parallel_registrations_for_the_last_places(live_server, settings):
    settings.PROXY_COUNT = 1
    event = Event.objects.create(
        slug="last-places", title="Last places", status=Event.Status.PUBLISHED, registration_open=True,
        capacity=CAPACITY, start_date=dt.date(2099, 1, 1), end_date=dt.date(2099, 1, 2),
    )  # fmt: skip
    answers = register_concurrently(live_server.url, event.slug, VISITORS)
    assert (*outcome(answers), Registration.objects.filter(event=event).count()) == (*EXPECTED, CAPACITY)
