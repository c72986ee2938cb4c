from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.event import Event
from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField


class Proceedings(NaturalKeyModel):
    """The post-event report: context sections, numbered takeaways, attributed quotes."""

    class Kind(models.TextChoices):
        PROCEEDINGS = "proceedings", _("proceedings")
        REPORT = "report", _("event report")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROCEEDINGS)
    title = models.CharField(_("title"), max_length=300)
    intro = RichTextField(_("introduction"), blank=True)
    takeaways_intro = RichTextField(_("takeaways introduction"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)

    natural_key_fields = ("event__slug",)

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        verbose_name = _("proceedings")
        verbose_name_plural = _("proceedings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:proceedings", kwargs={"slug": self.event.slug})


class ProceedingsSection(NaturalKeyModel):
    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    subheading = models.CharField(_("subheading"), max_length=300, blank=True)
    body = RichTextField(_("text"), blank=True)

    natural_key_fields = ("proceedings__event__slug", "order")

    class Meta:
        ordering = ["proceedings", "order"]
        verbose_name = _("context section")
        verbose_name_plural = _("context sections")
        constraints = [models.UniqueConstraint(fields=["proceedings", "order"], name="unique_proceedings_section")]

    def __str__(self) -> str:
        return self.subheading or self.heading or f"§{self.order}"


class Takeaway(NaturalKeyModel):
    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="takeaways")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    body = RichTextField(_("text"), blank=True)

    natural_key_fields = ("proceedings__event__slug", "number")

    class Meta:
        ordering = ["proceedings", "number"]
        verbose_name = _("takeaway")
        verbose_name_plural = _("takeaways")
        constraints = [
            models.UniqueConstraint(
                fields=["proceedings", "number"], name="unique_takeaway_number",
                violation_error_message=_("Another takeaway already has this number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="takeaway_number_positive"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Quote(NaturalKeyModel):
    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="quotes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    speaker = models.ForeignKey("speakers.Person", on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(_("quote"))
    section = models.ForeignKey(
        ProceedingsSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    takeaway = models.ForeignKey(Takeaway, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")

    natural_key_fields = ("proceedings__event__slug", "order")

    class Meta:
        ordering = ["proceedings", "order"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [models.UniqueConstraint(fields=["proceedings", "order"], name="unique_quote_order")]

    def __str__(self) -> str:
        return f"“{self.text[:60]}” – {self.speaker}"
