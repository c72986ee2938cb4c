"""What search engines and sharing previews read in every public page: canonical address, language alternates, a
description and an image, the favicon; the language switch as links; every page reachable by links."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from events.models import Event, EventOrganisation
from events.templatetags.events_tags import plain_text

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
SITE_IMAGE = "http://testserver/static/img/eventsite-card.png"
PAGES = [
    "/",
    "/years/2014/",
    f"/events/{KIT}/",
    "/events/alliance-2019-icat/",  # a side event
    "/events/alliance-19-2019/",  # the 2019 programme
    "/events/digital-society-2014/",
    f"/events/{KIT}/proceedings/",
    f"/events/{KIT}/remarks/ambassador-sunesson-remarks/",
    "/publications/global-report-2019-cyberprocuring/",
    "/speakers/",
    "/speakers/valiant-richey/",
    "/organisations/scelles-foundation/",
    "/search/",
]


class Head(HTMLParser):
    """The <meta> and <link> elements of a page, its forms and the language switch (links in the site header)."""

    def __init__(self, content: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.switch: dict[str, str] = {}
        self.forms: list[dict[str, str]] = []
        self.in_site_header = False
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("name" in attributes or "property" in attributes):
            key = attributes.get("name") or attributes["property"]
            self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "header" and "site-header" in attributes.get("class", ""):
            self.in_site_header = True
        elif tag == "a" and self.in_site_header and "hreflang" in attributes:
            self.switch[attributes["hreflang"]] = attributes["href"]
        elif tag == "form":
            self.forms.append(attributes)

    def handle_endtag(self, tag):
        if tag == "header":
            self.in_site_header = False

    def link(self, rel: str, hreflang: str | None = None) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (hreflang is None or link.get("hreflang") == hreflang)
        ]


def head_of(client, path: str, status: int = 200) -> Head:
    response = client.get(path)
    assert response.status_code == status, path
    return Head(response.content.decode())


@pytest.mark.parametrize("prefix", ["", "/fr"])
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_declares_its_addresses_description_and_image(client, path, prefix):
    head = head_of(client, prefix + path)
    english, french = f"http://testserver{path}", f"http://testserver/fr{path}"
    assert head.link("canonical") == [french if prefix else english]
    assert (head.link("alternate", "en"), head.link("alternate", "fr"), head.link("alternate", "x-default")) == (
        [english],
        [french],
        [english],
    )
    assert head.meta["og:url"] == head.link("canonical")
    assert len(head.meta["description"]) == 1
    assert head.meta["description"][0].strip() != ""
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:image"][0].startswith("http://testserver/")
    assert head.link("icon")[0] == "/static/favicon.ico"


def test_canonical_and_og_url_drop_the_query_but_keep_the_page_number(client):
    search = head_of(client, "/search/?q=trafficking&utm_source=newsletter")
    speakers = head_of(client, "/speakers/?page=2&utm_source=newsletter")
    assert (search.link("canonical"), search.meta["og:url"]) == (["http://testserver/search/"],) * 2
    assert (speakers.link("canonical"), speakers.meta["og:url"]) == (["http://testserver/speakers/?page=2"],) * 2


def test_language_switch_is_links_to_the_same_page_and_pages_carry_no_csrf_token(client):
    response = client.get(f"/events/{KIT}/")
    head = Head(response.content.decode())
    assert head.switch == {"en": f"/events/{KIT}/", "fr": f"/fr/events/{KIT}/"}
    assert (head.forms, "csrfmiddlewaretoken" in response.content.decode(), "csrftoken" in response.cookies) == (
        [],
        False,
        False,
    )
    french = Head(client.get(f"/fr/events/{KIT}/").content.decode())
    assert french.switch["en"] == f"/events/{KIT}/"
    # The search keeps its query in the other language.
    results = Head(client.get("/search/?q=trafficking&year=2018").content.decode())
    assert results.switch["fr"] == "/fr/search/?q=trafficking&year=2018"


def test_a_missing_page_declares_no_address_and_switches_to_the_home_page(client):
    head = head_of(client, "/no/such/page/", status=404)
    assert (head.link("canonical"), head.meta["robots"], head.switch) == ([], ["noindex"], {"en": "/", "fr": "/fr/"})


def test_a_side_event_without_text_still_has_a_description(client):
    Event.objects.filter(slug="alliance-2019-icat").update(lede="", subtitle="", description="")
    description = head_of(client, "/events/alliance-2019-icat/").meta["description"][0]
    assert description == (
        "Side event during 19th Alliance against Trafficking in Persons, April 8, 2019, 1:15 p.m. – 2 p.m., "
        "Bibliotheksaal, 5th floor. Organised by United Nations Inter-Agency…"
    )


def test_shared_image_is_the_organisers_logo_else_the_site_image(client):
    assert head_of(client, f"/events/{KIT}/").meta["og:image"] == [SITE_IMAGE]
    organiser = EventOrganisation.objects.filter(event__slug=KIT, role="organiser").first().organisation
    organiser.logo, organiser.logo_alt = "logos/organiser.png", "The organiser's logo"
    organiser.save()  # a saved change: cached pages are not served any more
    head = head_of(client, f"/events/{KIT}/")
    assert (head.meta["og:image"], head.meta["og:image:alt"]) == (
        ["http://testserver/media/logos/organiser.png"],
        ["The organiser's logo"],
    )
    assert head_of(client, organiser.get_absolute_url()).meta["og:image"] == head.meta["og:image"]


def test_favicon_ico_is_ours(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    assert finders.find("favicon.svg") is not None
    assert finders.find("img/eventsite-card.png") is not None


def test_year_pages_and_the_calendar_of_all_events_are_linked(client):
    home = client.get("/").content.decode()
    assert ('href="/years/2019/"' in home, 'href="/years/2014/"' in home, 'href="/events.ics"' in home) == (
        True,
        True,
        True,
    )
    year = client.get("/years/2018/").content.decode()
    other_years = re.findall(r'href="/years/(\d+)/"', year.split('aria-labelledby="archive"')[1])
    assert other_years == ["2019", "2014"]


def test_search_form_markup(client):
    content = client.get("/search/?q=trafficking").content.decode()
    query = re.search(r"<input[^>]*name=\"q\"[^>]*>", content).group(0)
    assert re.findall(r"\btype=\"(\w+)\"", query) == ["search"]
    buttons = re.findall(r"<button[^>]*>\s*Search\s*</button>", content)
    assert ('name=""' in content, len(buttons), 'type="submit"' in buttons[0], "name=" in buttons[0]) == (
        False,
        1,
        True,
        False,
    )


@pytest.mark.parametrize("count", [1, 30])
def test_year_page_query_count_is_constant(client, django_assert_num_queries, count, organisation):
    for i in range(count):
        event = Event.objects.create(
            slug=f"y-{i}", title=f"Y {i}", status="published", timezone="UTC",
            start_date=dt.date(2031, 3, 14), end_date=dt.date(2031, 3, 14),
        )  # fmt: skip
        EventOrganisation.objects.create(event=event, organisation=organisation)
    with django_assert_num_queries(6):  # the page cache's data version, the years, the events and their relations
        assert client.get("/years/2031/").status_code == 200


def test_plain_text_is_one_line_cut_between_words():
    text = "<p>One &amp; two.</p>\n<p>" + "word " * 60 + "</p>"
    short = plain_text(text, limit=30)
    assert (plain_text("<p>One &amp;\n two.</p>"), short, len(short) <= 30) == (
        "One & two.",
        "One & two. word word word…",
        True,
    )


def test_a_registrants_personal_page_is_declared_nowhere(client):
    from events.models import Registration
    from events.registration.links import Purpose, registration_token

    registration = Registration.objects.create(
        event=Event.objects.get(slug=KIT), name="Ana", email="ana@example.org", consent=True
    )
    head = head_of(client, f"/registration/{registration_token(registration, Purpose.MANAGE)}/")
    assert (head.link("canonical"), head.link("alternate", "fr"), "og:url" in head.meta, head.meta["robots"]) == (
        [],
        [],
        False,
        ["noindex"],
    )
