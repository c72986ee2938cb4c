import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eventsite.infra.throttling import client_ip
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


def login(client, username: str, password: str, ip: str = "192.0.2.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": ip} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_guessed_account_stays_locked_from_another_address(client):
    User.objects.create_superuser("boss", password="correct horse battery")
    for i in range(5):
        login(client, "boss", f"wrong-{i}", ip="192.0.2.1")
    response = login(client, "boss", "correct horse battery", ip="198.51.100.7")
    assert (response.status_code, signed_in(client)) == (429, False)


def test_password_spraying_from_one_address_is_locked(client):
    User.objects.create_superuser("boss", password="correct horse battery")
    statuses = [login(client, f"user{i}", "Summer2026!", ip="192.0.2.1").status_code for i in range(5)]
    response = login(client, "boss", "correct horse battery", ip="192.0.2.1")
    assert (statuses, response.status_code, signed_in(client)) == ([200, 200, 200, 200, 429], 429, False)


@pytest.mark.parametrize(("proxy_count", "outcome"), [(1, (302, True)), (0, (429, False))])
def test_clients_behind_a_proxy_are_told_apart_only_with_proxy_count(client, settings, proxy_count, outcome):
    """Behind one proxy every request comes from the proxy's address; X-Forwarded-For names the client."""
    settings.PROXY_COUNT = proxy_count
    User.objects.create_superuser("boss", password="correct horse battery")
    for i in range(5):
        login(client, f"user{i}", "Summer2026!", ip="10.0.0.2", forwarded="203.0.113.1")
    response = login(client, "boss", "correct horse battery", ip="10.0.0.2", forwarded="203.0.113.2")
    assert (response.status_code, signed_in(client)) == outcome


@pytest.mark.parametrize(
    ("proxy_count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.1", "192.0.2.1"),  # no proxy: the header is anyone's to write
        (1, "10.0.0.2", "203.0.113.1", "203.0.113.1"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # a forged entry left of the proxy's is ignored
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.1, 10.0.0.2", "203.0.113.1"),
        (2, "10.0.0.3", "203.0.113.1", "10.0.0.3"),  # fewer hops than proxies: only the peer is known
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:db8::1 ", "2001:db8::1"),
        (1, "10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(rf, settings, proxy_count, remote, forwarded, expected):
    settings.PROXY_COUNT = proxy_count
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    assert client_ip(rf.get("/", **extra)) == expected


def test_security_headers_and_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert (response["X-Frame-Options"], response["Referrer-Policy"], response["X-Content-Type-Options"]) == (
        "DENY",
        "same-origin",
        "nosniff",
    )
