"""A full event's waiting list: joining, being told one's position, the first in line offered a freed place."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Event, Registration
from events.registration import services
from events.tests.registration.mail.conftest import links, text

pytestmark = pytest.mark.django_db

Status = Registration.Status


def fill(event: Event) -> list[Registration]:
    return [
        services.registration_create(event=event, name=name, email=f"{name.lower()}@example.org", consent=True)
        for name in ("One", "Two")
    ]


def wait(event: Event, name: str) -> Registration:
    return services.registration_create(
        event=event, name=name, email=f"{name.lower()}@example.org", consent=True, waiting_list=True
    )


def statuses(event: Event) -> dict[str, str]:
    return dict(event.registrations.values_list("name", "status"))


def test_a_full_event_offers_its_waiting_list_and_tells_the_position(client, timed):
    fill(timed)
    page = client.get(reverse("events:register", args=[timed.slug])).content.decode()
    assert f'href="{reverse("events:waiting_list", args=[timed.slug])}"' in page
    wait(timed, "Three")
    response = client.post(
        reverse("events:waiting_list", args=[timed.slug]),
        {"name": "Four", "email": "four@example.org", "consent": "on"},
        follow=True,
    )
    assert "you are number 2 on the waiting list" in response.content.decode()
    assert statuses(timed) == {"One": "confirmed", "Two": "confirmed", "Three": "waiting", "Four": "waiting"}


def test_joining_the_waiting_list_when_a_place_has_freed_up_books_it(timed):
    """A place freed while the form was being filled in: the registrant gets it, they wait for nothing."""
    assert wait(timed, "Lucky").status == Status.CONFIRMED


def test_a_cancellation_offers_the_place_to_the_first_in_line_who_accepts_it(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    one, _two = fill(timed)
    with django_capture_on_commit_callbacks(execute=True):
        wait(timed, "Three")
        wait(timed, "Four")
    assert [(m["To"], "you are number" in text(m)) for m in smtp.messages] == [
        ("three@example.org", True),
        ("four@example.org", True),
    ]
    assert "you are number 2 on its waiting list" in text(smtp.messages[1])
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=one)
    assert statuses(timed) == {"One": "cancelled", "Two": "confirmed", "Three": "offered", "Four": "waiting"}
    offer = smtp.messages[-1]
    assert (offer["To"], offer["Subject"]) == ("three@example.org", "A place is free for you: Test Colloquium")
    accept = next(link for link in links(offer) if link.endswith("/accept/"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accept)
    assert statuses(timed)["Three"] == "confirmed"
    assert smtp.messages[-1]["Subject"] == "Your registration: Test Colloquium"
    # The offered place was held: the event stays full for newcomers.
    with pytest.raises(ValidationError):
        services.registration_create(event=timed, name="Late", email="late@example.org", consent=True)


def test_an_offer_not_accepted_in_time_goes_to_the_next_in_line(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    one, _two = fill(timed)
    wait(timed, "Three")
    wait(timed, "Four")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=one)
    accept = next(link for link in links(smtp.messages[-1]) if link.endswith("/accept/"))
    Registration.objects.filter(name="Three").update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    late = client.post(accept)
    assert (late.status_code, statuses(timed)["Three"]) == (409, "offered")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registrations_expire() == 1
        assert services.registrations_expire() == 0
    assert statuses(timed) == {"One": "cancelled", "Two": "confirmed", "Three": "cancelled", "Four": "offered"}
    assert [(m["To"], m["Subject"]) for m in smtp.messages[-2:]] == [
        ("three@example.org", "The place offered to you has gone: Test Colloquium"),
        ("four@example.org", "A place is free for you: Test Colloquium"),
    ]


def test_an_offer_expires_at_the_latest_when_the_event_starts(timed, monkeypatch):
    from django.utils import timezone

    one, _two = fill(timed)
    wait(timed, "Three")
    # Ten hours before the start (9:30 in New York): the offer cannot run 48 hours.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2030, 3, 14, 3, 30, tzinfo=dt.UTC))
    services.registration_cancel(registration=one)
    assert Registration.objects.get(name="Three").expires_at == timed.starts_at
