from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.event import Event
from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField
from eventsite.infra.uploads import validate_image_upload


class KitSection(NaturalKeyModel):
    """One part of an event's participant kit, in print order."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("summary (who / what / where / when / why)")
        SPEAKERS = "speakers", _("speakers with bios")
        PROGRAMME = "programme", _("programme (sessions and side events)")
        TEXT = "text", _("text")
        STATISTICS = "statistics", _("key statistics")
        LEGAL = "legal", _("legal texts")
        TOOLS = "tools", _("technology tools catalogue")
        ABOUT = "about", _("about the organisers")
        REMARKS = "remarks", _("remarks in full")
        LIVE_STREAM = "live_stream", _("live streaming")
        CONTACTS = "contacts", _("contacts")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="kit_sections")
    slug = models.SlugField(max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    title = models.CharField(_("title"), max_length=200)
    is_annex = models.BooleanField(_("annex"), default=False)
    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("text"), blank=True)

    natural_key_fields = ("event__slug", "slug")

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("kit section")
        verbose_name_plural = _("kit sections")
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="unique_kit_section_slug")]

    def __str__(self) -> str:
        return self.title


class Tool(NaturalKeyModel):
    """An entry of the technology tools catalogue."""

    section = models.ForeignKey(KitSection, on_delete=models.CASCADE, related_name="tools")
    slug = models.SlugField(max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    description = RichTextField(_("description"), blank=True)
    url = models.CharField(_("web address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    # In logos/ with the organisations' logos: the one folder of logos the media view serves. Its text alternative
    # is the tool's name, which is what the logo says.
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, validators=[validate_image_upload])

    natural_key_fields = ("section__event__slug", "section__slug", "slug")

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("technology tool")
        verbose_name_plural = _("technology tools")
        constraints = [models.UniqueConstraint(fields=["section", "slug"], name="unique_tool_slug_per_section")]

    def __str__(self) -> str:
        return self.name


class Statistic(NaturalKeyModel):
    """A key figure with its source: '97%' / 'of detected victims ... are women and girls' / 'UNODC'."""

    section = models.ForeignKey(KitSection, on_delete=models.CASCADE, related_name="statistics")
    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    figure = models.CharField(_("figure"), max_length=100)
    label = models.CharField(_("label"), max_length=400)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_figure = models.BooleanField(
        _("printed as a figure"),
        default=True,
        help_text=_("Untick for a figure quoted in running text (kept as data)."),
    )

    natural_key_fields = ("section__event__slug", "section__slug", "order")

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="unique_statistic_order")]

    def __str__(self) -> str:
        return f"{self.figure} {self.label}"


class LegalText(NaturalKeyModel):
    section = models.ForeignKey(KitSection, on_delete=models.CASCADE, related_name="legal_texts")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100, blank=True, help_text=_("e.g. France, USA"))
    title = models.CharField(_("title"), max_length=400)
    citation = models.CharField(_("reference"), max_length=200, blank=True, help_text=_("e.g. Act No 2016-444"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    body = RichTextField(_("text"), blank=True)

    natural_key_fields = ("section__event__slug", "section__slug", "order")

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="unique_legal_text_order")]

    def __str__(self) -> str:
        return self.title
