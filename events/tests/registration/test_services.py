import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, Registration
from events.registration.selectors import RegistrationState, registration_state
from events.registration.services import registration_create

pytestmark = pytest.mark.django_db


def register(event: Event, email: str = "ana@example.org") -> Registration:
    return registration_create(event=event, name="Ana Lima", email=email, organisation="NGO", consent=True)


def refusal(event: Event, email: str = "late@example.org") -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        register(event, email)
    return exc.value.code, exc.value.messages


def test_a_registration_is_stored(upcoming):
    registration = register(upcoming)
    assert list(Registration.objects.values_list("pk", "event", "name", "email", "organisation", "consent")) == [
        (registration.pk, upcoming.pk, "Ana Lima", "ana@example.org", "NGO", True)
    ]


def test_the_service_takes_keyword_arguments_only(upcoming):
    with pytest.raises(TypeError):
        registration_create(upcoming, "Ana Lima", "ana@example.org", "NGO", True)  # type: ignore[misc]


def test_a_draft_takes_no_registration_even_when_opened(upcoming):
    """The "is it public" question is the visibility module's: a draft is refused whatever its own flags say."""
    Event.objects.filter(pk=upcoming.pk).update(status=Event.Status.DRAFT)
    assert refusal(upcoming) == ("closed", ["Registration is not open for this event."])
    assert Registration.objects.count() == 0


def test_a_stale_event_object_cannot_bypass_the_checks(upcoming):
    """The service decides on the row it locked, not on the caller's copy of the event."""
    Event.objects.filter(pk=upcoming.pk).update(registration_open=False)
    assert refusal(upcoming) == ("closed", ["Registration is not open for this event."])


def test_a_past_event_is_over(upcoming):
    Event.objects.filter(pk=upcoming.pk).update(start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2))
    assert refusal(upcoming) == ("over", ["This event is over."])


def test_a_full_event_refuses_the_next_registration(upcoming):
    register(upcoming, "one@example.org")
    register(upcoming, "two@example.org")
    assert refusal(upcoming) == ("full", ["This event is full."])
    assert Registration.objects.count() == 2


def test_the_same_email_registers_once_whatever_its_case(upcoming):
    register(upcoming, "ana@example.org")
    assert refusal(upcoming, "ANA@example.org") == (
        "duplicate",
        ["This email address is already registered for this event."],
    )


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({}, RegistrationState.OPEN),
        ({"status": Event.Status.DRAFT}, RegistrationState.CLOSED),
        ({"registration_open": False}, RegistrationState.CLOSED),
        ({"end_date": dt.date(2030, 3, 13), "start_date": dt.date(2030, 3, 12)}, RegistrationState.OVER),
        ({"capacity": 0}, RegistrationState.FULL),
        ({"capacity": None}, RegistrationState.OPEN),
    ],
)
def test_registration_state(upcoming, changes, state):
    Event.objects.filter(pk=upcoming.pk).update(**changes)
    upcoming.refresh_from_db()
    assert registration_state(event=upcoming, today=dt.date(2030, 3, 14)) == state
