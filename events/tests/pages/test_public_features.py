import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from events.models import Event, Registration
from events.registration.services import registration_create

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture
def upcoming(event) -> Event:
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED, registration_open=True, capacity=2)
    event.refresh_from_db()
    return event


def post_registration(client, event, email="ana@example.org", **extra):
    data = {"name": "Ana Lima", "email": email, "organisation": "NGO", "consent": "on", **extra}
    return client.post(reverse("events:register", args=[event.slug]), data)


def test_registration_is_stored_and_confirmed(client, upcoming):
    response = post_registration(client, upcoming)
    assert response["Location"] == reverse("events:registered", args=[upcoming.slug])
    assert "you are registered" in client.get(response["Location"]).content.decode()
    assert list(Registration.objects.values_list("name", "email")) == [("Ana Lima", "ana@example.org")]


def test_duplicate_registration_is_refused_with_a_clear_message(client, upcoming):
    post_registration(client, upcoming)
    response = post_registration(client, upcoming, email="ANA@example.org")
    assert "This email address is already registered for this event." in response.content.decode()
    assert Registration.objects.count() == 1


def test_consent_is_required(client, upcoming):
    response = client.post(reverse("events:register", args=[upcoming.slug]), {"name": "A", "email": "a@example.org"})
    assert "Please accept the privacy notice to register." in response.content.decode()
    assert Registration.objects.count() == 0


def test_full_event_shows_a_clear_full_state(client, upcoming):
    post_registration(client, upcoming, email="one@example.org")
    post_registration(client, upcoming, email="two@example.org")
    content = client.get(reverse("events:register", args=[upcoming.slug])).content.decode()
    assert "This event is full" in content
    with pytest.raises(ValidationError, match=r"This event is full\."):
        registration_create(event=upcoming, name="Late", email="late@example.org", consent=True)
    assert Registration.objects.count() == 2


def test_honeypot_stores_nothing(client, upcoming):
    response = post_registration(client, upcoming, website="http://spam.example")
    assert (response.status_code, Registration.objects.count()) == (302, 0)


def test_rate_limit_answers_429(client, upcoming):
    statuses = [post_registration(client, upcoming, email=f"p{i}@example.org").status_code for i in range(7)]
    # Two places, then "full" answers, then the limit of 5 attempts in 10 minutes.
    assert statuses == [302, 302, 200, 200, 200, 429, 429]


def test_past_events_take_no_registrations(client):
    event = Event.objects.get(slug=KIT)
    Event.objects.filter(pk=event.pk).update(registration_open=True)
    assert (
        "Registration is not open for this event."
        in client.get(reverse("events:register", args=[KIT])).content.decode()
    )


def test_registrants_are_never_shown_publicly(client, upcoming):
    post_registration(client, upcoming)
    for path in ("/", upcoming.get_absolute_url(), "/search/?q=Ana", "/speakers/"):
        assert "ana@example.org" not in client.get(path).content.decode()


def test_search_across_events_sessions_speakers_and_remarks(client):
    content = client.get("/search/", {"q": "trafficking"}).content.decode()
    assert "Combating Online Sex Trafficking" in content
    assert "Ambassador Sunesson" in client.get("/search/", {"q": "Sunesson"}).content.decode()
    assert "Valiant Richey" in client.get("/search/", {"q": "King County"}).content.decode()
    assert "Diagnosis" in client.get("/search/", {"q": "diagnosis"}).content.decode()


def test_search_filters_by_year_kind_and_organisation(client):
    content = client.get("/search/", {"year": "2019", "kind": "side_event"}).content.decode()
    assert re.search(r"(\d+) results", content).group(1) != "0"
    assert "Digital Society" not in content
    response = client.get("/search/", {"organisation": "scelles-foundation", "kind": "colloquium"})
    titles = {hit.title for hit in response.context["page"] if hit.kind == "event"}
    assert titles == {"Digital Society, from best to worst", "Combating Online Sex Trafficking"}


def test_search_results_are_paginated(client):
    first = client.get("/search/", {"year": "2019"})
    assert first.context["page"].paginator.num_pages >= 2
    assert client.get("/search/", {"year": "2019", "page": 2}).status_code == 200


def test_search_rejects_bad_filters_with_a_message(client):
    response = client.get("/search/", {"year": "1066"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_french_interface(client):
    response = client.get("/fr/events/" + KIT + "/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    assert "Orateurs" in content
    assert "18:00" in content  # French time format, New York time


def test_language_switcher_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": f"/events/{KIT}/"})
    assert response["Location"] == f"/fr/events/{KIT}/"


def test_sitemap_and_robots(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/events/{KIT}/" in sitemap and f"/fr/events/{KIT}/" in sitemap
    assert "csw62-2018" not in sitemap
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_event_json_ld_and_open_graph(client):
    content = client.get(f"/events/{KIT}/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert (data["@type"], data["name"], data["startDate"]) == (
        "Event",
        "Combating Online Sex Trafficking",
        "2018-03-14T18:00:00-04:00",
    )
    assert "Bob Herbert" in [p["name"] for p in data["performer"]]
    assert '<meta property="og:title" content="Combating Online Sex Trafficking">' in content


def test_json_ld_cannot_be_broken_out_of(client):
    Event.objects.filter(slug=KIT).update(lede="</script><script>alert(1)</script>")
    content = client.get(f"/events/{KIT}/").content.decode()
    assert "<script>alert(1)</script>" not in content


def test_event_ics_round_trips(client):
    response = client.get(reverse("events:event_ical", args=["alliance-19-2019"]))
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    icat = events["Harnessing Collaboration in Eradicating Human Trafficking: the Role of ICAT from Global to Local"]
    assert icat["dtstart"].dt == dt.datetime(2019, 4, 8, 11, 15, tzinfo=dt.UTC)
    assert str(icat["dtstart"].dt.tzinfo) == "Europe/Vienna"
    assert "Bibliotheksaal, 5th floor" in str(icat["location"])
    assert "Ilias Chatzis" in str(icat["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vienna"]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_of_all_published_events(client):
    calendar = Calendar.from_ical(client.get("/events.ics").content)
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert "Combating Online Sex Trafficking" in summaries
    assert "62nd Session of the UNCSW" not in summaries  # a draft
    kit = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Combating Online Sex Trafficking")
    assert kit["dtstart"].dt == dt.datetime(2018, 3, 14, 22, 0, tzinfo=dt.UTC)
    assert str(kit["dtstart"].dt.tzinfo) == "America/New_York"
    # The 2014 seminar has no times: an all-day date needs no time zone.
    assert sorted(str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")) == ["America/New_York", "Europe/Vienna"]
