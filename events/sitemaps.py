"""The sitemap lists exactly what events.visibility makes public, nothing decided here."""

from django.contrib.sitemaps import Sitemap

from events.models import Event, Proceedings, Remark
from events.visibility import organisations_public, publications_public, through_public_event
from speakers.selectors import person_list_public


class EventSitemap(Sitemap):
    i18n = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, event: Event):
        return event.published_at


class PersonSitemap(Sitemap):
    i18n = True

    def items(self):
        return person_list_public().order_by("pk")


class OrganisationSitemap(Sitemap):
    i18n = True

    def items(self):
        return organisations_public().order_by("pk")


class ProceedingsSitemap(Sitemap):
    i18n = True

    def items(self):
        return through_public_event(Proceedings.objects.select_related("event")).order_by("pk")


class RemarkSitemap(Sitemap):
    i18n = True

    def items(self):
        return through_public_event(Remark.objects.select_related("event")).order_by("pk")


class PublicationSitemap(Sitemap):
    i18n = True

    def items(self):
        return publications_public().order_by("pk")


SITEMAPS = {
    "events": EventSitemap,
    "speakers": PersonSitemap,
    "organisations": OrganisationSitemap,
    "proceedings": ProceedingsSitemap,
    "remarks": RemarkSitemap,
    "publications": PublicationSitemap,
}
