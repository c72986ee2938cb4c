"""Regression tests for issue #9 defects 1-4, with the attacks as they were reported."""

import pytest
from django.urls import reverse

from events.models import Event, KitSection, Session
from events.tests.admin_forms import change_page_data
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db


def admin_url(obj, view: str = "change", *args) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk, *args])


# --- 1. Organisation membership --------------------------------------------------------------------------------


def test_an_editor_cannot_join_another_organisation(client_for, users, org_b):
    editor = client_for(users["editor"])
    url = admin_url(org_b)
    data = {**change_page_data(editor, url), "members": [users["editor"].pk], "short_name_en": "B"}
    assert editor.post(url, data).status_code == 302
    org_b.refresh_from_db()
    # The POST was valid (the shared record changed), the membership was not.
    assert (org_b.short_name, list(org_b.members.all())) == ("B", [])


def test_an_editor_cannot_remove_the_other_members(client_for, users, org_a):
    editor = client_for(users["editor"])
    url = admin_url(org_a)
    data = {**change_page_data(editor, url), "members": [users["editor"].pk]}
    assert editor.post(url, data).status_code == 302
    assert set(org_a.members.values_list("username", flat=True)) == {"editor", "publisher"}


def test_the_membership_field_is_for_superusers_only(client_for, users, org_a):
    fields = {
        role: set(client_for(users[role]).get(admin_url(org_a)).context["adminform"].form.fields)
        for role in ("editor", "superuser")
    }
    assert ("members" in fields["editor"], "members" in fields["superuser"]) == (False, True)


def test_a_superuser_manages_members(client_for, users, org_b):
    root = client_for(users["superuser"])
    url = admin_url(org_b)
    assert root.post(url, {**change_page_data(root, url), "members": [users["editor"].pk]}).status_code == 302
    assert list(org_b.members.all()) == [users["editor"]]


# --- 2. The `field_name=parent` bypass -------------------------------------------------------------------------


def test_field_name_parent_opens_no_foreign_event(client_for, users, events):
    editor = client_for(users["editor"])
    foreign = events["b_draft"]
    response = editor.get(admin_url(foreign) + "?field_name=parent")
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    preview = editor.get(admin_url(foreign, "preview", "programme") + "?field_name=parent")
    assert preview.status_code == 404


def test_field_name_parent_saves_no_foreign_event(client_for, users, events):
    url = admin_url(events["b_draft"]) + "?field_name=parent"
    data = {**change_page_data(client_for(users["superuser"]), admin_url(events["b_draft"])), "title_en": "Hijacked"}
    client_for(users["editor"]).post(url, data)
    assert Event.objects.get(pk=events["b_draft"].pk).title == "Event event-b-draft"


def autocomplete(client, model_name: str, field_name: str) -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"), {"app_label": "events", "model_name": model_name, "field_name": field_name}
    )
    return {result["text"] for result in response.json()["results"]}


def test_parent_autocomplete_offers_published_events_but_no_foreign_draft(client_for, users, events):
    offered = autocomplete(client_for(users["editor"]), "event", "parent")
    assert ({"Event event-a", "Event event-b-published"} <= offered, "Event event-b-draft" in offered) == (True, False)


def test_event_autocomplete_offers_only_editable_events(client_for, users, events):
    offered = autocomplete(client_for(users["editor"]), "session", "event")
    assert offered == {"Event event-a"}


def test_a_side_event_may_be_held_during_a_foreign_published_event(client_for, users, events):
    editor = client_for(users["editor"])
    url = admin_url(events["a"])
    data = {**change_page_data(editor, url), "parent": events["b_published"].pk}
    assert editor.post(url, data).status_code == 302
    assert Event.objects.get(pk=events["a"].pk).parent == events["b_published"]


def test_a_side_event_may_not_be_held_during_a_foreign_draft(client_for, users, events):
    editor = client_for(users["editor"])
    url = admin_url(events["a"])
    response = editor.post(url, {**change_page_data(editor, url), "parent": events["b_draft"].pk})
    assert (response.status_code, Event.objects.get(pk=events["a"].pk).parent) == (200, None)


# --- 3. History views and reverts -------------------------------------------------------------------------------


def test_an_editor_reads_no_foreign_history(client_for, users, events):
    editor = client_for(users["editor"])
    foreign = events["b_draft"]
    version = foreign.history.earliest().history_id
    statuses = (
        editor.get(admin_url(foreign, "history")).status_code,
        editor.get(admin_url(foreign, "simple_history", version)).status_code,
    )
    assert statuses == (404, 404)


def test_an_editor_cannot_revert_a_foreign_event(client_for, users, events):
    foreign = events["b_published"]
    first = foreign.history.earliest().history_id  # a draft: the revert would unpublish it too
    url = admin_url(foreign, "simple_history", first)
    data = {**change_page_data(client_for(users["superuser"]), url), "title_en": "Reverted"}
    client_for(users["editor"]).post(url, data)
    foreign.refresh_from_db()
    assert (foreign.title, foreign.is_published) == ("Event event-b-published", True)


@pytest.fixture
def unpublished_a(events):
    """Org A's event, published once then back to draft: its history holds a published version."""
    from events.services import event_publish, event_unpublish

    event = event_publish(event=events["a"])
    published_version = event.history.latest().history_id
    event_unpublish(event=event)
    return event, published_version


def test_a_revert_cannot_publish_without_the_publisher_role(client_for, users, unpublished_a):
    event, version = unpublished_a
    editor = client_for(users["editor"])
    url = admin_url(event, "simple_history", version)
    response = editor.post(url, change_page_data(editor, url))
    event.refresh_from_db()
    assert (response.status_code, event.is_published) == (403, False)


def test_a_publisher_revert_publishes_through_the_service(client_for, users, unpublished_a):
    event, version = unpublished_a
    publisher = client_for(users["publisher"])
    url = admin_url(event, "simple_history", version)
    assert publisher.post(url, change_page_data(publisher, url)).status_code == 302
    event.refresh_from_db()
    assert event.is_published is True


@pytest.fixture
def sections(events):
    own = KitSection.objects.create(event=events["a"], slug="own", title="Own")
    foreign = KitSection.objects.create(event=events["b_draft"], slug="foreign", title="Foreign")
    return own, foreign


def test_a_foreign_kit_section_cannot_be_moved_into_an_own_event_by_history(client_for, users, events, sections):
    _own, foreign = sections
    url = admin_url(foreign, "simple_history", foreign.history.earliest().history_id)
    data = {**change_page_data(client_for(users["superuser"]), url), "event": events["a"].pk}
    response = client_for(users["editor"]).post(url, data)
    assert (response.status_code, KitSection.objects.get(pk=foreign.pk).event) == (404, events["b_draft"])


def test_an_own_kit_section_cannot_be_moved_into_a_foreign_event_by_history(client_for, users, events, sections):
    own, _foreign = sections
    editor = client_for(users["editor"])
    url = admin_url(own, "simple_history", own.history.earliest().history_id)
    editor.post(url, {**change_page_data(editor, url), "event": events["b_draft"].pk})
    assert KitSection.objects.get(pk=own.pk).event == events["a"]


def test_an_own_kit_section_is_reverted_by_history(client_for, users, events, sections):
    own, _foreign = sections
    own.title = "Renamed"
    own.save()
    editor = client_for(users["editor"])
    url = admin_url(own, "simple_history", own.history.earliest().history_id)
    assert editor.post(url, change_page_data(editor, url)).status_code == 302
    assert KitSection.objects.get(pk=own.pk).title == "Own"


# --- 4. A person's appearances -----------------------------------------------------------------------------------


@pytest.fixture
def appearances(events):
    person = Person.objects.create(slug="shared-speaker", name="Shared Speaker")
    return person, {
        key: Participation.objects.create(person=person, event=event, position=f"Position {key}")
        for key, event in events.items()
    }


def test_a_person_page_shows_an_editor_only_their_events_appearances(client_for, users, appearances):
    person, rows = appearances
    response = client_for(users["editor"]).get(admin_url(person))
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Participation)
    assert [form.instance for form in formset.forms] == [rows["a"]]
    assert "Position b_draft" not in response.content.decode()


def test_a_person_page_cannot_change_a_foreign_appearance(client_for, users, appearances):
    person, rows = appearances
    editor = client_for(users["editor"])
    url = admin_url(person)
    data = {k: v for k, v in change_page_data(editor, url).items() if not k.startswith("participations-")}
    # One appearance form, as the page shows for the own event, pointed at the foreign draft's appearance.
    data.update({
        "participations-TOTAL_FORMS": 1, "participations-INITIAL_FORMS": 1, "participations-0-id": rows["b_draft"].pk,
        "participations-0-person": person.pk, "participations-0-event": rows["b_draft"].event_id,
        "participations-0-role": "speaker", "participations-0-position_en": "Hijacked",
    })  # fmt: skip
    editor.post(url, data)
    assert Participation.objects.get(pk=rows["b_draft"].pk).position == "Position b_draft"


def test_a_person_page_cannot_add_an_appearance_in_a_foreign_event(client_for, users, events, appearances):
    person, _rows = appearances
    editor = client_for(users["editor"])
    url = admin_url(person)
    data = {**change_page_data(editor, url), "participations-TOTAL_FORMS": 2}
    # A role the person does not hold there yet: only the permission can refuse it.
    data.update({"participations-1-event": events["b_published"].pk, "participations-1-role": "keynote"})
    response = editor.post(url, data)
    assert (response.status_code, person.participations.filter(event=events["b_published"]).count()) == (200, 1)


def test_a_person_page_adds_an_appearance_in_an_own_event(client_for, users, events, appearances):
    person, rows = appearances
    rows["a"].delete()
    editor = client_for(users["editor"])
    url = admin_url(person)
    data = {**change_page_data(editor, url), "participations-TOTAL_FORMS": 1}
    data.update({"participations-0-event": events["a"].pk, "participations-0-role": "keynote"})
    assert editor.post(url, data).status_code == 302
    assert list(person.participations.filter(event=events["a"]).values_list("role", flat=True)) == ["keynote"]


# --- Saves that would move a row into a foreign event ----------------------------------------------------------


def test_a_session_cannot_be_moved_into_a_foreign_event(client_for, users, events):
    session = Session.objects.create(event=events["a"], slug="talk", title="Talk")
    editor = client_for(users["editor"])
    url = admin_url(session)
    editor.post(url, {**change_page_data(editor, url), "event": events["b_draft"].pk})
    assert Session.objects.get(pk=session.pk).event == events["a"]


def test_a_participation_cannot_be_moved_into_a_foreign_event(client_for, users, events, appearances):
    _person, rows = appearances
    rows["b_published"].delete()  # else the person's role there would refuse the move whatever the permissions
    editor = client_for(users["editor"])
    url = admin_url(rows["a"])
    editor.post(url, {**change_page_data(editor, url), "event": events["b_published"].pk})
    assert Participation.objects.get(pk=rows["a"].pk).event == events["a"]


def test_a_session_cannot_be_added_to_a_foreign_event(client_for, users, events):
    editor = client_for(users["editor"])
    data = {"event": events["b_draft"].pk, "slug": "intruder", "title_en": "Intruder", "kind": "panel", "order": 0}
    response = editor.post(reverse("admin:events_session_add"), data)
    assert (response.status_code, Session.objects.filter(slug="intruder").count()) == (200, 0)
    data["event"] = events["a"].pk
    assert editor.post(reverse("admin:events_session_add"), data).status_code == 302


# --- Publishing stays a Publisher's right, on their own events ------------------------------------------------


@pytest.mark.parametrize(("role", "key", "published"), [("publisher", "a", True), ("publisher", "b_draft", False)])
def test_the_publish_action_reaches_only_the_publishers_events(client_for, users, events, role, key, published):
    client_for(users[role]).post(
        reverse("admin:events_event_changelist"), {"action": "publish", "_selected_action": [events[key].pk]}
    )
    assert Event.objects.get(pk=events[key].pk).is_published is published
