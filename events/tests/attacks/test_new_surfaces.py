"""The surfaces added lately (page cache, /media/, CORS, per-session .ics and the changes to the programme, the API's
languages, sitemap and JSON-LD), attacked from outside org B: no quokka of its drafts, no private answer, reaches
anyone who may not edit them."""

import datetime as dt
from urllib.parse import unquote, urlsplit

import pytest
from django.core.cache import caches
from django.urls import reverse

from events.models import Event, KitEdition, RenderedDocument, Session, Venue
from events.services import event_publish, event_unpublish, kit_edition_withdraw
from events.tests.attacks.conftest import canaries
from speakers.models import Participation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_page_cache():
    # The data version restarts with every test's database: entries of an earlier test must not answer here.
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _body(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


# --- Changes to the programme ------------------------------------------------------------------------------------

PROGRAMME_OUTPUTS = [
    "/events/open-conference/",
    "/events/open-conference/calendar.ics",
    "/events/open-conference/schedule.xml",
    "/events/open-conference/schedule.json",
    "/api/v1/events/open-conference",
    "/events.ics",
]


def _published_side_event_with_a_draft_past(foreign) -> Event:
    """The draft side event of the published conference, edited while a draft (new place, renamed), then published."""
    child = Event.objects.get(pk=foreign["child"].pk)
    child.venue = Venue.objects.create(slug="v1", name="Quokka Hideout", city="Quokkaville")
    child.save()
    child.start_date, child.end_date = dt.date(2031, 6, 2), dt.date(2031, 6, 2)
    child.save()
    child.venue = Venue.objects.create(slug="v2", name="Open Hall", city="Paris")
    child.title, child.slug = "Open Child", "open-child"
    child.save()
    child.participations.update(position="Open Child Position")  # what is published with it is public
    event_publish(event=child)
    return child


def test_the_changes_to_the_programme_start_when_a_side_event_is_published(client, foreign):
    """What a side event was while a draft (its draft title, places, dates) is no change the public may read."""
    _published_side_event_with_a_draft_past(foreign)
    leaks = {url: canaries(_body(client.get(url))) for url in PROGRAMME_OUTPUTS}
    assert {url: lines for url, lines in leaks.items() if lines} == {}


def test_a_side_event_unpublished_and_published_again_shows_no_change_made_meanwhile(client, foreign):
    child = _published_side_event_with_a_draft_past(foreign)
    event_unpublish(event=child)
    child.refresh_from_db()
    child.venue = Venue.objects.create(slug="v3", name="Quokka Shelter", city="Quokkaton")
    child.save()
    child.venue = Venue.objects.create(slug="v4", name="Open Annex", city="Paris")
    child.save()
    event_publish(event=child)
    leaks = {url: canaries(_body(client.get(url))) for url in PROGRAMME_OUTPUTS}
    assert {url: lines for url, lines in leaks.items() if lines} == {}


def test_a_session_moved_in_from_a_draft_brings_no_draft_past(client, foreign):
    session = Session.objects.get(pk=foreign["session"].pk)
    session.participations.all().delete()
    session.organisers.clear()
    session.event = foreign["published"]
    session.title, session.slug = "Moved Session", "moved-session"
    session.save()
    urls = [*PROGRAMME_OUTPUTS, "/events/open-conference/sessions/moved-session.ics"]
    leaks = {url: canaries(_body(client.get(url))) for url in urls}
    assert {url: lines for url, lines in leaks.items() if lines} == {}


def test_a_session_of_a_draft_has_no_calendar_entry(client, foreign):
    answers = {
        url: client.get(url).status_code
        for url in (
            "/events/quokka-draft/sessions/quokka-session.ics",
            "/events/open-conference/sessions/quokka-session.ics",
            "/events/quokka-parent/sessions/open-side-session.ics",
        )
    }
    assert answers == dict.fromkeys(answers, 404)


# --- The page cache ------------------------------------------------------------------------------------------------


def test_an_editors_preview_is_never_served_to_a_visitor(client, client_for, users, foreign, org_b):
    org_b.members.add(users["editor"])
    editor = client_for(users["editor"])
    assert editor.get("/events/quokka-draft/").status_code == 200
    editor.get("/events/open-conference/")  # an editor sees the draft side event there
    editor.get("/api/v1/events/open-conference")
    client.logout()
    client.cookies.clear()
    answers = {url: client.get(url) for url in ("/events/quokka-draft/", "/events/open-conference/")}
    assert answers["/events/quokka-draft/"].status_code == 404
    assert canaries(_body(answers["/events/open-conference/"])) == []
    assert canaries(_body(client.get("/api/v1/events/open-conference"))) == []


def test_a_page_unpublished_is_gone_from_the_cache_at_once(client, foreign):
    assert client.get("/events/open-side-event/").status_code == 200
    assert client.get("/api/v1/events/open-side-event").status_code == 200
    event_unpublish(event=foreign["orphan"])
    answers = {u: client.get(u).status_code for u in ("/events/open-side-event/", "/api/v1/events/open-side-event")}
    assert answers == {"/events/open-side-event/": 404, "/api/v1/events/open-side-event": 404}


def test_no_cached_answer_carries_a_cookie_or_a_token(client, foreign):
    for _ in range(2):  # filled, then served
        for url in ("/", "/events/open-conference/", "/api/v1/events", "/sitemap.xml", "/fr/events/open-conference/"):
            response = client.get(url)
            assert (url, response.cookies.keys(), "csrfmiddlewaretoken" in _body(response)) == (url, set(), False)


def test_a_language_is_never_served_for_another(client, foreign):
    event = Event.objects.get(pk=foreign["published"].pk)
    event.title_fr = "Conférence ouverte"
    event.save()
    english, french = client.get("/events/open-conference/"), client.get("/fr/events/open-conference/")
    again = client.get("/events/open-conference/", HTTP_ACCEPT_LANGUAGE="fr")
    api_fr = client.get("/api/v1/events/open-conference?lang=fr").json()["title"]
    api_en = client.get("/api/v1/events/open-conference", HTTP_ACCEPT_LANGUAGE="en").json()["title"]
    assert ("Conférence ouverte" in _body(english), "Conférence ouverte" in _body(french)) == (False, True)
    assert again.content == english.content
    assert (api_fr, api_en) == ("Conférence ouverte", "Open Conference")


# --- /media/ --------------------------------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for folder, name in (("people", "face.jpg"), ("logos", "logo.png"), ("documents", "quokka-draft-kit.pdf")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_bytes(b"\xff\xd8quokka")
    (tmp_path / "documents" / "preview.jpg").write_bytes(b"\xff\xd8quokka")
    (tmp_path / "people" / "notes.txt").write_text("quokka")
    (tmp_path / "people" / "page.html").write_text("<p>quokka</p>")
    (tmp_path / "people" / "vector.svg").write_text("<svg><script>quokka</script></svg>")
    (tmp_path / "people" / "escape.jpg").symlink_to(tmp_path / "documents" / "preview.jpg")
    (tmp_path / "people" / "docs").symlink_to(tmp_path / "documents", target_is_directory=True)
    return tmp_path


ATTACKS = [
    "/media/documents/quokka-draft-kit.pdf",
    "/media/documents/preview.jpg",
    "/media/people/../documents/preview.jpg",
    "/media/people/%2e%2e/documents/preview.jpg",
    "/media/people%2f..%2fdocuments%2fpreview.jpg",
    "/media/people/..%2fdocuments/preview.jpg",
    "/media/people/%2e%2e%2fdocuments%2fpreview.jpg",
    "/media/people/..%5cdocuments%5cpreview.jpg",
    "/media//documents/preview.jpg",
    "/media/./documents/preview.jpg",
    "/media/people/./../documents/preview.jpg",
    "/media/People/face.jpg",
    "/media/DOCUMENTS/preview.jpg",
    "/media/people/escape.jpg",
    "/media/people/docs/preview.jpg",
    "/media/people/notes.txt",
    "/media/people/page.html",
    "/media/people/vector.svg",
    "/media/people/",
    "/media/people",
    "/media/people/face.jpg%00.pdf",
    "/media/logos/../../etc/passwd",
]


@pytest.mark.parametrize("url", ATTACKS)
def test_media_serves_nothing_but_public_pictures(client, media_root, url):
    response = client.get(url)
    body = _body(response).replace(unquote(urlsplit(url).path), "URL").replace(urlsplit(url).path, "URL")
    assert (response.status_code, canaries(body)) == (404, [])


def test_media_serves_a_photo_and_a_logo(client, media_root):
    answers = {}
    for url in ("/media/people/face.jpg", "/media/logos/logo.png"):
        response = client.get(url)
        answers[url] = (response.status_code, _body(response))
        response.close()
    assert answers == {
        "/media/people/face.jpg": (200, "\ufffd\ufffdquokka"),
        "/media/logos/logo.png": (200, "\ufffd\ufffdquokka"),
    }


# --- CORS -----------------------------------------------------------------------------------------------------------

NO_CORS = [
    "/",
    "/events/open-conference/",
    "/fr/events/open-conference/",
    "/events/open-conference/register/",
    "/events/quokka-draft/register/",
    "/registration/abc/",
    "/registration/abc/data.json",
    "/admin/",
    "/admin/login/",
    "/admin/door/",
    "/events/open-conference/kit.pdf",
    "/speakers/shared-speaker/",
    "/sitemap.xml",
    "/media/people/face.jpg",
]


@pytest.mark.parametrize("url", NO_CORS)
def test_no_cors_outside_the_read_only_urls(client, foreign, url):
    response = client.get(url, HTTP_ORIGIN="https://evil.example")
    preflight = client.options(url, HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    headers = {name for r in (response, preflight) for name in r.headers if name.lower().startswith("access-control")}
    assert headers == set()


@pytest.mark.parametrize("url", ["/api/v1/events", "/events.ics", "/events/open-conference/schedule.json"])
def test_cors_never_allows_credentials(client, foreign, url):
    for _ in range(2):  # fresh, then cached
        response = client.get(url, HTTP_ORIGIN="https://evil.example")
        assert (response.get("Access-Control-Allow-Origin"), response.get("Access-Control-Allow-Credentials")) == (
            "*",
            None,
        )


# --- API languages, sitemap, JSON-LD ------------------------------------------------------------------------------


def test_all_languages_prints_nothing_of_a_foreign_draft(client, foreign):
    event = Event.objects.get(pk=foreign["draft"].pk)
    event.title_fr, event.lede_fr = "Quokka brouillon", "Quokka chapeau"
    event.save()
    urls = [
        "/api/v1/events?all_languages=1",
        "/api/v1/events/open-conference?all_languages=1",
        "/api/v1/events/open-side-event?all_languages=1",
        "/api/v1/speakers/shared-speaker?all_languages=1",
        "/api/v1/organisations/org-b?all_languages=1",
        "/api/v1/sessions?all_languages=1",
        "/api/v1/remarks?all_languages=1&lang=fr",
    ]
    leaks = {url: canaries(_body(client.get(url))) for url in urls}
    assert {url: lines for url, lines in leaks.items() if lines} == {}


def test_sitemap_and_json_ld_name_no_draft(client, foreign):
    urls = ["/sitemap.xml", "/events/open-side-event/", "/events/open-conference/", "/speakers/shared-speaker/"]
    urls += [f"/fr{url}" for url in urls[1:]]
    leaks = {url: canaries(_body(client.get(url))) for url in urls}
    assert {url: lines for url, lines in leaks.items() if lines} == {}


# --- The admin's language tabs and the untranslated list ---------------------------------------------------------


@pytest.fixture
def foreign_in_french(foreign, events):
    """Org B's drafts with French text too, and the editor's own event sharing their person and organisation."""
    draft = Event.objects.get(pk=foreign["draft"].pk)
    draft.title_fr, draft.lede_fr, draft.organisers_note_fr = "Quokkafr titre", "Quokkafr chapeau", "Quokkafr note"
    draft.save()
    session = Session.objects.get(pk=foreign["session"].pk)
    session.title_fr = "Quokkafr séance"
    session.save()
    foreign["shared"].participations.filter(event=draft).update(position_fr="Quokkafr poste")
    own = events["a"]
    Participation.objects.create(event=own, person=foreign["shared"], position="Own Position")
    Session.objects.create(event=own, slug="own-session", title="Own Session").organisers.add(foreign["organisation"])
    return own


@pytest.mark.parametrize("role", ["staff", "editor", "publisher"])
def test_no_language_tab_or_untranslated_list_prints_a_foreign_draft(
    client_for, users, foreign, foreign_in_french, role
):
    from events.tests.attacks.test_admin_sweep import PROJECT_ADMINS, _changelist_urls, _leaks

    client = client_for(users[role])
    client.raise_request_exception = False
    own = foreign_in_french
    urls = [
        reverse("admin:events_event_change", args=[own.pk]),
        reverse("admin:events_event_change", args=[own.pk]) + "?language=fr",
    ]
    for record in (foreign["shared"], foreign["organisation"]):
        urls.append(reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]))
    for model in PROJECT_ADMINS:
        base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        urls += [f"{base}?q=okkafr", *_changelist_urls(model, foreign["draft"])[:1]]
    leaks = {}
    for language in ("en", "fr"):
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            if _leaks(response):
                leaks[f"{language} {url}"] = _leaks(response)
    assert leaks == {}


def test_a_withdrawn_kit_edition_leaves_the_cached_event_page_at_once(client, foreign):
    """A withdrawal saves no content (editions are outputs), yet the event page offers the editions: it must go."""
    event = foreign["published"]
    document = RenderedDocument.objects.create(
        event=event, kind="kit", paper="a4", content_hash="x", sha256="y", file="documents/x.pdf", size=1, pages=1
    )
    first = KitEdition.objects.create(event=event, number=1, document=document)
    KitEdition.objects.create(event=event, number=2, document=document)
    assert first.get_absolute_url() in _body(client.get(event.get_absolute_url()))  # now in the page cache
    kit_edition_withdraw(edition=first, reason="Wrong times")
    page = _body(client.get(event.get_absolute_url()))
    assert (first.get_absolute_url() in page, "/kit/editions/2.pdf" in page) == (False, True)


def test_a_draft_side_event_alone_offers_no_programme(client, foreign):
    """A published conference without sessions whose only side event is a draft: no programme PDF anywhere (it
    would say that a side event is being prepared), and the PDF's URL answers like any missing document."""
    foreign["published"].sessions.all().delete()
    pdf = "/events/open-conference/programme.pdf"
    places = {
        "page": pdf in _body(client.get("/events/open-conference/")),
        "sitemap": pdf in _body(client.get("/sitemap.xml")),
        "api": pdf in _body(client.get("/api/v1/events/open-conference")),
        "frab": pdf in _body(client.get("/events/open-conference/schedule.xml")),
        "download": client.get(pdf).status_code,
    }
    assert places == {"page": False, "sitemap": False, "api": False, "frab": False, "download": 404}
