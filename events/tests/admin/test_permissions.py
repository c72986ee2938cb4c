"""The permission matrix: every role on its own and on a foreign event, for each admin page and action."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from events.models import Event, Organisation, Session
from events.permissions import EDITORS, PUBLISHERS
from events.tests.admin_forms import change_page_data, no_inlines

pytestmark = pytest.mark.django_db

OWN = "digital-society-2014"  # organised by the Scelles Foundation
FOREIGN = "alliance-19-2019"  # organised by the OSCE
ROLES = ["superuser", "publisher", "editor", "foreign_editor", "staff_without_group"]


@pytest.fixture
def user_for(db):
    scelles = Organisation.objects.get(slug="scelles-foundation")
    osce = Organisation.objects.get(slug="osce")

    def make(role: str) -> User:
        if role == "superuser":
            return User.objects.create_superuser("root", email=None, password=None)
        user = User.objects.create_user(role, is_staff=True)
        if role in ("publisher", "editor", "foreign_editor"):
            user.groups.add(Group.objects.get(name=PUBLISHERS if role == "publisher" else EDITORS))
            (osce if role == "foreign_editor" else scelles).members.add(user)
        return user

    return make


@pytest.fixture
def as_role(client, user_for):
    def login(role: str):
        client.force_login(user_for(role))
        return client

    return login


def event_url(view: str, slug: str) -> str:
    return reverse(f"admin:events_event_{view}", args=[Event.objects.get(slug=slug).pk])


# role -> (own event, foreign event): what the change page answers.
CHANGE_PAGE = {
    "superuser": (200, 200),
    "publisher": (200, 302),
    "editor": (200, 302),
    "foreign_editor": (302, 200),
    "staff_without_group": (403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_event_change_page(as_role, role):
    client = as_role(role)
    own, foreign = CHANGE_PAGE[role]
    assert (client.get(event_url("change", OWN)).status_code, client.get(event_url("change", FOREIGN)).status_code) == (
        own,
        foreign,
    )


@pytest.mark.parametrize("role", ROLES)
def test_event_changelist_shows_only_editable_events(as_role, role):
    response = as_role(role).get(reverse("admin:events_event_changelist"))
    if role == "staff_without_group":
        assert response.status_code == 403
        return
    slugs = {event.slug for event in response.context["cl"].result_list}
    expected = {"superuser": (True, True), "foreign_editor": (False, True)}.get(role, (True, False))
    assert (OWN in slugs, FOREIGN in slugs) == expected


@pytest.fixture
def valid_change_data(db):
    """What the foreign event's change page submits, with a new title: valid, so only permissions can refuse it."""
    root = Client()
    root.force_login(User.objects.create_superuser("data-root", email=None, password=None))
    return {**change_page_data(root, event_url("change", FOREIGN)), "title_en": "Hijacked"}


@pytest.mark.parametrize("role", ROLES)
def test_change_post_on_a_foreign_event(as_role, role, valid_change_data):
    response = as_role(role).post(event_url("change", FOREIGN), valid_change_data)
    allowed = role in ("superuser", "foreign_editor")
    expected_status = 302 if allowed else {"staff_without_group": 403}.get(role, 302)
    expected_title = "Hijacked" if allowed else "19th Alliance against Trafficking in Persons"
    assert (response.status_code, Event.objects.get(slug=FOREIGN).title) == (expected_status, expected_title)


@pytest.mark.parametrize("role", ROLES)
def test_delete_is_for_superusers_only(as_role, role):
    status = as_role(role).get(event_url("delete", OWN)).status_code
    assert status == {"superuser": 200}.get(role, 403)


@pytest.mark.parametrize(
    ("role", "published"), [("superuser", True), ("publisher", True), ("editor", False), ("foreign_editor", False)]
)
def test_publish_action_needs_the_publisher_role(
    as_role, role, published, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Event.objects.filter(slug=OWN).update(status=Event.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        as_role(role).post(
            reverse("admin:events_event_changelist"),
            {"action": "publish", "_selected_action": [Event.objects.get(slug=OWN).pk]},
        )
    assert Event.objects.get(slug=OWN).is_published == published


@pytest.mark.parametrize("role", ROLES)
def test_pdf_preview_of_drafts(as_role, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_role(role)
    url = reverse("admin:events_event_preview", args=[Event.objects.get(slug=FOREIGN).pk, "programme"])
    response = client.get(url)
    expected = {"superuser": 200, "foreign_editor": 200}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLES)
def test_sessions_of_foreign_events_are_out_of_reach(as_role, role):
    client = as_role(role)
    own = Session.objects.filter(event__slug=OWN).first()
    changelist = client.get(reverse("admin:events_session_changelist"))
    if role == "staff_without_group":
        assert changelist.status_code == 403
        return
    visible = set(changelist.context["cl"].result_list)
    assert (own in visible) == (role != "foreign_editor")
    status = client.get(reverse("admin:events_session_change", args=[own.pk])).status_code
    assert status == (302 if role == "foreign_editor" else 200)


def test_an_editors_new_event_is_organised_by_their_organisation(as_role):
    client = as_role("editor")
    data = {
        "title_en": "New seminar", "slug": "new-seminar", "kind": "seminar", "order": 0, "timezone": "Europe/Paris",
        **no_inlines(),
    }  # fmt: skip
    assert client.post(reverse("admin:events_event_add"), data).status_code == 302
    event = Event.objects.get(slug="new-seminar")
    assert list(event.event_organisations.values_list("organisation__slug", "role")) == [
        ("scelles-foundation", "organiser")
    ]
    assert client.get(event_url("change", "new-seminar")).status_code == 200
