import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse

from events.documents import render as documents
from events.documents.tasks import MAX_ATTEMPTS, render_event_documents
from events.models import Event, RenderedDocument
from events.tests.admin_forms import change_page_data

pytestmark = pytest.mark.django_db

SLUG = "digital-society-2014"
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_task_renders_every_document_of_the_event():
    result = render_event_documents.enqueue(SLUG)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert set(RenderedDocument.objects.filter(event__slug=SLUG).values_list("kind", flat=True)) == {
        "kit",
        "programme",
        "proceedings",
    }


def test_saving_an_event_in_the_admin_queues_its_renders(admin_client, django_capture_on_commit_callbacks):
    event = Event.objects.get(slug=SLUG)
    change = reverse("admin:events_event_change", args=[event.pk])
    data = {**change_page_data(admin_client, change), "subtitle": "Seminar"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert len(callbacks) == 1
    assert RenderedDocument.objects.filter(event__slug=SLUG).count() == 3


def test_a_failing_render_is_retried_then_reported_and_keeps_the_last_good_file(monkeypatch):
    render_event_documents.enqueue(SLUG)
    before = {d.kind: (d.file.name, d.sha256) for d in RenderedDocument.objects.filter(event__slug=SLUG)}
    Event.objects.get(slug=SLUG).sessions.update(title="Changed")  # the programme is now outdated
    Event.objects.get(slug=SLUG).save()  # bumps the data version, as an admin edit does
    calls = []

    def broken(html, *, tagged=True):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(documents, "html_to_pdf", broken)
    with pytest.raises(OSError, match="disk full"):
        render_event_documents.call(SLUG)
    assert len(calls) == MAX_ATTEMPTS
    after = {d.kind: (d.file.name, d.sha256) for d in RenderedDocument.objects.filter(event__slug=SLUG)}
    assert after == before
    for name, _sha in after.values():
        with RenderedDocument.objects.get(file=name).file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection, as a real one does
@override_settings(TASKS=DB_BACKEND, RENDER_IN_REQUEST=False)
def test_with_a_worker_downloads_say_being_prepared_then_serve_the_pdf(client):
    from django.core.management import call_command

    call_command("load_fixtures", verbosity=0)  # transactional tests start from an empty database
    url = reverse("events:document", args=[SLUG, "programme"])
    first = client.get(url)
    assert (first.status_code, first["Retry-After"]) == (202, "5")
    assert "This document is being prepared" in first.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    second = client.get(url)
    assert (second.status_code, b"".join(second.streaming_content)[:5]) == (200, b"%PDF-")


def test_failed_results_are_listed_in_the_admin(admin_client):
    assert admin_client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200


def test_documents_refresh_queues_what_is_not_current(capsys):
    from django.core.management import call_command

    render_event_documents.enqueue(SLUG)  # 2014 is now current
    with override_settings(TASKS=DB_BACKEND):
        call_command("documents_refresh")
    published = Event.objects.filter(status=Event.Status.PUBLISHED).count()
    assert capsys.readouterr().out == f"Queued the documents of {published - 1} event(s).\n"


def test_documents_refresh_requeues_an_event_with_one_document_missing(capsys):
    from django.core.management import call_command

    from events.documents.services import document_current

    document_current(slug=SLUG, kind="kit")  # a worker died before the programme and proceedings
    with override_settings(TASKS=DB_BACKEND):
        call_command("documents_refresh")
    published = Event.objects.filter(status=Event.Status.PUBLISHED).count()
    assert capsys.readouterr().out == f"Queued the documents of {published} event(s).\n"
