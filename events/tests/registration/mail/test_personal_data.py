"""Registrants' personal data: kept for a stated time, then erased by a repeatable command; exported and erased on
request through the personal link; never on a public page, feed, API answer or public document."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event, OutboxMessage, Registration
from events.registration import services
from events.tests.pages.test_reachability import crawl
from events.tests.registration.mail.conftest import links

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zyxwv Qurblen"
SECRET_ORG = "Organisation Vlorptak"
SECRET_EMAIL = "quxnorf@example.org"


def snapshot() -> list[tuple]:
    return list(
        Registration.objects.order_by("pk").values_list("pk", "event_id", "name", "email", "organisation", "status")
    )


def test_the_purge_erases_past_events_registrants_keeps_the_counts_and_changes_nothing_the_second_time(
    door_event, make_registrants, upcoming, capsys
):
    """The 2018 event ended long ago (its retention period is over); the upcoming one keeps its registrants."""
    make_registrants(3)
    kept = services.registration_create(event=upcoming, name="Ana Lima", email="ana@example.org", consent=True)
    past = door_event.registrations.first()
    OutboxMessage.objects.create(
        event=door_event, registration=past, kind="reminder", key="r", recipients=past.email, subject="S", body="B"
    )
    call_command("registrations_purge")
    after_first = snapshot()
    call_command("registrations_purge")
    assert capsys.readouterr().out == (
        "Erased the personal data of 3 registration(s).\nErased the personal data of 0 registration(s).\n"
    )
    assert snapshot() == after_first
    assert [row[2:] for row in after_first if row[1] == door_event.pk] == [("", "", "", "confirmed")] * 3
    assert door_event.registrations.count() == 3  # the count stays for the statistics
    assert Registration.objects.get(pk=kept.pk).email == "ana@example.org"
    assert list(OutboxMessage.objects.filter(event=door_event)) == []
    assert OutboxMessage.objects.filter(event=upcoming).count() == 1


def test_data_is_kept_until_the_end_of_the_retention_period(upcoming, make_registrants):
    make_registrants(1, event=upcoming)
    Event.objects.filter(pk=upcoming.pk).update(retention_days=30)
    end = upcoming.end_date
    assert services.registrations_purge(today=end + dt.timedelta(days=30)) == 0
    assert services.registrations_purge(today=end + dt.timedelta(days=31)) == 1


def test_a_registrant_downloads_then_erases_their_data_through_their_link(
    client, timed, smtp, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=timed, name="Ana Lima", email="ana@example.org", organisation="NGO", consent=True
        )
    [manage] = links(smtp.messages[0])
    download = client.get(reverse("events:registration_data", args=[manage.split("/")[-2]]))
    data = json.loads(download.content)
    assert (download["Cache-Control"], download["X-Robots-Tag"]) == (
        "max-age=0, no-cache, no-store, must-revalidate, private",
        "noindex",
    )
    assert (data["name"], data["email"], data["organisation"], data["status"], data["kept_until"]) == (
        "Ana Lima",
        "ana@example.org",
        "NGO",
        "confirmed",
        "2030-06-13",
    )
    assert [(e["kind"], e["status"]) for e in data["emails"]] == [("confirmation", "sent")]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(manage, {"action": "erase"})
    assert "Your personal data has been erased." in page.content.decode()
    assert [row[2:] for row in snapshot()] == [("", "", "", "cancelled")]
    assert list(OutboxMessage.objects.all()) == []
    assert len(smtp.messages) == 1  # nothing more is sent to an erased address
    assert (
        json.loads(client.get(reverse("events:registration_data", args=[manage.split("/")[-2]])).content)["email"] == ""
    )


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client, upcoming):
    Event.objects.filter(pk=upcoming.pk).update(retention_days=30)
    page = client.get(reverse("events:register", args=[upcoming.slug])).content.decode()
    assert "We keep your name, e-mail address and organisation" in page
    assert "They are erased 30 days after the event ends (after April 14, 2030)" in page


def test_registrants_data_never_reaches_a_public_page_feed_api_answer_or_document(client, door_event, upcoming):
    from events.documents.content import available_kinds, document_event, document_html
    from events.models.documents import Audience

    for event in (door_event, upcoming):
        Registration.objects.create(
            event=event, name=SECRET_NAME, email=SECRET_EMAIL, organisation=SECRET_ORG, consent=True
        )
    pages, _anchors = crawl(client, "/")
    feeds = ["/events.ics", "/sitemap.xml", "/api/v1/events", "/api/v1/speakers", "/api/v1/organisations"]
    for event in (door_event, upcoming):
        feeds += [
            reverse("events:event_ical", args=[event.slug]),
            reverse("events:schedule_xml", args=[event.slug]),
            reverse("events:schedule_json", args=[event.slug]),
            f"/api/v1/events/{event.slug}",
            reverse("events:register", args=[event.slug]),
        ]
    assert door_event.get_absolute_url() in pages
    leaks = []
    for url in sorted(pages) + feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        leaks += [(url, secret) for secret in (SECRET_NAME, SECRET_ORG, SECRET_EMAIL) if secret in content]
    event = document_event(slug=door_event.slug, audience=Audience.PUBLIC)
    for kind in available_kinds(event):
        html = document_html(event=event, kind=kind)
        leaks += [(kind, secret) for secret in (SECRET_NAME, SECRET_ORG, SECRET_EMAIL) if secret in html]
    assert leaks == []
