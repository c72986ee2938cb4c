"""Variants of defect 10: the same account under another spelling, the same client under another forwarded address."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from events.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def login(client, username: str, password: str, ip: str):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("spelling", [" boss", "boss ", "\uff42\uff4f\uff53\uff53", "boss\t"],
                         ids=["leading-space", "trailing-space", "fullwidth", "tab"])  # fmt: skip
def test_a_respelt_username_guesses_the_same_locked_account(client, spelling):
    """Failures under spellings the login form reads as "boss" lock "boss", from whatever address."""
    User.objects.create_superuser("boss", password=PASSWORD)
    for i in range(5):
        login(client, spelling, f"wrong-{i}", ip=f"192.0.2.{i + 1}")
    response = login(client, "boss", PASSWORD, ip="198.51.100.7")
    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


@pytest.mark.parametrize("spelling", [" boss ", "\uff42\uff4f\uff53\uff53"], ids=["spaces", "fullwidth"])
def test_a_locked_account_stays_locked_under_another_spelling(client, spelling):
    User.objects.create_superuser("boss", password=PASSWORD)
    for i in range(5):
        login(client, "boss", f"wrong-{i}", ip=f"192.0.2.{i + 1}")
    response = login(client, spelling, PASSWORD, ip="198.51.100.7")
    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


def test_forged_forwarded_addresses_share_the_peer_registration_limit(client, events, settings):
    """PROXY_COUNT=0: each request names a new client in X-Forwarded-For and X-Real-IP; the peer is one client."""
    settings.PROXY_COUNT = 0
    event = events["b_published"]
    Event.objects.filter(pk=event.pk).update(registration_open=True, capacity=0)
    url = reverse("events:register", args=[event.slug])
    data = {"name": "Ana", "email": "ana@example.org", "consent": "on"}
    statuses = [
        client.post(url, data, REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
                    HTTP_X_REAL_IP=f"203.0.113.{i}", HTTP_FORWARDED=f"for=203.0.113.{i}").status_code
        for i in range(7)
    ]  # fmt: skip
    assert statuses.count(429) == 2
