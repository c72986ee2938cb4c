import datetime as dt

import pytest

from events.models import Event, EventOrganisation, Session
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Digital Society, from best to worst"),
        (f"/events/{KIT}/", "6:00"),
        ("/events/alliance-19-2019/", "Bibliotheksaal"),
        ("/events/alliance-2019-ict-identification/", "survivor leader"),
        (f"/events/{KIT}/proceedings/", "We have very good laws in Europe"),
        (f"/events/{KIT}/remarks/ambassador-sunesson-remarks/", "It has been said many times before"),
        ("/organisations/scelles-foundation/", "14 Rue Mondétour"),
        ("/publications/global-report-2019-cyberprocuring/", "Sources"),
        ("/speakers/", "Valiant Richey"),
        ("/speakers/valiant-richey/", "Acting OSCE Co-ordinator"),
    ],
)
def test_public_pages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_times_are_shown_in_the_event_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    content = client.get(f"/events/{KIT}/").content.decode()
    assert "6 p.m. – 8 p.m." in content


@pytest.mark.parametrize(
    "path", ["/events/csw62-2018/", "/events/no-such-event/", "/speakers/nobody/", "/publications/nothing/"]
)
def test_drafts_and_unknown_slugs_are_404(client, path):
    assert client.get(path).status_code == 404


def test_unpublished_event_disappears_from_every_public_page(client):
    Event.objects.filter(slug="digital-society-2014").update(status=Event.Status.DRAFT)
    assert client.get("/events/digital-society-2014/").status_code == 404
    assert "Digital Society" not in client.get("/").content.decode()
    # Myriam Quemener appears only in 2014: her page goes too.
    person = Person.objects.filter(participations__event__slug="digital-society-2014").exclude(
        participations__event__status=Event.Status.PUBLISHED
    )
    assert client.get(person.first().get_absolute_url()).status_code == 404


def test_staff_preview_drafts(admin_client):
    Event.objects.filter(slug="digital-society-2014").update(status=Event.Status.DRAFT)
    response = admin_client.get("/events/digital-society-2014/")
    assert (response.status_code, "Draft: only staff can see this page." in response.content.decode()) == (200, True)


def test_stored_html_is_escaped_or_sanitised_on_pages(client):
    Event.objects.filter(slug=KIT).update(
        lede="<script>alert(1)</script>", summary_who='<p onmouseover="x()">Who<script>bad()</script></p>'
    )
    content = client.get(f"/events/{KIT}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert ("onmouseover" in content, "bad()" in content) == (False, False)


def add_people_and_sessions(event: Event, count: int) -> None:
    for i in range(count):
        person = Person.objects.create(slug=f"p-{event.slug}-{i}", name=f"Person {i}")
        session = Session.objects.create(
            event=event,
            slug=f"s-{i}",
            title=f"Session {i}",
            starts_at=dt.datetime(2030, 3, 14, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
            ends_at=dt.datetime(2030, 3, 14, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
        )
        Participation.objects.create(person=person, event=event, role="speaker", order=i)
        Participation.objects.create(person=person, event=event, session=session, role="speaker")


@pytest.mark.parametrize("count", [1, 50])
def test_event_page_query_count_is_constant(client, django_assert_num_queries, count, organisation):
    event = Event.objects.create(
        slug="many", title="Many", status="published", timezone="UTC",
        start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
    )  # fmt: skip
    EventOrganisation.objects.create(event=event, organisation=organisation)
    add_people_and_sessions(event, count)
    # 12 (the organisations in a role among them), the programme's history (sessions, events, people), the data version
    with django_assert_num_queries(16):
        assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_home_query_count_is_constant(client, django_assert_num_queries, count, organisation):
    for i in range(count):
        event = Event.objects.create(
            slug=f"e-{i}", title=f"E {i}", status="published", timezone="UTC",
            start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
        )  # fmt: skip
        EventOrganisation.objects.create(event=event, organisation=organisation)
    with django_assert_num_queries(7):  # 5, the publications the home page links, the data version
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_proceedings_page_query_count_is_constant(client, django_assert_num_queries, count):
    from events.models import Proceedings, Quote, Takeaway

    proceedings = Proceedings.objects.get(event__slug=KIT)
    for i in range(count):
        takeaway = Takeaway.objects.create(proceedings=proceedings, number=100 + i, title=f"T {i}")
        Quote.objects.create(
            proceedings=proceedings, order=1000 + i, speaker_id=Person.objects.first().pk, text="q", takeaway=takeaway
        )
    # 20: the parent is loaded on its own, through the visibility policy (here a draft: no row comes back); the
    # page cache reads the data version; the organisations in a role are listed among the participants.
    with django_assert_num_queries(21):
        assert client.get(f"/events/{KIT}/proceedings/").status_code == 200


def test_event_page_links_every_export(client):
    content = client.get(f"/events/{KIT}/").content.decode()
    for href in (
        f"/events/{KIT}/calendar.ics",
        f"/events/{KIT}/schedule.xml",
        f"/events/{KIT}/schedule.json",
        f"/api/v1/events/{KIT}",
        f"/events/{KIT}/proceedings/cite.bib",
        f"/events/{KIT}/kit.pdf",
    ):
        assert f'href="{href}"' in content, href
        response = client.get(href)
        # A PDF never rendered is prepared by the worker, never inside a public request: "being prepared" (202).
        assert (href, response.status_code) == (href, 202 if href.endswith(".pdf") else 200)
        if response.streaming:
            b"".join(response.streaming_content)


def test_home_shows_recent_years_and_links_the_archive(client, organisation):
    for year in (2005, 2008, 2011):
        event = Event.objects.create(
            slug=f"old-{year}", title=f"Old {year}", status="published", timezone="UTC",
            start_date=dt.date(year, 5, 1), end_date=dt.date(year, 5, 1),
        )  # fmt: skip
        EventOrganisation.objects.create(event=event, organisation=organisation)
    content = client.get("/").content.decode()
    assert ("Old 2011" in content, 'href="/years/2011/"' in content, 'href="/years/2005/"' in content) == (
        False,
        True,
        True,
    )
    archive = client.get("/years/2011/").content.decode()
    assert ("Old 2011" in archive, "Old 2008" in archive) == (True, False)
    assert client.get("/years/1990/").status_code == 404
