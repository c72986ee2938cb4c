import pytest
from django.urls import reverse

from events.models import Event, Registration
from events.registration import services

pytestmark = pytest.mark.django_db

FORM = {"name": "Ana Lima", "email": "ana@example.org", "organisation": "NGO", "consent": "on"}


def post(client, event: Event, ip: str = "192.0.2.1", forwarded: str | None = None, **data):
    extra = {"REMOTE_ADDR": ip} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    return client.post(reverse("events:register", args=[event.slug]), FORM | data, **extra)


def test_the_view_writes_only_through_the_service(client, upcoming, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "registration_create", lambda **kwargs: calls.append(kwargs))
    response = post(client, upcoming)
    assert response["Location"] == reverse("events:registered", args=[upcoming.slug])
    assert calls == [{"event": upcoming, "name": "Ana Lima", "email": "ana@example.org", "organisation": "NGO",
                      "consent": True}]  # fmt: skip
    assert Registration.objects.count() == 0


def test_losing_the_last_place_shows_the_full_state(client, upcoming, monkeypatch):
    """The last place was free when the request began; someone else took it before this visitor's turn."""
    services.registration_create(event=upcoming, name="One", email="one@example.org", consent=True)
    create = services.registration_create

    def overtaken(**kwargs):
        create(event=upcoming, name="Two", email="two@example.org", consent=True)
        return create(**kwargs)

    monkeypatch.setattr(services, "registration_create", overtaken)
    content = post(client, upcoming).content.decode()
    assert ("This event is full: registration is closed." in content, 'name="email"' in content) == (True, False)
    assert Registration.objects.count() == 2


def test_a_draft_has_no_registration_page(client, upcoming):
    Event.objects.filter(pk=upcoming.pk).update(status=Event.Status.DRAFT)
    assert post(client, upcoming).status_code == 404
    assert Registration.objects.count() == 0


def statuses(client, event: Event, clients: list[tuple[str, str | None]]) -> list[int]:
    # A full event answers each attempt with 200 (refused); the limit answers 429 before the form is read.
    Event.objects.filter(pk=event.pk).update(capacity=0)
    return [post(client, event, ip=ip, forwarded=forwarded).status_code for ip, forwarded in clients]


def test_the_limit_counts_per_address(client, upcoming):
    assert statuses(client, upcoming, [("192.0.2.1", None)] * 6 + [("192.0.2.2", None)]) == [200] * 5 + [429, 200]


def test_forwarded_addresses_are_ignored_without_proxy_count(client, upcoming, settings):
    settings.PROXY_COUNT = 0
    clients = [("10.0.0.2", f"203.0.113.{i}") for i in range(6)]
    assert statuses(client, upcoming, clients) == [200] * 5 + [429]


def test_behind_a_proxy_each_forwarded_client_has_its_own_limit(client, upcoming, settings):
    settings.PROXY_COUNT = 1
    first = [("10.0.0.2", f"6.6.6.{i}, 203.0.113.1") for i in range(6)]  # forged entries do not make a new client
    assert statuses(client, upcoming, [*first, ("10.0.0.2", "203.0.113.2")]) == [200] * 5 + [429, 200]
