"""`load_fixtures` records a history baseline: the first edit of a loaded row is a public change (events.programme),
and loading again adds no record."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from icalendar import Calendar

from events.exports.ids import stable_uid
from events.management.commands.load_fixtures import BASELINE_REASON, _history_models
from events.models import Event, Room
from events.programme import programme_changes
from events.selectors import programme_history_get

pytestmark = pytest.mark.django_db

CONFERENCE = "alliance-19-2019"
SIDE_EVENT = "alliance-2019-minors-digital-age"


def unrecorded() -> dict[str, int]:
    """Per model with history, the rows that have no history record."""
    counts = {}
    for model in _history_models():
        history = getattr(model, model._meta.simple_history_manager_attribute)
        missing = model._base_manager.exclude(pk__in=history.values(model._meta.pk.attname)).count()
        if missing:
            counts[model.__name__] = missing
    return counts


def history_counts() -> dict[str, int]:
    return {
        model.__name__: getattr(model, model._meta.simple_history_manager_attribute).count()
        for model in _history_models()
    }


def test_every_loaded_row_has_a_baseline_record():
    assert unrecorded() == {}
    baseline = Event.history.get(slug=SIDE_EVENT)
    assert (baseline.history_type, baseline.history_change_reason) == ("~", BASELINE_REASON)


def test_loading_again_adds_no_history_record():
    before = history_counts()
    call_command("load_fixtures", verbosity=0)
    assert history_counts() == before


def _sequence(client, path: str, uid: str) -> int:
    calendar = Calendar.from_ical(client.get(path).content)
    return {str(vevent["uid"]): int(vevent["sequence"]) for vevent in calendar.walk("VEVENT")}[uid]


def test_the_first_edit_of_a_loaded_side_event_is_a_public_change(client, admin_user):
    uid = f"{stable_uid('event', SIDE_EVENT)}@eventsite"
    conference = f"/events/{CONFERENCE}/calendar.ics"
    assert [_sequence(client, conference, uid), _sequence(client, "/events.ics", uid)] == [0, 0]

    side_event = Event.objects.get(slug=SIDE_EVENT)
    side_event.starts_at += dt.timedelta(hours=1)
    side_event.ends_at += dt.timedelta(hours=1)
    side_event.room = Room.objects.get(slug="alliance-2019-room-531")
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    admin.site.get_model_admin(Event).save_model(request, side_event, form=None, change=True)  # as the admin saves

    event = Event.objects.get(slug=CONFERENCE)
    changes = programme_changes(event, programme_history_get(event=event))
    mine = sorted((c.what, c.before, c.after) for c in changes.changes if c.item == ("event", SIDE_EVENT))
    assert [what for what, _before, _after in mine] == ["place", "time"]  # an event has a place (room or venue)
    assert mine[1][1:] == ("April 9, 2019, 1:30 p.m. – 2:45 p.m.", "April 9, 2019, 2:30 p.m. – 3:45 p.m.")
    assert [_sequence(client, conference, uid), _sequence(client, "/events.ics", uid)] == [2, 2]
    page = client.get(f"/events/{CONFERENCE}/").content.decode()
    assert "2:30 p.m. – 3:45 p.m." in page[page.index('id="changes"') :]
