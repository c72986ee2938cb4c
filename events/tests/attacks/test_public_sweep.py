"""Every public URL, as every role that may not edit org B's events: no quokka of the foreign drafts appears.

The URLs are those a visitor can reach: pages, search (each quokka word as the query, with every filter), feeds,
the sitemap, the API (with its filters naming draft slugs) and the exports of the published events.
"""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils.html import escape

from events.tests.attacks.conftest import canaries

pytestmark = pytest.mark.django_db

OUTSIDERS = ["anonymous", "staff", "editor", "publisher"]

PAGES = [
    "/",
    "/years/2031/",
    "/events/open-conference/",
    "/events/open-side-event/",
    "/events/open-conference/proceedings/",
    "/events/open-conference/calendar.ics",
    "/events/open-side-event/calendar.ics",
    "/events/open-conference/schedule.xml",
    "/events/open-conference/schedule.json",
    "/events/open-side-event/schedule.json",
    "/events/open-conference/proceedings/cite.bib",
    "/events/open-conference/proceedings/cite.json",
    "/events.ics",
    "/speakers/",
    "/speakers/shared-speaker/",
    "/organisations/org-b/",
    "/sitemap.xml",
    "/search/?q=quokka",
    "/search/?q=quokka+position",
    "/search/?q=quokka&organisation=quokka-org",
    "/search/?q=position&organisation=quokka-org",
    "/search/?q=shared",
    "/api/v1/events",
    "/api/v1/events?parent=quokka-parent",
    "/api/v1/events?parent=open-conference",
    "/api/v1/events/open-conference",
    "/api/v1/events/open-side-event",
    "/api/v1/sessions",
    "/api/v1/sessions?event=quokka-draft",
    "/api/v1/speakers",
    "/api/v1/speakers?q=quokka",
    "/api/v1/speakers/shared-speaker",
    "/api/v1/organisations",
    "/api/v1/organisations/org-b",
    "/api/v1/remarks",
    "/api/v1/remarks?event=quokka-draft",
    "/api/v1/proceedings/open-conference",
]

# URLs of the drafts themselves: every one must answer exactly as a slug that does not exist.
DRAFT_URLS = [
    ("/events/quokka-draft/", "/events/no-such-event/"),
    ("/events/quokka-child/", "/events/no-such-event/"),
    ("/events/quokka-parent/", "/events/no-such-event/"),
    ("/events/quokka-draft/calendar.ics", "/events/no-such-event/calendar.ics"),
    ("/events/quokka-draft/schedule.xml", "/events/no-such-event/schedule.xml"),
    ("/events/quokka-draft/schedule.json", "/events/no-such-event/schedule.json"),
    ("/events/quokka-draft/proceedings/", "/events/no-such-event/proceedings/"),
    ("/events/quokka-draft/proceedings/cite.bib", "/events/no-such-event/proceedings/cite.bib"),
    ("/events/quokka-draft/kit.pdf", "/events/no-such-event/kit.pdf"),
    ("/events/quokka-draft/programme.pdf", "/events/no-such-event/programme.pdf"),
    ("/events/quokka-draft/kit/editions/1.pdf", "/events/no-such-event/kit/editions/1.pdf"),
    ("/events/quokka-draft/remarks/quokka-remark/", "/events/no-such-event/remarks/quokka-remark/"),
    ("/events/quokka-draft/register/", "/events/no-such-event/register/"),
    ("/speakers/quokka-person/", "/speakers/no-such-person/"),
    ("/organisations/quokka-org/", "/organisations/no-such-org/"),
    ("/api/v1/events/quokka-draft", "/api/v1/events/no-such-event"),
    ("/api/v1/speakers/quokka-person", "/api/v1/speakers/no-such-person"),
    ("/api/v1/organisations/quokka-org", "/api/v1/organisations/no-such-org"),
    ("/api/v1/remarks/quokka-draft/quokka-remark", "/api/v1/remarks/no-such-event/quokka-remark"),
    ("/api/v1/proceedings/quokka-draft", "/api/v1/proceedings/no-such-event"),
]


def _body(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _without_echoes(url: str, text: str) -> str:
    """The page without what merely repeats the request (the search box, the language links' query)."""
    for echo in [url, *(value for _name, value in parse_qsl(urlsplit(url).query))]:
        text = text.replace(f'value="{escape(echo)}"', 'value=""')
    query = urlsplit(url).query
    return text.replace(f'?{escape(query)}"', '?"') if query else text  # the language links keep the query


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_public_url_prints_a_foreign_draft(client_for, users, foreign, role):
    client = client_for(users[role])
    leaks = {}
    for url in PAGES:
        response = client.get(url)
        body = _without_echoes(url, _body(response))
        if response.status_code != 200 or canaries(body):
            leaks[url] = (response.status_code, canaries(body))
    assert leaks == {}


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_foreign_draft_answers_like_a_missing_slug(client_for, users, foreign, role):
    """No oracle: status, content type and body are those of a slug that does not exist."""
    client = client_for(users[role])

    def answer(url: str) -> tuple[int, str, str]:
        response = client.get(url)
        text = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", _body(response))
        return response.status_code, response.get("Content-Type", ""), text.replace(url, "URL")

    differences = {draft: answer(draft)[:2] for draft, missing in DRAFT_URLS if answer(draft) != answer(missing)}
    assert differences == {}
