"""The outbox: every e-mail is stored before it is sent, sent by the task worker, and retried while it fails.

`outbox_send` is a Django task run by `manage.py db_worker` (which `./dev serve` starts), never in a request.

Nothing is lost when the mail server is down: the row stays queued and a task is queued again after a growing
delay (1, 2, 4 ... minutes, at most 6 hours between attempts). A message is claimed (queued -> sending) by one
update before it is sent, so two workers, or a task queued twice, send it once. Failures are listed in the admin.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from events.models import Event, OutboxMessage, Registration

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # about 8 hours of retries
MAX_DELAY = dt.timedelta(hours=6)
STUCK_AFTER = dt.timedelta(minutes=15)  # a message "sending" this long lost its worker


def retry_delay(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2 ** (attempts - 1)), MAX_DELAY)


@task()
def outbox_send(message_id: int) -> str:
    """The worker's task: send one queued message. It carries only the message's id; the message itself, with its
    recipients, stays in the outbox table, where erasure and the retention purge reach it."""
    return outbox_deliver(message_id=message_id)


def _enqueue(message_id: int, run_after: dt.datetime | None = None) -> None:
    backend = outbox_send.get_backend()
    if isinstance(backend, ImmediateBackend):
        # Runs where it is queued: only after the commit, and only now (its retries wait for the next sweep).
        if run_after is None:
            transaction.on_commit(lambda: outbox_send.enqueue(message_id))
        return
    # The database backend queues the task in this very transaction: the message and its task commit together.
    if run_after is not None and backend.supports_defer:
        outbox_send.using(run_after=run_after).enqueue(message_id)
    else:
        outbox_send.enqueue(message_id)


def outbox_add(
    *,
    event: Event,
    kind: str,
    key: str,
    recipients: list[str],
    subject: str,
    body: str,
    html: str = "",
    ics: str = "",
    registration: Registration | None = None,
) -> OutboxMessage | None:
    """Store a message and queue its sending; a message with this key already stored is not queued again."""
    if not recipients:
        return None
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "event": event, "kind": kind, "registration": registration, "recipients": "\n".join(recipients),
            "subject": subject, "body": body, "html": html, "ics": ics,
        },
    )  # fmt: skip
    if created:
        _enqueue(message.pk)
    return message


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.recipients.split("\n"),
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    if message.ics:
        email.attach(filename="event.ics", content=message.ics, mimetype="text/calendar")
    return email


def outbox_deliver(*, message_id: int) -> str:
    """Send a queued message once. Runs in the worker, outside any transaction: nothing is locked while SMTP talks."""
    claimed = OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.QUEUED).update(
        status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=timezone.now()
    )
    if not claimed:
        return "not queued"  # sent already, being sent, given up, or erased
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _email(message).send(using="default")
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
        # A refused address will be refused again; anything else (server down, busy, timeout) may pass later.
        final = isinstance(exc, smtplib.SMTPRecipientsRefused) or message.attempts >= MAX_ATTEMPTS
        logger.warning("Sending message %d failed (attempt %d): %s", message_id, message.attempts, error)
        when = timezone.now() + retry_delay(message.attempts)
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.QUEUED,
            last_error=error,
            next_attempt_at=None if final else when,
        )
        if final:
            return "failed"
        _enqueue(message_id, run_after=when)
        return "retry"
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
    )
    return "sent"


def outbox_requeue(*, now: dt.datetime | None = None) -> int:
    """Queue again what is due and has no task to run it (a worker killed while sending, a lost task); the claim
    in outbox_deliver keeps a message that still has its task from going out twice."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=OutboxMessage.Status.QUEUED, next_attempt_at__isnull=True, created_at__lte=now - STUCK_AFTER)
        | Q(status=OutboxMessage.Status.SENDING, next_attempt_at__lte=now - STUCK_AFTER)
    )
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxMessage.Status.QUEUED, next_attempt_at=None)
        for pk in ids:
            _enqueue(pk)
    return len(ids)
