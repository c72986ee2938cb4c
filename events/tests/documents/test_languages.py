"""Documents in the visitor's language: URL, stored document, fixed labels, dates and /Lang follow it."""

import pytest
from django.core.management import call_command

from events.models import RenderedDocument
from events.tests.documents.helpers import body, reader_of, text_of

KIT_EVENT = "combating-online-sex-trafficking-2018"


@pytest.mark.django_db
def test_the_french_kit_url_serves_a_french_kit_stored_apart(client, render_public):
    render_public(KIT_EVENT)
    english, french = client.get(f"/events/{KIT_EVENT}/kit.pdf"), client.get(f"/fr/events/{KIT_EVENT}/kit.pdf")
    english_pdf, french_pdf = reader_of(body(english)), reader_of(body(french))
    assert (english_pdf.trailer["/Root"]["/Lang"], french_pdf.trailer["/Root"]["/Lang"]) == ("en", "fr")
    contents = french_pdf.pages[1].extract_text()
    assert ("Sommaire" in contents, "Résumé" in contents, "14 mars 2018" in french_pdf.pages[0].extract_text()) == (
        True,
        True,
        True,
    )
    stored = RenderedDocument.objects.filter(event__slug=KIT_EVENT, kind="kit").values_list("language", flat=True)
    assert sorted(stored) == ["en", "fr"]


@pytest.mark.django_db
def test_render_pdf_prints_in_the_language_asked_for(tmp_path):
    out = tmp_path / "kit-fr.pdf"
    call_command("render_pdf", KIT_EVENT, "proceedings", str(out), "--language", "fr")
    reader = reader_of(out.read_bytes())
    assert (reader.trailer["/Root"]["/Lang"], "14 mars 2018" in text_of(reader)) == ("fr", True)
