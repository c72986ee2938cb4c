"""What an event looks like, decided once: people in role order, organisers, places, local times, the programme.

Every output serialises this shape rather than walking the models itself: the pages and PDFs (through their
context), iCal, frab, JSON-LD, citations and the API schemas. event_shape() works on an event whose relations are
already prefetched (by a selector) and never queries; what is public comes from events.visibility, so a draft side
event or a draft parent cannot slip into a published output through here.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from events.models import Event, EventOrganisation
from events.visibility import is_public
from speakers.models import Participation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from events.models import Room, Session, Venue

# The programme's order of roles (who speaks first on a printed programme), for people grouped by role.
PROGRAMME_ROLE_ORDER = [
    Participation.Role.WELCOMING,
    Participation.Role.OPENING,
    Participation.Role.KEYNOTE,
    Participation.Role.MODERATOR,
    Participation.Role.FACILITATOR,
    Participation.Role.CO_CHAIR,
    Participation.Role.SPEAKER,
    Participation.Role.PANELIST,
    Participation.Role.TECH_DEMO,
    Participation.Role.CLOSING,
    Participation.Role.PATRON,
    Participation.Role.ATTENDEE,
]
ROLE_RANK = {role: rank for rank, role in enumerate(PROGRAMME_ROLE_ORDER)}
# A role's label over several people ("Speakers:" over four names, not "Speaker:").
ROLE_PLURALS = {
    Participation.Role.MODERATOR: gettext_lazy("moderators"),
    Participation.Role.FACILITATOR: gettext_lazy("facilitators"),
    Participation.Role.CO_CHAIR: gettext_lazy("co-chairs"),
    Participation.Role.WELCOMING: gettext_lazy("welcoming"),
    Participation.Role.OPENING: gettext_lazy("opening addresses"),
    Participation.Role.KEYNOTE: gettext_lazy("keynotes"),
    Participation.Role.SPEAKER: gettext_lazy("speakers"),
    Participation.Role.PANELIST: gettext_lazy("panelists"),
    Participation.Role.TECH_DEMO: gettext_lazy("tech tool demos"),
    Participation.Role.CLOSING: gettext_lazy("closing speeches"),
    Participation.Role.PATRON: gettext_lazy("under the aegis of"),
    Participation.Role.ATTENDEE: gettext_lazy("participants"),
}


def role_label(role: str, count: int) -> str:
    return str(ROLE_PLURALS[role] if count > 1 else Participation.Role(role).label)


# --- People and organisations ------------------------------------------------------------------------------------


def sorted_people(participations: Iterable[Participation]) -> list[Participation]:
    """People as listed on an event: those leading it (moderators, chairs) first, then in the editor's order."""
    leading = {role: i for i, role in enumerate(Participation.LEADING_ROLES)}
    return sorted(participations, key=lambda p: (leading.get(p.role, len(leading)), p.order, p.pk))


def event_people(event: Event) -> list[Participation]:
    """The event-level people: participations attached to no session (sessions list their own), sorted."""
    return sorted_people(p for p in event.participations.all() if p.session_id is None)


def speakers(event: Event) -> list[Participation]:
    """Everyone taking part, at event level or in a session, each person once (their first role), in role order:
    the kit's speakers section, which must not lose the people an editor attached to sessions."""
    seen: set[int] = set()
    people = []
    ordered = sorted(event.participations.all(), key=lambda p: (ROLE_RANK.get(p.role, len(ROLE_RANK)), p.order, p.pk))
    for participation in ordered:
        if participation.person_id not in seen:
            seen.add(participation.person_id)
            people.append(participation)
    return people


def people_by_role(participations: Iterable[Participation]) -> list[tuple[str, list[Participation]]]:
    """(role label, people) in programme role order, each group in the editor's order."""
    by_role: dict[str, list[Participation]] = {}
    for participation in sorted(participations, key=lambda p: (p.order, p.pk)):
        by_role.setdefault(participation.role, []).append(participation)
    return [(role_label(role, len(by_role[role])), by_role[role]) for role in PROGRAMME_ROLE_ORDER if role in by_role]


def organisers(event: Event) -> list[EventOrganisation]:
    """The organisations in an organising role (organiser, co-organiser), in order; partners, hosts... are not."""
    return [eo for eo in event.event_organisations.all() if eo.role in EventOrganisation.ORGANISING_ROLES]


# --- Related events: only what is public appears --------------------------------------------------------------


def side_events(event: Event, *, preview: bool = False) -> list[Event]:
    """The published side events, whatever the prefetch loaded: a published output never shows a draft child.

    preview=True (an editor's preview document, loaded for a user who may edit the event) keeps what was loaded."""
    return [child for child in event.children.all() if preview or is_public(child)]


def public_parent(event: Event) -> Event | None:
    """The conference this event is held during, when it is public; a draft parent appears nowhere."""
    return event.parent if event.parent_id and is_public(event.parent) else None


# --- Places --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where something takes place: a room (with its floor) and/or a venue (name, address, city)."""

    room: Room | None = None
    venue: Venue | None = None

    def __bool__(self) -> bool:
        return self.room is not None or self.venue is not None

    @property
    def room_label(self) -> str:
        """ "Room 531, 5th floor"; "" without a room."""
        return ", ".join(part for part in (self.room.name, self.room.floor) if part) if self.room else ""

    @property
    def name(self) -> str:
        """The most precise name: the room with its floor, else the venue's name."""
        return self.room_label or (self.venue.name if self.venue else "")

    @property
    def address(self) -> str:
        """The venue on one line: name, street address, city."""
        if self.venue is None:
            return ""
        street = ", ".join(line.strip() for line in self.venue.address.splitlines() if line.strip())
        return ", ".join(part for part in (self.venue.name, street, self.venue.city) if part)

    @property
    def line(self) -> str:
        """Everything on one line: room, floor, venue, address, city."""
        return ", ".join(part for part in (self.room_label, self.address) if part)

    @property
    def key(self) -> tuple[str, str] | None:
        """(kind, slug) of the most precise place, for identifiers; None when there is no place."""
        if self.room is not None:
            return ("room", self.room.slug)
        if self.venue is not None:
            return ("venue", self.venue.slug)
        return None


def event_place(event: Event, within: Event | None = None) -> Place:
    """An event's place; a side event without a venue of its own is at its conference's (`within`)."""
    return Place(event.room, event.venue or (within.venue if within is not None else None))


def session_place(event: Event, session: Session) -> Place:
    """A session's room, else the event's, at the event's venue."""
    return Place(session.room or event.room, event.venue)


# --- Times ---------------------------------------------------------------------------------------------------------


def local_times(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> tuple:
    """Start and end in the event's time zone (None stays None)."""
    return event.local(starts_at), event.local(ends_at)


# --- The programme by day --------------------------------------------------------------------------------------


def _grouped(rows: Iterable, key: Callable) -> list[tuple]:
    groups: OrderedDict = OrderedDict()
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def programme_days(event: Event, *, preview: bool = False) -> list[tuple[date, list]]:
    """Published side events (preview: those loaded) and sessions, day by day, in the event's time zone."""
    entries = []
    for child in side_events(event, preview=preview):
        entries.append({"event": child, "session": None, "starts_at": child.starts_at, "ends_at": child.ends_at, "day": child.start_date,
                        "people": people_by_role(child.participations.all())})  # fmt: skip
    for session in event.sessions.all():
        day = event.local(session.starts_at).date() if session.starts_at else event.start_date
        entries.append({"event": None, "session": session, "starts_at": session.starts_at, "ends_at": session.ends_at, "day": day,
                        "people": people_by_role(session.participations.all())})  # fmt: skip
    entries.sort(key=lambda e: (e["day"] or date.min, e["starts_at"] is None, e["starts_at"] or 0))
    return _grouped(entries, lambda e: e["day"])


# --- The whole event, once -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventShape:
    """One event as every output prints it, from a prefetched event (`within`: the conference a side event is shown
    in). Each part is computed on first use and kept: an output that prints no sessions needs no sessions loaded."""

    event: Event
    within: Event | None = None

    @cached_property
    def times(self) -> tuple[datetime | None, datetime | None]:
        """Start and end in the event's time zone."""
        return local_times(self.event, self.event.starts_at, self.event.ends_at)

    @cached_property
    def place(self) -> Place:
        return event_place(self.event, self.within)

    @cached_property
    def people(self) -> list[Participation]:
        """Event-level people, in list order."""
        return event_people(self.event)

    @cached_property
    def everyone(self) -> list[Participation]:
        """Every participation, sessions' too, in list order."""
        return sorted_people(self.event.participations.all())

    @cached_property
    def organisers(self) -> list[EventOrganisation]:
        return organisers(self.event)

    @cached_property
    def parent(self) -> Event | None:
        return public_parent(self.event)

    @cached_property
    def side_events(self) -> list[Event]:
        return side_events(self.event)

    @cached_property
    def sessions(self) -> list[Session]:
        return list(self.event.sessions.all())

    @cached_property
    def days(self) -> list[tuple[date, list]]:
        return programme_days(self.event)


def event_shape(event: Event) -> EventShape:
    """The shape of a loaded event, made once per instance: every resolver or output asking for it shares it."""
    shape = event.__dict__.get("_shape")
    if shape is None:
        shape = event.__dict__["_shape"] = EventShape(event)
    return shape
