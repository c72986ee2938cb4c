"""Every saved change marks the events it belongs to as changed (Event.content_changed_at), whatever the path."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import DataVersion, Event, KitSection, Organisation, Session, Tool

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
LONG_AGO = timezone.now() - dt.timedelta(days=400)


@pytest.fixture
def changed():
    """Forget every change so far; then return the slugs of the events changed since."""
    Event.objects.update(content_changed_at=LONG_AGO)

    def slugs() -> set[str]:
        return set(Event.objects.filter(content_changed_at__gt=LONG_AGO).values_list("slug", flat=True))

    return slugs


def test_an_event_saved_is_changed_and_its_instance_agrees(changed):
    event = Event.objects.get(slug="digital-society-2014")
    event.lede = "Changed"
    event.save()
    assert changed() == {"digital-society-2014"}
    event.refresh_from_db()
    assert event.content_changed_at > LONG_AGO


def test_rows_two_steps_away_and_deletions(changed):
    version = DataVersion.current()
    section = KitSection.objects.filter(event__slug=KIT).first()
    tool = Tool.objects.create(section=section, slug="signal-tool", name="Tool")  # section__event
    assert changed() == {KIT, "csw62-2018"}  # and the (draft) conference it is held during
    Event.objects.update(content_changed_at=LONG_AGO)
    tool.delete()  # the row is gone: its section still names the event
    assert changed() == {KIT, "csw62-2018"}
    assert DataVersion.current() > version


def test_a_side_event_changes_its_conference(changed):
    Session.objects.create(event=Event.objects.get(slug="alliance-2019-icat"), slug="signal", title="S")
    assert changed() == {"alliance-2019-icat", "alliance-19-2019"}


def test_many_to_many_either_side(changed):
    session = Session.objects.filter(event__slug="digital-society-2014").first()
    organisation = Organisation.objects.create(slug="signal-org", name="Org")  # in no event yet: nothing changed
    assert changed() == set()
    session.organisers.add(organisation)
    assert changed() == {"digital-society-2014"}
    Event.objects.update(content_changed_at=LONG_AGO)
    organisation.sessions.remove(session)
    assert changed() == {"digital-society-2014"}


def test_an_organisations_members_are_not_content(changed, django_user_model):
    user = django_user_model.objects.create_user("signal-editor", password="x")
    Organisation.objects.get(slug="scelles-foundation").members.add(user)
    assert changed() == set()


def test_a_publication_belongs_to_no_event(changed):
    from events.models import Publication

    publication = Publication.objects.first()
    publication.place = "Paris"
    publication.save()
    assert changed() == set()


def test_a_conference_changes_its_side_events_pages(changed):
    conference = Event.objects.get(slug="alliance-19-2019")
    conference.title = "Changed"
    conference.save()
    assert changed() == {"alliance-19-2019", *Event.objects.filter(parent=conference).values_list("slug", flat=True)}
    assert len(changed()) == 6


def test_a_venue_changes_the_side_events_held_there(changed):
    from events.models import Venue

    venue = Venue.objects.create(slug="signal-venue", name="Hofburg", city="Vienna")
    Event.objects.filter(slug="alliance-19-2019").update(venue=venue)  # not a content save: nothing marked yet
    venue.city = "Wien"
    venue.save()
    assert len(changed()) == 6 and "alliance-2019-icat" in changed()


def test_loaded_fixtures_mark_their_events_once():
    assert not Event.objects.filter(content_changed_at__isnull=True).exists()  # loaded by the session fixture
    first = dict(Event.objects.values_list("slug", "content_changed_at"))
    from django.core.management import call_command

    call_command("load_fixtures", verbosity=0)  # the same content again: nothing changed
    assert dict(Event.objects.values_list("slug", "content_changed_at")) == first


def test_a_draft_side_events_edits_do_not_mark_its_public_conference(changed):
    side_event = Event.objects.get(slug="alliance-2019-icat")
    side_event.status = Event.Status.DRAFT
    side_event.save()  # unpublishing changes the conference's programme
    assert changed() == {"alliance-2019-icat", "alliance-19-2019"}
    Event.objects.update(content_changed_at=LONG_AGO)
    side_event.refresh_from_db()
    side_event.lede = "Work in progress"
    side_event.save()
    Session.objects.create(event=side_event, slug="draft-signal", title="S")
    assert changed() == {"alliance-2019-icat"}
