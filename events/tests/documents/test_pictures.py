"""Pictures in the print documents: speaker photos beside their bios, organisation logos (cover and "About us"),
each with its text alternative from the data, read only through the renderer's own-files fetcher."""

import io

import pytest
from django.core.files.base import ContentFile

from events.documents.render import BASE_URL, RefusedResource, resolve_resource
from events.documents.services import kit_render
from events.models import KitSection
from events.models.documents import Audience
from events.tests.documents.helpers import reader_of, structure_elements
from speakers.models import Participation


def png(colour: str = "#336699") -> ContentFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 150), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def pictured_event(event, organisation, person):
    person.bio = "<p>Works on the subject.</p>"
    person.photo_alt = "Portrait of Test Person"
    person.photo.save("test-person.png", png(), save=True)
    organisation.description = "<p>What the organisation does.</p>"
    organisation.logo_alt = "Test Organisation logo"
    organisation.logo.save("test-org.png", png("#aa3300"), save=True)
    Participation.objects.create(person=person, event=event, role=Participation.Role.SPEAKER)
    KitSection.objects.create(event=event, slug="speakers", kind=KitSection.Kind.SPEAKERS, title="Speakers", order=1)
    KitSection.objects.create(event=event, slug="about-us", kind=KitSection.Kind.ABOUT, title="About us", order=2)
    return event


def test_speaker_photos_and_organisation_logos_print_with_their_text_alternatives(pictured_event):
    reader = reader_of(kit_render(event=pictured_event, audience=Audience.PREVIEW))
    figures = [str(e["alt"]) for e in structure_elements(reader) if e["type"] == "/Figure"]
    # The logo on the cover, on the back cover and in "About us"; the photo beside the bio.
    assert sorted(figures) == [
        "Portrait of Test Person",
        "Test Organisation logo",
        "Test Organisation logo",
        "Test Organisation logo",
    ]


def test_a_picture_without_a_text_alternative_is_described_by_the_name(pictured_event, person):
    type(person).objects.filter(pk=person.pk).update(photo_alt="")
    reader = reader_of(kit_render(event=pictured_event, audience=Audience.PREVIEW))
    figures = {str(e["alt"]) for e in structure_elements(reader) if e["type"] == "/Figure"}
    assert figures == {"Test Person", "Test Organisation logo"}


def test_the_renderer_reads_pictures_but_never_stored_documents(settings, tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "a.png").write_bytes(b"png")
    (tmp_path / "documents" / "e").mkdir(parents=True)
    (tmp_path / "documents" / "e" / "draft.pdf").write_bytes(b"%PDF")
    assert resolve_resource(f"{BASE_URL}media/people/a.png") == (tmp_path / "people" / "a.png").resolve()
    for url in (
        f"{BASE_URL}media/documents/e/draft.pdf",
        f"{BASE_URL}media/people/../documents/e/draft.pdf",
        f"{BASE_URL}media/people/%2e%2e/documents/e/draft.pdf",
    ):
        with pytest.raises(RefusedResource):
            resolve_resource(url)


def test_a_tool_logo_prints_in_the_catalogue_described_by_the_tool_name(event):
    from events.models import Tool

    section = KitSection.objects.create(
        event=event, slug="tools", kind=KitSection.Kind.TOOLS, title="Technology Tools", order=1
    )
    tool = Tool.objects.create(section=section, slug="spotlight", name="Spotlight", description="<p>Finds ads.</p>")
    tool.logo.save("spotlight.png", png("#118833"), save=True)
    reader = reader_of(kit_render(event=event, audience=Audience.PREVIEW))
    figures = [str(e["alt"]) for e in structure_elements(reader) if e["type"] == "/Figure"]
    assert (tool.logo.name.startswith("logos/"), figures) == (True, ["Spotlight"])


def images_in(reader) -> set[tuple[int, int]]:
    """The distinct images a PDF embeds (pages share their resources)."""
    found = set()
    for page in reader.pages:
        objects = page.get("/Resources", {}).get("/XObject", {})
        for name in objects:
            reference = objects.raw_get(name)
            if objects[name].get_object().get("/Subtype") == "/Image":
                found.add((reference.idnum, reference.generation))
    return found


@pytest.fixture
def bucket(settings):
    """Pictures in a storage that is not local files and has its own URLs, as an S3 bucket: Django's in-memory one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": "https://bucket.example/"},
        },
    }


def test_pictures_print_from_a_storage_that_is_not_local_files(bucket, pictured_event, person):
    from django.core.files.storage import default_storage

    data = kit_render(event=pictured_event, audience=Audience.PREVIEW)
    stored = (person.photo.url.startswith("https://bucket.example/people/"), default_storage.exists(person.photo.name))
    assert stored == (True, True)
    # The photo and the logo (printed three times), read from copies of the stored files, not from the bucket's URLs.
    assert len(images_in(reader_of(data))) == 2
