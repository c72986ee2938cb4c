import pytest

from events.models import Event, EventOrganisation, Organisation

DRAFT = "csw62-2018"  # a draft conference in the fixtures, organised by no one


@pytest.fixture
def plain_staff(django_user_model):
    """Staff, but editing nothing: may preview no draft."""
    return django_user_model.objects.create_user("staff-only", password="x", is_staff=True)


@pytest.fixture
def draft_editor(django_user_model):
    """A member of the organisation that organises the draft conference: may preview it."""
    user = django_user_model.objects.create_user("draft-editor", password="x", is_staff=True)
    organisation = Organisation.objects.create(slug="draft-organiser", name="Draft Organiser")
    organisation.members.add(user)
    EventOrganisation.objects.create(
        event=Event.objects.get(slug=DRAFT), organisation=organisation, role=EventOrganisation.Role.ORGANISER
    )
    return user


@pytest.fixture
def timed_event(room):
    """A published one-day event in Vienna with two timed sessions, made public a minute before the test runs
    (after its sessions were created: their first records are the baseline of its changes)."""
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    from events.models import Session

    vienna = zoneinfo.ZoneInfo("Europe/Vienna")
    event = Event.objects.create(
        slug="timed", title="Timed", status="published", timezone="Europe/Vienna", venue=room.venue,
        start_date=dt.date(2030, 6, 3), end_date=dt.date(2030, 6, 3),
    )  # fmt: skip
    for slug, hour in (("first", 9), ("second", 11)):
        Session.objects.create(
            event=event, slug=slug, title=slug.capitalize(), room=room,
            starts_at=dt.datetime(2030, 6, 3, hour, tzinfo=vienna), ends_at=dt.datetime(2030, 6, 3, hour + 1, tzinfo=vienna),
            description="<p>One paragraph.</p><p>Another one.</p>",
        )  # fmt: skip
    Event.objects.filter(pk=event.pk).update(published_at=timezone.now())
    event.refresh_from_db()
    return event
