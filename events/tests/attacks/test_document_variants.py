"""Variants of defects 5 and 6 in documents: an editor's preview shows their own drafts, never another
organisation's, even when that draft hangs under the editor's own published conference."""

import datetime as dt

import pytest

from events.documents.content import document_event, document_html
from events.models import Event, EventOrganisation
from events.models.documents import Audience
from events.services import event_publish
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_conference(events, org_b) -> Event:
    """Org A's published conference, with an own draft side event and org B's draft side event held during it."""
    conference = events["a"]
    event_publish(event=conference)
    for slug, title, organisation in [("own-draft-side", "Own draft side event", conference.event_organisations.get().organisation),
                                      ("foreign-draft-side", "Quokka foreign side event", org_b)]:  # fmt: skip
        side = Event.objects.create(slug=slug, title=title, parent=conference, timezone="Europe/Paris",
                                    start_date=dt.date(2031, 5, 4), end_date=dt.date(2031, 5, 4))  # fmt: skip
        EventOrganisation.objects.create(event=side, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
        person = Person.objects.create(slug=f"{slug}-speaker", name=f"{title} speaker")
        Participation.objects.create(event=side, person=person, position=f"{title} position")
    return conference


@pytest.mark.parametrize("kind", ["programme", "kit"])
def test_an_editors_preview_shows_own_drafts_but_no_foreign_one(own_conference, users, kind):
    shown = document_event(slug=own_conference.slug, audience=Audience.PREVIEW, user=users["editor"])
    html = document_html(event=shown, kind=kind, audience=Audience.PREVIEW)
    assert ("Own draft side event" in html, "Quokka" in html) == (True, False)


@pytest.mark.parametrize("kind", ["programme", "kit"])
def test_the_public_document_shows_neither_draft(own_conference, kind):
    shown = document_event(slug=own_conference.slug, audience=Audience.PUBLIC)
    html = document_html(event=shown, kind=kind, audience=Audience.PUBLIC)
    assert ("Own draft side event" in html, "Quokka" in html) == (False, False)


def test_an_editors_event_page_shows_no_foreign_draft_side_event(own_conference, users, client_for):
    content = client_for(users["editor"]).get(own_conference.get_absolute_url()).content.decode()
    assert "Quokka" not in content
