"""Every output of a half-translated event in French, and the English ones unchanged (issue #13, "Done when").

The event (conftest.bilingual_event) has some fields in English and French and some in English only: each French
output shows the French text where there is one, the English text elsewhere, and says which passages are English
(lang="en" on the page, /Lang en in the tagged PDF, frab's and iCal's language, the API's translations).
"""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

from events.documents.content import document_event, document_html
from events.documents.services import document_pdf
from events.languages import translated_fields
from events.models import DataVersion, Event
from events.tests.i18n.conftest import BILINGUAL

pytestmark = pytest.mark.django_db

PAGE = f"/events/{BILINGUAL}/"

# Each passage of the event, as the French outputs show it, and the language it is in.
FRENCH = {
    "Protéger les enfants en ligne": "fr",
    "Technology against exploitation": "en",  # subtitle: English only
    "Des experts se réunissent": "fr",
    "The colloquium brings together": "en",  # description: English only
    "Des experts et les associations": "fr",
    "Because the exploitation of children": "en",  # "why": English only
    "Ouverture du colloque": "fr",
    "Mots de bienvenue": "fr",
    "Panel on the technology": "en",  # second session: English only
    "A round table on what": "en",
    "Directrice de la recherche": "fr",
    "Professor of Law": "en",  # position: English only
    "Fondation Test": "fr",
}
ENGLISH = {
    "Protecting Children Online": "en",
    "Technology against exploitation": "en",
    "Experts meet to discuss": "en",
    "The colloquium brings together": "en",
    "Experts and the associations": "en",
    "Because the exploitation of children": "en",
    "Opening of the colloquium": "en",
    "Words of welcome": "en",
    "Panel on the technology": "en",
    "A round table on what": "en",
    "Director of Research": "en",
    "Professor of Law": "en",
    "Test Foundation": "en",
}


# --- Reading the outputs back: the language each passage is in ------------------------------------------------


class _Passages(HTMLParser):
    """Each run of text of an HTML page with its language: the nearest lang attribute around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if data.strip() and not any(tag in ("script", "style", "title") for tag, _lang in self.stack):
            language = next((lang for _tag, lang in reversed(self.stack) if lang), None)
            self.runs.append((" ".join(data.split()), language))


def page_languages(html: str, passages: dict[str, str]) -> dict[str, str | None]:
    parser = _Passages()
    parser.feed(html)
    return {text: next((lang for run, lang in parser.runs if text in run), "missing") for text in passages}


def pdf_languages(data: bytes, passages: dict[str, str]) -> dict[str, str | None]:
    """The language of each passage in a tagged PDF: the /Lang of the innermost structure element holding its marked
    content, else of its ancestors, else the document's (the catalog's /Lang)."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    page_numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    language_of: dict[tuple[int, int], str] = {}

    def walk(node, page, language):
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, NumberObject):
            language_of[page, int(node)] = language
        elif isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, page, language)
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = page_numbers.get(node.raw_get("/Pg").idnum, page)
            if node.get("/Type") == "/MCR":
                language_of[page, int(node["/MCID"])] = language
            elif "/K" in node:
                walk(node["/K"], page, str(node.get("/Lang", language)))

    walk(root["/StructTreeRoot"].get_object()["/K"], None, str(root["/Lang"]))

    runs: list[tuple[str, str | None]] = []
    for number, page in enumerate(reader.pages):
        current: list[int | None] = []
        texts: dict[int | None, list[str]] = {}

        def before(operator, operands, cm, tm, current=current):
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                current.append(None if mcid is None else int(mcid))
            elif operator == b"EMC" and current:
                current.pop()

        def text(value, cm, tm, font, size, current=current, texts=texts):
            texts.setdefault(current[-1] if current else None, []).append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        runs += [(" ".join("".join(parts).split()), language_of.get((number, mcid))) for mcid, parts in texts.items()]
    return {text: next((lang for run, lang in runs if text in run), "missing") for text in passages}


# --- Pages -----------------------------------------------------------------------------------------------------


def test_the_french_page_shows_french_text_and_marks_the_english_passages(client, bilingual_event):
    html = client.get(f"/fr{PAGE}").content.decode()
    assert page_languages(html, FRENCH) == FRENCH
    assert ('<html lang="fr"', "14 mars 2030" in html) == (re.search(r'<html lang="fr"', html).group(0), True)


def test_the_english_page_is_unchanged(client, bilingual_event):
    html = client.get(PAGE).content.decode()
    assert page_languages(html, ENGLISH) == ENGLISH
    assert "Protéger" not in html


def test_the_event_page_offers_the_documents_in_both_languages(client, bilingual_event):
    def links(path: str) -> set[tuple[str, str | None]]:
        html = client.get(path).content.decode()
        return set(re.findall(r'href="(/(?:fr/)?events/[-\w]+/kit\.pdf)"(?: hreflang="(\w+)")?', html))

    kit = f"/events/{BILINGUAL}/kit.pdf"
    assert (links(PAGE), links(f"/fr{PAGE}")) == ({(kit, ""), (f"/fr{kit}", "fr")}, {(f"/fr{kit}", ""), (kit, "en")})


def _clear_french() -> None:
    """Every French column of every translated model emptied: the same content in one language only."""
    from modeltranslation.translator import translator

    for model in translator.get_registered_models(abstract=False):
        fields = translated_fields(model)
        if fields:
            model._default_manager.update(**{f"{field}_fr": "" for field in fields})
    DataVersion.bump()  # as a saved change does: no page cached before is served after


@pytest.mark.parametrize(
    "path", [f"/fr{PAGE}", "/fr/", "/fr/speakers/marie-dupont/", "/fr/organisations/fondation-test/"]
)
def test_page_queries_do_not_grow_with_the_languages_filled(client, bilingual_event, uncached, path):
    def queries() -> int:
        client.get(path)  # warm: sessions, content types, cache tables
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    both = queries()
    _clear_french()
    assert queries() == both


# --- Documents -------------------------------------------------------------------------------------------------


def test_the_french_kit_pdf(bilingual_event):
    reader_data = document_pdf(event=bilingual_event, kind="kit", language="fr")
    reader = PdfReader(io.BytesIO(reader_data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert (str(reader.trailer["/Root"]["/Lang"]), "14 mars 2030" in text) == ("fr", True)
    assert pdf_languages(reader_data, FRENCH) == FRENCH


def test_the_english_kit_pdf_is_unchanged(bilingual_event):
    data = document_pdf(event=bilingual_event, kind="kit", language="en")
    reader = PdfReader(io.BytesIO(data))
    assert (str(reader.trailer["/Root"]["/Lang"]), pdf_languages(data, ENGLISH)) == ("en", ENGLISH)


@pytest.mark.parametrize("kind", ["programme", "proceedings"])
def test_the_other_documents_mark_their_english_passages_in_french(bilingual_event, kind):
    from events.models import Proceedings, ProceedingsSection, Takeaway

    proceedings = Proceedings.objects.create(
        event=bilingual_event, title_en="Report of the colloquium", title_fr="Rapport du colloque",
        intro_en="<p>The colloquium was held in Paris with the experts of the field.</p>",
    )  # fmt: skip
    ProceedingsSection.objects.create(
        proceedings=proceedings, order=1, heading_en="Context of the meeting", subheading_en="Numbers",
        subheading_fr="Chiffres", body_fr="<p>Un enfant sur cinq.</p>",
    )  # fmt: skip
    Takeaway.objects.create(proceedings=proceedings, number=1, title_en="Platforms must act", body_en="<p>Now.</p>")
    event = document_event(slug=BILINGUAL, audience="public")
    html = document_html(event=event, kind=kind, language="fr")
    expected = {
        "programme": {"Ouverture du colloque": "fr", "Panel on the technology": "en", "Professor of Law": "en"},
        "proceedings": {
            "Protéger les enfants en ligne": "fr",
            "The colloquium was held": "en",
            "Context of the meeting": "en",
            "Chiffres": "fr",
            "Un enfant sur cinq": "fr",
            "Platforms must act": "en",
            "Now.": "en",
        },
    }[kind]
    assert page_languages(html, expected) == expected


# --- Exports ---------------------------------------------------------------------------------------------------


def _calendar(client, path: str) -> dict[str, tuple[str, str | None]]:
    calendar = Calendar.from_ical(client.get(path).content)
    return {
        str(vevent["uid"]).split("@")[0][-8:]: (str(vevent["summary"]), vevent["summary"].params.get("LANGUAGE"))
        for vevent in calendar.walk("VEVENT")
    } | {"description": str(next(iter(calendar.walk("VEVENT")))["description"])}


def test_ical_in_french_and_in_english(client, bilingual_event):
    french = _calendar(client, f"/fr{PAGE}calendar.ics")
    english = _calendar(client, f"{PAGE}calendar.ics")
    summaries = lambda calendar: sorted(v for k, v in calendar.items() if k != "description")  # noqa: E731
    assert summaries(french) == [
        ("Ouverture du colloque (Protéger les enfants en ligne)", "fr"),
        ("Panel on the technology of the platforms (Protéger les enfants en ligne)", "en"),
        ("Protéger les enfants en ligne", "fr"),
    ]
    assert summaries(english) == [
        ("Opening of the colloquium (Protecting Children Online)", "en"),
        ("Panel on the technology of the platforms (Protecting Children Online)", "en"),
        ("Protecting Children Online", "en"),
    ]
    assert ("Directrice de la recherche" in french["description"], "Des experts" in french["description"]) == (
        True,
        True,
    )


def _frab(client, path: str) -> dict[str, tuple[str, str | None, str]]:
    data = json.loads(client.get(path).content)
    rooms = data["schedule"]["conference"]["days"][0]["rooms"]
    return {
        event["slug"].rsplit("-", 1)[-1]: (event["title"], event["language"], event["url"])
        for room in rooms.values()
        for event in room
    } | {"conference": data["schedule"]["conference"]["title"]}


def test_frab_in_french_and_in_english(client, bilingual_event):
    url = "http://testserver{}#session-{}"
    assert _frab(client, f"/fr{PAGE}schedule.json") == {
        "opening": ("Ouverture du colloque", "fr", url.format(f"/fr{PAGE}", "opening")),
        "panel": ("Panel on the technology of the platforms", "en", url.format(f"/fr{PAGE}", "panel")),
        "conference": "Protéger les enfants en ligne",
    }
    assert _frab(client, f"{PAGE}schedule.json") == {
        "opening": ("Opening of the colloquium", "en", url.format(PAGE, "opening")),
        "panel": ("Panel on the technology of the platforms", "en", url.format(PAGE, "panel")),
        "conference": "Protecting Children Online",
    }
    xml = client.get(f"/fr{PAGE}schedule.xml").content.decode()
    assert re.findall(
        r"<title>([^<]+)</title>\s*<subtitle />\s*<track />\s*<type>[^<]*</type>\s*<language>(\w+)", xml
    ) == [
        ("Ouverture du colloque", "fr"),
        ("Panel on the technology of the platforms", "en"),
    ]


def test_frab_names_the_language_an_item_is_held_in_first(client, bilingual_event):
    bilingual_event.sessions.filter(slug="opening").update(language="English language only")
    assert _frab(client, f"/fr{PAGE}schedule.json")["opening"][:2] == ("Ouverture du colloque", "en")


def _jsonld(client, path: str) -> dict:
    html = client.get(path).content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_jsonld_in_language(client, bilingual_event):
    french, english = _jsonld(client, f"/fr{PAGE}"), _jsonld(client, PAGE)
    assert (french["name"], french["inLanguage"], english["name"], english["inLanguage"]) == (
        "Protéger les enfants en ligne",
        "fr",
        "Protecting Children Online",
        "en",
    )
    Event.objects.filter(pk=bilingual_event.pk).update(title_fr="")
    DataVersion.bump()
    assert _jsonld(client, f"/fr{PAGE}")["inLanguage"] == "en"  # what the French page shows is in English


# --- API -------------------------------------------------------------------------------------------------------

API = f"/api/v1/events/{BILINGUAL}"


def _api(response) -> tuple:
    data = response.json()
    sessions = {session["slug"]: session for session in data["sessions"]}
    return (
        response["Content-Language"],
        data["title"],
        data["subtitle"],
        sessions["opening"]["title"],
        sessions["panel"]["title"],
        sessions["opening"]["participations"][0]["position"],
        "translations" in data,
    )


def test_the_api_in_french(client, bilingual_event):
    french = ("fr", "Protéger les enfants en ligne", "Technology against exploitation", "Ouverture du colloque",
              "Panel on the technology of the platforms", "Directrice de la recherche", False)  # fmt: skip
    assert _api(client.get(API, {"lang": "fr"})) == french
    assert _api(client.get(API, headers={"accept-language": "fr-FR,fr;q=0.9"})) == french
    assert _api(client.get(API, {"lang": "fr"}, headers={"accept-language": "en"})) == french  # ?lang= wins


def test_the_api_in_english_is_unchanged(client, bilingual_event):
    english = ("en", "Protecting Children Online", "Technology against exploitation", "Opening of the colloquium",
               "Panel on the technology of the platforms", "Director of Research", False)  # fmt: skip
    assert _api(client.get(API)) == english
    assert _api(client.get(API, {"lang": "en"}, headers={"accept-language": "fr"})) == english


def test_the_api_gives_every_language_on_request(client, bilingual_event):
    data = client.get(API, {"all_languages": "true", "lang": "fr"}).json()
    translations = data["translations"]
    assert {key: translations[key] for key in ("title", "subtitle", "summary.who")} == {
        "title": {"en": "Protecting Children Online", "fr": "Protéger les enfants en ligne"},
        "subtitle": {"en": "Technology against exploitation", "fr": ""},
        "summary.who": {
            "en": "<p>Experts and the associations of the field</p>",
            "fr": "<p>Des experts et les associations du secteur</p>",
        },
    }
    panel = next(session for session in data["sessions"] if session["slug"] == "panel")
    assert (data["title"], panel["translations"]["title"]) == (
        "Protéger les enfants en ligne",
        {"en": "Panel on the technology of the platforms", "fr": ""},
    )
    listed = client.get("/api/v1/events", {"all_languages": "1"}).json()["items"]
    assert next(item for item in listed if item["slug"] == BILINGUAL)["translations"]["title"] == translations["title"]


@pytest.mark.parametrize("params", [{"lang": "de"}, {"all_languages": "maybe"}])
def test_the_api_refuses_an_unknown_language_or_flag(client, bilingual_event, params):
    response = client.get(API, params)
    assert (response.status_code, [error["loc"][-1] for error in response.json()["errors"]]) == (422, list(params))


def test_the_openapi_document_describes_the_language_parameters(client):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {
        path: sorted(
            p["name"] for p in operation["get"].get("parameters", []) if p["name"] in ("lang", "all_languages")
        )
        for path, operation in document["paths"].items()
    }
    assert set(map(tuple, parameters.values())) == {("all_languages", "lang")}
    lang = next(p for p in document["paths"]["/api/v1/events"]["get"]["parameters"] if p["name"] == "lang")
    assert lang["schema"] == {"type": "string", "enum": ["en", "fr"]}
    assert "translations" in document["components"]["schemas"]["EventDetail"]["properties"]
