"""Renders run in a bounded child process; content over a limit is refused; the public never triggers a render."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from events.documents.render import RenderRefused
from events.documents.selectors import document_current
from events.documents.services import document_get_or_render
from events.documents.tasks import documents_queue, render_event_documents
from events.models import Event, RenderedDocument, RenderFailure, Session
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

SLUG = "digital-society-2014"


def served_sha(client, kind: str) -> str:
    response = client.get(reverse("events:document", args=[SLUG, kind]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response["ETag"].strip('"')


def session_bomb(count: int) -> None:
    event = Event.objects.get(slug=SLUG)
    start = dt.datetime(2014, 1, 1, 9, tzinfo=dt.UTC)
    Session.objects.bulk_create(
        Session(
            event=event, slug=f"bomb-{n}", title=f"Bomb {n}", starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
        for n in range(count)
    )
    event.save()  # bumps the data version, as an admin edit does


def test_a_session_bomb_is_refused_with_a_clear_message_and_the_last_pdf_stays(client, render_public, limits):
    render_public(SLUG)
    before = served_sha(client, "programme")
    limits(SESSIONS=50)
    session_bomb(2000)
    title = Event.objects.get(slug=SLUG).title
    messages = {
        kind: f"The {label} of “{title}” is too big to print: 2,002 sessions, the limit is 50 "
        "(DOCUMENT_RENDER_SESSIONS). The last good PDF stays in place."
        for kind, label in (("kit", "participant kit"), ("programme", "programme"))
    }
    with pytest.raises(RenderRefused) as refused:
        render_public(SLUG)
    # The kit prints the programme too; the proceedings print no sessions and were rendered.
    assert str(refused.value) == f"{messages['kit']} {messages['programme']}"
    assert dict(RenderFailure.objects.filter(event__slug=SLUG).values_list("kind", "message")) == messages
    assert served_sha(client, "programme") == before


def test_a_one_megabyte_bio_is_refused_at_the_default_limit(client, render_public):
    render_public(SLUG)
    before = served_sha(client, "kit")
    person = Person.objects.create(slug="bomb", name="Bio Bomb", bio="<p>" + "lorem ipsum " * 90_000 + "</p>")
    Participation.objects.create(person=person, event=Event.objects.get(slug=SLUG))
    with pytest.raises(RenderRefused, match=r"characters of text and markup, the limit is 1,000,000 \(DOC"):
        render_public(SLUG)
    assert RenderFailure.objects.filter(event__slug=SLUG).values_list("kind", flat=True).get() == "kit"
    assert served_sha(client, "kit") == before


def test_a_render_over_the_time_limit_is_killed(limits):
    limits(SECONDS=0.01)  # less than any render needs
    with pytest.raises(RenderRefused, match=r"took longer than 0.01 s and was stopped \(DOCUMENT_RENDER_SECONDS\)"):
        document_get_or_render(event=Event.objects.get(slug=SLUG), kind="kit")
    assert (RenderedDocument.objects.filter(event__slug=SLUG).count(), RenderFailure.objects.count()) == (0, 1)


def test_a_render_over_the_memory_limit_is_stopped(limits):
    limits(MEMORY_MB=64)
    with pytest.raises(RenderRefused, match=r"more than 64 MB of memory and was stopped \(DOCUMENT_RENDER_MEMORY_MB\)"):
        document_get_or_render(event=Event.objects.get(slug=SLUG), kind="kit")


def test_a_successful_render_clears_the_failure(limits):
    event = Event.objects.get(slug=SLUG)
    limits(HTML_CHARS=100)
    with pytest.raises(RenderRefused):
        document_get_or_render(event=event, kind="kit")
    limits(HTML_CHARS=1_000_000)
    document_get_or_render(event=event, kind="kit")
    assert RenderFailure.objects.filter(event=event).count() == 0


def test_a_refused_preview_shows_the_editor_why(admin_client, limits):
    limits(HTML_CHARS=100)
    event = Event.objects.get(slug=SLUG)
    response = admin_client.get(reverse("admin:events_event_preview", args=[event.pk, "kit"]))
    assert response.status_code == 422
    assert "the limit is 100 (DOCUMENT_RENDER_HTML_CHARS)" in response.content.decode()


# --- The public download never renders ---------------------------------------------------------------------------


def test_a_fresh_event_answers_being_prepared_and_queues_a_render(client, no_rendering):
    from django_tasks_db.models import DBTaskResult

    response = client.get(reverse("events:document", args=[SLUG, "kit"]))
    assert (response.status_code, response["Retry-After"]) == (202, "5")
    assert "This document is being prepared" in response.content.decode()
    queued = DBTaskResult.objects.filter(task_path="events.documents.tasks.render_event_documents")
    assert ([r.args_kwargs["args"] for r in queued], no_rendering) == ([[SLUG]], [])


def test_a_changed_event_serves_the_last_good_pdf_without_rendering(client, render_public, monkeypatch):
    from events.documents import render

    render_public(SLUG)
    before = served_sha(client, "kit")
    event = Event.objects.get(slug=SLUG)
    event.subtitle = "A changed subtitle"
    event.save()  # the kit's content has changed: its stored PDF is outdated

    def forbidden(*args, **kwargs):
        raise AssertionError("a document was rendered")

    monkeypatch.setattr(render, "render_bounded", forbidden)
    monkeypatch.setattr(render, "html_to_pdf", forbidden)
    assert served_sha(client, "kit") == before


def test_the_public_never_renders_even_with_the_immediate_backend(client, immediate_tasks, no_rendering):
    response = client.get(reverse("events:document", args=[SLUG, "programme"]))
    assert (response.status_code, no_rendering) == (202, [])


def test_queueing_from_a_request_with_the_immediate_backend_does_nothing(immediate_tasks, no_rendering):
    documents_queue(event_slug=SLUG)
    assert (RenderedDocument.objects.count(), no_rendering) == (0, [])


def test_a_draft_has_no_public_documents_to_render(no_rendering):
    Event.objects.filter(slug=SLUG).update(status=Event.Status.DRAFT)
    assert (render_event_documents.call(SLUG), no_rendering) == ([], [])
    with pytest.raises(Http404):
        document_current(slug=SLUG, kind="kit")
