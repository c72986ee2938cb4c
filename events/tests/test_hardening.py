import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eventsite.infra.uploads import validate_image_upload

pytestmark = pytest.mark.django_db


def image_file(fmt: str = "PNG", size=(200, 300), name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_real_image_is_accepted():
    validate_image_upload(image_file())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>"),
            "This file is not an image we can read (use JPEG, PNG or WebP).",
        ),
        (image_file("GIF", name="photo.png"), "GIF images are not accepted: use JPEG, PNG or WebP."),
        (image_file(size=(20, 20)), "The image is 20×20 pixels: each side must be between 64 and 6000."),
        (image_file(size=(7000, 100)), "The image is 7000×100 pixels: each side must be between 64 and 6000."),
        (
            SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (6 * 2**20)),
            "The image is too large (6 MB): the limit is 5 MB.",
        ),
    ],
    ids=["script-named-png", "gif", "tiny", "huge", "too-many-bytes"],
)
def test_bad_uploads_are_refused_by_content(upload, message):
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(upload)
    assert exc.value.messages == [message]


def test_admin_rejects_a_fake_photo_with_a_clear_message(admin_client, settings, tmp_path):
    from speakers.models import Person

    settings.MEDIA_ROOT = tmp_path
    person = Person.objects.create(slug="upload-test", name="Upload Test")
    response = admin_client.post(
        f"/admin/speakers/person/{person.pk}/change/",
        {
            "slug": "upload-test", "name": "Upload Test", "photo": SimpleUploadedFile("me.jpg", b"not an image"),
            "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
            "participations-TOTAL_FORMS": 0, "participations-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    person.refresh_from_db()
    assert not person.photo


def test_admin_login_is_rate_limited(client):
    User.objects.create_superuser("boss", password="correct horse battery")
    statuses = [
        client.post("/admin/login/", {"username": "boss", "password": f"wrong-{i}"}).status_code for i in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]
    locked = client.post("/admin/login/", {"username": "boss", "password": "correct horse battery"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


def test_security_headers_and_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert (response["X-Frame-Options"], response["Referrer-Policy"], response["X-Content-Type-Options"]) == (
        "DENY",
        "same-origin",
        "nosniff",
    )
