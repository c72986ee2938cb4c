"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

from collections import OrderedDict
from datetime import date

from events.models import Event, EventOrganisation
from speakers.models import Participation


def sorted_people(participations) -> list[Participation]:
    leading = {role: i for i, role in enumerate(Participation.LEADING_ROLES)}
    return sorted(participations, key=lambda p: (leading.get(p.role, len(leading)), p.order, p.pk))


def organisers(event: Event) -> list[EventOrganisation]:
    return [eo for eo in event.event_organisations.all() if eo.role in EventOrganisation.ORGANISING_ROLES]


def _grouped(rows, key) -> list[tuple[str, list]]:
    groups: OrderedDict[str, list] = OrderedDict()
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def programme_days(event: Event) -> list[tuple[date, list]]:
    """Side events and sessions, day by day, in the event's time zone."""
    entries = []
    for child in event.children.all():
        entries.append({"event": child, "session": None, "starts_at": child.starts_at, "ends_at": child.ends_at, "day": child.start_date,
                        "people": _people_by_role(child.participations.all())})  # fmt: skip
    for session in event.sessions.all():
        day = event.local(session.starts_at).date() if session.starts_at else event.start_date
        entries.append({"event": None, "session": session, "starts_at": session.starts_at, "ends_at": session.ends_at, "day": day,
                        "people": _people_by_role(session.participations.all())})  # fmt: skip
    entries.sort(key=lambda e: (e["day"] or date.min, e["starts_at"] is None, e["starts_at"] or 0))
    return _grouped(entries, lambda e: e["day"])


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


def _people_by_role(participations) -> list[tuple[str, list[Participation]]]:
    by_role: dict[str, list[Participation]] = {}
    for participation in sorted(participations, key=lambda p: (p.order, p.pk)):
        by_role.setdefault(participation.role, []).append(participation)
    return [(Participation.Role(role).label, by_role[role]) for role in PROGRAMME_ROLE_ORDER if role in by_role]
