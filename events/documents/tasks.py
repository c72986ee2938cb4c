"""Background rendering with Django's tasks framework.

Renders are queued in the database (django-tasks-db) for `manage.py db_worker`, which `./dev serve` starts beside
the web server; each render then runs in its own bounded child process. Results, failures included with their
message and traceback, are listed in the admin; refused renders are also recorded as RenderFailure rows.
"""

import logging

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@task()
def render_event_documents(event_slug: str, freeze_edition: bool = False, attempt: int = 1) -> list[str]:
    """Render every public document of a published event that is not current yet.

    A refusal (content or render over a limit) is final: it is recorded for the editor and reported, never
    retried. Another failure is retried, then reported. Nothing is replaced until a render has succeeded.
    Drafts have no public documents: their editors' previews are rendered when asked for.
    """
    from events.documents.content import available_kinds, document_event
    from events.documents.render import RenderRefused
    from events.documents.services import document_refresh, kit_edition_freeze
    from events.models import Event
    from events.models.documents import Audience

    if not Event.objects.published().filter(slug=event_slug).exists():
        return []
    event = document_event(slug=event_slug, audience=Audience.PUBLIC)
    hashes, refusals = [], {}
    try:
        for kind in available_kinds(event):
            try:
                hashes.append(document_refresh(event=event, kind=kind).sha256)
            except RenderRefused as refused:
                refusals[kind] = str(refused)
        if freeze_edition and "kit" not in refusals:
            kit_edition_freeze(event=event)
    except Exception:
        logger.exception("Rendering the documents of %s failed (attempt %d of %d)", event_slug, attempt, MAX_ATTEMPTS)
        if attempt < MAX_ATTEMPTS:
            render_event_documents.enqueue(event_slug, freeze_edition, attempt + 1)
        raise
    if refusals:
        raise RenderRefused(" ".join(refusals.values()))
    return hashes


def documents_queue(*, event_slug: str) -> None:
    """Queue a render now, unless the task backend would run it right here, in the caller's (web) request."""
    if isinstance(render_event_documents.get_backend(), ImmediateBackend):
        logger.info("Not rendering %s inside a request: the immediate task backend has no worker", event_slug)
        return
    render_event_documents.enqueue(event_slug)


def documents_refresh(*, event_slugs: list[str], freeze_edition: bool = False) -> None:
    """Queue the renders once the current transaction has committed (the worker must see the new data)."""
    for slug in dict.fromkeys(event_slugs):
        transaction.on_commit(lambda slug=slug: render_event_documents.enqueue(slug, freeze_edition))
