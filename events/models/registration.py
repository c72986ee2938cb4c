from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.event import Event


class Registration(models.Model):
    """A participant's registration for an upcoming event. Never shown publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting e-mail confirmation")  # double opt-in: no place held yet
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        OFFERED = "offered", _("offered a freed place")  # the place is held for them until expires_at
        CANCELLED = "cancelled", _("cancelled")

    # Who holds a place: the confirmed, and those offered a freed place who may still accept it.
    HOLDING = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent = models.BooleanField(_("consent to the privacy notice"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    # Set with the status: the waiting list's order, and when a confirmation or offer link was sent.
    changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("link valid until"), null=True, blank=True, help_text=_("For an e-mail confirmation or a place offered.")
    )
    language = models.CharField(_("language"), max_length=10, default="en", help_text=_("Of the e-mails sent."))
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # Set at the door (events.registration.door), in UTC; shown in the event's time zone.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", name="unique_registration_per_email",
                condition=Q(erased_at__isnull=True) & ~Q(status="cancelled"),
                violation_error_message=_("This email address is already registered for this event."),
            ),
            models.CheckConstraint(condition=Q(consent=True), name="registration_needs_consent"),
        ]  # fmt: skip

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("Registration %(number)d (personal data erased)") % {"number": self.pk})
        return f"{self.name} <{self.email}>"

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING


class OutboxMessage(models.Model):
    """An e-mail to send, kept with its status so that none is lost while the mail server is down.

    Written by the registration services in the same transaction as the change it tells about; sent by the task
    worker (events.registration.outbox), retried with a growing delay. `key` makes each message unique (one
    confirmation per registration, one reminder, one digest per event and day): queuing it again does nothing."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("confirmation")
        OPT_IN = "opt_in", _("e-mail address check")
        WAITING = "waiting", _("waiting list")
        OFFER = "offer", _("place offered")
        OFFER_EXPIRED = "offer_expired", _("offer expired")
        CANCELLED = "cancelled", _("cancellation")
        REMINDER = "reminder", _("reminder")
        NOTIFICATION = "notification", _("organisers' notification")
        DIGEST = "digest", _("organisers' daily digest")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outbox")
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True)
    recipients = models.TextField(_("to"), help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    ics = models.TextField(_("calendar attachment"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
