"""The outbox: nothing is sent in a request, nothing is lost while the SMTP server is down, nothing goes twice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event, OutboxMessage
from events.registration import services
from events.registration.outbox import retry_delay

FORM = {"name": "Ana Lima", "email": "ana@example.org", "organisation": "NGO", "consent": "on"}
TASK = "events.registration.outbox.outbox_send"


def worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def published(event: Event) -> Event:
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED, registration_open=True, capacity=10)
    return Event.objects.get(pk=event.pk)


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection, as a real one does
def test_the_request_only_queues_and_the_worker_sends(client, event, smtp):
    from django_tasks_db.models import DBTaskResult

    event = published(event)
    response = client.post(reverse("events:register", args=[event.slug]), FORM)
    assert (response.status_code, smtp.messages) == (302, [])
    assert [(r.task_path, r.args_kwargs["args"]) for r in DBTaskResult.objects.all()] == [
        (TASK, [OutboxMessage.objects.get().pk])
    ]
    worker()
    assert [m["To"] for m in smtp.messages] == ["ana@example.org"]


@pytest.mark.django_db(transaction=True)
def test_with_the_smtp_server_down_a_message_is_retried_then_delivered_once(event, smtp_down):
    from django_tasks_db.models import DBTaskResult

    event = published(event)
    services.registration_create(event=event, name="Ana Lima", email="ana@example.org", consent=True)
    worker()  # the server is down: the attempt fails and a retry is queued for later
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.sent_at) == (OutboxMessage.Status.QUEUED, 1, None)
    assert "ConnectionRefusedError" in message.last_error
    retry = DBTaskResult.objects.filter(task_path=TASK).ready()
    assert retry.count() == 0  # not before its delay
    pending = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert pending.run_after == message.next_attempt_at
    assert message.next_attempt_at - timezone.now() > retry_delay(1) - dt.timedelta(seconds=30)
    worker()
    assert OutboxMessage.objects.get().attempts == 1  # waiting for its time

    smtp_down.start()
    DBTaskResult.objects.filter(pk=pending.pk).update(run_after=timezone.now())  # the delay has passed
    worker()
    message.refresh_from_db()
    assert (message.status, message.attempts, [m["To"] for m in smtp_down.messages]) == (
        OutboxMessage.Status.SENT,
        2,
        ["ana@example.org"],
    )
    # Queued again by mistake, swept, run again: still delivered once.
    from events.registration.outbox import outbox_send

    outbox_send.enqueue(message.pk)
    call_command("send_reminders", verbosity=0)
    worker()
    assert len(smtp_down.messages) == 1


@pytest.mark.django_db
def test_a_refused_address_is_not_retried_and_shows_in_the_admin(admin_client, upcoming, smtp, monkeypatch):
    import smtplib

    from events.registration.outbox import outbox_deliver

    services.registration_create(event=upcoming, name="Ana Lima", email="ana@example.org", consent=True)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.backends.smtp.EmailBackend.send_messages", refuse)
    message = OutboxMessage.objects.get()
    assert outbox_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == (OutboxMessage.Status.FAILED, None)
    listing = admin_client.get(reverse("admin:events_outboxmessage_changelist") + "?status__exact=failed")
    assert f"/admin/events/outboxmessage/{message.pk}/change/" in listing.content.decode()
    page = admin_client.get(reverse("admin:events_outboxmessage_change", args=[message.pk])).content.decode()
    assert "No such user" in page


@pytest.mark.django_db
def test_editors_see_the_outbox_of_their_events_only(client, upcoming, door_event, door_users):
    services.registration_create(event=upcoming, name="Ana Lima", email="ana@example.org", consent=True)
    from events.models import Registration

    other = Registration.objects.create(event=door_event, name="Li Wei", email="li@example.org", consent=True)
    OutboxMessage.objects.create(
        event=door_event,
        registration=other,
        kind="reminder",
        key="x",
        recipients="li@example.org",
        subject="S",
        body="B",
    )
    client.force_login(door_users["editor"])
    listing = client.get(reverse("admin:events_outboxmessage_changelist"))
    assert [m.event for m in listing.context["cl"].result_list] == [door_event]
    mine = OutboxMessage.objects.get(event=door_event)
    theirs = OutboxMessage.objects.get(event=upcoming)
    assert client.get(reverse("admin:events_outboxmessage_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:events_outboxmessage_change", args=[theirs.pk])).status_code == 302
