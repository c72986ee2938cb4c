"""A public document holds only public content; an editor's preview holds drafts; they never share a stored file."""

import datetime as dt

import pytest
from django.urls import reverse

from events.documents.content import document_event
from events.documents.selectors import document_current
from events.documents.services import document_get_or_render, document_pdf
from events.models import Event, KitEdition, RenderedDocument
from events.models.documents import Audience
from events.services import event_publish
from events.tests.documents.helpers import body, text_of
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

CONFERENCE = "alliance-19-2019"
SIDE_EVENT = "alliance-2019-ict-identification"
DRAFT_TITLE = "Zanzibar Quokka Draft Workshop"
DRAFT_SPEAKER = "Xavier Quillfeather"
DRAFT_POSITION = "Chief Quokka Wrangler"
SECRETS = [DRAFT_TITLE, DRAFT_SPEAKER, DRAFT_POSITION]


@pytest.fixture
def draft_side_event() -> Event:
    """A draft side event of the published 2019 conference, with a speaker and a position found nowhere else."""
    conference = Event.objects.get(slug=CONFERENCE)
    draft = Event.objects.create(
        slug="quokka-draft",
        title=DRAFT_TITLE,
        kind=Event.Kind.SIDE_EVENT,
        parent=conference,
        start_date=conference.start_date,
        end_date=conference.start_date,
        starts_at=dt.datetime.combine(conference.start_date, dt.time(13), tzinfo=dt.UTC),
        timezone=conference.timezone,
    )
    person = Person.objects.create(slug="xavier-quillfeather", name=DRAFT_SPEAKER)
    Participation.objects.create(person=person, event=draft, role=Participation.Role.SPEAKER, position=DRAFT_POSITION)
    assert draft.status == Event.Status.DRAFT
    return draft


def forbidden(*args, **kwargs):
    raise AssertionError("a document was rendered")


def leaked(data: bytes, secrets: list[str]) -> list[str]:
    text = text_of(data)
    return [secret for secret in secrets if secret in text]


@pytest.mark.parametrize("kind", ["kit", "programme"])
def test_public_documents_hold_no_draft_side_event_and_the_preview_does(draft_side_event, kind):
    conference = Event.objects.get(slug=CONFERENCE)
    public = document_get_or_render(event=conference, kind=kind)
    with public.file.open("rb") as pdf:
        assert leaked(pdf.read(), SECRETS) == []
    preview = document_pdf(event=conference, kind=kind, audience=Audience.PREVIEW)
    assert leaked(preview, SECRETS) == SECRETS


def test_the_worker_renders_the_public_kit_without_the_draft(draft_side_event, render_public, client):
    render_public(CONFERENCE)
    response = client.get(reverse("events:document", args=[CONFERENCE, "kit"]))
    assert (response.status_code, leaked(body(response), SECRETS)) == (200, [])


def test_a_side_event_of_a_draft_conference_never_names_it():
    conference = Event.objects.get(slug=CONFERENCE)
    Event.objects.filter(pk=conference.pk).update(status=Event.Status.DRAFT)
    side_event = Event.objects.get(slug=SIDE_EVENT)
    public = document_pdf(event=side_event, kind="kit")
    assert leaked(public, [conference.title, "Held during"]) == []
    preview = document_pdf(event=side_event, kind="kit", audience=Audience.PREVIEW)
    assert leaked(preview, [conference.title, "Held during"]) == [conference.title, "Held during"]


def test_a_published_parent_is_named_on_the_cover():
    conference = Event.objects.get(slug=CONFERENCE)
    public = document_pdf(event=Event.objects.get(slug=SIDE_EVENT), kind="kit")
    assert leaked(public, [conference.title, "Held during"]) == [conference.title, "Held during"]


def test_preview_and_public_renders_are_stored_apart(draft_side_event, admin_client, client, monkeypatch):
    from events.documents import render

    conference = Event.objects.get(slug=CONFERENCE)
    preview = admin_client.get(reverse("admin:events_event_preview", args=[conference.pk, "programme"]))
    assert leaked(body(preview), SECRETS) == SECRETS
    stored = RenderedDocument.objects.get(event=conference, kind="programme")
    assert stored.audience == Audience.PREVIEW
    # The public asks next: it is never given the preview, even though it is the only PDF stored.
    monkeypatch.setattr(render, "render_bounded", forbidden)  # and nothing renders in its request
    response = client.get(reverse("events:document", args=[CONFERENCE, "programme"]))
    assert (response.status_code, response["Retry-After"]) == (202, "5")
    assert document_current(slug=CONFERENCE, kind="programme") is None


def test_kit_editions_are_frozen_from_the_public_render(event, immediate_tasks, django_capture_on_commit_callbacks):
    child = Event.objects.create(
        slug="test-draft-child", title=DRAFT_TITLE, parent=event, kind=event.kind, timezone=event.timezone,
        start_date=event.start_date, end_date=event.start_date,
    )  # fmt: skip
    Participation.objects.create(
        person=Person.objects.create(slug="xq", name=DRAFT_SPEAKER), event=child, position=DRAFT_POSITION
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)
    frozen = KitEdition.objects.select_related("document").filter(event=event)
    assert sorted(edition.language for edition in frozen) == ["en", "fr"]  # one edition per language
    for edition in frozen:
        assert edition.document.audience == Audience.PUBLIC
        with edition.document.file.open("rb") as pdf:
            assert leaked(pdf.read(), SECRETS) == []


def test_the_public_loader_refuses_a_draft():
    Event.objects.filter(slug=CONFERENCE).update(status=Event.Status.DRAFT)
    from django.http import Http404

    with pytest.raises(Http404):
        document_event(slug=CONFERENCE, audience=Audience.PUBLIC)


def test_renders_stored_before_the_audience_existed_become_previews(event):
    """Migration 0011: old renders were built with drafts included, so none of them is served as public."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("events.migrations.0011_document_audience")
    common = {"event": event, "kind": "kit", "paper": "a4", "sha256": "x", "size": 1, "pages": 1, "file": "x.pdf"}
    old = RenderedDocument.objects.create(content_hash="a", **common)
    frozen = RenderedDocument.objects.create(content_hash="b", **common)
    KitEdition.objects.create(event=event, number=1, document=frozen)
    migration.existing_renders_are_previews(apps, None)
    assert dict(RenderedDocument.objects.filter(event=event).values_list("content_hash", "audience")) == {
        old.content_hash: Audience.PREVIEW,
        frozen.content_hash: Audience.PUBLIC,
    }
