"""Writes. Every change to events goes through these functions; the admin calls them too."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.documents.tasks import documents_refresh
from events.models import (
    DataVersion,
    Event,
    EventOrganisation,
    KitEdition,
    Organisation,
    OrganisationRole,
    OrganisationRoleMember,
    Session,
)


def _publication_problems(event: Event) -> list[str]:
    problems = []
    if not event.title:
        problems.append(_("a title"))
    if not event.start_date or not event.end_date:
        problems.append(_("start and end dates"))
    if not event.event_organisations.filter(role__in=EventOrganisation.ORGANISING_ROLES).exists():
        problems.append(_("at least one organiser"))
    return problems


@dataclass(frozen=True)
class Check:
    """One line of the publishing checklist: a blocking problem, or something to look at before publishing."""

    message: str
    blocking: bool = False


def event_publication_checklist(*, event: Event) -> list[Check]:
    """What is missing or suspicious before `event` is published, blocking problems first."""
    checks = [Check(_("It needs %(missing)s.") % {"missing": p}, blocking=True) for p in _publication_problems(event)]
    participations = list(event.participations.all())
    if not participations:
        checks.append(Check(_("Nobody takes part yet: no speakers, no moderator.")))
    if event.start_date and event.end_date:
        for session in event.sessions.all():
            days = {event.local(t).date() for t in (session.starts_at, session.ends_at) if t}
            if any(not event.start_date <= day <= event.end_date for day in days):
                checks.append(Check(_("“%(session)s” takes place outside the event's dates.") % {"session": session}))
    if not event.sessions.exists() and not event.starts_at:
        checks.append(Check(_("No times: neither the event nor a session has a start time.")))
    # Imported here: the documents package imports this module's models.
    from events.documents.content import kit_parts

    printed = {part.slug for part in kit_parts(event, preview=True)}
    for section in event.kit_sections.all():
        if section.slug not in printed:
            checks.append(
                Check(_("The kit section “%(section)s” is empty: it will not be printed.") % {"section": section})
            )
    venue = event.venue
    if event.timezone == "UTC" and ((venue and venue.city) or event.parent_id):
        checks.append(Check(_("The time zone is still UTC for an event held in a city: are the times right?")))
    return checks


@transaction.atomic
def kit_edition_withdraw(*, edition: KitEdition, reason: str) -> KitEdition:
    """Withdraw an edition of record: kept and retrievable by its editors, no longer offered to the public."""
    edition = KitEdition.objects.select_for_update().get(pk=edition.pk)
    if not reason.strip():
        raise ValidationError(_("A withdrawn edition needs a reason."))
    if edition.withdrawn_at is None:
        edition.withdrawn_at = timezone.now()
        edition.withdrawn_reason = reason.strip()
        edition.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        # An edition is an output, not content (no signal), but the event's cached page offers it: a new data
        # version takes that page out of every page cache at once.
        DataVersion.bump()
    return edition


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    problems = _publication_problems(event)
    if problems:
        raise ValidationError(
            _("“%(event)s” cannot be published yet: it needs %(missing)s.")
            % {"event": event, "missing": ", ".join(problems)}
        )
    if event.status != Event.Status.PUBLISHED:
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
        event.full_clean()
        event.save(update_fields=["status", "published_at"])
    # Publishing freezes the kit as a version of record, once its render has succeeded.
    documents_refresh(event_slugs=[event.slug], freeze_edition=True)
    return event


@transaction.atomic
def event_unpublish(*, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        event.status = Event.Status.DRAFT
        event.save(update_fields=["status"])
    return event


@transaction.atomic
def session_save(*, session: Session) -> Session:
    """Validate (dates, room bookings) and save; locks the room's sessions so two editors cannot double-book."""
    if session.room_id:
        list(Session.objects.select_for_update().filter(room_id=session.room_id).values_list("pk", flat=True))
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def organisation_role_set_organisations(
    *, role: OrganisationRole, organisations: list[Organisation]
) -> OrganisationRole:
    """The organisations of a role, in the order given (the printed order): one row each, renumbered."""
    wanted = {organisation.pk: index for index, organisation in enumerate(organisations, start=1)}
    role.members.exclude(organisation_id__in=wanted).delete()
    kept = {member.organisation_id: member for member in role.members.select_for_update(of=("self",))}
    for organisation_id, index in wanted.items():
        member = kept.get(organisation_id) or OrganisationRoleMember(role=role, organisation_id=organisation_id)
        if member.pk is None or member.order != index * 10:
            member.order = index * 10
            member.save()
    return role


# --- Documents ---------------------------------------------------------------------------------------------------
