"""Organisations holding a person's role on the public pages: "Moderator: OSCE and UN Women, 2019 ICAT Co-Chairs"."""

import datetime as dt
import re

import pytest

from events.models import Event, EventOrganisation, Organisation, OrganisationRole, Session
from events.services import organisation_role_set_organisations
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_icat_page_lists_its_moderators_first(client):
    text = page_text(client, "/events/alliance-2019-icat/")
    people = text[text.index("moderator OSCE") :]
    # Moderators lead the event's list, then the others in the editor's order.
    assert people.startswith("moderator OSCE and UN Women , 2019 ICAT Co-Chairs opening address John Richmond")


def test_the_conference_programme_prints_the_moderators_in_role_order(client):
    text = page_text(client, "/events/alliance-19-2019/")
    icat = text[text.index("Opening addresses: John Richmond") : text.index("Ilias Chatzis")]
    assert icat.endswith("Moderator: OSCE and UN Women , 2019 ICAT Co-Chairs Speakers: ")


@pytest.mark.parametrize("count", [1, 30])
def test_event_page_query_count_is_constant_with_organisations_in_roles(
    client, django_assert_num_queries, count, organisation
):
    event = Event.objects.create(
        slug="roles", title="Roles", status="published", timezone="UTC",
        start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
    )  # fmt: skip
    EventOrganisation.objects.create(event=event, organisation=organisation)
    person = Person.objects.create(slug="p", name="P")
    others = [Organisation.objects.create(slug=f"o-{i}", name=f"O {i}") for i in range(count)]
    for i in range(count):
        session = Session.objects.create(
            event=event, slug=f"s-{i}", title=f"Session {i}",
            starts_at=dt.datetime(2030, 3, 14, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
            ends_at=dt.datetime(2030, 3, 14, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
        )  # fmt: skip
        Participation.objects.create(person=person, event=event, session=session, role="speaker")
        child = Event.objects.create(
            slug=f"side-{i}", title=f"Side {i}", kind=Event.Kind.SIDE_EVENT, status="published", parent=event,
            timezone="UTC", start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
        )  # fmt: skip
        for owner in ({"event": event, "order": i}, {"event": event, "session": session}, {"event": child}):
            role = OrganisationRole.objects.create(role="moderator", position=f"Chairs {i}", **owner)
            organisation_role_set_organisations(role=role, organisations=[others[i], organisation])
    # The event page's 16, one for the roles' organisations; the side events (3) with their roles (2).
    with django_assert_num_queries(21):
        text = page_text(client, event.get_absolute_url())
    assert text.count(f"O {count - 1} and Test Organisation , Chairs {count - 1}") == 3
