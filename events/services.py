"""Writes. Every change to events goes through these functions; the admin calls them too."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.documents.tasks import documents_refresh
from events.models import (
    Event,
    EventOrganisation,
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


# --- Documents ---------------------------------------------------------------------------------------------------
