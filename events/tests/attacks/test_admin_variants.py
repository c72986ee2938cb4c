"""Equivalent variants of defects 1-4 (admin scoping), each one a path the sweep found open or a path close to one."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    Organisation,
    Proceedings,
    Publication,
    Remark,
    Session,
)
from events.tests.admin_forms import change_page_data
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db


def test_registration_event_filter_offers_only_editable_events(client_for, users, events, org_a, foreign):
    """Variant of defect 4: Django's relation filter listed every event of the site, foreign drafts included."""
    second = Event.objects.create(slug="event-a-2", title="Event event-a-2", timezone="UTC")
    EventOrganisation.objects.create(event=second, organisation=org_a, role=EventOrganisation.Role.ORGANISER)
    response = client_for(users["editor"]).get(reverse("admin:events_registration_changelist"))
    (event_filter,) = [
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", None) == "event"
    ]
    assert sorted(event_filter.lookup_choices) == [(events["a"].pk, "Event event-a"), (second.pk, "Event event-a-2")]


def test_superuser_event_filter_still_offers_every_event(client_for, users, foreign):
    response = client_for(users["superuser"]).get(reverse("admin:events_registration_changelist"))
    (event_filter,) = [
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", None) == "event"
    ]
    assert sorted(pk for pk, _title in event_filter.lookup_choices) == sorted(
        Event.objects.values_list("pk", flat=True)
    )


def test_organisation_event_count_leaves_out_foreign_drafts(client_for, users, foreign):
    """Org B organises four drafts and three published events: an Editor of org A counts the published ones."""
    response = client_for(users["editor"]).get(reverse("admin:events_organisation_changelist"), {"q": "Organisation B"})
    counts = {obj.slug: obj.event_count for obj in response.context["cl"].result_list}
    assert counts["org-b"] == 3


def test_organisation_event_count_includes_own_drafts(client_for, users, foreign):
    response = client_for(users["editor"]).get(reverse("admin:events_organisation_changelist"), {"q": "Organisation A"})
    counts = {obj.slug: obj.event_count for obj in response.context["cl"].result_list}
    assert counts["org-a"] == Organisation.objects.get(slug="org-a").event_roles.count()


@pytest.fixture
def publication(db) -> Publication:
    return Publication.objects.create(slug="superusers-report", title="Superusers' report")


@pytest.mark.parametrize("with_event", [True, False], ids=["with-own-event", "without-event"])
def test_an_editor_cannot_attach_a_contact_to_a_publication(client_for, users, events, publication, with_event):
    """Publications are superusers' records: an Editor's contact cannot be hung on one by a raw POST."""
    person = Person.objects.create(slug="injected", name="Injected Contact")
    data = {"publication": publication.pk, "document": "publication", "order": 0, "person": person.pk,
            "position_en": "Injected"} | ({"event": events["a"].pk} if with_event else {})  # fmt: skip
    response = client_for(users["editor"]).post(reverse("admin:events_contact_add"), data)
    assert (response.status_code, publication.contacts.count()) == ((200, 0) if with_event else (403, 0))


def test_an_editor_still_adds_a_contact_to_an_own_event(client_for, users, events):
    person = Person.objects.create(slug="own-contact", name="Own Contact")
    data = {"event": events["a"].pk, "document": "kit", "order": 0, "person": person.pk, "position_en": "Host"}
    response = client_for(users["editor"]).post(reverse("admin:events_contact_add"), data)
    assert (response.status_code, list(events["a"].contacts.values_list("position", flat=True))) == (302, ["Host"])


INLINE_MODELS = {"sessions": Session, "participations": Participation, "remarks": Remark, "contacts": Contact,
                 "kit_sections": KitSection}  # fmt: skip


@pytest.mark.parametrize("prefix", list(INLINE_MODELS))
def test_a_forged_inline_row_id_changes_no_foreign_row(client_for, users, events, build, prefix):
    """Variant of defect 4 on the Event page: an inline row naming another event's row id, as an existing row."""
    model = INLINE_MODELS[prefix]
    foreign_row = build(model)["b_draft"]
    before = model.objects.filter(pk=foreign_row.pk).values().get()
    client = client_for(users["editor"])
    client.raise_request_exception = False
    url = reverse("admin:events_event_change", args=[events["a"].pk])
    data = change_page_data(client, url)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    forged = {
        f"{prefix}-TOTAL_FORMS": total + 1, f"{prefix}-INITIAL_FORMS": total + 1,
        f"{prefix}-{total}-id": foreign_row.pk, f"{prefix}-{total}-event": events["a"].pk,
        f"{prefix}-{total}-title": "Hijacked", f"{prefix}-{total}-position": "Hijacked",
        f"{prefix}-{total}-slug": "hijacked", f"{prefix}-{total}-DELETE": "on",
    }  # fmt: skip
    client.post(url, data | forged)
    assert model.objects.filter(pk=foreign_row.pk).values().first() == before


def test_the_same_post_deletes_an_own_row(client_for, users, events, build):
    """The control for the forged-id test: the page, as posted there, does delete a row of the event itself."""
    own = build(Session)["a"]
    client = client_for(users["editor"])
    url = reverse("admin:events_event_change", args=[events["a"].pk])
    data = change_page_data(client, url)
    (index,) = [key.split("-")[1] for key, value in data.items() if key.endswith("-id") and value == own.pk]
    response = client.post(url, data | {f"sessions-{index}-DELETE": "on"})
    assert (response.status_code, Session.objects.filter(pk=own.pk).exists()) == (302, False)


VIEW_ON_SITE_MODELS = {"event": Event, "session": Session, "remark": Remark, "proceedings": Proceedings}


@pytest.mark.parametrize("role", ["staff", "editor", "publisher"])
def test_view_on_site_names_no_foreign_draft(client_for, users, events, build, role):
    """The admin's "view on site" redirect (/admin/r/<type>/<id>/) finds any row by id: a foreign draft's row answers
    like a missing one rather than with a redirect naming its URL (its slugs)."""
    client = client_for(users[role])
    answers = {}
    for name, model in VIEW_ON_SITE_MODELS.items():
        row = build(model)["b_draft"]
        content_type = ContentType.objects.get_for_model(model)
        response = client.get(reverse("admin:view_on_site", args=[content_type.pk, row.pk]))
        answers[name] = (response.status_code, response.get("Location"))
    assert answers == {name: (404, None) for name in VIEW_ON_SITE_MODELS}


def test_view_on_site_still_redirects_to_own_and_published_rows(client_for, users, events, build):
    client = client_for(users["editor"])
    content_type = ContentType.objects.get_for_model(Session)
    rows = build(Session)
    locations = [
        client.get(reverse("admin:view_on_site", args=[content_type.pk, rows[key].pk]))["Location"]
        for key in ("a", "b_published")
    ]
    assert locations == [f"http://testserver{rows[key].get_absolute_url()}" for key in ("a", "b_published")]


@pytest.mark.parametrize("role", ["staff", "editor", "publisher"])
def test_door_pages_of_a_foreign_event_answer_like_a_missing_one(client_for, users, events, role):
    """No oracle on the staff-only door pages: another organisation's event is as absent as a slug that is not."""
    client = client_for(users[role])
    answers = {
        suffix: (client.get(f"/admin/door/event-b-draft/{suffix}").status_code,
                 client.get(f"/admin/door/no-such-event/{suffix}").status_code)
        for suffix in ("check-in/", "badges.pdf")
    }  # fmt: skip
    assert answers == {"check-in/": (404, 404), "badges.pdf": (404, 404)}


def test_the_year_filter_offers_only_years_of_events_the_user_may_edit(client_for, users, events, org_b):
    """A year that only another organisation's draft has is not offered (nor is any year the list cannot show)."""
    secret = Event.objects.create(slug="secret-2040", title="Secret", timezone="UTC", start_date=dt.date(2040, 1, 1))
    EventOrganisation.objects.create(event=secret, organisation=org_b, role=EventOrganisation.Role.ORGANISER)
    response = client_for(users["editor"]).get(reverse("admin:events_event_changelist"))
    (years,) = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", None) == "year"]
    assert years.lookup_choices == [("2031", "2031")]
