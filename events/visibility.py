"""What the public may see, and what a signed-in user may preview: decided here and nowhere else.

An event is public when it is published. Everything else (sessions, people, organisations, remarks, proceedings,
kit content, documents) is public only through a published event: every selector, page, feed, export, API route
and document reaches content through the functions below. A draft parent appears nowhere public; a published
side event of a draft conference is public on its own.

Preview (drafts on the public URLs and in documents) is for users who may edit that event, as decided by
events.permissions: being staff is not enough.

The models' queryset (EventQuerySet) lives here, so this module reaches other models through the app registry
rather than importing events.models: imports stay one way, models -> visibility -> permissions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

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


def public_since(event):
    """When `event` was (last) made public: what it was before, while a draft, is not public, nor are the changes
    made then. None for a draft, or a public event whose publication time is not known (loaded data)."""
    return event.published_at if is_public(event) else None


def through_public_event(queryset: models.QuerySet, path: str = "event") -> models.QuerySet:
    """Restrict any queryset of event-owned rows to those reachable through a published event."""
    return queryset.filter(published_q(path))


def through_visible_event(queryset: models.QuerySet, user, path: str = "event") -> models.QuerySet:
    """Like through_public_event, plus what `user` may preview."""
    Event = apps.get_model("events", "Event")

    return queryset.filter(**{f"{path}__in": Event.objects.visible_to(user)})


def count_through_visible_events(user, path: str, counted: str | None = None) -> Count:
    """COUNT(DISTINCT `counted`) over the rows whose event (at `path`) `user` may see: the admin's counts on shared
    records (a person's appearances, an organisation's events) leave out other organisations' drafts.

    `counted` defaults to the events themselves.
    """
    return Count(counted or path, filter=Q(**{f"{path}__in": events_visible_to(user).values("pk")}), distinct=True)


def publications_visible_to(user: AbstractBaseUser | AnonymousUser | None) -> models.QuerySet:
    """Published publications, plus drafts for those who may change publications (they belong to no event)."""
    Publication = apps.get_model("events", "Publication")

    if user is not None and user.is_authenticated and user.has_perm("events.change_publication"):
        return Publication.objects.all()
    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


def publications_public() -> models.QuerySet:
    return publications_visible_to(None)


def organisations_visible_to(user: AbstractBaseUser | AnonymousUser | None) -> models.QuerySet:
    """The one definition of a public organisation (its page, the sitemap, the search filter, the API).

    An organisation is public when, in an event the user may see, it has a role (organiser, partner...), organises
    a session, or someone appears for it (a participation naming it); or when it publishes a publication the user
    may see. Printed-only mentions (a contact's organisation) do not make a page: they are not linked anywhere.
    Each condition is an EXISTS subquery, so no join multiplies rows and no draft row can satisfy a condition.
    """
    EventOrganisation = apps.get_model("events", "EventOrganisation")
    Organisation = apps.get_model("events", "Organisation")
    Session = apps.get_model("events", "Session")
    Participation = apps.get_model("speakers", "Participation")

    events = events_visible_to(user)
    here = OuterRef("pk")
    return Organisation.objects.filter(
        Exists(EventOrganisation.objects.filter(organisation=here, event__in=events))
        | Exists(Session.organisers.through.objects.filter(organisation=here, session__event__in=events))
        | Exists(Participation.objects.filter(organisation=here, event__in=events))
        | Exists(publications_visible_to(user).filter(publisher=here))
    )


def organisations_public() -> models.QuerySet:
    return organisations_visible_to(None)


def people_visible_to(user: AbstractBaseUser | AnonymousUser | None) -> models.QuerySet:
    """The one definition of a public person (speaker directory and pages, sitemap, API).

    A person is public when they appear (a participation), gave a remark, or are quoted in the proceedings of an
    event the user may see: every page that links to a person page then finds it.
    """
    Quote = apps.get_model("events", "Quote")
    Remark = apps.get_model("events", "Remark")
    Participation = apps.get_model("speakers", "Participation")
    Person = apps.get_model("speakers", "Person")

    events = events_visible_to(user)
    here = OuterRef("pk")
    return Person.objects.filter(
        Exists(Participation.objects.filter(person=here, event__in=events))
        | Exists(Remark.objects.filter(speaker=here, event__in=events))
        | Exists(Quote.objects.filter(speaker=here, proceedings__event__in=events))
    )


def people_public() -> models.QuerySet:
    return people_visible_to(None)


def events_visible_to(user: AbstractBaseUser | AnonymousUser | None) -> EventQuerySet:
    """Event.objects.visible_to(user), importable here without a cycle (models import this module)."""
    Event = apps.get_model("events", "Event")

    return Event.objects.visible_to(user)
