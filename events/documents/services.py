"""Writes for documents: renders stored under their audience and content hash, render failures, kit editions.

Rendering happens only here, in a bounded child process (render.render_bounded), and only from the render task, the
editor's preview and the command line: the public download (selectors.document_current) never renders.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from events.models import DataVersion, Event, KitEdition, RenderedDocument, RenderFailure
from events.models.documents import Audience


def document_pdf(
    *,
    event: Event,
    kind: str,
    paper: str = "a4",
    tagged: bool = True,
    audience: str = Audience.PUBLIC,
    language: str = "en",
) -> bytes:
    """Render a document of the event to PDF bytes, without storing it (for the command line and tests)."""
    from events.documents.content import check_content_size, document_event, document_html
    from events.documents.render import render_bounded

    shown = document_event(slug=event.slug, audience=audience)
    check_content_size(event=shown, kind=kind)
    html = document_html(event=shown, kind=kind, paper=paper, audience=audience, language=language)
    check_content_size(event=shown, kind=kind, html=html)
    return render_bounded(html, tagged=tagged).data


def kit_render(*, event: Event, paper: str = "a4", audience: str = Audience.PUBLIC, language: str = "en") -> bytes:
    return document_pdf(event=event, kind="kit", paper=paper, audience=audience, language=language)


def document_get_or_render(
    *,
    event: Event,
    kind: str,
    paper: str = "a4",
    audience: str = Audience.PUBLIC,
    user=None,
    language: str = "en",
) -> RenderedDocument:
    """The stored PDF of the event's current content for this audience; rendered (bounded) once per content change.

    Raises RenderRefused when the content or the render exceeds a limit: the failure is recorded for the editor
    and the last good PDF stays in place (a new render is a new row and file under its own content hash).
    """
    from events.documents.content import check_content_size, document_event, document_html
    from events.documents.render import RenderRefused, content_hash, render_bounded

    shown = document_event(slug=event.slug, audience=audience, user=user)
    failure_key = {"event": shown, "kind": kind, "paper": paper, "audience": audience}
    key = {**failure_key, "language": language}
    try:
        check_content_size(event=shown, kind=kind)
        html = document_html(event=shown, kind=kind, paper=paper, audience=audience, language=language)
        digest = content_hash(html)
        stored = RenderedDocument.objects.filter(**key, content_hash=digest).first()
        if stored is not None and stored.file.storage.exists(stored.file.name):
            return stored
        check_content_size(event=shown, kind=kind, html=html)
        pdf = render_bounded(html)
    except RenderRefused as refused:
        render_failure_record(event=shown, kind=kind, paper=paper, audience=audience, message=str(refused))
        raise
    sha256 = hashlib.sha256(pdf.data).hexdigest()
    with transaction.atomic():
        stored, created = RenderedDocument.objects.select_for_update().get_or_create(
            **key,
            content_hash=digest,
            defaults={"sha256": sha256, "size": len(pdf.data), "pages": pdf.pages, "file": ""},
        )
        if created or not stored.file or not stored.file.storage.exists(stored.file.name):
            name = f"{kind}-{paper}-{language}-{'' if audience == Audience.PUBLIC else 'preview-'}{digest[:16]}.pdf"
            stored.file.save(name, ContentFile(pdf.data), save=False)
            stored.sha256, stored.size, stored.pages = sha256, len(pdf.data), pdf.pages
            stored.save()
        RenderFailure.objects.filter(**failure_key).delete()
    return stored


@transaction.atomic
def render_failure_record(*, event: Event, kind: str, paper: str, audience: str, message: str) -> RenderFailure:
    failure, _created = RenderFailure.objects.update_or_create(
        event=event, kind=kind, paper=paper, audience=audience, defaults={"message": message}
    )
    return failure


@transaction.atomic
def kit_edition_freeze(*, event: Event) -> dict[str, KitEdition]:
    """Freeze the current public kit as a numbered edition in every site language, by language; a language whose
    kit is unchanged keeps its latest edition. Each language is numbered on its own."""
    documents = {
        language: document_get_or_render(
            event=event, kind="kit", paper="a4", audience=Audience.PUBLIC, language=language
        )
        for language, _name in settings.LANGUAGES
    }
    Event.objects.select_for_update().filter(pk=event.pk).first()
    latest: dict[str, KitEdition] = {}
    for edition in event.kit_editions.select_related("document").filter(language__in=documents).order_by("number"):
        latest[edition.language] = edition
    editions = {}
    for language, document in documents.items():
        current = latest.get(language)
        if current is not None and current.document.sha256 == document.sha256:
            editions[language] = current
        else:
            number = current.number + 1 if current else 1
            editions[language] = KitEdition.objects.create(
                event=event, language=language, number=number, document=document
            )
            # Not content (no signal), but the event's cached page lists its editions.
            DataVersion.bump()
    return editions


def document_refresh(*, event: Event, kind: str, paper: str = "a4") -> RenderedDocument:
    """Make the event's public document current in every site language (rendering what changed) and mark each
    checked; returns the default language's document."""
    version = DataVersion.current()  # read first: a change made during the render leaves the result outdated
    documents = {}
    for language, _name in settings.LANGUAGES:
        document = document_get_or_render(
            event=event, kind=kind, paper=paper, audience=Audience.PUBLIC, language=language
        )
        RenderedDocument.objects.filter(pk=document.pk).update(checked_at_version=version)
        documents[language] = document
    return documents.get(settings.LANGUAGE_CODE) or next(iter(documents.values()))
