import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from events.documents.render import BASE_URL, RefusedResource, resolve_resource
from events.documents.services import document_get_or_render, document_pdf, kit_edition_freeze, kit_render
from events.models import Event, KitSection, RenderedDocument, Session
from events.models.documents import Audience
from events.services import event_publish
from events.tests.documents.helpers import body
from speakers.models import Participation, Person

KIT_EVENT = "combating-online-sex-trafficking-2018"


_rendered: dict[str, bytes] = {}


@pytest.fixture
def kit_2018(db) -> PdfReader:
    """The real 2018 kit, rendered once for the module (the fixtures do not change between tests)."""
    if KIT_EVENT not in _rendered:
        _rendered[KIT_EVENT] = kit_render(event=Event.objects.get(slug=KIT_EVENT))
    return PdfReader(io.BytesIO(_rendered[KIT_EVENT]))


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def outline_pages(reader: PdfReader) -> dict[str, int]:
    pages = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return pages


def test_contents_page_numbers_match_the_bookmarks(kit_2018):
    # The contents page lists the parts in order; its numbers come out of the text layer first.
    contents = kit_2018.pages[1].extract_text()
    printed = [int(n) for n in re.findall(r"^(\d+)$", contents, re.M)]
    top_level = [item for item in kit_2018.outline if not isinstance(item, list)]
    parts = [(item.title, kit_2018.get_destination_page_number(item) + 1) for item in top_level[2:]]  # cover, contents
    assert len(parts) >= 12
    assert [title for title, _page in parts if title not in contents] == []
    assert printed[: len(parts)] == [page for _title, page in parts]


def test_kit_holds_every_part_of_the_seed(kit_2018):
    text = text_of(kit_2018)
    expected = [
        "Combating Online Sex Trafficking",
        "97%",  # a statistic ...
        "Source: UNODC",  # ... and its source
        "CyberTipline",  # a tool of the catalogue
        "It has been said many times before",  # Ambassador Sunesson's remarks
        "212-349-6009",  # a contact's phone
        "srggcrxk",  # live-stream event ID
        "Sanctuary for Families",
        "Bob Herbert",
    ]
    assert [snippet for snippet in expected if snippet not in text] == []


def test_both_remarks_are_printed_from_their_first_sentence(kit_2018, django_db_blocker):
    from events.models import Remark

    text = text_of(kit_2018)
    with django_db_blocker.unblock():
        openings = [
            re.sub(r"<[^>]+>", "", r.body).split(".")[0][:60] for r in Remark.objects.filter(event__slug=KIT_EVENT)
        ]
    assert len(openings) == 2
    assert [o for o in openings if re.sub(r"\s+", " ", o).strip() not in text] == []


def test_metadata_names_document_organisers_and_language(kit_2018):
    meta = kit_2018.metadata
    assert meta.title == "Participant kit: Combating Online Sex Trafficking"
    assert "Scelles Foundation" in meta.author
    assert meta.subject == "Combating Online Sex Trafficking: Confronting Challenges, Forging Cooperation"
    assert kit_2018.trailer["/Root"]["/Lang"] == "en"


def test_every_font_is_embedded(kit_2018):
    fonts = {}
    for page in kit_2018.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[font["/BaseFont"]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    # Only the fonts we ship: no system-font luck.
    assert {name.split("+")[1].split("-")[0] for name in fonts} == {"Source", "Eventsite"}, fonts


def test_pdf_is_tagged_for_accessibility(kit_2018):
    root = kit_2018.trailer["/Root"]
    assert ("/StructTreeRoot" in root, root["/MarkInfo"]["/Marked"]) == (True, True)


def test_same_data_renders_the_same_bytes(db):
    event = Event.objects.get(slug="digital-society-2014")
    assert document_pdf(event=event, kind="programme") == document_pdf(event=event, kind="programme")


def test_letter_paper_is_an_option(db):
    event = Event.objects.get(slug="digital-society-2014")
    reader = PdfReader(io.BytesIO(document_pdf(event=event, kind="programme", paper="letter")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize("change", ["session", "bio", "kit_section"])
def test_any_change_to_the_data_gives_a_new_pdf(db, change):
    event = Event.objects.get(slug="digital-society-2014")
    kind = "programme" if change == "session" else "kit"
    first = document_get_or_render(event=event, kind=kind)
    assert document_get_or_render(event=event, kind=kind).pk == first.pk
    if change == "session":
        Session.objects.filter(event=event).update(description="<p>Revised description</p>")
    elif change == "bio":
        Person.objects.filter(slug="yves-charpenel").update(bio="<p>A revised biography.</p>")
    else:
        KitSection.objects.create(event=event, slug="welcome", title="Welcome", body="<p>New section</p>")
    second = document_get_or_render(event=event, kind=kind)
    assert (second.pk != first.pk, second.sha256 != first.sha256) == (True, True)


def test_download_answers_304_to_a_repeat(client, db, render_public):
    render_public("digital-society-2014")
    url = reverse("events:document", args=["digital-society-2014", "programme"])
    first = client.get(url)
    assert (first.status_code, first["Content-Type"]) == (200, "application/pdf")
    # Reading the whole body finishes the request, as a browser would (and closes the file).
    assert body(first).startswith(b"%PDF")
    repeat = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (repeat.status_code, repeat["ETag"]) == (304, first["ETag"])
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    assert (
        RenderedDocument.objects.filter(event__slug="digital-society-2014", kind="programme", language="en").count()
        == 1
    )


def test_draft_documents_are_404_for_the_public(client, db):
    Event.objects.filter(slug="digital-society-2014").update(status=Event.Status.DRAFT)
    assert client.get(reverse("events:document", args=["digital-society-2014", "kit"])).status_code == 404


def test_staff_preview_renders_drafts(admin_client, db):
    event = Event.objects.get(slug="digital-society-2014")
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    response = admin_client.get(reverse("admin:events_event_preview", args=[event.pk, "kit"]))
    assert (response.status_code, body(response)[:4]) == (200, b"%PDF")
    # A preview holds drafts: no shared cache may keep it.
    assert {"private", "no-store"} - set(response["Cache-Control"].split(", ")) == set()


def test_unknown_document_kind_is_404(client, db):
    assert client.get(reverse("events:document", args=["digital-society-2014", "poster"])).status_code == 404


def test_publishing_freezes_a_numbered_edition_that_survives_edits(
    client, event, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)
    edition = event.kit_editions.get(language="en")
    with edition.document.file.open("rb") as f:
        frozen = f.read()
    Event.objects.filter(pk=event.pk).update(subtitle_en="Changed after publication")
    second = kit_edition_freeze(event=Event.objects.get(pk=event.pk))["en"]
    assert (edition.number, second.number) == (1, 2)
    response = client.get(edition.get_absolute_url())
    assert b"".join(response.streaming_content) == frozen
    assert edition.document.sha256 != second.document.sha256


def test_kit_of_an_event_without_speakers_or_sections_renders_cleanly(event):
    reader = PdfReader(io.BytesIO(kit_render(event=event, audience=Audience.PREVIEW)))
    text = text_of(reader).upper()
    assert ("TEST COLLOQUIUM" in text, len(reader.pages)) == (True, 1)
    # No heading for parts that have nothing to print, not even an empty contents page.
    assert [h for h in ("CONTENTS", "SPEAKERS", "REMARKS", "LIVE STREAMING", "CONTACTS") if h in text] == []


def test_hostile_bio_renders_harmlessly(event, person, caplog):
    long_word = "A" * 400
    person.bio = f'<p>Hi <img src="file:///etc/passwd"><script>alert(1)</script>{long_word}</p><style>*{{}}</style>'
    Person.objects.filter(pk=person.pk).update(bio=person.bio)  # raw update: as if sanitising were bypassed
    Participation.objects.create(person=person, event=event, role=Participation.Role.SPEAKER)
    KitSection.objects.create(event=event, slug="speakers", kind=KitSection.Kind.SPEAKERS, title="Speakers")
    data = kit_render(event=event, audience=Audience.PREVIEW)
    text = text_of(PdfReader(io.BytesIO(data)))
    assert ("alert(1)" in text, "root:" in text, "Test Person" in text, b"/Image" in data) == (
        False,
        False,
        True,
        False,
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/eventsite/settings.py",
        f"{BASE_URL}media/../eventsite.sqlite3",
        f"{BASE_URL}media/%2e%2e/secret_key",
        f"{BASE_URL}pdf-fonts/sans/../../../../../etc/passwd",
        f"{BASE_URL}eventsite/settings.py",
        "https://eventsite.invalid.evil.example/static/pdf/print.css",
    ],
)
def test_url_fetcher_refuses_everything_but_our_files(url):
    with pytest.raises(RefusedResource):
        resolve_resource(url)


def test_url_fetcher_serves_static_files_and_fonts():
    assert resolve_resource(f"{BASE_URL}static/pdf/print.css").name == "print.css"
    assert resolve_resource(f"{BASE_URL}pdf-fonts/sans/SourceSansPro-Regular.ttf").name == "SourceSansPro-Regular.ttf"


def test_renderer_never_fetches_remote_or_local_files(event, caplog):
    from events.documents.render import html_to_pdf

    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="file:///etc/passwd"></head><body>'
        '<img src="http://127.0.0.1:9/x.png" alt="x"><img src="file:///etc/hostname" alt="y">'
        '<a href="x" rel="attachment">a</a><object data="file:///etc/passwd"></object>'
        "<p>ok</p></body></html>"
    )
    with caplog.at_level("WARNING", logger="events.documents.render"):
        pdf = html_to_pdf(html, tagged=False)
    assert pdf.data.startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) >= 3
    assert b"/EmbeddedFile" not in pdf.data


def test_warm_download_needs_two_queries_and_no_rendering(client, db, render_public, django_assert_num_queries):
    render_public("digital-society-2014")
    url = reverse("events:document", args=["digital-society-2014", "programme"])
    with django_assert_num_queries(2):
        response = client.get(url)
    assert body(response).startswith(b"%PDF")


def test_an_edit_serves_the_last_good_pdf_until_the_worker_has_rendered_it(client, db, render_public):
    from django_tasks_db.models import DBTaskResult

    render_public("digital-society-2014")
    url = reverse("events:document", args=["digital-society-2014", "programme"])
    first = client.get(url)
    body(first)
    session = Session.objects.filter(event__slug="digital-society-2014").first()
    session.title = "A renamed part"
    session.save()
    # The download does not render: the last good PDF, and a render queued for the worker.
    meanwhile = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (meanwhile.status_code, meanwhile["ETag"]) == (304, first["ETag"])
    queued = DBTaskResult.objects.filter(task_path="events.documents.tasks.render_event_documents")
    assert [r.args_kwargs["args"] for r in queued] == [["digital-society-2014"]]
    body(client.get(url))  # a second download in the same data version queues nothing more
    assert queued.count() == 1
    render_public("digital-society-2014")
    second = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "A renamed part" in text_of(PdfReader(io.BytesIO(body(second))))
