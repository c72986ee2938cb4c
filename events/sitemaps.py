from django.contrib.sitemaps import Sitemap

from events.models import Event, Proceedings, Publication, Remark
from speakers.selectors import person_list_public


class EventSitemap(Sitemap):
    i18n = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk")

    def lastmod(self, event: Event):
        return event.published_at


class PersonSitemap(Sitemap):
    i18n = True

    def items(self):
        return person_list_public().order_by("pk")


class ProceedingsSitemap(Sitemap):
    i18n = True

    def items(self):
        return Proceedings.objects.filter(event__status=Event.Status.PUBLISHED).select_related("event").order_by("pk")


class RemarkSitemap(Sitemap):
    i18n = True

    def items(self):
        return Remark.objects.filter(event__status=Event.Status.PUBLISHED).select_related("event").order_by("pk")


class PublicationSitemap(Sitemap):
    i18n = True

    def items(self):
        return Publication.objects.filter(status=Publication.Status.PUBLISHED).order_by("pk")


SITEMAPS = {
    "events": EventSitemap,
    "speakers": PersonSitemap,
    "proceedings": ProceedingsSitemap,
    "remarks": RemarkSitemap,
    "publications": PublicationSitemap,
}
