import pytest

from events.models import Event


@pytest.fixture
def upcoming(event) -> Event:
    """The test event, published and taking registrations, with two places."""
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED, registration_open=True, capacity=2)
    event.refresh_from_db()
    return event


# --- The door (badges, name cards, sign-in sheet, check-in): the 2018 event with generated registrants -----------

DOOR_EVENT = "combating-online-sex-trafficking-2018"
FIRST_NAMES = ["Ana", "Émilie", "Zoë", "Li", "Oluwaseun", "Chiara", "Mateo", "Ingrid", "Yusuf", "Aarav", "Ngozi"]
LAST_NAMES = ["Lima", "Durand", "Brown", "Wei", "Adebayo", "Bianchi", "Fernández", "Öztürk", "Kaya", "Shah"]


@pytest.fixture
def door_event(db) -> Event:
    return Event.objects.get(slug=DOOR_EVENT)


@pytest.fixture
def make_registrants(door_event):
    """make_registrants(n): n registrants with varied, accented names, created directly (the event is long past, so
    the registration service would refuse them)."""
    from events.models import Registration

    def make(count: int, event: Event | None = None) -> list[Registration]:
        rows = []
        for i in range(count):
            first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
            rows.append(Registration(
                event=event or door_event, name=f"{first} {last} {i:03d}", email=f"person{i}@example.org",
                organisation=f"Organisation {i % 4}" if i % 3 else "", consent=True,
            ))  # fmt: skip
        return Registration.objects.bulk_create(rows)

    return make


@pytest.fixture
def door_users(door_event):
    """An editor of the 2018 event (a member of its organiser), a staff editor of another organisation, a logged-in
    user without staff status, and a superuser."""
    from django.contrib.auth.models import Group, User

    from events.models import EventOrganisation, Organisation
    from events.permissions import EDITORS

    organiser = door_event.event_organisations.get(role=EventOrganisation.Role.ORGANISER).organisation
    other = Organisation.objects.create(slug="another-ngo", name="Another NGO")
    editor = User.objects.create_user("door-editor", is_staff=True)
    stranger = User.objects.create_user("door-stranger", is_staff=True)
    for user, organisation in ((editor, organiser), (stranger, other)):
        user.groups.add(Group.objects.get(name=EDITORS))
        organisation.members.add(user)
    visitor = User.objects.create_user("door-visitor")
    organiser.members.add(visitor)  # a member, but not staff: the admin's login still stands in the way
    superuser = User.objects.create_superuser("door-root", email=None, password=None)
    return {"editor": editor, "stranger": stranger, "visitor": visitor, "superuser": superuser}
