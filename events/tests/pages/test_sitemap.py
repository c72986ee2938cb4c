"""The sitemap lists every public page, in English and French with its alternates, and when its content changed."""

import datetime as dt
import re
from collections import deque
from xml.etree import ElementTree

import pytest
from django.db.models import Q
from django.utils import timezone

from events.models import Event, Organisation, Session, Venue
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"
LINK = re.compile(r'href="(/[^"#?]*)["#]')
# Not pages: feeds, the admin, the API, files, the language switch, search results, registration forms.
NOT_PAGES = re.compile(r"\.(ics|xml|json|bib)$|^/(fr/)?(admin|i18n|api|static|media|search|registration)/|/register/$")
LONG_AGO = timezone.now() - dt.timedelta(days=400)


def sitemap(client) -> dict[str, dict]:
    """loc -> {"lastmod": ..., "alternates": {hreflang: href}}"""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", NS):  # noqa: S314 (our own output)
        lastmod = url.find("s:lastmod", NS)
        urls[url.find("s:loc", NS).text] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)},
        }
    return urls


def crawl(client, start: str) -> set[str]:
    """Every page and document reached from `start` by following links (pages must answer 200)."""
    seen, queue = {start}, deque([start])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if path.endswith(".pdf"):
            assert response.status_code in (200, 202), path  # 202: being prepared
            continue
        assert response.status_code == 200, path
        for href in LINK.findall(response.content.decode()):
            if href not in seen and not NOT_PAGES.search(href) and "/kit/editions/" not in href:
                seen.add(href)
                queue.append(href)
    return seen


def test_every_page_reachable_by_links_is_in_the_sitemap_and_nothing_else(client):
    listed = set(sitemap(client))
    pages = {HOST + path for path in crawl(client, "/") | crawl(client, "/fr/")}
    assert sorted(pages - listed) == []
    # What no link reaches (a publication no page names) is listed all the same: it is public.
    for loc in listed - pages:
        assert client.get(loc).status_code == (202 if loc.endswith(".pdf") else 200), loc


def test_every_url_in_both_languages_with_alternates(client):
    urls = sitemap(client)
    assert len(urls) > 200
    for loc, url in urls.items():
        english = loc.replace(f"{HOST}/fr/", f"{HOST}/")
        assert url["alternates"] == {
            "en": english,
            "fr": english.replace(HOST, f"{HOST}/fr", 1),
            "x-default": english,
        }, loc
    sections = {loc.removeprefix(HOST).removeprefix("/fr").split("/")[1] for loc in urls}
    assert sections == {"", "events", "speakers", "organisations", "publications", "years"}


def test_side_events_documents_proceedings_remarks_and_years_are_listed(client):
    urls = sitemap(client)
    for path in (
        "/events/alliance-2019-icat/",
        "/events/alliance-19-2019/programme.pdf",
        f"/events/{KIT}/proceedings/",
        f"/events/{KIT}/proceedings.pdf",
        f"/events/{KIT}/remarks/yves-charpenel-remarks/",
        "/years/2014/",
        "/organisations/osce/",
        "/speakers/",
    ):
        assert HOST + path in urls and f"{HOST}/fr{path}" in urls, path
    assert not [loc for loc in urls if "csw62-2018" in loc]  # the draft conference


def test_lastmod_is_when_the_content_last_changed(client):
    Event.objects.update(content_changed_at=LONG_AGO)
    old, today = LONG_AGO.date().isoformat(), timezone.now().date().isoformat()
    assert {url["lastmod"] for loc, url in sitemap(client).items() if "/publications/" not in loc} == {old}
    session = Session.objects.filter(event__slug=KIT).first() or Session.objects.create(
        event=Event.objects.get(slug=KIT), slug="extra", title="Extra"
    )
    session.title = "Changed"
    session.save()
    urls = sitemap(client)
    changed = {loc for loc, url in urls.items() if url["lastmod"] == today and not loc.startswith(f"{HOST}/fr/")}
    kit_people = Person.objects.filter(participations__event__slug=KIT).distinct()
    kit_organisations = Organisation.objects.filter(event_roles__event__slug=KIT).values_list("slug", flat=True)
    assert {f"{HOST}/events/{KIT}/", f"{HOST}/events/{KIT}/proceedings/", f"{HOST}/years/2018/", f"{HOST}/"} <= changed
    assert {f"{HOST}/speakers/{person.slug}/" for person in kit_people} <= changed
    assert {f"{HOST}/organisations/{slug}/" for slug in kit_organisations} <= changed
    assert f"{HOST}/events/alliance-19-2019/" not in changed and f"{HOST}/years/2019/" not in changed
    assert [url["lastmod"] for loc, url in urls.items() if "/publications/" in loc] == [None, None]  # no such time


def test_a_shared_record_changes_the_events_that_print_it(client):
    Event.objects.update(content_changed_at=LONG_AGO)
    venue = Venue.objects.get(slug="proskauer-new-york-city-offices")
    venue.address = "11 Times Square, New York, NY 10036"
    venue.save()
    today = timezone.now().date().isoformat()
    assert {loc for loc, url in sitemap(client).items() if url["lastmod"] == today and "/fr/" not in loc} == {
        f"{HOST}{path}"
        for path in (
            f"/events/{KIT}/",
            f"/events/{KIT}/proceedings/",
            f"/events/{KIT}/kit.pdf",
            f"/events/{KIT}/proceedings.pdf",
            f"/events/{KIT}/remarks/yves-charpenel-remarks/",
            f"/events/{KIT}/remarks/ambassador-sunesson-remarks/",
            "/years/2018/",
            "/",
            "/speakers/",
        )
    } | {f"{HOST}/speakers/{p.slug}/" for p in Person.objects.filter(participations__event__slug=KIT)} | {
        f"{HOST}/organisations/{o.slug}/"
        for o in Organisation.objects.filter(Q(events__slug=KIT) | Q(participations__event__slug=KIT))
    }
    person = Person.objects.get(slug="valiant-richey")  # in 2018 and in two 2019 side events
    person.bio = "Changed"
    person.save()
    changed = {loc for loc, url in sitemap(client).items() if url["lastmod"] == today}
    assert {f"{HOST}/events/{KIT}/", f"{HOST}/events/alliance-2019-minors-digital-age/"} <= changed
    assert f"{HOST}/events/alliance-19-2019/" in changed  # its programme lists the side events
    assert f"{HOST}/events/alliance-2019-icat/" not in changed


@pytest.mark.parametrize("count", [1, 40])
def test_sitemap_query_count_is_constant(client, django_assert_num_queries, count):
    organisation = Organisation.objects.create(slug="sitemap-org", name="Org")
    for i in range(count):
        event = Event.objects.create(
            slug=f"sitemap-{i}", title=f"Event {i}", status="published", timezone="UTC",
            start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 1, 1),
        )  # fmt: skip
        event.sessions.create(slug="s", title="S")
        person = Person.objects.create(slug=f"sitemap-person-{i}", name=f"Person {i}")
        Participation.objects.create(person=person, event=event, organisation=organisation)
    # Per sitemap: pages 1, years 1, events 1, documents 3, speakers 1, organisations 5, proceedings 1, remarks 1,
    # publications 1; and the page cache's data version.
    with django_assert_num_queries(16):
        urls = sitemap(client)
    assert f"{HOST}/events/sitemap-{count - 1}/" in urls and f"{HOST}/fr/speakers/sitemap-person-0/" in urls
