import datetime as dt

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from events.models import Event, EventOrganisation, Organisation, Publication, Remark, Room, Venue
from speakers.models import Participation, Person

KIT = "combating-online-sex-trafficking-2018"
SIDE_EVENTS_2019 = [
    "alliance-2019-icat",
    "alliance-2019-ict-identification",
    "alliance-2019-minors-digital-age",
    "alliance-2019-osce-technology-mapping",
    "alliance-2019-tech-against-trafficking",
]
PUBLISHED_EVENTS = sorted(["digital-society-2014", KIT, "alliance-19-2019", *SIDE_EVENTS_2019])


def api(path: str = "") -> str:
    return reverse("api:index") + path


def get(client, path: str, status: int = 200, **params):
    response = client.get(api(path), params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def not_found(detail: str) -> dict:
    return {"status": 404, "title": "Not Found", "detail": detail, "errors": []}


def slugs(items: list[dict]) -> list[str]:
    return [item["slug"] for item in items]


# --- Discoverability ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_root_lists_every_endpoint_and_the_openapi_document(client):
    root = get(client, "")
    base = f"http://testserver{api()}"
    assert root["title"] == "eventsite API"
    assert root["openapi"] == f"{base}openapi.json"
    assert root["endpoints"]["events"] == f"{base}events"
    assert root["endpoints"]["remarks/{event_slug}/{slug}"] == f"{base}remarks/{{event_slug}}/{{slug}}"
    document = client.get(root["openapi"]).json()
    assert (document["info"]["title"], document["info"]["version"]) == ("eventsite API", "1")
    documented = {path.removeprefix(api()) for path in document["paths"]} - {""}
    assert documented == set(root["endpoints"]) - {""}
    assert {method for path in document["paths"].values() for method in path} == {"get"}


@pytest.mark.django_db
def test_no_docs_ui_since_it_loads_from_a_cdn(client):
    assert get(client, "docs", status=404) == not_found("No such endpoint: see the API's root for the list")


# --- Events ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_filtered_by_year_and_kind(client):
    page = get(client, "events", year=2019, kind="side_event")
    assert page["count"] == 5
    assert sorted(slugs(page["items"])) == SIDE_EVENTS_2019
    assert {item["parent"] for item in page["items"]} == {"alliance-19-2019"}
    assert get(client, "events", parent="alliance-19-2019")["count"] == 5
    assert slugs(get(client, "events", year=2014)["items"]) == ["digital-society-2014"]


@pytest.mark.django_db
def test_event_item_fields(client):
    [item] = [e for e in get(client, "events", year=2019)["items"] if e["slug"] == "alliance-2019-ict-identification"]
    assert item["kind"] == "side_event"
    assert item["start_date"] == item["end_date"] == "2019-04-09"
    assert item["starts_at"] == "2019-04-09T13:30:00+02:00"  # Vienna summer time
    assert item["timezone"] == "Europe/Vienna"
    assert item["url"] == "http://testserver/events/alliance-2019-ict-identification/"
    assert item["room"] == {"name": "Room 531", "floor": "5th floor"}
    assert all(set(o) == {"slug", "name", "role"} for o in item["organisers"])


@pytest.mark.django_db
def test_event_detail(client):
    event = get(client, f"events/{KIT}")
    assert event["title"] == "Combating Online Sex Trafficking"
    assert (event["starts_at"], event["ends_at"]) == ("2018-03-14T18:00:00-04:00", "2018-03-14T20:00:00-04:00")
    assert event["parent"] is None  # held during csw62-2018, a draft
    assert event["organisers"][0] == {"slug": "scelles-foundation", "name": "Scelles Foundation", "role": "organiser"}
    assert event["summary"]["who"].startswith("<p>")
    assert len(event["participations"]) == 14
    # In list order, as on the page and in the PDF: the moderator first, then the editor's order.
    assert [(p["person"], p["role"]) for p in event["participations"][:2]] == [
        ("bob-herbert", "moderator"),
        ("william-c-silverman", "opening"),
    ]
    assert event["participations"][1]["organisation"]["slug"] == "proskauer"
    sunesson = next(p for p in event["participations"] if p["person"] == "per-anders-sunesson")
    assert sunesson["name"] == "Per Anders Sunesson"  # as printed in 2018
    page = f"http://testserver/events/{KIT}/"
    assert event["documents"] == [
        {"kind": "kit", "url": f"{page}kit.pdf"},
        {"kind": "proceedings", "url": f"{page}proceedings.pdf"},
    ]
    assert event["exports"] == {
        "calendar_ics": f"{page}calendar.ics",
        "schedule_xml": f"{page}schedule.xml",
        "schedule_json": f"{page}schedule.json",
    }


@pytest.mark.django_db
def test_event_detail_lists_side_events_and_the_programme(client):
    event = get(client, "events/alliance-19-2019")
    assert sorted(slugs(event["side_events"])) == SIDE_EVENTS_2019
    assert [d["kind"] for d in event["documents"]] == ["kit", "programme"]


@pytest.mark.django_db
def test_urls_stay_in_the_default_language(client):
    event = client.get(api(f"events/{KIT}"), headers={"Accept-Language": "fr"}).json()
    assert event["url"] == f"http://testserver/events/{KIT}/"


@pytest.mark.django_db
def test_draft_event_is_404_and_absent_from_lists(client):
    assert get(client, "events/csw62-2018", status=404) == not_found("No such event")
    assert get(client, "events/no-such-event", status=404) == not_found("No such event")
    assert sorted(slugs(get(client, "events", limit=100)["items"])) == PUBLISHED_EVENTS
    assert get(client, "events", parent="csw62-2018")["count"] == 0


@pytest.mark.django_db
def test_drafts_are_not_in_the_api_even_for_those_who_may_edit_them(admin_client):
    # The API is public content only: an editor previews on the pages, never through the API.
    assert get(admin_client, "events/csw62-2018", status=404) == not_found("No such event")
    assert "csw62-2018" not in slugs(get(admin_client, "events", limit=100)["items"])
    Event.objects.filter(slug="alliance-2019-icat").update(status=Event.Status.DRAFT)
    assert "alliance-2019-icat" not in slugs(get(admin_client, "events/alliance-19-2019")["side_events"])
    assert get(admin_client, "events/alliance-2019-icat", status=404) == not_found("No such event")


@pytest.mark.django_db
def test_organisers_are_organising_roles_and_organisations_every_role(client):
    event = get(client, f"events/{KIT}")
    assert [(o["slug"], o["role"]) for o in event["organisers"]] == [
        ("scelles-foundation", "organiser"),
        ("sanctuary-for-families", "co_organiser"),
        ("permanent-mission-of-france-to-the-un", "co_organiser"),
        ("thomson-reuters-foundation", "co_organiser"),
    ]
    assert [(o["slug"], o["role"]) for o in event["organisations"]] == [
        *[(o["slug"], o["role"]) for o in event["organisers"]],
        ("proskauer", "host"),
    ]


@pytest.mark.django_db
def test_locations_on_one_line(client):
    Venue.objects.filter(slug="proskauer-new-york-city-offices").update(address="11 Times Square\r\nNew York, NY")
    assert get(client, f"events/{KIT}")["location"] == (
        "Proskauer’s New York City Offices, 11 Times Square, New York, NY"  # the city is not repeated
    )
    [item] = [e for e in get(client, "events", year=2019)["items"] if e["slug"] == "alliance-2019-ict-identification"]
    assert item["location"] == "Room 531, 5th floor"


@pytest.mark.django_db
def test_pagination(client):
    everything = slugs(get(client, "events", limit=100)["items"])
    pages = [get(client, "events", limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [page["count"] for page in pages] == [8, 8, 8]
    assert [len(page["items"]) for page in pages] == [3, 3, 2]
    assert [slug for page in pages for slug in slugs(page["items"])] == everything
    assert everything[0] in SIDE_EVENTS_2019 and everything[-1] == "digital-society-2014"  # newest first
    assert get(client, "events", offset=100)["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"year": "abc"}, {"kind": "party"}])
def test_invalid_parameters_are_422(client, params):
    body = get(client, "events", status=422, **params)
    assert (body["status"], body["title"], body["detail"]) == (422, "Unprocessable Content", "Invalid parameters")
    assert [error["loc"] for error in body["errors"]] == [["query", next(iter(params))]]


@pytest.mark.django_db
def test_unpublished_event_disappears_with_its_content(client):
    Event.objects.filter(slug=KIT).update(status=Event.Status.DRAFT)
    assert get(client, f"events/{KIT}", status=404) == not_found("No such event")
    assert get(client, f"proceedings/{KIT}", status=404) == not_found("No proceedings for this event")
    assert get(client, "remarks")["items"] == []
    assert get(client, f"remarks/{KIT}/yves-charpenel-remarks", status=404) == not_found("No such remarks")
    assert get(client, "speakers/bob-herbert", status=404) == not_found("No such speaker")  # only in 2018
    assert "bob-herbert" not in slugs(get(client, "speakers", limit=100)["items"])
    publication = get(client, "publications/global-report-2019-cyberprocuring")
    assert publication["cited_events"] == []
    assert {source["event"] for source in publication["sources"]} == {None}


# --- Sessions, speakers, organisations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_sessions(client):
    page = get(client, "sessions", event="digital-society-2014")
    assert [(s["event"], s["slug"]) for s in page["items"]] == [
        ("digital-society-2014", "diagnosis"),
        ("digital-society-2014", "prospective"),
    ]
    assert get(client, "sessions", event="csw62-2018")["count"] == 0


@pytest.mark.django_db
def test_speaker_has_two_positions_across_years(client):
    person = get(client, "speakers/valiant-richey")
    assert person["name"] == "Valiant Richey"
    assert [(a["event"]["year"], a["position"]) for a in person["appearances"]] == [
        (2019, "Acting OSCE Co-ordinator for Combating Trafficking in Human Beings"),
        (2019, "Acting OSCE Co-ordinator for Combating Trafficking in Human Beings"),
        (2018, "Prosecutor, King County, Washington"),
    ]
    assert [a["organisation"]["slug"] if a["organisation"] else None for a in person["appearances"]] == [
        "osce",
        "osce",
        None,
    ]
    assert person["appearances"][-1]["event"]["slug"] == KIT


@pytest.mark.django_db
def test_speakers_search_names_and_name_variants(client):
    assert slugs(get(client, "speakers", q="richey")["items"]) == ["valiant-richey"]
    assert slugs(get(client, "speakers", q="Per Anders")["items"]) == ["per-anders-sunesson"]  # a name variant
    assert get(client, "speakers", q="nobody at all")["count"] == 0


@pytest.mark.django_db
def test_people_without_a_published_appearance_are_hidden(client):
    # Sandra Ayad is a contact printed in a document, never a participant.
    assert get(client, "speakers/sandra-ayad", status=404) == not_found("No such speaker")
    assert "sandra-ayad" not in slugs(get(client, "speakers", limit=100)["items"])


@pytest.mark.django_db
def test_organisations(client):
    organisations = slugs(get(client, "organisations", limit=100)["items"])
    assert organisations == sorted(organisations, key=lambda slug: Organisation.objects.get(slug=slug).name)
    assert "international-observatory-on-sexual-exploitation" not in organisations
    assert get(client, "organisations/international-observatory-on-sexual-exploitation", status=404) == not_found(
        "No such organisation"
    )
    osce = get(client, "organisations/osce")
    assert [(r["event"]["slug"], r["role"]) for r in osce["roles"]] == [
        ("alliance-2019-osce-technology-mapping", "organiser"),
        ("alliance-19-2019", "organiser"),
    ]
    assert {p["person"] for p in osce["people"]} == {"valiant-richey"}
    scelles = get(client, "organisations/scelles-foundation")
    assert slugs(scelles["publications"]) == []  # the 2019 chapter names no publisher (fixtures/DATA-NOTES.md)
    publication = Publication.objects.get(slug="global-report-2019-cyberprocuring")
    publication.publisher = Organisation.objects.get(slug="scelles-foundation")
    publication.save()  # as the admin does: the page cache forgets older answers
    scelles = get(client, "organisations/scelles-foundation")
    assert slugs(scelles["publications"]) == ["global-report-2019-cyberprocuring"]


# --- Remarks, proceedings, publications --------------------------------------------------------------------------


@pytest.mark.django_db
def test_remarks(client):
    page = get(client, "remarks")
    assert [(r["event"], r["slug"], r["speaker"]["slug"]) for r in page["items"]] == [
        (KIT, "ambassador-sunesson-remarks", "per-anders-sunesson"),
        (KIT, "yves-charpenel-remarks", "yves-charpenel"),
    ]
    remark = get(client, f"remarks/{KIT}/ambassador-sunesson-remarks")
    assert remark["body"] == Remark.objects.get(slug="ambassador-sunesson-remarks").body
    assert "It has been said many times before" in remark["body"]
    assert get(client, "remarks/digital-society-2014/ambassador-sunesson-remarks", status=404) == not_found(
        "No such remarks"
    )


@pytest.mark.django_db
def test_proceedings(client):
    proceedings = get(client, f"proceedings/{KIT}")
    assert proceedings["event"]["slug"] == KIT
    assert proceedings["kind"] == "proceedings"
    assert len(proceedings["sections"]) == 4
    assert [t["number"] for t in proceedings["takeaways"]] == [1, 2, 3, 4, 5, 6]
    assert [(q["speaker"]["slug"], q["section"], q["takeaway"]) for q in proceedings["quotes"][:4]] == [
        ("monique-villa", 10, None),
        ("william-c-silverman", 20, None),
        ("melanie-thompson", 20, None),
        ("valiant-richey", None, 1),
    ]
    assert len(proceedings["quotes"]) == 15
    assert get(client, "proceedings/alliance-19-2019", status=404) == not_found("No proceedings for this event")


@pytest.mark.django_db
def test_publications(client):
    assert slugs(get(client, "publications")["items"]) == ["global-report-2019-cyberprocuring"]
    publication = get(client, "publications/global-report-2019-cyberprocuring")
    assert publication["publisher"] is None  # the chapter names none (fixtures/DATA-NOTES.md)
    assert publication["doi"] == ""
    assert (len(publication["sections"]), len(publication["footnotes"]), len(publication["sources"])) == (7, 3, 9)
    assert publication["cited_events"] == [KIT]
    assert [s["event"] for s in publication["sources"] if s["event"]] == [KIT]


@pytest.mark.django_db
def test_draft_publication_is_404_and_absent(client):
    Publication.objects.update(status=Publication.Status.DRAFT)
    assert get(client, "publications")["count"] == 0
    assert get(client, "publications/global-report-2019-cyberprocuring", status=404) == not_found("No such publication")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["nothing", "events/a/b", "speakers/"])
def test_unknown_paths_are_json_404(client, path):
    assert get(client, path, status=404) == not_found("No such endpoint: see the API's root for the list")


# --- Query counts ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_event_list_query_count_is_constant(client, django_assert_num_queries, count):
    parent = Event.objects.get(slug="alliance-19-2019")
    venue = Venue.objects.create(slug="api-venue", name="Venue")
    room = Room.objects.create(slug="api-room", venue=venue, name="Room", floor="1st floor")
    organisations = [Organisation.objects.create(slug=f"api-org-{i}", name=f"Org {i}") for i in range(2)]
    for i in range(count):
        event = Event.objects.create(
            slug=f"api-{i}", title=f"Event {i}", status="published", timezone="Europe/Vienna", kind="side_event",
            start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14), parent=parent, venue=venue, room=room,
            starts_at=dt.datetime(2030, 3, 14, 9, tzinfo=dt.UTC), ends_at=dt.datetime(2030, 3, 14, 10, tzinfo=dt.UTC),
        )  # fmt: skip
        for organisation in organisations:
            EventOrganisation.objects.create(event=event, organisation=organisation)
    with django_assert_num_queries(
        4
    ):  # the page cache's data version, count, events with venue/room/parent, organisers
        page = get(client, "events", year=2030, limit=100)
    assert page["count"] == len(page["items"]) == count
    assert page["items"][0]["organisers"] == [
        {"slug": "api-org-0", "name": "Org 0", "role": "organiser"},
        {"slug": "api-org-1", "name": "Org 1", "role": "organiser"},
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_session_list_query_count_is_constant(client, django_assert_num_queries, count):
    venue = Venue.objects.create(slug="api-venue", name="Venue", city="Vienna")
    room = Room.objects.create(slug="api-room", venue=venue, name="Room", floor="1st floor")
    event = Event.objects.create(
        slug="api-event", title="Event", status="published", timezone="Europe/Vienna", venue=venue,
        start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
    )  # fmt: skip
    person = Person.objects.create(slug="api-person", name="Api Person")
    for i in range(count):
        session = event.sessions.create(slug=f"s-{i}", title=f"Session {i}", room=room)
        Participation.objects.create(person=person, event=event, session=session)
    with django_assert_num_queries(
        5
    ):  # data version, count, sessions with event, venue and room, organisers, participations
        page = get(client, "sessions", event="api-event", limit=100)
    assert page["count"] == len(page["items"]) == count
    assert page["items"][0]["location"] == "Room, 1st floor, Venue, Vienna"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_speaker_detail_query_count_is_constant(client, django_assert_num_queries, count):
    person = Person.objects.create(slug="api-person", name="Api Person")
    organisation = Organisation.objects.create(slug="api-org", name="Org")
    for i in range(count):
        event = Event.objects.create(
            slug=f"api-{i}", title=f"Event {i}", status="published", timezone="UTC",
            start_date=dt.date(2030, 1, 1) + dt.timedelta(days=i), end_date=dt.date(2030, 1, 1) + dt.timedelta(days=i),
        )  # fmt: skip
        Participation.objects.create(person=person, event=event, organisation=organisation, position=f"Post {i}")
    with django_assert_num_queries(5):  # the page cache's data version, person, appearances, aliases, remarks
        person = get(client, "speakers/api-person")
    assert len(person["appearances"]) == count
    assert person["appearances"][0]["position"] == f"Post {count - 1}"  # newest first


# --- Property-based: our own OpenAPI document, served on loopback ------------------------------------------------


MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance]


def fuzz(operation: APIOperation, mode: GenerationMode, base_url: str) -> int:
    """Send MAX_EXAMPLES generated requests (fixed seed) and check each response; return how many were sent."""
    sent = 0

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
    )  # fmt: skip
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def send(case):
        nonlocal sent
        sent += 1
        case.call_and_validate(base_url=base_url, checks=CHECKS)

    send()
    return sent


@pytest.mark.django_db(transaction=True)
@override_settings(API_RATE_LIMIT="0")  # hundreds of requests in a few seconds, from one address
def test_api_conforms_to_its_openapi_document(live_server, client):
    """Every operation, positive and negative inputs, then every published item: no server error, and every
    response matches the document."""
    call_command("load_fixtures", verbosity=0)  # transactional tests start from an empty database
    schema = schemathesis.openapi.from_url(live_server.url + api("openapi.json"))
    operations = [result.ok() for result in schema.get_all_operations()]
    sent = {}
    for operation in operations:
        sent[operation.label, "positive"] = fuzz(operation, GenerationMode.POSITIVE, live_server.url)
        if any(operation.iter_parameters()):  # nothing to get wrong without parameters
            sent[operation.label, "negative"] = fuzz(operation, GenerationMode.NEGATIVE, live_server.url)
    assert sorted({label for label, _ in sent}) == sorted(f"GET {path}" for path in schema.raw_schema["paths"])
    assert len(operations) == 13
    assert sent[f"GET {api('events')}", "negative"] == MAX_EXAMPLES

    # Random slugs are 404s: check each real detail response too.
    def listed(path: str) -> list[dict]:
        return client.get(api(path), {"limit": 100}).json()["items"]

    remarks = [{"event_slug": r["event"], "slug": r["slug"]} for r in listed("remarks")]
    real = {
        "events/{slug}": [{"slug": e["slug"]} for e in listed("events")],
        "speakers/{slug}": [{"slug": p["slug"]} for p in listed("speakers")],
        "organisations/{slug}": [{"slug": o["slug"]} for o in listed("organisations")],
        "remarks/{event_slug}/{slug}": remarks,
        "proceedings/{event_slug}": [{"event_slug": KIT}, {"event_slug": "digital-society-2014"}],
        "publications/{slug}": [{"slug": p["slug"]} for p in listed("publications")],
    }
    checked = 0
    for operation in operations:
        for path_parameters in real.get(operation.path.removeprefix(api()), []):
            response = operation.Case(path_parameters=path_parameters).call_and_validate(
                base_url=live_server.url, checks=CHECKS
            )
            assert response.status_code == 200
            checked += 1
    assert checked == sum(map(len, real.values())) > 100
