"""Registrants' e-mails, delivered to a real SMTP server on loopback by the task (run as queued, after commit)."""

import datetime as dt

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event, OutboxMessage, Registration
from events.registration import services
from events.tests.registration.mail.conftest import NEW_YORK, attachment, links, text

pytestmark = pytest.mark.django_db

FORM = {"name": "Émilie Durand", "email": "emilie@example.org", "organisation": "ONG Exemple", "consent": "on"}


def register(client, event: Event, prefix: str = "", **data):
    return client.post(f"{prefix}{reverse('events:register', args=[event.slug])}", FORM | data)


def test_a_registration_sends_one_confirmation_with_the_event_in_its_time_zone(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, timed)
    assert response.status_code == 302
    [message] = smtp.messages
    assert (message["Subject"], message["To"], message["From"], message["Auto-Submitted"], smtp.recipients) == (
        "Your registration: Test Colloquium",
        "emilie@example.org",
        "Test Organisation <events@example.org>",
        "auto-generated",
        [["emilie@example.org"]],
    )
    body = text(message)
    assert "Dear Émilie Durand," in body
    assert "Thursday 14 March 2030, 09:30–17:00 (time in America/New_York)" in body
    [calendar_part] = [attachment(message, "event.ics")]
    assert calendar_part.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    [vevent] = calendar.walk("VEVENT")
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (str(vevent["summary"]), start, str(start.tzinfo), end) == (
        "Test Colloquium",
        dt.datetime(2030, 3, 14, 9, 30, tzinfo=NEW_YORK),
        "America/New_York",
        dt.datetime(2030, 3, 14, 17, tzinfo=NEW_YORK),
    )
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_a_french_registrant_is_written_to_in_french(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, timed, prefix="/fr")
    assert Registration.objects.get().language == "fr"
    [message] = smtp.messages
    body = text(message)
    assert message["Subject"] == "Votre inscription : Test Colloquium"
    assert "jeudi 14 mars 2030, 09:30–17:00 (heure de America/New_York)" in body
    assert [link.startswith("/fr/registration/") for link in links(message)] == [True]


def test_the_cancel_link_frees_the_place_and_is_confirmed_by_a_page_and_an_email(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, timed)
    [manage] = links(smtp.messages[0])
    page = client.get(manage)
    assert "Cancel my registration" in page.content.decode()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED  # opening the link changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(manage, {"action": "cancel"})
    assert "Your registration is cancelled." in cancelled.content.decode()
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert [m["Subject"] for m in smtp.messages] == [
        "Your registration: Test Colloquium",
        "Registration cancelled: Test Colloquium",
    ]
    # The place is free again: someone else gets it.
    services.registration_create(event=timed, name="A", email="a@example.org", consent=True)
    services.registration_create(event=timed, name="B", email="b@example.org", consent=True)


def test_a_forged_or_altered_link_opens_nothing(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, timed)
    [manage] = links(smtp.messages[0])
    token = manage.split("/")[-2]
    assert client.get(manage.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))).status_code == 404
    confirm_with_manage_token = reverse("events:registration_confirm", args=[token])
    assert client.post(confirm_with_manage_token).status_code == 404


def test_double_opt_in_holds_the_place_only_after_the_link_is_followed(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=timed.pk).update(double_opt_in=True, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, timed)
        services.registration_create(event=timed, name="Li Wei", email="li@example.org", consent=True)
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["pending", "pending"]
    first = smtp.messages[0]
    assert (first["Subject"], attachment(first, "event.ics")) == (
        "Please confirm your registration: Test Colloquium",
        None,
    )
    confirm = next(link for link in links(first) if link.endswith("/confirm/"))
    assert client.get(confirm).status_code == 200
    assert Registration.objects.get(email="emilie@example.org").status == Registration.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
        client.post(confirm)  # a second click
    assert Registration.objects.get(email="emilie@example.org").status == Registration.Status.CONFIRMED
    assert [m["Subject"] for m in smtp.messages[2:]] == ["Your registration: Test Colloquium"]


def test_an_opt_in_link_followed_too_late_holds_nothing(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=timed.pk).update(double_opt_in=True)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, timed)
    confirm = next(link for link in links(smtp.messages[0]) if link.endswith("/confirm/"))
    Registration.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = client.post(confirm)
    assert (response.status_code, "This link has expired" in response.content.decode()) == (409, True)
    assert Registration.objects.get().status == Registration.Status.PENDING


def test_the_reminder_command_run_twice_sends_one_reminder(
    timed, smtp, immediate_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    registration = services.registration_create(event=timed, name="Ana", email="ana@example.org", consent=True)
    services.registration_create(
        event=timed, name="Gone", email="gone@example.org", consent=True
    )  # cancelled below: no reminder
    services.registration_cancel(registration=Registration.objects.get(email="gone@example.org"))
    # The day before, late in the evening in New York (already the 14th in UTC).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2030, 3, 14, 3, 0, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    reminders = [m for m in smtp.messages if m["Subject"] == "Tomorrow: Test Colloquium"]
    assert [m["To"] for m in reminders] == [registration.email]
    assert attachment(reminders[0], "event.ics") is not None


def test_organisers_choose_a_notification_per_registration(
    timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=timed.pk).update(registration_notify="each", notify_email="team@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=timed, name="Ana Lima", email="ana@example.org", consent=True)
    assert sorted((m["To"], m["Subject"]) for m in smtp.messages) == [
        ("ana@example.org", "Your registration: Test Colloquium"),
        ("team@example.org", "New registration: Test Colloquium"),
    ]


def test_a_daily_digest_goes_once_a_day_to_the_editors(
    timed, organisation, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User

    editor = User.objects.create_user("editor", email="editor@example.org", is_staff=True)
    organisation.members.add(editor)
    User.objects.create_user("outsider", email="outsider@example.org", is_staff=True)
    for name in ("Ana Lima", "Li Wei"):
        services.registration_create(event=timed, name=name, email=f"{name[:2].lower()}@example.org", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    [digest] = [m for m in smtp.messages if m["Subject"] == "Registrations of the day: Test Colloquium"]
    assert digest["To"] == "editor@example.org"
    body = text(digest)
    assert ("2 new registrations:" in body, "Ana Lima <an@example.org>" in body, "Confirmed: 2" in body) == (
        True,
        True,
        True,
    )
