"""One visibility policy on every page: drafts for their editors only, draft parents and draft rows nowhere public.

Regression tests for issue #9 defects 5 (pages), 6, 7 and 11. The fixture's 2018 side event (KIT, organised by
the Scelles Foundation) is published; its conference (csw62-2018, organised by no one) is a draft.
"""

import re

import pytest
from django.contrib.auth.models import Group, User

from events.models import Event, EventOrganisation, Organisation, Publication, Remark, Session
from events.permissions import EDITORS
from events.selectors import search
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"  # published, organised by the Scelles Foundation
DRAFT_PARENT = "csw62-2018"  # KIT's conference: a draft
PARENT_TITLE = "Draft conference Zanzibarine"  # set by the tests: the kit's lede prints the fixture's title
DRAFT_BANNER = "Draft: only staff can see this page."
ROLES = ["anonymous", "staff_without_group", "foreign_editor", "editor", "superuser"]
MAY_EDIT_KIT = {"editor", "superuser"}


@pytest.fixture
def login(client):
    """Sign the test client in as one of ROLES; "editor" is an Editor of the Scelles Foundation, "foreign_editor"
    an Editor of the OSCE."""

    def as_role(role: str):
        if role == "superuser":
            client.force_login(User.objects.create_superuser("root", password="x"))
        elif role != "anonymous":
            user = User.objects.create_user(role, password="x", is_staff=True)
            if role in ("editor", "foreign_editor"):
                user.groups.add(Group.objects.get(name=EDITORS))
                Organisation.objects.get(slug="osce" if role == "foreign_editor" else "scelles-foundation").members.add(
                    user
                )
            client.force_login(user)
        return client

    return as_role


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def draft_kit() -> Event:
    """KIT as a draft, with a person and an organisation that appear nowhere else."""
    event = Event.objects.get(slug=KIT)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    person = Person.objects.create(slug="only-in-draft", name="Ottilie Draftwell")
    organisation = Organisation.objects.create(slug="draft-only-org", name="Draft Only Org")
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.PARTNER)
    Participation.objects.create(person=person, event=event, role="speaker", position="Draft envoy", order=99)
    return event


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("path", "marker"),
    [
        (f"/events/{KIT}/", DRAFT_BANNER),
        (f"/events/{KIT}/proceedings/", "We have very good laws in Europe"),
        (f"/events/{KIT}/remarks/ambassador-sunesson-remarks/", "It has been said many times before"),
        ("/speakers/only-in-draft/", "Draft envoy"),
        ("/organisations/draft-only-org/", "Combating Online Sex Trafficking"),
    ],
)
def test_a_draft_is_shown_only_to_those_who_may_edit_it(login, draft_kit, role, path, marker):
    """Defect 6: being staff (or an editor of another organisation) is not enough to preview a draft."""
    response = login(role).get(path)
    expected = (200, True) if role in MAY_EDIT_KIT else (404, False)
    assert (response.status_code, marker in text(response)) == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_persons_draft_appearances_are_shown_only_to_those_who_may_edit_them(login, draft_kit, role):
    published = Event.objects.get(slug="alliance-19-2019")
    person = Person.objects.get(slug="only-in-draft")
    Participation.objects.create(person=person, event=published, role="speaker", position="Public adviser")
    content = text(login(role).get(person.get_absolute_url()))
    assert ("Public adviser" in content, "Draft envoy" in content) == (True, role in MAY_EDIT_KIT)


@pytest.mark.parametrize("role", ["anonymous", "staff_without_group", "foreign_editor", "editor"])
@pytest.mark.parametrize("path", [f"/events/{KIT}/", f"/events/{KIT}/proceedings/", "/", "/search/?q=trafficking"])
def test_a_draft_parent_is_named_nowhere(login, role, path):
    """Defect 5 (pages): a published side event of a draft conference does not show the conference's title,
    in the text ("held during ..."), the breadcrumb or the JSON-LD."""
    Event.objects.filter(slug=DRAFT_PARENT).update(title=PARENT_TITLE)
    content = text(login(role).get(path))
    assert ("Combating Online Sex Trafficking" in content, PARENT_TITLE in content) == (True, False)


def test_the_parent_is_named_once_published(client):
    Event.objects.filter(slug=DRAFT_PARENT).update(
        status=Event.Status.PUBLISHED, start_date="2018-03-12", end_date="2018-03-23"
    )
    content = text(client.get(f"/events/{KIT}/"))
    assert (f'href="/events/{DRAFT_PARENT}/"' in content, '"superEvent"' in content) == (True, True)


def test_draft_side_events_are_not_listed_under_a_published_conference(login):
    conference = Event.objects.get(slug="alliance-19-2019")
    side_event = conference.children.order_by("pk").first()
    Event.objects.filter(pk=side_event.pk).update(status=Event.Status.DRAFT)
    for role in ("anonymous", "staff_without_group", "editor"):  # the Scelles editor cannot edit an OSCE event
        content = text(login(role).get(conference.get_absolute_url()))
        assert (role, side_event.title in content) == (role, False)


@pytest.fixture
def draft_only_texts() -> Person:
    """A person who spoke at a published event, and whose draft-only position, session and remark hold a word
    that appears in no published row."""
    draft = Event.objects.get(slug=DRAFT_PARENT)
    person = Person.objects.get(slug="valiant-richey")
    Participation.objects.create(person=person, event=draft, role="speaker", position="Quetzalcoatl envoy")
    Session.objects.create(event=draft, slug="secret", title="Quetzalcoatl session")
    Remark.objects.create(event=draft, speaker=person, slug="secret", title="Quetzalcoatl remark", body="x")
    return person


def test_search_cannot_probe_draft_text(client, draft_only_texts):
    """Defect 7: a person is found by a position only when the position is held in a published event."""
    hits = search(q="Quetzalcoatl")
    assert [(hit.kind, hit.title) for hit in hits] == []
    assert "Valiant Richey" not in text(client.get("/search/", {"q": "Quetzalcoatl envoy"}))


def test_search_still_finds_a_position_held_in_a_published_event(draft_only_texts):
    assert [hit.title for hit in search(q="King County") if hit.kind == "person"] == ["Valiant Richey"]


def organisation_slugs(urls) -> set[str]:
    return {m.group(1) for url in urls if (m := re.search(r"/organisations/([^/]+)/$", url)) and "/fr/" not in url}


def test_one_definition_of_a_public_organisation(client, draft_kit):
    """Defect 11: the search filter, the organisation pages and the sitemap offer the same organisations."""
    publisher = Organisation.objects.create(slug="publisher-only", name="Publisher Only")
    Publication.objects.filter(pk=Publication.objects.order_by("pk").first().pk).update(publisher=publisher)
    Organisation.objects.create(slug="in-nothing", name="In Nothing")
    form = client.get("/search/").context["form"]
    in_filter = {slug for slug, _label in form.fields["organisation"].choices if slug}
    with_page = {o.slug for o in Organisation.objects.all() if client.get(o.get_absolute_url()).status_code == 200}
    in_sitemap = organisation_slugs(re.findall(r"<loc>([^<]+)</loc>", text(client.get("/sitemap.xml"))))
    assert (in_filter == with_page, in_sitemap == with_page) == (True, True)
    assert ("publisher-only" in with_page, "draft-only-org" in with_page, "in-nothing" in with_page) == (
        True,
        False,
        False,
    )
    # Organisations known only through people who spoke for them are public too (the old filter missed them).
    spoke_for_only = set(
        Participation.objects.filter(event__status=Event.Status.PUBLISHED, organisation__isnull=False)
        .exclude(organisation__event_roles__event__status=Event.Status.PUBLISHED)
        .values_list("organisation__slug", flat=True)
    )
    assert spoke_for_only - with_page == set()
    assert spoke_for_only != set()


def test_search_by_an_organisation_known_only_through_a_draft_is_refused(client, draft_kit):
    response = client.get("/search/", {"organisation": "draft-only-org"})
    assert ("Select a valid choice" in text(response), list(response.context["page"])) == (True, [])


@pytest.mark.parametrize("count", [1, 30])
def test_organisation_page_query_count_is_constant(client, django_assert_num_queries, count):
    organisation = Organisation.objects.get(slug="scelles-foundation")
    event = Event.objects.get(slug="alliance-19-2019")
    for i in range(count):
        person = Person.objects.create(slug=f"p-{i}", name=f"Person {i}")
        Participation.objects.create(person=person, event=event, organisation=organisation, role="speaker")
    with django_assert_num_queries(8):  # with the data version (the page cache)
        assert "Person 0" in text(client.get(organisation.get_absolute_url()))


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_publication_is_shown_only_to_those_who_may_change_publications(login, role):
    publication = Publication.objects.get(slug="global-report-2019-cyberprocuring")
    Publication.objects.filter(pk=publication.pk).update(status=Publication.Status.DRAFT)
    response = login(role).get(publication.get_absolute_url())
    expected = (200, True) if role == "superuser" else (404, False)
    assert (response.status_code, publication.title in text(response)) == expected
