"""The public search finds content in either language, in as many queries whatever the number of languages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events import services
from events.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(bilingual):
    return services.event_publish(event=bilingual)


def ours(hits) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in hits if "/bilingual/" in hit.url]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_either_language_is_found_from_either_interface(published, language):
    with translation.override(language):
        found = {q: ours(search(q=q)) for q in ("exploiteurs en ligne", "exploiters online", "ouverture", "débats")}
        title, opening = published.title, published.sessions.get(slug="opening").title
    assert found == {
        "exploiteurs en ligne": [("event", title)],
        "exploiters online": [("event", title)],
        "ouverture": [("session", opening)],
        "débats": [("event", title)],
    }


def test_hits_are_shown_in_the_visitors_language(published):
    with translation.override("fr"):
        assert ours(search(q="platforms")) == [("session", "Panel on platforms")]  # no French title: the English one
        assert ours(search(q="exploiters")) == [("event", "Suivre les exploiteurs en ligne")]
    with translation.override("en"):
        assert ours(search(q="exploiteurs")) == [("event", "Following the exploiters online")]


def test_one_query_per_kind_of_hit_every_language_in_it(published, django_assert_num_queries):
    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(4):
        search(q="exploiteurs")
    condition = queries.captured_queries[0]["sql"].partition("WHERE")[2]
    assert ("title_en" in condition, "title_fr" in condition) == (True, True)
