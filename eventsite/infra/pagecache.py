"""Public pages and feeds served as fast as stored files: a cache keyed by the data version, and conditional GET.

Every saved change to content bumps events.models.DataVersion (events/signals.py). An anonymous GET or HEAD of a
public page or feed (CACHED_VIEWS: HTML pages, iCal, frab, sitemap, robots.txt, the read-only API) is looked up
under (data version, today's date, language, scheme, host, path and query string); a hit answers without running
the view: no template, no content query, only the one indexed query that reads the version. A change makes every
older entry unreachable at once, in every process, since each request reads the version from the database; old
entries simply age out of the bounded store (CACHES["pages"], one per process by default).

What is never stored: requests carrying a session or messages cookie (editors see drafts and previews; pending
messages are shown once), anything but a 200, streamed responses (PDFs), responses that set a cookie, used the
CSRF token or the CSP nonce, or say private/no-store/Vary: *. So drafts, which answer 404 to the public, are never
cached, and a page unpublished since answers 404 at once: the unpublication bumped the version.

Stored and fresh responses get an ETag (a hash of the body), a Last-Modified and `Cache-Control: public, no-cache`
(any cache may keep them but must ask again, so an unpublished page goes at once there too), and If-None-Match /
If-Modified-Since are answered with 304. Headers that depend on the request (CORS, Vary: Accept-Language,
Content-Language, CSP) are added by the middleware above this one on every answer, cached or not: this middleware
sits low in MIDDLEWARE, so it stores the view's response before they are added.
"""

import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, split_header_value

from events.models import DataVersion

# The views whose anonymous answers are the same for every visitor (given the key below). Opt-in: a new public
# page or feed is added here; registration, door and document views are not (personal or streamed).
CACHED_VIEWS = frozenset(
    {
        "events:home",
        "events:year",
        "events:event",
        "events:search",
        "events:proceedings",
        "events:remark",
        "events:organisation",
        "events:publication",
        "events:events_ical",
        "events:event_ical",
        "events:session_ical",
        "events:schedule_xml",
        "events:schedule_json",
        "events:proceedings_citation",
        "events:publication_citation",
        "speakers:list",
        "speakers:person",
        "sitemap",
        "robots",
    }
)
CACHED_NAMESPACES = frozenset({"api"})  # the read-only JSON API: published content only, whoever asks
# The public views left out, and why (events/tests/pages/test_cache.py checks every view is in one of the two).
UNCACHED_VIEWS = frozenset(
    {
        # A registrant's forms and personal pages: CSRF tokens, signed links, data that is not content.
        "events:register",
        "events:registered",
        "events:waiting_list",
        "events:registration",
        "events:registration_data",
        "events:registration_confirm",
        "events:registration_accept",
        # Files: stored PDFs (with their own conditional GET), pictures, the favicon's redirect.
        "events:document",
        "events:kit_edition",
        "media",
        "favicon",
    }
)

CACHE_CONTROL = "public, no-cache"
MAX_BYTES = 8 * 1024 * 1024  # larger answers are rendered each time rather than held in every process's memory
MAX_PATHS = 100_000  # the paths remembered as in scope (see PageCacheMiddleware.paths)

# A session means someone who may be logged in (editors see drafts); a messages cookie means something to show once.
_BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


@functools.cache
def _version_sql() -> tuple[str, tuple]:
    # DataVersion.current()'s query, compiled once: building it costs about twenty times running it, and the whole
    # budget of a cached answer is about twice a trivial view.
    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).query.sql_with_params()


def data_version() -> int:
    """The current data version (events.models.DataVersion.current()), in one indexed query."""
    sql, params = _version_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else 0


class MemoryStore(LocMemCache):
    """Django's local-memory cache without pickling: a stored Entry is immutable, so the one object is handed to
    every request and thread, and a hit copies nothing (a feed of 1,000 events is a megabyte)."""

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)


@dataclass(frozen=True, slots=True)
class Entry:
    """A stored answer: its body and headers, and the values of the request headers it varies on."""

    content: bytes
    headers: tuple[tuple[str, str], ...]
    vary: tuple[tuple[str, str], ...]  # (request header, its value in the request that filled the entry)
    etag: str
    last_modified: int

    def matches(self, request: HttpRequest) -> bool:
        return all(request.headers.get(name, "") == value for name, value in self.vary)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response.headers[name] = value
        return response


_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def _conditional(request: HttpRequest, response: HttpResponseBase, etag: str, last_modified: int) -> HttpResponseBase:
    if not any(name in request.META for name in _CONDITIONS):
        return response
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def _anonymous_read(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not any(name in request.COOKIES for name in _BYPASS_COOKIES)


def _in_scope(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None or not _anonymous_read(request):
        return False
    return match.view_name in CACHED_VIEWS or bool(CACHED_NAMESPACES.intersection(match.namespaces))


def _key(request: HttpRequest, version: int) -> str:
    parts = (
        str(version),
        timezone.localdate().isoformat(),  # "upcoming" on the home page moves with the date
        translation.get_language() or "",
        # The negotiated language too: a view outside i18n_patterns (the API) may answer in the Accept-Language one.
        translation.get_language_from_request(request),
        request.build_absolute_uri(),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_BYTES:
        return False
    cache_control = {d.partition("=")[0].lower() for d in split_header_value(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store"} or "*" in response.get("Vary", ""):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token: it belongs to one visitor
        return False
    if bool(getattr(request, "_csp_nonce", False)):  # the page holds this answer's CSP nonce
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "added_new", False))


def _entry(request: HttpRequest, response: HttpResponseBase) -> Entry:
    """Completes the response with ETag, Last-Modified and Cache-Control (unless the view chose its own), and
    returns what is stored of it."""
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        # What SessionMiddleware adds to this answer (the page asked who the visitor is), kept on cached ones.
        patch_vary_headers(response, ("Cookie",))
    if not response.has_header("ETag"):
        response.headers["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response.headers["Last-Modified"] = http_date(time.time())
    if not response.has_header("Cache-Control"):
        response.headers["Cache-Control"] = CACHE_CONTROL
    # Cookie: requests with the cookies that matter are never cached; Accept-Language: the negotiated language is
    # part of the key, and the raw header differs from browser to browser.
    vary = tuple(
        (name, request.headers.get(name, ""))
        for name in split_header_value(response.get("Vary", ""))
        if name.lower() not in ("cookie", "accept-language")
    )
    return Entry(
        content=bytes(response.content),
        headers=tuple(response.headers.items()),
        vary=vary,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]) or 0,
    )


class PageCacheMiddleware:
    """Answers anonymous GET/HEAD of CACHED_VIEWS from the page cache, and stores what they render."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.store = caches["pages"]
        # Paths already answered by a view in scope: later requests for them are looked up before URL resolution
        # and the middleware below this one run. Only a shortcut: what is stored is decided after resolution.
        self.paths: set[str] = set()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info in self.paths and _anonymous_read(request):
            hit = self._lookup(request)
            if hit is not None:
                return hit
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        if not _in_scope(request) or not _storable(request, response):
            return response
        entry = _entry(request, response)
        self.store.set(key, entry, None)
        if len(self.paths) < MAX_PATHS:
            self.paths.add(request.path_info)
        return _conditional(request, response, entry.etag, entry.last_modified)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponseBase | None:
        if hasattr(request, "_page_cache_key") or not _in_scope(request):
            return None
        return self._lookup(request)

    def _lookup(self, request: HttpRequest) -> HttpResponseBase | None:
        # The version is read before the view reads any content: what is stored under a version is never older.
        key = _key(request, data_version())
        request._page_cache_key = key
        entry = self.store.get(key)
        if entry is None or not entry.matches(request):
            return None
        request._page_cache_hit = True
        return _conditional(request, entry.response(), entry.etag, entry.last_modified)
