from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.event import Event
from events.models.organisations import Organisation
from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField


class Publication(NaturalKeyModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=300)
    container_title = models.CharField(_("in (book or report)"), max_length=300, blank=True)
    editors = models.CharField(
        _("editors"),
        max_length=300,
        blank=True,
        help_text=_("As printed, e.g. “Charpenel Y. (under the direction of)”"),
    )
    publisher = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    copyright = models.CharField(_("copyright line"), max_length=200, blank=True)
    citation = models.TextField(_("citation as printed"), blank=True)
    abstract = RichTextField(_("abstract"), blank=True)
    colophon = RichTextField(_("about the publication"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    cited_events = models.ManyToManyField(Event, blank=True, related_name="cited_by")

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:publication", kwargs={"slug": self.slug})


class PublicationSection(NaturalKeyModel):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1, help_text=_("1 = section, 2 = subsection"))
    body = RichTextField(_("text"), blank=True)

    natural_key_fields = ("publication__slug", "order")

    class Meta:
        ordering = ["publication", "order"]
        verbose_name = _("publication section")
        verbose_name_plural = _("publication sections")
        constraints = [
            models.UniqueConstraint(fields=["publication", "order"], name="unique_publication_section"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="publication_section_level_1_3"),
        ]

    def __str__(self) -> str:
        return self.heading or f"§{self.order}"


class Footnote(NaturalKeyModel):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField(_("number"))
    section = models.ForeignKey(
        PublicationSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="footnotes"
    )
    text = RichTextField(_("text"))

    natural_key_fields = ("publication__slug", "number")

    class Meta:
        ordering = ["publication", "number"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="unique_footnote_number",
                violation_error_message=_("Another footnote already has this number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="footnote_number_positive"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"[{self.number}]"


class Source(NaturalKeyModel):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sources")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = RichTextField(_("reference"))
    url = models.URLField(_("link"), blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_in_sources",
        help_text=_("When the source is one of our events' documents."),
    )  # fmt: skip

    natural_key_fields = ("publication__slug", "order")

    class Meta:
        ordering = ["publication", "order"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [models.UniqueConstraint(fields=["publication", "order"], name="unique_source_order")]

    def __str__(self) -> str:
        return f"{self.publication} source {self.order}"
