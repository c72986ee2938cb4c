"""Everything published can be found from the home page by following links, in English and in French."""

import re
from collections import deque

import pytest
from django.utils import translation

from events.models import Event, Proceedings, Remark, Session
from events.visibility import organisations_public, people_public, publications_public, through_public_event

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#?]*)(?:#([^"]*))?"')
SKIP = re.compile(r"\.(pdf|ics|xml|json|bib)$|^/(admin|i18n|api|static|media)/")


def crawl(client, start: str) -> tuple[set[str], set[str]]:
    """Pages reached and #anchors seen, following internal links breadth-first."""
    seen, anchors, queue = {start}, set(), deque([start])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, path
        for href, anchor in LINK.findall(response.content.decode()):
            if anchor:
                anchors.add(f"{href}#{anchor}")
            if href not in seen and not SKIP.search(href) and len(seen) < 500:
                seen.add(href)
                queue.append(href)
    return seen, anchors


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_every_published_item_is_reachable_from_home(client, prefix):
    pages, _anchors = crawl(client, prefix + "/")
    items = [
        *Event.objects.published(),
        *people_public(),
        *organisations_public(),
        *through_public_event(Remark.objects.all()),
        *through_public_event(Proceedings.objects.all()),
        *publications_public(),
    ]
    with translation.override("en"):
        wanted = {prefix + item.get_absolute_url() for item in items}
    missing = sorted(wanted - pages)
    assert missing == []


def test_every_session_is_shown_on_its_event_page(client):
    for session in through_public_event(Session.objects.select_related("event")):
        content = client.get(session.event.get_absolute_url()).content.decode()
        assert f'id="session-{session.slug}"' in content
        assert session.title in content
