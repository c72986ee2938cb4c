"""Reuse by partners' sites and polling clients: CORS, OPTIONS/HEAD, one error shape, page links, proceedings,
changed_since and the rate limit."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from events.api.routes import api as ninja_api
from events.models import Event, Proceedings

KIT = "combating-online-sex-trafficking-2018"
PARTNER = "https://partner.example"


def api(path: str = "") -> str:
    return reverse("api:index") + path


# --- CORS and methods ------------------------------------------------------------------------------------------

READ_ONLY = [
    api("events"),
    api(f"events/{KIT}"),
    "/events.ics",
    f"/events/{KIT}/calendar.ics",
    f"/events/{KIT}/schedule.xml",
    f"/events/{KIT}/schedule.json",
    f"/fr/events/{KIT}/schedule.json",
    f"/events/{KIT}/proceedings/cite.bib",
    "/publications/global-report-2019-cyberprocuring/cite.json",
]
NOT_SHARED = [
    "/",
    f"/events/{KIT}/",
    f"/events/{KIT}/register/",
    "/registration/some-token/data.json",
    "/admin/",
    "/admin/login/",
    "/sitemap.xml",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", READ_ONLY)
def test_read_only_data_is_open_to_every_origin_without_credentials(client, path):
    response = client.get(path, headers={"Origin": PARTNER})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Access-Control-Expose-Headers"] == "ETag, Retry-After"


@pytest.mark.django_db
@pytest.mark.parametrize("path", NOT_SHARED)
def test_pages_admin_and_registration_get_no_cors(client, path):
    response = client.get(path, headers={"Origin": PARTNER})
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(path, headers={"Origin": PARTNER, "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in preflight


@pytest.mark.django_db
@pytest.mark.parametrize("path", READ_ONLY)
def test_preflight_allows_reading_only(client, path):
    response = client.options(
        path,
        headers={
            "Origin": PARTNER,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


@pytest.mark.django_db
@override_settings(CORS_ALLOW_ALL_ORIGINS=False, CORS_ALLOWED_ORIGINS=[PARTNER])
def test_allowed_origins_can_be_narrowed(client):
    allowed = client.get(api("events"), headers={"Origin": PARTNER})
    assert allowed["Access-Control-Allow-Origin"] == PARTNER
    other = client.get(api("events"), headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.django_db
@pytest.mark.parametrize("path", READ_ONLY)
def test_plain_options_lists_the_methods(client, path):
    response = client.options(path)
    assert (response.status_code, response.content, response["Allow"]) == (204, b"", "GET, HEAD, OPTIONS")


@pytest.mark.django_db
@pytest.mark.parametrize("path", READ_ONLY)
def test_head_answers_the_headers_of_get(client, path):
    head, get = client.head(path), client.get(path)  # HEAD first: not from the page cache
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_a_json_405(client, method):
    response = getattr(client, method)(api(f"events/{KIT}"))
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {
        "status": 405,
        "title": "Method Not Allowed",
        "detail": f"Method {method.upper()} not allowed: this API is read-only",
        "errors": [],
    }


# --- One error shape, documented -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_error_has_one_shape(client):
    shapes = {
        404: client.get(api("events/no-such-event")).json(),
        405: client.post(api("events")).json(),
        422: client.get(api("events"), {"limit": 0}).json(),
    }
    assert {status: sorted(body) for status, body in shapes.items()} == {
        status: ["detail", "errors", "status", "title"] for status in shapes
    }
    assert [body["status"] for body in shapes.values()] == [404, 405, 422]
    assert shapes[422]["errors"] == [
        {"loc": ["query", "limit"], "msg": "Input should be greater than or equal to 1", "type": "greater_than_equal"}
    ]


@pytest.mark.django_db
def test_openapi_documents_the_error_shape_for_every_operation(client):
    document = client.get(api("openapi.json")).json()
    error = document["components"]["schemas"]["Error"]
    assert sorted(error["required"]) == ["detail", "errors", "status", "title"]
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        assert {"405", "429"} <= set(responses), path
        for code in set(responses) - {"200"}:
            assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        if "{" in path:
            assert {"404", "422"} <= set(responses), path


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT="3/60")
def test_rate_limit_is_a_json_429_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(ninja_api.throttle, "clock", lambda: 6000.0 + 45)  # 45 s into a window
    # Other offsets each time: an answer served from the page cache is no work and is not counted.
    for offset in range(3):
        assert client.get(api("events"), {"offset": offset}, REMOTE_ADDR="192.0.2.7").status_code == 200
    response = client.get(api("events"), {"offset": 3}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert response.json() == {
        "status": 429,
        "title": "Too Many Requests",
        "detail": "Too many requests.",
        "errors": [],
    }
    assert response["Retry-After"] == "15"
    assert client.get(api("events"), {"offset": 4}, REMOTE_ADDR="192.0.2.8").status_code == 200  # another client


# --- Pagination links --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_link_to_the_next_and_previous_with_the_same_filters(client):
    base = f"http://testserver{api('events')}"
    first = client.get(api("events"), {"year": 2019, "limit": 2}).json()
    assert (first["count"], first["previous"]) == (6, None)
    assert first["next"] == f"{base}?limit=2&offset=2&year=2019"
    second = client.get(first["next"]).json()
    assert second["previous"] == f"{base}?limit=2&offset=0&year=2019"
    last = client.get(second["next"]).json()
    assert (last["next"], last["previous"]) == (None, f"{base}?limit=2&offset=2&year=2019")
    seen = [item["slug"] for page in (first, second, last) for item in page["items"]]
    assert sorted(seen) == sorted(item["slug"] for item in client.get(api("events"), {"year": 2019}).json()["items"])
    beyond = client.get(api("events"), {"offset": 50, "limit": 5}).json()
    assert (beyond["items"], beyond["next"]) == ([], None)
    assert beyond["previous"] == f"{base}?limit=5&offset=3"  # the last page that has items


# --- Proceedings and changes -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_event_links_its_proceedings(client):
    event = client.get(api(f"events/{KIT}")).json()
    assert event["proceedings"] == {
        "title": Proceedings.objects.get(event__slug=KIT).title,
        "kind": "proceedings",
        "url": f"http://testserver/events/{KIT}/proceedings/",
        "api": f"http://testserver{api(f'proceedings/{KIT}')}",
    }
    assert client.get(event["proceedings"]["api"]).json()["event"]["slug"] == KIT
    listed = {item["slug"]: item["proceedings"] for item in client.get(api("events"), {"limit": 100}).json()["items"]}
    assert listed[KIT] == event["proceedings"]
    assert listed["alliance-19-2019"] is None


@pytest.mark.django_db
def test_changed_since_lists_the_events_changed_since(client):
    long_ago = timezone.now() - dt.timedelta(days=30)
    Event.objects.update(content_changed_at=long_ago)
    since = timezone.now() - dt.timedelta(days=1)
    assert client.get(api("events"), {"changed_since": since.isoformat()}).json()["count"] == 0
    session = Event.objects.get(slug="alliance-2019-icat").participations.first()
    session.position = "Changed"
    session.save()
    page = client.get(api("events"), {"changed_since": since.isoformat()}).json()
    # The side event, and the conference whose programme lists it.
    assert sorted(item["slug"] for item in page["items"]) == ["alliance-19-2019", "alliance-2019-icat"]
    assert all(dt.datetime.fromisoformat(item["changed_at"]) >= since for item in page["items"])
    naive = since.replace(tzinfo=None).isoformat()  # read as UTC
    assert client.get(api("events"), {"changed_since": naive}).json()["count"] == 2
    assert client.get(api("events"), {"changed_since": "yesterday"}).status_code == 422
    detail = client.get(api("events/alliance-2019-icat")).json()
    assert dt.datetime.fromisoformat(detail["changed_at"]) >= since


@pytest.mark.django_db
def test_changed_since_with_any_offset_is_read_in_utc(client):
    # PostgreSQL refuses offsets of 16 hours or more: the filter compares in UTC.
    assert client.get(api("events"), {"changed_since": "5974-06-25T05:28:16-20:38"}).json()["count"] == 0
    assert client.get(api("events"), {"changed_since": "2000-01-01T00:00:00-20:38"}).json()["count"] == 8
    response = client.get(api("events"), {"changed_since": "9999-12-31T23:00:00-05:00"})  # year 10000 in UTC
    assert (response.status_code, response.json()["status"]) == (422, 422)


@pytest.mark.django_db
def test_a_server_error_keeps_the_shape(client, monkeypatch, caplog):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("events.api.routes._events", broken)
    response = client.get(api("events"))
    assert response.status_code == 500
    assert response.json() == {"status": 500, "title": "Internal Server Error", "detail": "Server error", "errors": []}
    assert "boom" not in response.content.decode()  # no traceback to the client; it is in the log
    assert "RuntimeError: boom" in caplog.text
