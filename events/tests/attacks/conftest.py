"""An attacker's world: the admin matrix's organisations, users and events, plus a foreign draft world marked with
quokka words that must never reach anyone who may not edit it.

Org B (not the editor's) organises a draft conference with a quokka in every text a public or admin output could
print; a published conference of org B has a draft side event; a published side event hangs under a draft parent.
A person ("Shared Speaker") appears in a published event and in the foreign drafts, so every page that shows them
is a place the drafts could leak.
"""

import datetime as dt

import pytest

from events.models import Event, EventOrganisation, Organisation, Proceedings, Quote, Remark, Session
from events.services import event_publish
from events.tests.admin.conftest import *  # noqa: F403  (the admin matrix's organisations, users, events)
from speakers.models import Participation, Person

QUOKKA = "quokka"


def _event(slug: str, title: str, organisation: Organisation, **fields) -> Event:
    event = Event.objects.create(
        slug=slug, title=title, kind=Event.Kind.CONFERENCE, timezone="Europe/Paris",
        start_date=dt.date(2031, 6, 1), end_date=dt.date(2031, 6, 2), **fields,
    )  # fmt: skip
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
    return event


@pytest.fixture
def foreign(events, org_b) -> dict[str, object]:
    """The foreign draft world, and the published events it touches."""
    shared = Person.objects.create(slug="shared-speaker", name="Shared Speaker")
    only_draft = Person.objects.create(slug="quokka-person", name="Quokka Person")
    secret_org = Organisation.objects.create(slug="quokka-org", name="Quokka Organisation")

    draft = _event("quokka-draft", "Quokka Draft Conference", org_b, lede="Quokka lede", organisers_note="Quokka note")
    EventOrganisation.objects.create(event=draft, organisation=secret_org, role=EventOrganisation.Role.PARTNER)
    session = Session.objects.create(event=draft, slug="quokka-session", title="Quokka Session")
    session.organisers.add(secret_org)
    Participation.objects.create(event=draft, person=shared, position="Quokka Position", organisation=secret_org)
    Participation.objects.create(event=draft, session=session, person=only_draft, position="Quokka Panellist")
    Remark.objects.create(
        event=draft, speaker=shared, slug="quokka-remark", title="Quokka Remark", body="<p>Quokka</p>"
    )
    proceedings = Proceedings.objects.create(event=draft, title="Quokka Proceedings")
    Quote.objects.create(proceedings=proceedings, speaker=shared, text="Quokka quote")

    published = _event("open-conference", "Open Conference", org_b)
    Participation.objects.create(event=published, person=shared, position="Open Position")
    Proceedings.objects.create(event=published, title="Open Proceedings")
    Session.objects.create(event=published, slug="open-session", title="Open Session")
    event_publish(event=published)
    child = _event("quokka-child", "Quokka Side Event", org_b, parent=published)
    Participation.objects.create(event=child, person=shared, position="Quokka Child Position")

    parent = _event("quokka-parent", "Quokka Parent", org_b)
    orphan = _event("open-side-event", "Open Side Event", org_b, parent=parent)
    Session.objects.create(event=orphan, slug="open-side-session", title="Open Side Session")
    event_publish(event=orphan)
    return {
        "draft": draft, "published": published, "child": child, "parent": parent, "orphan": orphan,
        "shared": shared, "person": only_draft, "organisation": secret_org, "session": session,
    }  # fmt: skip


def canaries(content: bytes | str) -> list[str]:
    """The lines of a response that carry a quokka word (an empty list when nothing leaked)."""
    text = content.decode(errors="replace") if isinstance(content, bytes) else content
    return [line.strip()[:160] for line in text.splitlines() if QUOKKA in line.lower()]
