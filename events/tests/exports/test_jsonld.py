"""schema.org JSON-LD of event and speaker pages: what search engines read, from the page itself."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from events.exports.jsonld import postal_address
from events.models import Event, LiveStream, Venue
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
ALLIANCE = "alliance-19-2019"
ICAT = "alliance-2019-icat"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def page_jsonld(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    [payload] = SCRIPT.findall(response.content.decode())
    return json.loads(payload)


def event_jsonld(client, slug: str) -> dict:
    return page_jsonld(client, f"/events/{slug}/")


def change(slug: str, **fields) -> None:
    """An edit as the admin saves it: signals bump the data version, so no cached page outlives it."""
    event = Event.objects.get(slug=slug)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()


def places(data: dict) -> list[dict]:
    location = data["location"]
    return [p for p in (location if isinstance(location, list) else [location]) if p["@type"] == "Place"]


# --- Location --------------------------------------------------------------------------------------------------


def test_every_published_event_has_a_location_with_an_address_where_the_data_has_one(client):
    events = Event.objects.published().select_related("venue", "parent__venue")
    assert events.count() == 8
    for event in events:
        # Its own venue, else (a side event) its public conference's.
        parent_venue = event.parent.venue if event.parent and event.parent.status == event.status else None
        venue = event.venue or parent_venue
        [place] = places(event_jsonld(client, event.slug))
        assert place["name"], event.slug
        if venue is not None and (venue.address or venue.city):
            assert place["address"]["@type"] == "PostalAddress", event.slug
            assert place["address"]["addressLocality"] == venue.city, event.slug
        else:
            assert "address" not in place, event.slug


def test_2018_address_names_the_city_once(client):
    [place] = places(event_jsonld(client, KIT))
    assert place == {
        "@type": "Place",
        "name": "Proskauer’s New York City Offices",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "11 Times Square - 41st and 8th Avenue",
            "addressLocality": "New York",
            "addressRegion": "NY",
        },
    }


@pytest.mark.parametrize("slug", [ALLIANCE, "digital-society-2014"])
def test_events_whose_documents_name_no_place_say_so(client, slug):
    data = event_jsonld(client, slug)
    assert data["location"] == {"@type": "Place", "name": "Place not stated"}


def test_side_event_room_at_its_conference_venue(client):
    assert event_jsonld(client, ICAT)["location"] == {"@type": "Place", "name": "Bibliotheksaal, 5th floor"}
    venue = Venue.objects.create(
        slug="hofburg", name="Hofburg", address="Heldenplatz", city="Vienna", country="Austria"
    )
    change(ALLIANCE, venue=venue)
    assert event_jsonld(client, ICAT)["location"] == {
        "@type": "Place",
        "name": "Bibliotheksaal, 5th floor, Hofburg",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Heldenplatz",
            "addressLocality": "Vienna",
            "addressCountry": "Austria",
        },
    }
    change(ALLIANCE, status=Event.Status.DRAFT)  # a draft conference lends nothing
    assert event_jsonld(client, ICAT)["location"] == {"@type": "Place", "name": "Bibliotheksaal, 5th floor"}


@pytest.mark.parametrize(
    ("address", "city", "country", "expected"),
    [
        (
            "14 Rue Mondétour\n75001 Paris, France",
            "Paris",
            "France",
            {"streetAddress": "14 Rue Mondétour", "postalCode": "75001", "addressLocality": "Paris"},
        ),
        (
            "11 Times Square\r\nNew York, NY",
            "New York",
            "",
            {"streetAddress": "11 Times Square", "addressLocality": "New York", "addressRegion": "NY"},
        ),
        ("30 South Colonnade\nLondon E14 5EP", "", "", {"streetAddress": "30 South Colonnade, London E14 5EP"}),
        ("", "Vienna", "Austria", {"addressLocality": "Vienna"}),
    ],
)
def test_postal_address_parts(address, city, country, expected):
    venue = Venue(slug="v", name="V", address=address, city=city, country=country)
    assert postal_address(venue) == {
        "@type": "PostalAddress",
        **expected,
        **({"addressCountry": country} if country else {}),
    }


# --- Status, attendance, people, offers ------------------------------------------------------------------------


def test_event_status_attendance_organizer_and_performers(client):
    data = event_jsonld(client, KIT)
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    # The 2018 colloquium was streamed: mixed attendance, and the stream as a virtual location.
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    stream = LiveStream.objects.get(event__slug=KIT)
    assert data["location"][1] == {"@type": "VirtualLocation", "url": stream.url}
    assert data["organizer"][0] == {
        "@type": "Organization",
        "name": "Scelles Foundation",
        "url": "http://testserver/organisations/scelles-foundation/",
    }
    silverman = next(p for p in data["performer"] if p["name"] == "William C. Silverman")
    assert silverman["affiliation"] == {
        "@type": "Organization",
        "name": "Proskauer",
        "url": "http://testserver/organisations/proskauer/",
    }
    stream.delete()
    data = event_jsonld(client, KIT)
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"


def test_organisations_holding_a_role_are_organization_performers(client):
    # ICAT's moderators are "OSCE and UN Women, 2019 ICAT Co-Chairs": organisations, after the people.
    performers = event_jsonld(client, ICAT)["performer"]
    assert [p for p in performers if p["@type"] == "Organization"] == [
        {
            "@type": "Organization",
            "name": "Organization for Security and Co-operation in Europe",
            "alternateName": "OSCE",
        },
        {"@type": "Organization", "name": "UN Women"},
    ]
    assert len(performers) == 8  # the six people too


def _open_registration(slug: str, **fields) -> None:
    day = timezone.localdate() + dt.timedelta(days=30)
    change(slug, registration_open=True, start_date=day, end_date=day, starts_at=None, ends_at=None, **fields)


def test_offers_only_while_registration_is_open_or_full(client):
    assert "offers" not in event_jsonld(client, KIT)  # registration never opened
    _open_registration(KIT)
    data = event_jsonld(client, KIT)
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"http://testserver/events/{KIT}/register/",
        "price": "0",
        "availability": "https://schema.org/InStock",
    }
    assert data["isAccessibleForFree"] is True
    change(KIT, capacity=0)
    assert event_jsonld(client, KIT)["offers"]["availability"] == "https://schema.org/SoldOut"
    change(KIT, start_date=dt.date(2018, 3, 14), end_date=dt.date(2018, 3, 14))  # over
    assert "offers" not in event_jsonld(client, KIT)


# --- Speakers ----------------------------------------------------------------------------------------------------


def test_speaker_jsonld(client):
    richey = Person.objects.get(slug="valiant-richey")
    Participation.objects.create(person=richey, event=Event.objects.get(slug=KIT), role="moderator", order=999)
    data = page_jsonld(client, "/speakers/valiant-richey/")
    assert data["@type"] == "Person"
    assert data["jobTitle"] == "Acting OSCE Co-ordinator for Combating Trafficking in Human Beings"
    assert data["affiliation"]["url"] == "http://testserver/organisations/osce/"
    # Every appearance's event once (two roles in 2018 now), newest first.
    assert [e["url"] for e in data["performerIn"]] == [
        "http://testserver/events/alliance-2019-minors-digital-age/",
        "http://testserver/events/alliance-2019-osce-technology-mapping/",
        f"http://testserver/events/{KIT}/",
    ]
