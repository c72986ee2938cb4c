from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField
from eventsite.infra.uploads import validate_image_upload


class Organisation(NaturalKeyModel):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True, help_text=_("e.g. OSCE, UNODC"))
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = RichTextField(_("about"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, validators=[validate_image_upload])
    logo_alt = models.CharField(_("logo text alternative"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organisations", verbose_name=_("editors"),
        help_text=_("Staff who edit the events this organisation organises."),
    )  # fmt: skip

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:organisation", kwargs={"slug": self.slug})


class OrganisationAlias(NaturalKeyModel):
    """Another name the documents use for the organisation (Fondation Scelles / Scelles Foundation)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200, unique=True)

    natural_key_fields = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")

    def __str__(self) -> str:
        return self.name


class SocialHandle(NaturalKeyModel):
    class Platform(models.TextChoices):
        TWITTER = "twitter", "Twitter / X"
        FACEBOOK = "facebook", "Facebook"
        LINKEDIN = "linkedin", "LinkedIn"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", _("other")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="social_handles")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100)
    url = models.URLField(_("link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("organisation__slug", "platform", "handle")

    class Meta:
        ordering = ["organisation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "platform", "handle"], name="unique_social_handle"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"
