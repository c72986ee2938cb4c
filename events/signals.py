"""Every saved change to content bumps the data version and marks the events it belongs to as changed.

DataVersion says that something changed (caches, stored PDFs); Event.content_changed_at says which events and when
(the API's `changed_since`, Last-Modified, the sitemap's lastmod). How a row reaches its event is read from
events.permissions.EVENT_PATHS; a shared record (a venue, a person, an organisation) marks the events that print it.
"""

from datetime import datetime

from django.apps import apps
from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

# Rows that are outputs or private inputs, not content printed in documents.
NOT_CONTENT = {"rendereddocument", "renderfailure", "kitedition", "registration", "outboxmessage", "dataversion"}

# Shared records: the events whose pages, feeds or documents print them (lookups from Event).
SHARED_LOOKUPS: dict[tuple[str, str], tuple[str, ...]] = {
    ("events", "venue"): ("venue", "room__venue", "parent__venue"),
    ("events", "room"): ("room", "sessions__room"),
    ("events", "organisation"): ("organisations", "sessions__organisers", "participations__organisation"),
    ("events", "organisationalias"): ("organisations__aliases",),
    ("events", "socialhandle"): ("organisations__social_handles",),
    ("speakers", "person"): ("participations__person", "remarks__speaker", "proceedings__quotes__speaker"),
    ("speakers", "personalias"): ("participations__person__aliases",),
}


def _event_ids(model: type[Model], pks: list) -> set[int]:
    """The events rows of `model` belong to; empty for rows of no event (publications, a publication's contact)."""
    from events.models import Event
    from events.permissions import EVENT_PATHS

    key = (model._meta.app_label, model._meta.model_name)
    path = EVENT_PATHS.get(key)
    if path == "":
        return set(pks)
    if path:
        return set(model._base_manager.filter(pk__in=pks, **{f"{path}__isnull": False}).values_list(path, flat=True))
    lookups = SHARED_LOOKUPS.get(key, ())
    if not lookups:
        return set()
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__pk__in": pks})
    return set(Event._base_manager.filter(condition).values_list("pk", flat=True).distinct())


def _instance_event_ids(instance: Model) -> set[int]:
    """The events a saved or just deleted row belongs to, reached from the row's own foreign key (still set after a
    delete), then through its parent row."""
    from events.permissions import EVENT_PATHS

    path = EVENT_PATHS.get((instance._meta.app_label, instance._meta.model_name))
    if path is None:
        return _event_ids(type(instance), [instance.pk])
    if path == "":
        # Its side events' pages print it (title, venue); a side event moved also changes the conference it left.
        # A draft side event's edits are nobody's business: its conference is marked only when the side event is,
        # or just was, public.
        from events.visibility import is_public

        children = instance._meta.model._base_manager.filter(parent_id=instance.pk).values_list("pk", flat=True)
        shown = instance.parent_id and (is_public(instance) or getattr(instance, "_was_public", False))
        return {instance.pk, *([instance.parent_id] if shown else []), *children}
    first, _, rest = path.partition("__")
    field = instance._meta.get_field(first)
    related_id = getattr(instance, field.attname)
    if related_id is None:
        return set()
    if not rest:
        return {related_id}
    return set(
        field.related_model._base_manager.filter(pk=related_id, **{f"{rest}__isnull": False}).values_list(
            rest, flat=True
        )
    )


def events_touch(*, event_ids: set[int], unset_only: bool = False) -> datetime:
    """Mark these events, and the conferences whose programme lists them, as changed now (unset_only: only those
    never marked)."""
    from events.models import Event
    from events.visibility import published_q

    now = timezone.now()
    if event_ids:
        # Only a public side event's change shows on its conference (a draft's would reveal that it is worked on).
        parents = Event._base_manager.filter(published_q(), pk__in=event_ids, parent__isnull=False).values("parent")
        events = Event._base_manager.filter(Q(pk__in=event_ids) | Q(pk__in=parents))
        if unset_only:
            events = events.filter(content_changed_at__isnull=True)
        events.update(content_changed_at=now)
    return now


def keep_changed_at(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    """A fixture (loaddata) names no content_changed_at: the event keeps the one it has. Also remembers whether the
    event was public before this save (unpublishing a side event changes its conference's programme)."""
    from events.visibility import is_public

    if instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).only("status", "content_changed_at").first()
    instance._was_public = stored is not None and is_public(stored)
    if raw and instance.content_changed_at is None and stored is not None:
        instance.content_changed_at = stored.content_changed_at


def content_changed(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    from events.models import DataVersion

    DataVersion.bump()
    # Loading fixtures marks the events it creates; loading the same fixtures again changes nothing (loaddata
    # cannot tell a changed row from an unchanged one; the data version still moves, so no cached page outlives it).
    now = events_touch(event_ids=_instance_event_ids(instance), unset_only=raw)
    if instance._meta.label == "events.Event" and not raw:
        instance.content_changed_at = now  # the saved instance agrees with its row


def m2m_content_changed(sender, instance: Model, action: str, model: type[Model], pk_set: set | None, **kwargs) -> None:
    from events.models import DataVersion

    if not action.startswith("post_"):
        return
    DataVersion.bump()
    if model._meta.app_label not in {"events", "speakers"}:
        return  # an organisation's members: who may edit, not content
    # Either side may be the one changed (session.organisers.add(...) or organisation.sessions.add(...)).
    event_ids = _event_ids(type(instance), [instance.pk]) | _event_ids(model, list(pk_set or ()))
    events_touch(event_ids=event_ids)


def connect() -> None:
    pre_save.connect(keep_changed_at, sender=apps.get_model("events", "Event"), dispatch_uid="changed-at-raw")
    for app_label in ("events", "speakers"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name in NOT_CONTENT:
                continue
            post_save.connect(content_changed, sender=model, dispatch_uid=f"version-save-{model._meta.label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"version-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    m2m_content_changed, sender=field.remote_field.through, dispatch_uid=f"version-m2m-{field}"
                )
