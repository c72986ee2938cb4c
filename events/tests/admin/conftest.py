"""Two organisations, their events, one user per role, and one object of every event-owned model in each event.

Org A organises a draft event; org B a draft and a published one. The editor and the publisher belong to org A.
"""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.db import models

from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    LegalText,
    LiveStream,
    Organisation,
    OutboxMessage,
    Proceedings,
    Publication,
    Registration,
    Remark,
    RenderedDocument,
    Room,
    Session,
    Statistic,
    Tool,
    Venue,
)
from events.permissions import EDITORS, PUBLISHERS
from speakers.models import Participation, Person

ROLES = ["anonymous", "staff", "editor", "publisher", "superuser"]
EVENT_KEYS = ["a", "b_draft", "b_published"]
# What each role may edit, stated here independently of the code under test.
EDITABLE = {"anonymous": set(), "staff": set(), "editor": {"a"}, "publisher": {"a"}, "superuser": set(EVENT_KEYS)}


@pytest.fixture
def org_a(db) -> Organisation:
    return Organisation.objects.create(slug="org-a", name="Organisation A")


@pytest.fixture
def org_b(db) -> Organisation:
    return Organisation.objects.create(slug="org-b", name="Organisation B")


@pytest.fixture
def users(org_a) -> dict[str, User | None]:
    staff = User.objects.create_user("staff", is_staff=True)
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    publisher = User.objects.create_user("publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))
    org_a.members.add(editor, publisher)
    superuser = User.objects.create_superuser("root", email=None, password=None)
    return {"anonymous": None, "staff": staff, "editor": editor, "publisher": publisher, "superuser": superuser}


def _event(slug: str, organisation: Organisation, published: bool = False) -> Event:
    event = Event.objects.create(
        slug=slug, title=f"Event {slug}", kind=Event.Kind.CONFERENCE, timezone="Europe/Paris",
        start_date=dt.date(2031, 5, 4), end_date=dt.date(2031, 5, 5),
    )  # fmt: skip
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
    if published:
        from events.services import event_publish

        event_publish(event=event)
    return event


@pytest.fixture
def events(org_a, org_b) -> dict[str, Event]:
    return {
        "a": _event("event-a", org_a),
        "b_draft": _event("event-b-draft", org_b),
        "b_published": _event("event-b-published", org_b, published=True),
    }


def _person() -> Person:
    return Person.objects.get_or_create(slug="matrix-person", defaults={"name": "Matrix Person"})[0]


def _section(event: Event, tag: str) -> KitSection:
    return KitSection.objects.get_or_create(event=event, slug=f"section-{tag}", defaults={"title": f"Section {tag}"})[0]


# One object of each event-owned model registered in the admin, in a given event.
BUILDERS: dict[type[models.Model], Callable[[Event, str], models.Model]] = {
    Event: lambda event, tag: event,
    Session: lambda event, tag: Session.objects.create(event=event, slug=f"session-{tag}", title=f"Session {tag}"),
    KitSection: _section,
    Tool: lambda event, tag: Tool.objects.create(section=_section(event, tag), slug=f"tool-{tag}", name=f"Tool {tag}"),
    Statistic: lambda event, tag: Statistic.objects.create(
        section=_section(event, tag), figure="42%", label=f"Statistic {tag}"
    ),
    LegalText: lambda event, tag: LegalText.objects.create(section=_section(event, tag), title=f"Law {tag}"),
    Remark: lambda event, tag: Remark.objects.create(
        event=event, speaker=_person(), slug=f"remark-{tag}", title=f"Remark {tag}", body="<p>Thank you.</p>"
    ),
    Contact: lambda event, tag: Contact.objects.create(event=event, person=_person(), position=f"Contact {tag}"),
    LiveStream: lambda event, tag: LiveStream.objects.create(
        event=event, url="https://stream.example.org/", access_code=f"code-{tag}"
    ),
    Proceedings: lambda event, tag: Proceedings.objects.create(event=event, title=f"Proceedings {tag}"),
    Registration: lambda event, tag: Registration.objects.create(
        event=event, name=f"Registrant {tag}", email=f"{tag}@example.org", consent=True
    ),
    OutboxMessage: lambda event, tag: OutboxMessage.objects.create(
        event=event, kind="reminder", key=f"reminder-{tag}", recipients=f"{tag}@example.org", subject=tag, body=tag
    ),
    RenderedDocument: lambda event, tag: RenderedDocument.objects.create(
        event=event,
        kind="programme",
        paper="a4",
        content_hash=tag.ljust(64, "0"),
        sha256="0" * 64,
        file=f"documents/{tag}.pdf",
        size=1,
        pages=1,
    ),
    Participation: lambda event, tag: Participation.objects.create(
        event=event, person=_person(), position=f"Position {tag}"
    ),
}

# One of each shared record registered in the admin.
SHARED_BUILDERS: dict[type[models.Model], Callable[[], models.Model]] = {
    Organisation: lambda: Organisation.objects.create(slug="shared-org", name="Shared Organisation"),
    Venue: lambda: Venue.objects.create(slug="shared-venue", name="Shared Venue"),
    Room: lambda: Room.objects.create(slug="shared-room", name="Shared Room"),
    Person: _person,
    Publication: lambda: Publication.objects.create(slug="shared-publication", title="Shared Publication"),
}


@pytest.fixture
def build(events) -> Callable[[type[models.Model]], dict[str, models.Model]]:
    """The objects of `model` the matrix works on, by the key of the event they belong to ("shared" for others)."""

    def make(model: type[models.Model]) -> dict[str, models.Model]:
        if model in SHARED_BUILDERS:
            return {"shared": SHARED_BUILDERS[model]()}
        return {key: BUILDERS[model](event, key.replace("_", "-")) for key, event in events.items()}

    return make


@pytest.fixture
def client_for(client):
    def login(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Renders run as they are queued (the default backend leaves them to the worker), into a fresh directory."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
