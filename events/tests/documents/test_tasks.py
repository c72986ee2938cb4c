import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse

from events.documents import render as documents
from events.documents.tasks import MAX_ATTEMPTS, render_event_documents
from events.models import Event, RenderedDocument
from events.models.documents import Audience
from events.tests.admin_forms import change_page_data

pytestmark = pytest.mark.django_db

SLUG = "digital-society-2014"
TASK_PATH = "events.documents.tasks.render_event_documents"


def test_task_renders_every_public_document_of_the_event(immediate_tasks):
    result = render_event_documents.enqueue(SLUG)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert set(RenderedDocument.objects.filter(event__slug=SLUG).values_list("kind", "audience")) == {
        ("kit", Audience.PUBLIC),
        ("programme", Audience.PUBLIC),
        ("proceedings", Audience.PUBLIC),
    }


def test_saving_an_event_in_the_admin_queues_its_renders(admin_client, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    event = Event.objects.get(slug=SLUG)
    change = reverse("admin:events_event_change", args=[event.pk])
    data = {**change_page_data(admin_client, change), "subtitle": "Seminar"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert len(callbacks) == 1
    # Queued for the worker, not rendered in the admin's request.
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert ([r.args_kwargs["args"][0] for r in queued], RenderedDocument.objects.count()) == ([SLUG], 0)


def test_a_failing_render_is_retried_then_reported_and_keeps_the_last_good_file(monkeypatch, immediate_tasks):
    render_event_documents.enqueue(SLUG)
    before = {d.kind: (d.file.name, d.sha256) for d in RenderedDocument.objects.filter(event__slug=SLUG)}
    Event.objects.get(slug=SLUG).sessions.update(title="Changed")  # the programme is now outdated
    Event.objects.get(slug=SLUG).save()  # bumps the data version, as an admin edit does
    calls = []

    def broken(html, *, tagged=True):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(documents, "render_bounded", broken)
    with pytest.raises(OSError, match="disk full"):
        render_event_documents.call(SLUG)
    assert len(calls) == MAX_ATTEMPTS
    after = {d.kind: (d.file.name, d.sha256) for d in RenderedDocument.objects.filter(event__slug=SLUG)}
    assert after == before
    for name, _sha in after.values():
        with RenderedDocument.objects.get(file=name).file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection, as a real one does
def test_with_a_worker_downloads_say_being_prepared_then_serve_the_pdf(client, no_rendering_in_this_process):
    from django.core.management import call_command

    call_command("load_fixtures", verbosity=0)  # transactional tests start from an empty database
    url = reverse("events:document", args=[SLUG, "programme"])
    first = client.get(url)
    assert (first.status_code, first["Retry-After"]) == (202, "5")
    assert "This document is being prepared" in first.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    second = client.get(url)
    assert (second.status_code, b"".join(second.streaming_content)[:5]) == (200, b"%PDF-")
    assert no_rendering_in_this_process == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_render_is_listed_in_the_admin_with_its_message(admin_client, limits):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    call_command("load_fixtures", verbosity=0)
    limits(HTML_CHARS=100)
    render_event_documents.enqueue(SLUG)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    failed = DBTaskResult.objects.get(task_path=TASK_PATH)
    listing = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").content.decode()
    assert (failed.status, f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/" in listing) == (
        TaskResultStatus.FAILED,
        True,
    )
    page = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/").content.decode()
    assert "events.documents.render.RenderRefused" in page
    assert "the limit is 100 (DOCUMENT_RENDER_HTML_CHARS)" in page
    assert "Traceback (most recent call last)" in page


def test_documents_refresh_queues_what_is_not_current(capsys):
    from django.core.management import call_command

    render_event_documents.call(SLUG)  # 2014 is now current
    call_command("documents_refresh")
    published = Event.objects.published().count()
    assert capsys.readouterr().out == f"Queued the documents of {published - 1} event(s).\n"


def test_documents_refresh_requeues_an_event_with_one_document_missing(capsys):
    from django.core.management import call_command

    from events.documents.services import document_refresh

    document_refresh(event=Event.objects.get(slug=SLUG), kind="kit")  # a worker died before the programme
    call_command("documents_refresh")
    published = Event.objects.published().count()
    assert capsys.readouterr().out == f"Queued the documents of {published} event(s).\n"
