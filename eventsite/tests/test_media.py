"""Uploaded photos and logos are served under /media/; the rendered documents stored beside them never are."""

import pytest
from django.conf import settings

from events.models import Organisation
from speakers.models import Person


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "jane.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "people" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (tmp_path / "documents" / "draft-event").mkdir(parents=True)
    (tmp_path / "documents" / "draft-event" / "kit-en-a4-preview.pdf").write_bytes(b"%PDF-1.7 draft")
    (tmp_path / "documents" / "draft-event" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "people" / "link.png").symlink_to(tmp_path / "documents" / "draft-event" / "kit-en-a4-preview.pdf")
    return tmp_path


def test_the_public_folders_are_the_upload_folders_of_photos_and_logos():
    uploads = {Person._meta.get_field("photo").upload_to, Organisation._meta.get_field("logo").upload_to}
    assert (settings.MEDIA_URL, set(settings.MEDIA_PUBLIC_FOLDERS)) == ("/media/", uploads)


def test_an_uploaded_photo_is_served(client, media_root):
    response = client.get("/media/people/jane.png")
    assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (
        200,
        "image/png",
        b"\x89PNG\r\n\x1a\n",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/draft-event/kit-en-a4-preview.pdf",
        "/media/documents/draft-event/picture.png",  # a picture, but outside the upload folders
        "/media/people/../documents/draft-event/kit-en-a4-preview.pdf",
        "/media/people/%2e%2e/documents/draft-event/kit-en-a4-preview.pdf",
        "/media/people/link.png",  # a symbolic link out of the folder
        "/media/people/page.html",  # not a picture
        "/media/people/",
        "/media/people/missing.png",
    ],
)
def test_stored_documents_and_anything_but_pictures_answer_404(client, media_root, path):
    assert client.get(path).status_code == 404


def test_the_speaker_and_organisation_pages_show_their_photo_and_logo(db, client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    person = Person.objects.filter(participations__event__slug="combating-online-sex-trafficking-2018").first()
    person.photo_alt = "Portrait photo"
    person.photo.save("portrait.png", ContentFile(b"\x89PNG"), save=True)
    organisation = Organisation.objects.get(slug="scelles-foundation")
    organisation.logo.save("scelles.png", ContentFile(b"\x89PNG"), save=True)
    pages = [client.get(person.get_absolute_url()), client.get(organisation.get_absolute_url())]
    assert [page.status_code for page in pages] == [200, 200]
    assert '<img src="/media/people/portrait.png" alt="Portrait photo"' in pages[0].text
    assert f'<img src="/media/logos/scelles.png" alt="{organisation.name}"' in pages[1].text
