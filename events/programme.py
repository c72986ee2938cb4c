"""What an event looks like, decided once: people in role order, organisers, places, local times, the programme.

Every output serialises this shape rather than walking the models itself: the pages and PDFs (through their
context), iCal, frab, JSON-LD, citations and the API schemas. event_shape() works on an event whose relations are
already prefetched (by a selector) and never queries; what is public comes from events.visibility, so a draft side
event or a draft parent cannot slip into a published output through here.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats
from django.utils.translation import gettext_lazy

from events.models import Event, EventOrganisation, OrganisationRole
from events.visibility import is_public, public_since
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


# Who holds a role on a programme: a person, or organisations together ("Moderator: OSCE and UN Women, 2019 ICAT
# Co-Chairs"). Both have role, order, display_name and position, so every output prints them in one list.
RoleHolder = Participation | OrganisationRole


def _editor_order(holder: RoleHolder) -> tuple:
    # People before organisations at the same order number, so adding an organisation never reorders people.
    return (holder.order, isinstance(holder, OrganisationRole), holder.pk)


def sorted_people(
    participations: Iterable[Participation], organisation_roles: Iterable[OrganisationRole] = ()
) -> list[RoleHolder]:
    """People (and organisations in a role, when given) as listed on an event: those leading it (moderators, chairs)
    first, then in the editor's order."""
    leading = {role: i for i, role in enumerate(Participation.LEADING_ROLES)}
    holders = [*participations, *organisation_roles]
    return sorted(holders, key=lambda h: (leading.get(h.role, len(leading)), *_editor_order(h)))


def event_roles(event: Event) -> list[RoleHolder]:
    """The event-level people and organisations in a role (sessions list their own), leading roles first: what the
    event's page and documents print under the event. Needs `organisation_roles` prefetched (the selectors do)."""
    return sorted_people(
        (p for p in event.participations.all() if p.session_id is None),
        (r for r in event.organisation_roles.all() if r.session_id is None),
    )


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


def people_by_role(
    participations: Iterable[Participation], organisation_roles: Iterable[OrganisationRole] = ()
) -> list[tuple[str, list[RoleHolder]]]:
    """(role label, people and organisations) in programme role order, each group in the editor's order; the label
    is plural over several lines ("Speakers"), an organisations' line counting as one ("Moderator: OSCE and UN
    Women")."""
    by_role: dict[str, list[RoleHolder]] = {}
    for holder in sorted([*participations, *organisation_roles], key=_editor_order):
        by_role.setdefault(holder.role, []).append(holder)
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
        # "11 Times Square, New York, NY" already names New York: the city is not said twice.
        city = self.venue.city.strip()
        if city and re.search(rf"(?<!\w){re.escape(city)}(?!\w)", street, re.IGNORECASE):
            city = ""
        return ", ".join(part for part in (self.venue.name, street, city) if part)

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
    # The event's own prefetch holds its sessions' lines too: no prefetch per session.
    session_roles: dict[int, list[OrganisationRole]] = {}
    for role in event.organisation_roles.all():
        if role.session_id is not None:
            session_roles.setdefault(role.session_id, []).append(role)
    for child in side_events(event, preview=preview):
        entries.append({"event": child, "session": None, "starts_at": child.starts_at, "ends_at": child.ends_at, "day": child.start_date,
                        "people": people_by_role(child.participations.all(),
                                                 (r for r in child.organisation_roles.all() if r.session_id is None))})  # fmt: skip
    for session in event.sessions.all():
        day = event.local(session.starts_at).date() if session.starts_at else event.start_date
        entries.append({"event": None, "session": session, "starts_at": session.starts_at, "ends_at": session.ends_at, "day": day,
                        "people": people_by_role(session.participations.all(), session_roles.get(session.pk, ()))})  # fmt: skip
    entries.sort(key=lambda e: (e["day"] or date.min, e["starts_at"] is None, e["starts_at"] or 0))
    return _grouped(entries, lambda e: e["day"])


# --- The programme at a glance: a grid of slots by day, time and room ----------------------------------------


@dataclass(frozen=True)
class GlanceSlot:
    """A programme entry (as in programme_days) on the grid: its times in the event's time zone, its room's label,
    the time rows it covers, and its number in its day (the detailed programme's order: entry-<day>-<number>)."""

    entry: dict
    number: int
    starts_at: datetime | None
    ends_at: datetime | None
    room: str
    rows: int = 1


@dataclass(frozen=True)
class GlanceCell:
    """One cell of the grid: a slot starting there, a cell a slot above still covers (no <td>), or a free one."""

    slot: GlanceSlot | None = None
    covered: bool = False


@dataclass(frozen=True)
class GlanceRow:
    """One time row: from a start or end time of the day to the next one; one cell per room column."""

    starts_at: datetime
    ends_at: datetime | None
    cells: list[GlanceCell]


@dataclass(frozen=True)
class GlanceDay:
    """One day of the grid. `rooms`: the column headers (a room holding overlapping entries gets a column per
    overlap); `slots`: the timed entries by time then column (the phone list); `untimed`: entries without a time
    (the 2014 parts), in programme order, which the grid leaves out rather than inventing a time."""

    day: date | None
    number: int
    rooms: list[str]
    rows: list[GlanceRow]
    slots: list[GlanceSlot]
    untimed: list[GlanceSlot]

    @property
    def by_time(self) -> list[tuple[datetime, list[GlanceSlot]]]:
        return _grouped(self.slots, lambda slot: slot.starts_at)


def _entry_place(event: Event, entry: dict) -> Place:
    return session_place(event, entry["session"]) if entry["session"] else event_place(entry["event"], event)


def _glance_day(event: Event, day: date | None, number: int, entries: list) -> GlanceDay:
    slots, untimed = [], []
    for index, entry in enumerate(entries, start=1):
        start, end = local_times(event, entry["starts_at"], entry["ends_at"])
        slot = GlanceSlot(entry, index, start, end, _entry_place(event, entry).name)
        (slots if start is not None else untimed).append(slot)
    bounds = sorted({s.starts_at for s in slots} | {s.ends_at for s in slots if s.ends_at})

    def until(slot: GlanceSlot) -> datetime:
        """Where a slot stops on the grid: its end, else (no end known) the next time of the day."""
        return slot.ends_at or next((b for b in bounds if b > slot.starts_at), slot.starts_at)

    # A row starts at every time something starts or goes on through: a gap (lunch) gets no empty rows.
    row_starts = [b for b in bounds if any(s.starts_at == b or s.starts_at < b < until(s) for s in slots)]
    # Columns: rooms in order of first use; a second lane for a room only where its entries overlap.
    lanes: dict[str, list[datetime]] = {}
    placed = []
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.number)):
        room_lanes = lanes.setdefault(slot.room, [])
        lane = next((i for i, free_at in enumerate(room_lanes) if free_at <= slot.starts_at), len(room_lanes))
        if lane == len(room_lanes):
            room_lanes.append(until(slot))
        else:
            room_lanes[lane] = until(slot)
        rows = sum(1 for r in row_starts if slot.starts_at <= r < until(slot)) or 1
        placed.append((replace(slot, rows=rows), slot.room, lane))
    columns = [(room, lane) for room, room_lanes in lanes.items() for lane in range(len(room_lanes))]
    column_of = {key: index for index, key in enumerate(columns)}
    grid = [[GlanceCell() for _ in columns] for _ in row_starts]
    for slot, room, lane in placed:
        column, first = column_of[(room, lane)], row_starts.index(slot.starts_at)
        grid[first][column] = GlanceCell(slot=slot)
        for row in range(first + 1, first + slot.rows):
            grid[row][column] = GlanceCell(covered=True)
    ends = [next((b for b in bounds if b > start), None) for start in row_starts]
    return GlanceDay(
        day=day,
        number=number,
        rooms=[room for room, _lane in columns],
        rows=[GlanceRow(start, end, cells) for start, end, cells in zip(row_starts, ends, grid, strict=True)],
        slots=[slot for slot, room, lane in sorted(placed, key=lambda p: (p[0].starts_at, column_of[p[1:]]))],
        untimed=untimed,
    )


def programme_glance(event: Event, *, preview: bool = False, days: list | None = None) -> list[GlanceDay]:
    """The programme at a glance, day by day: a time x room grid of the timed entries plus the untimed ones, in the
    event's time zone. The event page and the programme PDF both print it; `days` reuses programme_days()."""
    days = programme_days(event, preview=preview) if days is None else days
    return [_glance_day(event, day, number, entries) for number, (day, entries) in enumerate(days, start=1)]


# --- What changed in a public programme, from its history ------------------------------------------------------

ItemKey = tuple[str, str]  # ("session", slug) or ("event", slug): one programme item, as the feeds name it


@dataclass(frozen=True)
class ProgrammeHistory:
    """The history records of an event's programme, oldest first (events.selectors.programme_history_get): its
    sessions, the event itself and its side events, and their people. `since`: when the event was made public;
    None when that is not known (loaded data): every recorded change counts."""

    since: datetime | None = None
    sessions: list = field(default_factory=list)
    events: list = field(default_factory=list)
    participations: list = field(default_factory=list)


@dataclass(frozen=True)
class ProgrammeChange:
    """One public change: when (event's time zone), to what (title, link), what ("time", "room", "speakers",
    "added", "removed") and the values before and after, as printed."""

    at: datetime
    item: ItemKey
    title: str
    url: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class ProgrammeChanges:
    """The changes, newest first, plus per item the number of changes (iCal SEQUENCE) and the time of its last
    record of any kind (LAST-MODIFIED)."""

    changes: list[ProgrammeChange] = field(default_factory=list)
    sequence: dict[ItemKey, int] = field(default_factory=dict)
    modified: dict[ItemKey, datetime] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes)


CHANGE_LABELS = {
    "time": gettext_lazy("time"),
    "room": gettext_lazy("room"),
    "place": gettext_lazy("place"),
    "speakers": gettext_lazy("speakers"),
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
}


def _when_label(event: Event, record) -> str:
    """A record's time as printed: "9 April 2019, 13:30 – 14:45" in the event's time zone, or its dates."""
    start, end = local_times(event, record.starts_at, record.ends_at)
    if start is not None:
        times = formats.time_format(start, "TIME_FORMAT")
        if end is not None:
            times += f" – {formats.time_format(end, 'TIME_FORMAT')}"
        return f"{formats.date_format(start, 'DATE_FORMAT')}, {times}"
    first, last = getattr(record, "start_date", None), getattr(record, "end_date", None)
    if first is None:
        return str(gettext_lazy("time not announced"))
    label = formats.date_format(first, "DATE_FORMAT")
    return f"{label} – {formats.date_format(last, 'DATE_FORMAT')}" if last and last != first else label


def _related(record, name: str):
    """A record's related row, or None when it has none or it no longer exists (history keeps dangling ids)."""
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:
        return None


def _place_label(record) -> str:
    return Place(_related(record, "room"), _related(record, "venue") if hasattr(record, "venue_id") else None).name


def _person_label(record) -> str:
    person = _related(record, "person")
    name = record.name_as_printed or (person.name if person else "")
    return f"{name} ({Participation.Role(record.role).label})" if record.role in Participation.Role else name


def _diffs(event: Event, before, after) -> list[tuple[str, str, str]]:
    """(what, before, after) of the programme fields that differ between two records of a session or an event."""
    diffs = []
    time_fields = ("starts_at", "ends_at", "start_date", "end_date")
    if any(getattr(before, f, None) != getattr(after, f, None) for f in time_fields):
        diffs.append(("time", _when_label(event, before), _when_label(event, after)))
    place_fields = ("room_id", "venue_id")
    if any(getattr(before, f, None) != getattr(after, f, None) for f in place_fields):
        what = "room" if not hasattr(after, "venue_id") else "place"
        diffs.append((what, _place_label(before), _place_label(after)))
    return diffs


def programme_changes(
    event: Event, history: ProgrammeHistory, *, side_events_shown: list[Event] | None = None
) -> ProgrammeChanges:
    """What changed in the programme since it was made public (time, room or place, speakers, entries added or
    removed), from its history records. Only what is public counts: the event, its sessions and its published side
    events (`side_events_shown`: those printed with it, by default side_events(event)). A record with no earlier
    record to compare with (data loaded without history) dates the item (LAST-MODIFIED) but shows no change."""
    children = {child.pk: child for child in (side_events(event) if side_events_shown is None else side_events_shown)}
    changes: list[ProgrammeChange] = []
    modified: dict[ItemKey, datetime] = {}
    # A side event's changes count from its own publication: what it was while a draft (published later than the
    # conference, or taken back meanwhile) is not public.
    since = {
        pk: max(filter(None, (history.since, public_since(child))), default=None) for pk, child in children.items()
    }

    def note(item: ItemKey, record, title: str, url: str, found: list[tuple[str, str, str]], owner: int) -> None:
        modified[item] = max(modified.get(item, record.history_date), record.history_date)
        baseline = since.get(owner, history.since)
        if baseline is not None and record.history_date <= baseline:
            return  # before publication: a baseline only
        for what, before, after in found:
            when = event.local(record.history_date)
            changes.append(ProgrammeChange(when, item, title, url, str(CHANGE_LABELS[what]), before, after))

    def walk(records, item_of, title_of, url_of, owner_of) -> dict[int, object]:
        last: dict[int, object] = {}
        for record in records:
            item = item_of(record)
            if item is None:
                continue
            previous = last.get(record.id)
            if record.history_type == "+":
                found = [("added", "", _when_label(event, record))]
            elif record.history_type == "-":
                found = [("removed", _when_label(event, previous or record), "")]
            else:
                found = _diffs(event, previous, record) if previous is not None else []
            note(item, record, title_of(record), url_of(record), found, owner_of(record))
            last[record.id] = record
        return last

    def event_item(record) -> ItemKey | None:
        return ("event", record.slug) if record.id == event.pk or record.id in children else None

    def event_url(record) -> str:
        return (event if record.id == event.pk else children[record.id]).get_absolute_url()

    walk(history.events, event_item, lambda r: r.title, event_url, lambda r: r.id)
    sessions = walk(
        history.sessions,
        lambda r: ("session", r.slug),
        lambda r: r.title,
        lambda r: f"{event.get_absolute_url()}#session-{r.slug}",
        lambda r: event.pk,
    )
    removed = {pk for pk, record in sessions.items() if record.history_type == "-"}
    if any(r.session_id is not None and r.session_id not in sessions for r in history.participations):
        # Sessions loaded without history (fixtures): named from the event's prefetched sessions.
        sessions = {session.pk: session for session in event.sessions.all()} | sessions
    titles = {("session", r.slug): r.title for r in sessions.values()}
    titles[("event", event.slug)] = event.title
    titles |= {("event", child.slug): child.title for child in children.values()}
    urls = {("session", r.slug): f"{event.get_absolute_url()}#session-{r.slug}" for r in sessions.values()}
    urls[("event", event.slug)] = event.get_absolute_url()
    urls |= {("event", child.slug): child.get_absolute_url() for child in children.values()}

    last_person: dict[int, object] = {}
    for record in history.participations:
        if record.session_id is not None:
            session = sessions.get(record.session_id)
            item = ("session", session.slug) if session is not None and record.session_id not in removed else None
        elif record.event_id == event.pk or record.event_id in children:
            item = ("event", event.slug if record.event_id == event.pk else children[record.event_id].slug)
        else:
            item = None
        previous = last_person.get(record.id)
        last_person[record.id] = record
        if item is None:
            continue
        if record.history_type == "+":
            found = [("speakers", "", _person_label(record))]
        elif record.history_type == "-":
            found = [("speakers", _person_label(previous or record), "")]
        elif previous is not None and _person_label(previous) != _person_label(record):
            found = [("speakers", _person_label(previous), _person_label(record))]
        else:
            found = []
        note(item, record, titles.get(item, ""), urls.get(item, ""), found, record.event_id)

    changes.sort(key=lambda change: change.at, reverse=True)
    sequence: dict[ItemKey, int] = {}
    for change in changes:
        sequence[change.item] = sequence.get(change.item, 0) + 1
    return ProgrammeChanges(changes, sequence, modified)


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
    def organisation_roles(self) -> list[OrganisationRole]:
        """Every line of organisations in a role, sessions' too, in list order."""
        return sorted_people((), self.event.organisation_roles.all())

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

    @cached_property
    def glance(self) -> list[GlanceDay]:
        return programme_glance(self.event, days=self.days)


def event_shape(event: Event) -> EventShape:
    """The shape of a loaded event, made once per instance: every resolver or output asking for it shares it."""
    shape = event.__dict__.get("_shape")
    if shape is None:
        shape = event.__dict__["_shape"] = EventShape(event)
    return shape
