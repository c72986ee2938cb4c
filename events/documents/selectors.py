"""Reads for downloads: the public document of an event, never rendered in the request (a render is queued)."""

from django.core.cache import cache
from django.http import Http404

from events.documents.tasks import documents_queue
from events.models import DataVersion, Event, RenderedDocument
from events.models.documents import Audience


def document_current(*, slug: str, kind: str, paper: str = "a4", language: str = "en") -> RenderedDocument | None:
    """The public PDF for a download, never rendered here.

    In two queries when nothing changed since it was last checked. Otherwise the last good public PDF (possibly
    outdated) is returned and a render is queued for the worker; None when there is none yet.
    """
    from events.documents.content import public_document_kinds

    version = DataVersion.current()
    public = RenderedDocument.objects.select_related("event").filter(
        event__in=Event.objects.published(),
        event__slug=slug,
        kind=kind,
        paper=paper,
        audience=Audience.PUBLIC,
        language=language,
    )
    document = public.filter(checked_at_version=version).first()
    if document is not None and document.file.storage.exists(document.file.name):
        return document
    if kind not in public_document_kinds(slug=slug):  # Http404 unless published
        raise Http404("This event has no such document")
    # One queued render per event and data version per process, however many downloads arrive meanwhile.
    if cache.add(f"documents-queued:{slug}:{version}", True, timeout=600):
        documents_queue(event_slug=slug)
    for candidate in public.order_by("-checked_at_version", "-created_at")[:3]:
        if candidate.file.storage.exists(candidate.file.name):
            return candidate
    return None
