"""The sitemap: every public page, in every language with its alternates, and when its content last changed.

What is listed is exactly what events.visibility makes public, nothing decided here. `lastmod` is the time the
content printed on the page last changed: Event.content_changed_at (set by events/signals.py whenever anything of
the event changes, shared records included), the latest of its events' for a page about several events (a speaker,
an organisation, a year, the home page). Publications keep no such time and have no lastmod.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch
from django.urls import reverse

from events.documents.content import available_kinds
from events.models import Event, EventOrganisation, Proceedings, Remark, Session
from events.visibility import organisations_public, publications_public, published_q, through_public_event
from speakers.models import Participation
from speakers.selectors import person_list_public


class PublicSitemap(Sitemap):
    """In every language of settings.LANGUAGES, each URL naming the others (hreflang) and the default (x-default)."""

    i18n = True
    alternates = True
    x_default = True


def _latest(times: Iterable[datetime | None]) -> datetime | None:
    return max((time for time in times if time is not None), default=None)


def _public_events_changed() -> dict[int, datetime | None]:
    return dict(Event.objects.published().values_list("pk", "content_changed_at"))


class StaticSitemap(PublicSitemap):
    """The pages about every event: the home page and the speaker directory."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        self.changed = Event.objects.published().aggregate(latest=Max("content_changed_at"))["latest"]
        return ["events:home", "speakers:list"]

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str) -> datetime | None:
        return self.changed


class YearSitemap(PublicSitemap):
    """A page per year with public events (events/views.year_archive)."""

    def items(self) -> list[dict]:
        rows = (
            Event.objects.published()
            .values("start_date__year")
            .annotate(latest=Max("content_changed_at"))
            .order_by("-start_date__year")
        )
        return [{"year": row["start_date__year"], "latest": row["latest"]} for row in rows]

    def location(self, item: dict) -> str:
        return reverse("events:year", kwargs={"year": item["year"]})

    def lastmod(self, item: dict) -> datetime | None:
        return item["latest"]


class EventSitemap(PublicSitemap):
    """Conferences, colloquia and side events alike."""

    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, event: Event) -> datetime | None:
        return event.content_changed_at


class DocumentSitemap(PublicSitemap):
    """The print documents each event page offers (kit, programme, proceedings PDF)."""

    def items(self) -> list[tuple[Event, str]]:
        events = (
            Event.objects.published()
            .select_related("proceedings")
            .prefetch_related(
                Prefetch("children", queryset=Event.objects.only("pk", "parent_id", "status")),
                Prefetch("sessions", queryset=Session.objects.only("pk", "event_id")),
            )
            .order_by("pk")
        )
        return [(event, str(kind)) for event in events for kind in available_kinds(event)]

    def location(self, item: tuple[Event, str]) -> str:
        event, kind = item
        return reverse("events:document", kwargs={"slug": event.slug, "kind": kind})

    def lastmod(self, item: tuple[Event, str]) -> datetime | None:
        return item[0].content_changed_at


class PersonSitemap(PublicSitemap):
    def items(self):
        return (
            person_list_public()
            .annotate(
                changed=Max("participations__event__content_changed_at", filter=published_q("participations__event"))
            )
            .order_by("pk")
        )

    def lastmod(self, person) -> datetime | None:
        return person.changed


class OrganisationSitemap(PublicSitemap):
    def items(self):
        organisations = list(organisations_public().order_by("pk"))
        changed = _public_events_changed()
        events_of = defaultdict(set)
        links = (
            EventOrganisation.objects.values_list("organisation_id", "event_id"),
            Participation.objects.filter(organisation__isnull=False).values_list("organisation_id", "event_id"),
            Session.organisers.through.objects.values_list("organisation_id", "session__event_id"),
        )
        for rows in links:
            for organisation_id, event_id in rows:
                events_of[organisation_id].add(event_id)
        for organisation in organisations:
            organisation.changed = _latest(changed.get(event_id) for event_id in events_of[organisation.pk])
        return organisations

    def lastmod(self, organisation) -> datetime | None:
        return organisation.changed


class ProceedingsSitemap(PublicSitemap):
    def items(self):
        return through_public_event(Proceedings.objects.select_related("event")).order_by("pk")

    def lastmod(self, proceedings: Proceedings) -> datetime | None:
        return proceedings.event.content_changed_at


class RemarkSitemap(PublicSitemap):
    def items(self):
        return through_public_event(Remark.objects.select_related("event")).order_by("pk")

    def lastmod(self, remark: Remark) -> datetime | None:
        return remark.event.content_changed_at


class PublicationSitemap(PublicSitemap):
    def items(self):
        return publications_public().order_by("pk")


SITEMAPS = {
    "pages": StaticSitemap,
    "years": YearSitemap,
    "events": EventSitemap,
    "documents": DocumentSitemap,
    "speakers": PersonSitemap,
    "organisations": OrganisationSitemap,
    "proceedings": ProceedingsSitemap,
    "remarks": RemarkSitemap,
    "publications": PublicationSitemap,
}
