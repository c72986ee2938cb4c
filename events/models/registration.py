from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.models.event import Event


class Registration(models.Model):
    """A participant's registration for an upcoming event. Never shown publicly."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent = models.BooleanField(_("consent to the privacy notice"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", name="unique_registration_per_email",
                violation_error_message=_("This email address is already registered for this event."),
            ),
            models.CheckConstraint(condition=Q(consent=True), name="registration_needs_consent"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
