"""The editorial workflow through the admin: times in the event's zone, publishing from the event's page, editions
withdrawn, duplicate people, session choices, plural role labels, the kit's speakers section."""

import datetime as dt
import json
import re
import zoneinfo

import icalendar
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from events import services
from events.documents.content import document_html, kit_parts
from events.models import Event, EventOrganisation, KitEdition, KitSection, Organisation, RenderedDocument, Session
from events.permissions import PUBLISHERS
from events.programme import people_by_role
from events.tests.admin_forms import change_page_data, no_inlines
from speakers.models import Participation, Person, PersonAlias

pytestmark = pytest.mark.django_db


def _defaults() -> dict:
    """Each event field's default as the add page sends it back (fields other features add included)."""
    defaults = {}
    for field in Event._meta.concrete_fields:
        if not field.editable or not field.has_default() or callable(field.default) or field.default is False:
            continue
        defaults[field.name] = "on" if field.default is True else field.default
    return defaults


def _event_post(zone: str, organisation: Organisation, **extra) -> dict:
    """An add page's POST for an event with two sessions, the second across a daylight-saving change in New York."""
    return {
        **_defaults(),
        "title_en": "Round trip",
        "slug": "round-trip",
        "kind": "colloquium",
        "order": 0,
        "timezone": zone,
        "start_date": "2026-03-07",
        "end_date": "2026-03-09",
        **no_inlines(),
        "event_organisations-TOTAL_FORMS": 1,
        "event_organisations-0-organisation": organisation.pk,
        "event_organisations-0-role": "organiser",
        "event_organisations-0-order": 0,
        "sessions-TOTAL_FORMS": 2,
        **{
            f"sessions-{i}-{name}": value
            for i, day in enumerate(["2026-03-07", "2026-03-09"])
            for name, value in {
                "title_en": f"Session {i}",
                "slug": f"session-{i}",
                "kind": "panel",
                "order": i,
                "starts_at_0": day,
                "starts_at_1": "18:30",
                "ends_at_0": day,
                "ends_at_1": "20:00",
            }.items()
        },
        **extra,
    }


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(slug="org", name="Org")


# Both sides of UTC; New York changes to summer time on 8 March 2026, between the two sessions; Sydney leaves it
# on 5 April.
ZONES = ["America/New_York", "Asia/Tokyo", "Australia/Sydney", "Europe/Paris"]


@pytest.mark.parametrize("zone", ZONES)
def test_local_time_typed_in_the_admin_is_that_time_everywhere(zone, admin_client, organisation):
    response = admin_client.post(reverse("admin:events_event_add"), _event_post(zone, organisation))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    event = Event.objects.get(slug="round-trip")
    tz = zoneinfo.ZoneInfo(zone)
    wanted = [dt.datetime(2026, 3, day, 18, 30, tzinfo=tz) for day in (7, 9)]
    assert [s.starts_at for s in event.sessions.order_by("starts_at")] == wanted
    services.event_publish(event=event)

    page = admin_client.get(event.get_absolute_url()).content.decode()
    # Each session's own entry on the page (an overview may repeat the times elsewhere).
    assert [bool(re.search(rf'id="session-session-{i}".{{0,400}}?6:30 p.m.', page, re.DOTALL)) for i in (0, 1)] == [
        True,
        True,
    ]

    calendar = icalendar.Calendar.from_ical(admin_client.get(reverse("events:event_ical", args=[event.slug])).content)
    starts = sorted(c.decoded("dtstart") for c in calendar.walk("VEVENT") if "Session" in str(c["summary"]))
    assert [(s, s.strftime("%H:%M")) for s in starts] == [(w, "18:30") for w in wanted]

    frab = json.loads(admin_client.get(reverse("events:schedule_json", args=[event.slug])).content)
    talks = [t for day in frab["schedule"]["conference"]["days"] for room in day["rooms"].values() for t in room]
    assert sorted((t["date"], t["start"]) for t in talks) == [(w.isoformat(), "18:30") for w in wanted]

    api = admin_client.get(f"/api/v1/events/{event.slug}").json()
    assert sorted(s["starts_at"] for s in api["sessions"]) == [w.isoformat() for w in wanted]

    html = document_html(event=event, kind="kit", paper="a4")
    assert len(re.findall(r"6:30\s*p\.m\.|18:30", html)) >= 2


def test_admin_shows_the_2018_event_in_new_york_time(admin_client):
    event = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert re.findall(r'name="(starts_at_1|ends_at_1)" value="([^"]+)"', page)[:2] == [
        ("starts_at_1", "18:00:00"),
        ("ends_at_1", "20:00:00"),
    ]


def test_resaving_the_2018_event_unchanged_keeps_its_times(admin_client):
    event = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    url = reverse("admin:events_event_change", args=[event.pk])
    before = [(s.pk, s.starts_at) for s in event.sessions.all()]
    data = change_page_data(admin_client, url)
    page = admin_client.get(url).content.decode()
    # The split widgets' values as the browser would send them back.
    data.update(dict(re.findall(r'name="([\w-]+_[01])" value="([^"]*)"', page)))
    for key in [k for k in data if k.endswith(("starts_at", "ends_at"))]:
        del data[key]
    response = admin_client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.local(event.starts_at).time(), [(s.pk, s.starts_at) for s in event.sessions.all()]) == (
        dt.time(18, 0),
        before,
    )


def test_new_side_event_takes_its_conference_zone_and_dates_from_its_times(admin_client, organisation):
    parent = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    page = admin_client.get(reverse("admin:events_event_add") + f"?parent={parent.pk}").content.decode()
    assert 'name="timezone" value="America/New_York"' in page
    data = _event_post("", organisation, parent=parent.pk, start_date="", end_date="", **{"sessions-TOTAL_FORMS": 0})
    data.update(starts_at_0="2026-03-07", starts_at_1="21:00", ends_at_0="2026-03-07", ends_at_1="22:00")
    response = admin_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get(slug="round-trip")
    assert (event.timezone, event.start_date, event.end_date, event.starts_at) == (
        "America/New_York",
        dt.date(2026, 3, 7),
        dt.date(2026, 3, 7),
        dt.datetime(2026, 3, 8, 2, 0, tzinfo=dt.UTC),
    )


def test_session_outside_the_dates_gets_one_message(admin_client, organisation):
    data = _event_post(
        "Europe/Paris", organisation, **{"sessions-1-starts_at_0": "2026-03-12", "sessions-1-ends_at_0": "2026-03-12"}
    )
    response = admin_client.post(reverse("admin:events_event_add"), data)
    errors = [f.errors for f in response.context["inline_admin_formsets"][1].formset.forms]
    assert errors[1] == {
        "starts_at": ["The session must take place within the event's dates (March 7, 2026 – March 9, 2026)."]
    }


def test_timezone_is_chosen_from_the_list(admin_client, organisation):
    response = admin_client.post(reverse("admin:events_event_add"), _event_post("New York", organisation))
    assert response.context["adminform"].form.errors["timezone"] == [
        "“New York” is not a known time zone (e.g. Europe/Paris)."
    ]
    page = admin_client.get(reverse("admin:events_event_add")).content.decode()
    assert '<option value="America/New_York">' in page


# --- Publishing from the event's page ------------------------------------------------------------------------


@pytest.fixture
def publisher(db, organisation) -> User:
    user = User.objects.create_user("publisher", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    organisation.members.add(user)
    return user


@pytest.fixture
def draft(organisation) -> Event:
    event = Event.objects.create(
        slug="draft", title="Draft", start_date=dt.date(2026, 3, 7), end_date=dt.date(2026, 3, 7)
    )
    EventOrganisation.objects.create(event=event, organisation=organisation)
    return event


def test_checklist_names_what_is_missing_or_suspicious(organisation):
    venue_city = Event.objects.get(slug="combating-online-sex-trafficking-2018").venue
    event = Event.objects.create(slug="bare", title="Bare", start_date=dt.date(2026, 3, 7), venue=venue_city)
    KitSection.objects.create(event=event, slug="figures", title="Figures", kind=KitSection.Kind.STATISTICS)
    Session.objects.create(event=event, slug="late", title="Late", starts_at=dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC))
    checks = services.event_publication_checklist(event=event)
    assert [(c.blocking, c.message) for c in checks] == [
        (True, "It needs start and end dates."),
        (True, "It needs at least one organiser."),
        (False, "Nobody takes part yet: no speakers, no moderator."),
        (False, "The kit section “Figures” is empty: it will not be printed."),
        (False, "The time zone is still UTC for an event held in a city: are the times right?"),
    ]


def test_publish_page_publishes_for_a_publisher_only(client, publisher, draft):
    url = reverse("admin:events_event_publish", args=[draft.pk])
    client.force_login(publisher)
    page = client.get(url).content.decode()
    assert "Nobody takes part yet" in page
    assert reverse("admin:events_event_preview", args=[draft.pk, "kit"]) in page
    client.post(url, {"action": "publish"})
    draft.refresh_from_db()
    assert draft.is_published is True


def test_withdrawn_edition_is_kept_for_staff_and_hidden_from_the_public(client, publisher, draft):
    draft.status = Event.Status.PUBLISHED
    draft.save()
    document = RenderedDocument.objects.create(
        event=draft, kind="kit", paper="a4", content_hash="x", sha256="y", file="documents/x.pdf", size=1, pages=1
    )
    first = KitEdition.objects.create(event=draft, number=1, document=document)
    KitEdition.objects.create(event=draft, number=2, document=document)
    client.force_login(publisher)
    client.post(
        reverse("admin:events_event_publish", args=[draft.pk]),
        {"action": "withdraw", "edition": first.pk, "reason": "Wrong times"},
    )
    first.refresh_from_db()
    assert first.withdrawn_reason == "Wrong times"
    client.logout()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert (first.get_absolute_url() in page, "/kit/editions/2.pdf" in page) == (False, True)
    assert client.get(first.get_absolute_url()).status_code == 404


def test_editor_cannot_withdraw(client, draft, organisation):
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    organisation.members.add(editor)
    document = RenderedDocument.objects.create(
        event=draft, kind="kit", paper="a4", content_hash="x", sha256="y", file="documents/x.pdf", size=1, pages=1
    )
    edition = KitEdition.objects.create(event=draft, number=1, document=document)
    client.force_login(editor)
    response = client.post(
        reverse("admin:events_event_publish", args=[draft.pk]),
        {"action": "withdraw", "edition": edition.pk, "reason": "x"},
    )
    edition.refresh_from_db()
    assert (response.status_code, edition.withdrawn_at) == (403, None)


# --- People --------------------------------------------------------------------------------------------------


@pytest.fixture
def bien_aime(db) -> Person:
    person = Person.objects.create(slug="jean-bien-aime", name="Jean Bien-Aimé")
    PersonAlias.objects.create(person=person, name="J. Bien-Aimé")
    return person


@pytest.mark.parametrize("term", ["bien-aime", "BIEN AIMÉ", "j. bien aime", "Jean Bien"])
def test_person_search_ignores_accents_and_case(admin_client, bien_aime, term):
    response = admin_client.get(reverse("admin:speakers_person_changelist"), {"q": term})
    assert list(response.context["cl"].queryset) == [bien_aime]


def test_organisation_search_ignores_accents(admin_client):
    organisation = Organisation.objects.create(slug="ministere", name="Ministère de l'Intérieur")
    response = admin_client.get(reverse("admin:events_organisation_changelist"), {"q": "ministere interieur"})
    assert list(response.context["cl"].queryset) == [organisation]


def test_adding_a_recorded_name_links_to_the_person(admin_client, bien_aime):
    inlines = no_inlines(["aliases", "participations"])
    response = admin_client.post(
        reverse("admin:speakers_person_add"), {"name": "jean bien-aime", "slug": "jba", **inlines}
    )
    change = reverse("admin:speakers_person_change", args=[bien_aime.pk])
    assert str(response.context["adminform"].form.errors["name"][0]).startswith(
        f'Already recorded: <a href="{change}">Jean Bien-Aimé</a>.'
    )
    admin_client.post(
        reverse("admin:speakers_person_add"),
        {"name": "Jean Bien-Aime", "slug": "jba", "different_person": "on", **inlines},
    )
    assert Person.objects.filter(slug="jba").exists() is True


def test_new_person_typed_in_the_event_page(admin_client, draft, bien_aime):
    url = reverse("admin:events_event_change", args=[draft.pk])
    data = change_page_data(admin_client, url)
    row = {"participations-TOTAL_FORMS": 1, "participations-0-role": "speaker", "participations-0-order": 0}
    response = admin_client.post(url, {**data, **row, "participations-0-new_person": "Jean Bien-Aime"})
    errors = response.context["inline_admin_formsets"][2].formset.forms[0].errors
    assert 'href="{}"'.format(reverse("admin:speakers_person_change", args=[bien_aime.pk])) in str(errors["new_person"])
    response = admin_client.post(url, {**data, **row, "participations-0-new_person": "Ana Ruiz"})
    assert response.status_code == 302
    assert [p.person.name for p in draft.participations.all()] == ["Ana Ruiz"]


def test_session_choices_are_the_events_own(admin_client, draft):
    Session.objects.create(event=draft, slug="own", title="Own session")
    page = admin_client.get(reverse("admin:events_event_change", args=[draft.pk]))
    field = page.context["inline_admin_formsets"][2].formset.empty_form.fields["session"]
    assert [s.title for s in field.queryset] == ["Own session"]


def test_role_labels_are_plural_over_several_people(draft):
    people = [Person.objects.create(slug=f"p{i}", name=f"P{i}") for i in range(3)]
    Participation.objects.create(event=draft, person=people[0], role="speaker")
    Participation.objects.create(event=draft, person=people[1], role="speaker")
    Participation.objects.create(event=draft, person=people[2], role="moderator")
    assert [str(label) for label, _ in people_by_role(draft.participations.all())] == ["moderator", "speakers"]


def test_kit_speakers_section_prints_everyone_once_in_role_order(draft):
    session = Session.objects.create(event=draft, slug="s", title="S")
    a, b, c = (Person.objects.create(slug=s, name=s.upper()) for s in "abc")
    Participation.objects.create(event=draft, person=a, role="speaker", session=session)
    Participation.objects.create(event=draft, person=b, role="moderator", session=session)
    Participation.objects.create(event=draft, person=c, role="keynote")
    Participation.objects.create(event=draft, person=a, role="panelist")
    KitSection.objects.create(event=draft, slug="speakers", title="Speakers", kind=KitSection.Kind.SPEAKERS)
    part = next(p for p in kit_parts(draft, preview=True) if p.kind == KitSection.Kind.SPEAKERS)
    assert [(p.person.name, p.role) for p in part.items] == [("C", "keynote"), ("B", "moderator"), ("A", "speaker")]


# --- Rich text -----------------------------------------------------------------------------------------------


def test_rich_text_is_edited_with_the_prose_editor(admin_client):
    event = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    for language in ("en", "fr"):  # every language's column
        name = f'name="description_{language}"'
        assert name in page
        assert re.search(rf"<textarea[^>]*data-django-prose-editor-configurable[^>]*{name}", page) or re.search(
            rf"<textarea[^>]*{name}[^>]*data-django-prose-editor-configurable", page
        )


def test_text_typed_without_the_editor_keeps_its_paragraphs(admin_client, draft):
    speaker = Person.objects.create(slug="speaker", name="Speaker")
    data = {
        "event": draft.pk, "speaker": speaker.pk, "slug": "speech", "title_en": "Speech", "order": 0,
        "body_en": "First paragraph.\r\n\r\nSecond <script>x</script>paragraph.",
    }  # fmt: skip
    admin_client.post(reverse("admin:events_remark_add"), data)
    assert draft.remarks.get().body == "<p>First paragraph.</p>\n\n<p>Second paragraph.</p>"


def test_new_organisation_typed_in_the_event_page(admin_client, draft, organisation):
    url = reverse("admin:events_event_change", args=[draft.pk])
    data = change_page_data(admin_client, url)
    row = {"event_organisations-TOTAL_FORMS": 2, "event_organisations-1-role": "host", "event_organisations-1-order": 1}
    response = admin_client.post(url, {**data, **row, "event_organisations-1-new_organisation": "ORG"})
    errors = response.context["inline_admin_formsets"][0].formset.forms[1].errors
    change = reverse("admin:events_organisation_change", args=[organisation.pk])
    assert (
        str(errors["new_organisation"][0])
        == f'<a href="{change}" target="_blank">Org</a> is already recorded: choose it in “organisation”.'
    )
    admin_client.post(url, {**data, **row, "event_organisations-1-new_organisation": "Ministère"})
    assert [(eo.organisation.name, eo.role) for eo in draft.event_organisations.order_by("order")] == [
        ("Org", "organiser"),
        ("Ministère", "host"),
    ]
