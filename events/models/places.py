from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.organisations import Organisation
from eventsite.infra.naturalkeys import NaturalKeyModel


class Venue(NaturalKeyModel):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=60, blank=True, help_text=_("Where the venue is; new events held there get it.")
    )
    host = models.ForeignKey(
        Organisation, verbose_name=_("host organisation"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="venues",
    )  # fmt: skip

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.city) if part)


class Room(NaturalKeyModel):
    slug = models.SlugField(max_length=120, unique=True)
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, null=True, blank=True, related_name="rooms",
        help_text=_("Leave empty when the source names the room but not the building."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=120)
    floor = models.CharField(_("floor"), max_length=60, blank=True, help_text=_("As signposted, e.g. “5th floor”."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.floor) if part)
