"""Writes. Every change to events goes through these functions; the admin calls them too."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    DataVersion,
    Event,
    EventOrganisation,
    KitEdition,
    Registration,
    RenderedDocument,
    Session,
)
from events.tasks import documents_refresh, render_event_documents


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


def document_pdf(*, event: Event, kind: str, paper: str = "a4", tagged: bool = True) -> bytes:
    """Render a document of the event to PDF bytes, without storing it (for the command line and tests)."""
    from events.documents import document_html, html_to_pdf
    from events.selectors import event_get_for_document

    full = event_get_for_document(slug=event.slug, include_drafts=True)
    return html_to_pdf(document_html(event=full, kind=kind, paper=paper), tagged=tagged).data


def kit_render(*, event: Event, paper: str = "a4") -> bytes:
    return document_pdf(event=event, kind="kit", paper=paper)


def document_get_or_render(*, event: Event, kind: str, paper: str = "a4") -> RenderedDocument:
    """The stored PDF for the event's current content; rendered once per content change."""
    from events.documents import content_hash, document_html, html_to_pdf
    from events.selectors import event_get_for_document

    full = event_get_for_document(slug=event.slug, include_drafts=True)
    html = document_html(event=full, kind=kind, paper=paper)
    digest = content_hash(html)
    stored = RenderedDocument.objects.filter(event=full, kind=kind, paper=paper, content_hash=digest).first()
    if stored is not None and stored.file.storage.exists(stored.file.name):
        return stored
    pdf = html_to_pdf(html)
    sha256 = hashlib.sha256(pdf.data).hexdigest()
    with transaction.atomic():
        stored, created = RenderedDocument.objects.select_for_update().get_or_create(
            event=full,
            kind=kind,
            paper=paper,
            content_hash=digest,
            defaults={"sha256": sha256, "size": len(pdf.data), "pages": pdf.pages, "file": ""},
        )
        if created or not stored.file or not stored.file.storage.exists(stored.file.name):
            stored.file.save(f"{kind}-{paper}-{digest[:16]}.pdf", ContentFile(pdf.data), save=False)
            stored.sha256, stored.size, stored.pages = sha256, len(pdf.data), pdf.pages
            stored.save()
    return stored


@transaction.atomic
def kit_edition_freeze(*, event: Event) -> KitEdition:
    """Freeze the current kit as a numbered edition; unchanged content keeps the latest edition."""
    document = document_get_or_render(event=event, kind="kit", paper="a4")
    Event.objects.select_for_update().filter(pk=event.pk).first()
    latest = event.kit_editions.select_related("document").order_by("-number").first()
    if latest is not None and latest.document.sha256 == document.sha256:
        return latest
    return KitEdition.objects.create(event=event, number=(latest.number + 1 if latest else 1), document=document)


# --- Registrations -----------------------------------------------------------------------------------------------


@transaction.atomic
def registration_create(*, event: Event, name: str, email: str, organisation: str = "", consent: bool) -> Registration:
    # Lock the event so two last-minute registrations cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED or not event.registration_open:
        raise ValidationError(_("Registration is not open for this event."))
    if event.end_date and event.end_date < timezone.localdate():
        raise ValidationError(_("This event is over."))
    if Registration.objects.filter(event=event, email__iexact=email).exists():
        raise ValidationError(_("This email address is already registered for this event."))
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(_("This event is full."))
    registration = Registration(event=event, name=name, email=email, organisation=organisation, consent=consent)
    registration.full_clean()
    registration.save()
    return registration


def document_current(
    *, slug: str, kind: str, paper: str = "a4", include_drafts: bool = False, render: bool = True
) -> RenderedDocument | None:
    """The stored PDF for a download: found in two queries when nothing changed since it was last checked.

    With render=False a missing or outdated PDF is queued for a render worker and None is returned.
    """
    from events.documents import available_kinds
    from events.selectors import event_get_for_document

    version = DataVersion.current()
    stored = RenderedDocument.objects.select_related("event").filter(
        event__slug=slug, kind=kind, paper=paper, checked_at_version=version
    )
    if not include_drafts:
        stored = stored.filter(event__status=Event.Status.PUBLISHED)
    document = stored.first()
    if document is not None and document.file.storage.exists(document.file.name):
        return document
    event = event_get_for_document(slug=slug, include_drafts=include_drafts)
    if kind not in available_kinds(event):
        raise Http404("This event has no such document")
    if not render:
        render_event_documents.enqueue(event.slug)
        return None
    document = document_get_or_render(event=event, kind=kind, paper=paper)
    RenderedDocument.objects.filter(pk=document.pk).update(checked_at_version=version)
    return document
