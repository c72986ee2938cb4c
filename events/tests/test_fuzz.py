"""Property-based bad input: whatever people or bots send, the answer is never a server error."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Event
from events.tests.admin_forms import no_inlines

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
query_value = st.one_of(text, st.integers(-(10**12), 10**12).map(str), st.sampled_from(["", "0", "-1", "1e9", "NaN"]))


@FUZZ
@given(q=query_value, year=query_value, kind=query_value, organisation=query_value, page=query_value)
def test_search_parameters(client, q, year, kind, organisation, page):
    response = client.get("/search/", {"q": q, "year": year, "kind": kind, "organisation": organisation, "page": page})
    assert response.status_code in (200, 400)


@FUZZ
@given(
    path=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.%~", min_size=1, max_size=40), min_size=1, max_size=4
    )
)
def test_public_urls(client, path):
    for prefix in ("/events/", "/speakers/", "/organisations/", "/publications/", "/fr/events/"):
        response = client.get(prefix + "/".join(path) + "/")
        assert response.status_code in (200, 301, 302, 400, 404), (prefix, path)


@FUZZ
@given(paper=query_value, kind=st.sampled_from(["kit", "programme", "proceedings", "x", "", "KIT"]))
def test_document_parameters(client, paper, kind, tmp_path_factory):
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        response = client.get(f"/events/digital-society-2014/{kind}.pdf", {"paper": paper})
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code in (200, 202, 400, 404)  # 202: being prepared by the render worker


@FUZZ
@given(
    name=text,
    email=text,
    organisation=text,
    consent=st.sampled_from(["on", "", "false", "1"]),
    website=st.sampled_from(["", "x"]),
)
def test_registration_form(client, name, email, organisation, consent, website):
    cache.clear()
    event = Event.objects.get(slug="alliance-19-2019")
    Event.objects.filter(pk=event.pk).update(registration_open=True, end_date="2099-01-01")
    data = {"name": name, "email": email, "organisation": organisation, "consent": consent, "website": website}
    response = client.post("/events/alliance-19-2019/register/", data)
    assert response.status_code in (200, 302)


@FUZZ
@given(title=text, slug=text, timezone=text, start=query_value, end=query_value, lede=text)
def test_admin_event_form(admin_client, title, slug, timezone, start, end, lede):
    data = {
        "title": title, "slug": slug, "kind": "seminar", "order": "0", "timezone": timezone, "start_date": start,
        "end_date": end, "lede": lede,
        **no_inlines(),
    }  # fmt: skip
    response = admin_client.post("/admin/events/event/add/", data)
    assert response.status_code in (200, 302)


@FUZZ
@given(limit=query_value, offset=query_value, year=query_value, kind=query_value, q=query_value)
def test_api_parameters(client, limit, offset, year, kind, q):
    for path in ("/api/v1/events", "/api/v1/speakers", "/api/v1/sessions"):
        response = client.get(path, {"limit": limit, "offset": offset, "year": year, "kind": kind, "q": q})
        assert response.status_code in (200, 404, 422), (path, response.status_code)
