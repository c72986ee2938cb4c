"""The admin edits every language of a translatable field (tabs, the prose editor on rich text, sanitising) and says
what is untranslated, without blocking publication."""

import re

import pytest
from django.urls import reverse

from events.models import Event
from events.selectors import Untranslated, event_untranslated
from events.tests.admin_forms import change_page_data

pytestmark = pytest.mark.django_db


def change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def test_each_language_has_its_field_marked_for_the_tabs(admin_client, bilingual):
    page = admin_client.get(change_url(bilingual)).content.decode()
    for language, name in (("en", "English"), ("fr", "Français")):
        field = re.search(rf'<input[^>]*name="title_{language}"[^>]*>', page).group(0)
        assert 'data-translation-of="title"' in field
        assert f'data-language="{language}"' in field
        assert f'data-language-name="{name}"' in field
    assert 'name="title"' not in page
    assert "admin_site/translation_tabs.js" in page
    # Rich text: the prose editor in every language.
    assert re.search(r'<textarea[^>]*data-translation-of="description"[^>]*data-language="fr"', page)
    assert re.search(r'<textarea[^>]*data-django-prose-editor[^>]*name="description_fr"', page) or re.search(
        r'<textarea[^>]*name="description_fr"[^>]*data-django-prose-editor', page
    )


def test_inlines_have_a_field_per_language(admin_client, bilingual):
    page = admin_client.get(change_url(bilingual)).content.decode()
    assert {"sessions-0-title_en", "sessions-0-title_fr", "sessions-0-description_fr"} <= set(
        re.findall(r'name="([^"]+)"', page)
    )


def test_french_text_is_saved_and_sanitised(admin_client, bilingual):
    url = change_url(bilingual)
    data = {
        **change_page_data(admin_client, url),
        "subtitle_fr": "Forger la coopération",
        "description_fr": '<p>Une <span lang="en">keynote</span> soirée.<script>alert(1)</script></p>',
        "sessions-1-title_fr": "Table ronde sur les plateformes",
    }
    assert admin_client.post(url, data).status_code == 302
    stored = Event.objects.filter(pk=bilingual.pk).values("subtitle_en", "subtitle_fr", "description_fr")[0]
    assert stored == {
        "subtitle_en": "Forging cooperation",
        "subtitle_fr": "Forger la coopération",
        "description_fr": '<p>Une <span lang="en">keynote</span> soirée.</p>',
    }
    assert bilingual.sessions.get(slug="panel").title_fr == "Table ronde sur les plateformes"


def test_what_is_untranslated(bilingual):
    assert event_untranslated(event=bilingual) == [
        Untranslated("en", "events", "description", 1),
        Untranslated("fr", "events", "subtitle", 1),
        Untranslated("fr", "organisations", "name", 1),  # the organiser's, printed in the event's documents
        Untranslated("fr", "sessions", "title", 1),
    ]


def test_the_event_page_says_what_is_untranslated(admin_client, bilingual):
    response = admin_client.get(change_url(bilingual))
    assert {
        language: [(i.model, i.field, i.count) for i in items]
        for language, items in response.context["untranslated"].items()
    } == {
        "English": [("events", "description", 1)],
        "Français": [("events", "subtitle", 1), ("organisations", "name", 1), ("sessions", "title", 1)],
    }
    assert "Untranslated text" in response.content.decode()


def test_the_checklist_mentions_missing_translations_without_blocking(admin_client, bilingual):
    url = reverse("admin:events_event_publish", args=[bilingual.pk])
    checks = admin_client.get(url).context["checks"]
    translations = [c for c in checks if "Not yet in" in str(c.message)]
    assert [(str(c.message), c.blocking) for c in translations] == [
        ("Not yet in English (the other language is shown instead): events: description (1).", False),
        (
            "Not yet in Français (the other language is shown instead): events: subtitle (1), organisations: name (1), "
            "sessions: title (1).",
            False,
        ),
    ]
    admin_client.post(url, {"action": "publish"})
    bilingual.refresh_from_db()
    assert bilingual.is_published is True


def test_admin_search_finds_either_language(admin_client, bilingual):
    changelist = reverse("admin:events_event_changelist")
    found = {
        term: [e.slug for e in admin_client.get(changelist, {"q": term}).context["cl"].queryset]
        for term in ("exploiteurs en ligne", "exploiters online")
    }
    assert found == {"exploiteurs en ligne": ["bilingual"], "exploiters online": ["bilingual"]}
