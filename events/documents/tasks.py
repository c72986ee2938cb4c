"""Background rendering with Django's tasks framework.

Locally the immediate backend runs a task as it is enqueued; in production the database backend
(django-tasks-db) queues it for `manage.py db_worker`. Its results, failures included, are listed in the admin.
"""

import logging

from django.db import transaction
from django.tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@task()
def render_event_documents(event_slug: str, freeze_edition: bool = False, attempt: int = 1) -> list[str]:
    """Render every document of the event that is not current yet; a failure is retried, then reported.

    Nothing is replaced until a render has succeeded: each PDF is a new file under its content hash.
    """
    from events.documents.content import available_kinds
    from events.documents.services import document_current, kit_edition_freeze
    from events.selectors import event_get_for_document

    event = event_get_for_document(slug=event_slug, include_drafts=True)
    try:
        hashes = [
            document_current(slug=event_slug, kind=kind, include_drafts=True).sha256 for kind in available_kinds(event)
        ]
        if freeze_edition:
            kit_edition_freeze(event=event)
    except Exception:
        logger.exception("Rendering the documents of %s failed (attempt %d of %d)", event_slug, attempt, MAX_ATTEMPTS)
        if attempt < MAX_ATTEMPTS:
            render_event_documents.enqueue(event_slug, freeze_edition, attempt + 1)
        raise
    return hashes


def documents_refresh(*, event_slugs: list[str], freeze_edition: bool = False) -> None:
    """Queue the renders once the current transaction has committed (the worker must see the new data)."""
    for slug in dict.fromkeys(event_slugs):
        transaction.on_commit(lambda slug=slug: render_event_documents.enqueue(slug, freeze_edition))
