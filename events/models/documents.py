from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models.event import Event


def _document_path(instance: "RenderedDocument", filename: str) -> str:
    return f"documents/{instance.event.slug}/{filename}"


class DataVersion(models.Model):
    """A counter bumped by every saved change to events, people and their content (see events/signals.py).

    Downloads compare it with the version a stored PDF was last checked at, so the common case, nothing changed,
    needs no re-rendering of the HTML to know the PDF is current.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")

    def __str__(self) -> str:
        return str(self.number)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class Audience(models.TextChoices):
    """Who a document was built for. A preview holds drafts: it is never stored under the public's key."""

    PUBLIC = "public", _("public")
    PREVIEW = "preview", _("editors' preview")


class RenderedDocument(models.Model):
    """A stored PDF, keyed by its audience and the hash of the HTML it was rendered from: same content, same file."""

    Audience = Audience

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rendered_documents")
    kind = models.CharField(_("document"), max_length=20)
    paper = models.CharField(_("paper"), max_length=10)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    # The language the document was printed in (its fixed labels, dates, /Lang): part of its key.
    language = models.CharField(_("language"), max_length=10, default="en")
    content_hash = models.CharField(_("content hash"), max_length=64)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    file = models.FileField(upload_to=_document_path)
    size = models.PositiveIntegerField(_("bytes"))
    pages = models.PositiveIntegerField(_("pages"))
    checked_at_version = models.PositiveBigIntegerField(_("current at data version"), null=True, blank=True)
    created_at = models.DateTimeField(_("rendered at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "paper", "audience", "language", "content_hash"],
                name="unique_rendered_document_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.kind} ({self.paper}, {self.audience}, {self.language}, {self.content_hash[:8]})"


class RenderFailure(models.Model):
    """The last refused or failed render of one document, for the editor; removed by the next successful render.

    The last good PDF stays in place meanwhile: a failure never replaces or deletes a RenderedDocument.
    """

    Audience = Audience

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="render_failures")
    kind = models.CharField(_("document"), max_length=20)
    paper = models.CharField(_("paper"), max_length=10)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    message = models.TextField(_("message"))
    failed_at = models.DateTimeField(_("failed at"), auto_now=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("render failure")
        verbose_name_plural = _("render failures")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "paper", "audience"], name="unique_render_failure"),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.kind} ({self.paper}, {self.audience}): {self.message[:80]}"


class KitEdition(models.Model):
    """A participant kit frozen at publication: immutable, numbered, with its date and SHA-256, like a version of record.

    One edition per language printed: each language is numbered on its own (a change to French text only makes a
    new French edition), and served under that language's URL prefix (/fr/...).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="kit_editions")
    language = models.CharField(_("language"), max_length=10, default="en")
    number = models.PositiveIntegerField(_("edition"))
    document = models.ForeignKey(RenderedDocument, on_delete=models.PROTECT, related_name="editions")
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    # A wrong edition is withdrawn, never deleted: a version of record stays retrievable by staff.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["event", "language", "-number"]
        verbose_name = _("kit edition")
        verbose_name_plural = _("kit editions")
        constraints = [
            models.UniqueConstraint(fields=["event", "language", "number"], name="unique_kit_edition_language_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="kit_edition_number_positive"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="kit_edition_withdrawn_with_reason",
                violation_error_message=_("A withdrawn edition needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – edition {self.number} ({self.language})"

    def get_absolute_url(self) -> str:
        # The language is the URL's prefix (i18n_patterns): reversed in the edition's own language.
        with translation.override(self.language):
            return reverse("events:kit_edition", kwargs={"slug": self.event.slug, "number": self.number})
