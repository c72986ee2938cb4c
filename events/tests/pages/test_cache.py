"""The page cache (eventsite.infra.pagecache): warm anonymous requests render nothing and read only the data version;
drafts, editors, personal answers are never served from it; conditional GET on what it serves."""

import datetime as dt

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils.http import http_date

from events import services
from events.models import Event, EventOrganisation
from eventsite.infra import pagecache

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
SIDE = "alliance-2019-ict-identification"

PUBLIC = [
    "/",
    f"/events/{KIT}/",
    "/events/alliance-19-2019/",
    f"/fr/events/{KIT}/",
    "/speakers/valiant-richey/",
    "/speakers/",
    "/search/?q=trafficking",
    f"/events/{KIT}/calendar.ics",
    f"/events/{KIT}/schedule.xml",
    f"/events/{KIT}/schedule.json",
    "/events.ics",
    "/sitemap.xml",
    "/api/v1/events",
    f"/api/v1/events/{KIT}",
]
HTML = [p for p in PUBLIC if p.endswith("/") or "?" in p]


def queries_of(client, path: str, **headers):
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("path", PUBLIC)
def test_a_warm_request_renders_nothing_and_reads_only_the_version(client, django_assert_num_queries, path):
    cold = client.get(path)
    with django_assert_num_queries(1):  # the data version
        warm = client.get(path)
    assert (warm.status_code, warm.content, warm.templates) == (200, cold.content, [])


def test_every_public_view_is_either_cached_or_left_out_on_purpose():
    """A new page or feed is classified in eventsite/infra/pagecache.py: CACHED_VIEWS, or UNCACHED_VIEWS and why."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("admin", "door", "api") and pattern.app_name != "admin":
                    yield from names(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name

    public = set(names(get_resolver().url_patterns)) - {"set_language"}  # i18n/: a POST, answered by a redirect
    assert public - pagecache.CACHED_VIEWS - pagecache.UNCACHED_VIEWS == set()
    assert not pagecache.CACHED_VIEWS & pagecache.UNCACHED_VIEWS


def test_a_hit_is_found_after_url_resolution_too(client, django_assert_num_queries):
    """A new handler (another worker's) knows no paths yet: it finds what is stored once the URL is resolved."""
    from django.test import Client

    client.get(f"/events/{KIT}/")
    with django_assert_num_queries(1):
        response = Client().get(f"/events/{KIT}/")
    assert (response.status_code, response.templates) == (200, [])


@pytest.mark.parametrize("path", HTML)
def test_the_first_request_renders_the_page(client, path):
    assert client.get(path).templates != []


@pytest.mark.parametrize("count", [1, 40])
def test_warm_home_reads_only_the_version_whatever_the_number_of_events(
    client, django_assert_num_queries, organisation, count
):
    for i in range(count):
        event = Event.objects.create(
            slug=f"many-{i}", title=f"Many {i}", status=Event.Status.PUBLISHED, timezone="UTC",
            start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
        )  # fmt: skip
        EventOrganisation.objects.create(event=event, organisation=organisation)
    assert f"Many {count - 1}" in client.get("/").content.decode()
    with django_assert_num_queries(1):
        client.get("/")


def test_unpublishing_answers_404_at_once_everywhere(client):
    event = Event.objects.get(slug=SIDE)
    pages = [f"/events/{SIDE}/", f"/events/{SIDE}/calendar.ics", f"/api/v1/events/{SIDE}"]
    assert [client.get(p).status_code for p in pages] == [200, 200, 200]
    assert SIDE in client.get("/api/v1/events").content.decode()
    services.event_unpublish(event=event)
    assert [client.get(p).status_code for p in pages] == [404, 404, 404]
    assert SIDE not in client.get("/api/v1/events").content.decode()
    services.event_publish(event=event)  # a draft's 404 was not kept either
    assert [client.get(p).status_code for p in pages] == [200, 200, 200]


def test_a_saved_change_shows_on_the_next_request(client):
    assert "Renamed colloquium" not in client.get(f"/events/{KIT}/").content.decode()
    event = Event.objects.get(slug=KIT)
    event.title = "Renamed colloquium"
    event.save()
    response = client.get(f"/events/{KIT}/")
    assert ("Renamed colloquium" in response.content.decode(), response.templates != []) == (True, True)


def test_editors_are_never_served_nor_stored(client, admin_client):
    services.event_unpublish(event=Event.objects.get(slug=SIDE))
    for _ in range(2):
        preview = admin_client.get(f"/events/{SIDE}/")
        assert (preview.status_code, preview.templates != []) == (200, True)
    assert client.get(f"/events/{SIDE}/").status_code == 404
    # A public page cached by a visitor is rendered afresh for an editor, with what editors see.
    client.get(f"/events/{KIT}/")
    response, queries = queries_of(admin_client, f"/events/{KIT}/")
    assert (response.templates != [], queries > 1) == (True, True)


def test_a_visitor_with_a_session_or_messages_is_not_served_from_the_cache(client):
    client.get("/")
    client.cookies["messages"] = "pending"
    assert client.get("/").templates != []
    del client.cookies["messages"]
    client.cookies["sessionid"] = "someone"
    assert client.get("/").templates != []


@pytest.mark.parametrize("path", ["/admin/login/", f"/events/{KIT}/register/"])
def test_admin_and_registration_pages_are_never_cached(client, path):
    Event.objects.filter(slug=KIT).update(registration_open=True, capacity=10)
    assert [client.get(path).templates != [] for _ in range(2)] == [True, True]


def test_languages_are_cached_apart(client):
    english = client.get(f"/events/{KIT}/").content.decode()
    french = client.get(f"/fr/events/{KIT}/").content.decode()
    assert ('<html lang="en">' in english, '<html lang="fr">' in french) == (True, True)
    # The API is outside the language prefixes: the language the request negotiates is part of the key.
    client.get("/api/v1/events", headers={"accept-language": "en"})
    _response, queries = queries_of(client, "/api/v1/events", **{"accept-language": "fr"})
    assert queries > 1
    _response, queries = queries_of(client, "/api/v1/events?lang=fr", **{"accept-language": "en"})
    assert queries > 1


@pytest.mark.parametrize("path", [f"/events/{KIT}/", f"/events/{KIT}/calendar.ics", "/api/v1/events"])
def test_cached_answers_carry_the_headers_of_fresh_ones(client, path):
    cold = client.get(path, headers={"origin": "https://partner.example"})
    warm = client.get(path, headers={"origin": "https://other.example"})
    assert warm.templates == [] and warm.content == cold.content
    assert dict(warm.headers) == dict(cold.headers)
    for name in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
        assert warm.has_header(name), name
    assert warm["Cache-Control"] == "public, no-cache"


def test_feeds_and_api_keep_their_cors_headers_when_cached(client):
    path = f"/events/{KIT}/schedule.json"
    fresh = client.get(path, headers={"origin": "https://partner.example"})
    cached = client.get(path, headers={"origin": "https://partner.example"})
    assert cached.templates == [] and cached.content == fresh.content
    cors = {k: v for k, v in fresh.headers.items() if k.lower().startswith("access-control") or k == "Vary"}
    assert {k: cached.headers[k] for k in cors} == cors


@pytest.mark.parametrize("path", [f"/events/{KIT}/", f"/events/{KIT}/calendar.ics", "/api/v1/events", "/sitemap.xml"])
def test_conditional_get_answers_304(client, path):
    first = client.get(path)
    for headers in ({"if-none-match": first["ETag"]}, {"if-modified-since": first["Last-Modified"]}):
        for _ in range(2):  # from the fresh answer, then from the cache
            client.get(path)
            response = client.get(path, headers=headers)
            assert (response.status_code, response.content, response["ETag"]) == (304, b"", first["ETag"])
    assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200
    earlier = http_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC).timestamp())
    assert client.get(path, headers={"if-modified-since": earlier}).status_code == 200


def test_a_changed_page_gets_a_new_etag(client):
    first = client.get(f"/events/{KIT}/")
    event = Event.objects.get(slug=KIT)
    event.title = "Renamed colloquium"
    event.save()
    response = client.get(f"/events/{KIT}/", headers={"if-none-match": first["ETag"]})
    assert (response.status_code, response["ETag"] != first["ETag"]) == (200, True)


def test_head_is_served_from_the_cache(client):
    get = client.get(f"/events/{KIT}/calendar.ics")
    head = client.head(f"/events/{KIT}/calendar.ics")
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", get["ETag"])


# --- What is never stored, on views of our own placed in the cache's scope -----------------------------------------

CALLS: list[str] = []


def _counted(name: str, make):
    def view(request):
        CALLS.append(name)
        return make(request)

    return view


def _with_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def _with_session(request):
    request.session["seen"] = True
    return HttpResponse("session")


def _private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


def _nonce(request):
    return HttpResponse(f"nonce {request._csp_nonce}")


VIEWS = {
    "plain": lambda request: HttpResponse("plain"),
    "by-agent": lambda request: HttpResponse(request.headers.get("User-Agent", ""), headers={"Vary": "User-Agent"}),
    "csrf-token": lambda request: HttpResponse(f"token {get_token(request)}"),
    "cookie": _with_cookie,
    "session": _with_session,
    "private": _private,
    "nonce": _nonce,
    "not-found": lambda request: HttpResponse("no", status=404),
    "redirect": lambda request: HttpResponse(status=302, headers={"Location": "/"}),
    "streamed": lambda request: StreamingHttpResponse(iter([b"a", b"b"])),
    "vary-all": lambda request: HttpResponse("any", headers={"Vary": "*"}),
}
urlpatterns = [path(f"{name}/", _counted(name, view), name=f"test-{name}") for name, view in VIEWS.items()]


@pytest.fixture
def own_views(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(pagecache, "CACHED_VIEWS", frozenset(f"test-{name}" for name in VIEWS))
    CALLS.clear()


def test_our_plain_view_is_cached(client, own_views):
    client.get("/plain/")
    client.get("/plain/")
    assert CALLS == ["plain"]


@pytest.mark.parametrize("name", [name for name in VIEWS if name not in ("plain", "by-agent")])
def test_personal_or_unsafe_answers_are_not_stored(client, own_views, name):
    client.get(f"/{name}/")
    client.cookies.clear()  # the next visitor has none of the cookies the first one got
    client.get(f"/{name}/")
    assert [name, name] == CALLS


def test_a_view_that_varies_on_a_header_is_served_only_for_the_same_value(client, own_views):
    contents = [client.get("/by-agent/", headers={"user-agent": agent}).content for agent in "ABAA"]
    assert (contents, len(CALLS)) == ([b"A", b"B", b"A", b"A"], 3)
