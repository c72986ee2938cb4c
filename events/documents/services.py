"""Writes. Every change to events goes through these functions; the admin calls them too."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404

from events.documents.tasks import render_event_documents
from events.models import (
    DataVersion,
    Event,
    KitEdition,
    RenderedDocument,
)


def document_pdf(*, event: Event, kind: str, paper: str = "a4", tagged: bool = True) -> bytes:
    """Render a document of the event to PDF bytes, without storing it (for the command line and tests)."""
    from events.documents.content import document_html
    from events.documents.render import html_to_pdf
    from events.selectors import event_get_for_document

    full = event_get_for_document(slug=event.slug, include_drafts=True)
    return html_to_pdf(document_html(event=full, kind=kind, paper=paper), tagged=tagged).data


def kit_render(*, event: Event, paper: str = "a4") -> bytes:
    return document_pdf(event=event, kind="kit", paper=paper)


def document_get_or_render(*, event: Event, kind: str, paper: str = "a4") -> RenderedDocument:
    """The stored PDF for the event's current content; rendered once per content change."""
    from events.documents.content import document_html
    from events.documents.render import content_hash, html_to_pdf
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


def document_current(
    *, slug: str, kind: str, paper: str = "a4", include_drafts: bool = False, render: bool = True
) -> RenderedDocument | None:
    """The stored PDF for a download: found in two queries when nothing changed since it was last checked.

    With render=False a missing or outdated PDF is queued for a render worker and None is returned.
    """
    from events.documents.content import available_kinds
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
