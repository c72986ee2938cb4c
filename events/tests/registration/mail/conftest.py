"""A real SMTP server on loopback (aiosmtpd) collecting what the site sends, and helpers to read the e-mails."""

import datetime as dt
import email
import email.policy
import re
import socket
import zoneinfo
from email.message import EmailMessage

import pytest

from events.models import Event

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
SITE_URL = "http://testserver"
LINK = re.compile(r"http://testserver(/(?:fr/)?registration/[^/\s]+/(?:confirm/|accept/)?)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """aiosmtpd's Controller on 127.0.0.1; `messages` are the e-mails it accepted, parsed. Starts and stops at will,
    on the same port: the site is configured for it either way."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _configure(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    settings.SITE_URL = SITE_URL
    settings.DEFAULT_FROM_EMAIL = "Test Organisation <events@example.org>"


@pytest.fixture
def smtp(settings):
    """A running SMTP server the site sends to."""
    server = SMTPServer(free_port())
    _configure(settings, server.port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings):
    """The site's SMTP server, not running yet (start() it)."""
    server = SMTPServer(free_port())
    _configure(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are queued, after the commit (wrap the action in django_capture_on_commit_callbacks)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def timed(upcoming) -> Event:
    """The upcoming test event with times: 14 March 2030, 9:30 to 17:00 in New York."""
    Event.objects.filter(pk=upcoming.pk).update(
        starts_at=dt.datetime(2030, 3, 14, 9, 30, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2030, 3, 14, 17, tzinfo=NEW_YORK),
    )
    upcoming.refresh_from_db()
    return upcoming


def text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links(message: EmailMessage) -> list[str]:
    """The site paths linked from a message, personal links only."""
    return LINK.findall(text(message))


def attachment(message: EmailMessage, filename: str) -> EmailMessage | None:
    return next((part for part in message.iter_attachments() if part.get_filename() == filename), None)
