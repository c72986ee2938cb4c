"""What the public may see, and what a signed-in user may preview: decided here and nowhere else.

An event is public when it is published. Everything else (sessions, people, organisations, remarks, proceedings,
kit content, documents) is public only through a published event: every selector, page, feed, export, API route
and document reaches content through the functions below. A draft parent appears nowhere public; a published
side event of a draft conference is public on its own.

Preview (drafts on the public URLs and in documents) is for users who may edit that event, as decided by
events.permissions: being staff is not enough.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

PUBLISHED = "published"


def published_q(path: str = "") -> Q:
    """Rows whose event (at `path`, e.g. "event" or "proceedings__event") is published; "" for an Event itself."""
    return Q(**{f"{path}__status" if path else "status": PUBLISHED})


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(published_q())

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> EventQuerySet:
        """Published events, plus the drafts this user may edit (and so preview)."""
        if user is None or not user.is_authenticated:
            return self.published()
        from events.permissions import editable_events

        if user.is_superuser:
            return self.all()
        return self.filter(published_q() | Q(pk__in=editable_events(user).values("pk")))


def is_public(event) -> bool:
    return event is not None and event.status == PUBLISHED


def through_public_event(queryset: models.QuerySet, path: str = "event") -> models.QuerySet:
    """Restrict any queryset of event-owned rows to those reachable through a published event."""
    return queryset.filter(published_q(path))


def through_visible_event(queryset: models.QuerySet, user, path: str = "event") -> models.QuerySet:
    """Like through_public_event, plus what `user` may preview."""
    from events.models import Event

    return queryset.filter(**{f"{path}__in": Event.objects.visible_to(user)})


def with_public_appearance(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """Rows (people, organisations) that appear in at least one published event through `path`.

    An EXISTS subquery rather than a join: a join lets a second filter on the same relation match a draft row.
    """
    model = queryset.model._meta.get_field(path.split("__")[0]).related_model
    remote = queryset.model._meta.get_field(path.split("__")[0]).remote_field.name
    return queryset.filter(Exists(model.objects.filter(published_q("event"), **{remote: OuterRef("pk")})))
