"""Kit editions of record per language (issue #13): frozen in every site language at publication, numbered per
event and language, served under the language's URL prefix, offered on the event's page, withdrawn one by one."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.documents.services import kit_edition_freeze
from events.models import DataVersion, Event, KitEdition
from events.services import event_publish, kit_edition_withdraw


@pytest.fixture
def published(event, immediate_tasks, django_capture_on_commit_callbacks) -> Event:
    """The test event, published: its kit frozen in English and in French."""
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)
    return Event.objects.get(pk=event.pk)


def editions(event: Event) -> list[tuple[str, int]]:
    return list(KitEdition.objects.filter(event=event).order_by("language", "number").values_list("language", "number"))


def downloaded(client, url: str) -> bytes:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    # Consumed, not closed: closing ends the "request", which closes the test's PostgreSQL connection.
    return b"".join(response.streaming_content)


def test_publishing_freezes_an_edition_in_every_language(published):
    assert editions(published) == [("en", 1), ("fr", 1)]
    languages = dict(KitEdition.objects.filter(event=published).values_list("language", "document__language"))
    assert languages == {"en": "en", "fr": "fr"}  # each edition is the kit printed in its own language


def test_each_language_is_numbered_on_its_own(published):
    Event.objects.filter(pk=published.pk).update(title_fr="Colloque d’essai")  # French text only (English has its own)
    frozen = kit_edition_freeze(event=Event.objects.get(pk=published.pk))
    assert {language: edition.number for language, edition in frozen.items()} == {"en": 1, "fr": 2}
    assert editions(published) == [("en", 1), ("fr", 1), ("fr", 2)]


def test_a_new_edition_takes_the_cached_event_page_out_of_the_cache(published):
    Event.objects.filter(pk=published.pk).update(title_fr="Colloque d’essai")  # bypasses signals: no new version
    version = DataVersion.current()
    kit_edition_freeze(event=Event.objects.get(pk=published.pk))
    assert DataVersion.current() > version


def test_each_edition_has_its_url_in_its_language(client, published):
    english, french = (KitEdition.objects.get(event=published, language=code) for code in ("en", "fr"))
    assert (english.get_absolute_url(), french.get_absolute_url()) == (
        "/events/test-event/kit/editions/1.pdf",
        "/fr/events/test-event/kit/editions/1.pdf",
    )
    with english.document.file.open("rb") as en_pdf, french.document.file.open("rb") as fr_pdf:
        assert downloaded(client, english.get_absolute_url()) == en_pdf.read()
        assert downloaded(client, french.get_absolute_url()) == fr_pdf.read()
    assert english.document.sha256 != french.document.sha256
    response = client.get(french.get_absolute_url())
    b"".join(response.streaming_content)
    assert response["Content-Disposition"] == 'attachment; filename="test-event-kit-edition-1-fr.pdf"'


def test_a_number_exists_only_in_the_language_that_has_it(client, published):
    Event.objects.filter(pk=published.pk).update(title_fr="Colloque d’essai")
    kit_edition_freeze(event=Event.objects.get(pk=published.pk))
    assert downloaded(client, "/fr/events/test-event/kit/editions/2.pdf")[:4] == b"%PDF"
    assert client.get("/events/test-event/kit/editions/2.pdf").status_code == 404


def test_withdrawing_one_language_leaves_the_other(client, published):
    french = KitEdition.objects.get(event=published, language="fr")
    kit_edition_withdraw(edition=french, reason="Wrong French dates")
    assert client.get("/fr/events/test-event/kit/editions/1.pdf").status_code == 404
    assert downloaded(client, "/events/test-event/kit/editions/1.pdf")[:4] == b"%PDF"


def _editions_section(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page[page.index('id="editions"') :]


def test_the_event_page_lists_the_visitors_language_and_offers_the_other(client, published):
    Event.objects.filter(pk=published.pk).update(title_fr="Colloque d’essai")
    kit_edition_freeze(event=Event.objects.get(pk=published.pk))

    english = _editions_section(client, reverse("events:event", args=["test-event"]))
    assert '<a href="/events/test-event/kit/editions/1.pdf">Edition 1</a>' in english
    # French: only its current edition is offered, marked as French
    assert '<a href="/fr/events/test-event/kit/editions/2.pdf" hreflang="fr" lang="fr">français' in english
    assert "/fr/events/test-event/kit/editions/1.pdf" not in english

    with translation.override("fr"):
        url = reverse("events:event", args=["test-event"])
    french = _editions_section(client, url)
    assert url == "/fr/events/test-event/"
    assert [
        href in french
        for href in ("/fr/events/test-event/kit/editions/2.pdf", "/fr/events/test-event/kit/editions/1.pdf")
    ] == [True, True]
    assert '<a href="/events/test-event/kit/editions/1.pdf" hreflang="en" lang="en">English, Edition 1</a>' in french


def test_a_withdrawn_edition_is_not_offered_on_the_page(client, published):
    kit_edition_withdraw(edition=KitEdition.objects.get(event=published, language="fr"), reason="Wrong")
    english = _editions_section(client, reverse("events:event", args=["test-event"]))
    assert ("/events/test-event/kit/editions/1.pdf" in english, "/fr/events/" in english) == (True, False)
