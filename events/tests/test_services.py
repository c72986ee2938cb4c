import pytest
from django.core.exceptions import ValidationError

from events.models import Event, EventOrganisation
from events.services import event_publish, event_unpublish


def test_publish_sets_status_and_date(event):
    published = event_publish(event=event)
    assert (published.status, published.published_at is not None) == (Event.Status.PUBLISHED, True)


def test_publish_needs_an_organiser(event):
    EventOrganisation.objects.filter(event=event).delete()
    with pytest.raises(ValidationError) as exc:
        event_publish(event=event)
    assert exc.value.messages == ["“Test Colloquium” cannot be published yet: it needs at least one organiser."]
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_publish_lists_everything_missing(db):
    event = Event.objects.create(slug="empty", timezone="UTC")
    with pytest.raises(ValidationError) as exc:
        event_publish(event=event)
    assert exc.value.messages == [
        "“empty” cannot be published yet: it needs a title, start and end dates, at least one organiser."
    ]


def test_partner_alone_is_not_an_organiser(event, organisation):
    EventOrganisation.objects.filter(event=event).update(role=EventOrganisation.Role.PARTNER)
    with pytest.raises(ValidationError):
        event_publish(event=event)


def test_unpublish_returns_to_draft(event):
    event_publish(event=event)
    assert event_unpublish(event=event).status == Event.Status.DRAFT
