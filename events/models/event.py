import functools
import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.organisations import Organisation
from events.models.places import Room, Venue
from events.visibility import EventQuerySet, is_public
from eventsite.infra.naturalkeys import NaturalKeyManager, NaturalKeyModel
from eventsite.infra.richtext import RichTextField


@functools.cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone (e.g. Europe/Paris)."), params={"value": value})


RETENTION_DAYS = 90  # days registrants' personal data is kept after an event, unless its organisers choose otherwise


class RegistrationNotify(models.TextChoices):
    EACH = "each", _("an e-mail per registration")
    DAILY = "daily", _("a daily digest")
    NONE = "none", _("no e-mail")


class Event(NaturalKeyModel):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        COLLOQUIUM = "colloquium", _("colloquium")
        SIDE_EVENT = "side_event", _("side event")
        SEMINAR = "seminar", _("seminar")
        PANEL = "panel", _("panel")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COLLOQUIUM)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set by events.signals whenever anything that belongs to the event is saved: the API's `changed_since`, the
    # sitemap's lastmod and Last-Modified read it.
    content_changed_at = models.DateTimeField(_("content changed at"), null=True, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("held during"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children", help_text=_("The conference this side event is held on the margins of."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order in parent programme"), default=0)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True, help_text=_("In the event's time zone."))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=60, default="UTC", validators=[validate_timezone])
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    language = models.CharField(_("language"), max_length=100, blank=True, help_text=_("e.g. “English language only”"))
    lede = models.TextField(_("lede"), blank=True, help_text=_("The one-paragraph pitch under the title."))
    description = RichTextField(_("description"), blank=True)
    summary_who = RichTextField(_("who"), blank=True)
    summary_what = RichTextField(_("what"), blank=True)
    summary_where = RichTextField(_("where"), blank=True)
    summary_when = RichTextField(_("when"), blank=True)
    summary_why = RichTextField(_("why"), blank=True)
    organisers_note = models.CharField(
        _("organisers line"),
        max_length=300,
        blank=True,
        help_text=_("As printed, e.g. “Side event co-organized by …”."),
    )
    website = models.URLField(_("website"), blank=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places available; empty for no limit.")
    )
    double_opt_in = models.BooleanField(
        _("confirm e-mail addresses"), default=False,
        help_text=_("A place is held only once the registrant has followed the link e-mailed to them (within 48 hours)."),
    )  # fmt: skip
    # Both have defaults, and blank: a form that leaves them out (an older admin POST, an import) keeps the default.
    registration_notify = models.CharField(
        _("tell the organisers"), max_length=10, choices=RegistrationNotify.choices, default=RegistrationNotify.DAILY,
        blank=True,
    )  # fmt: skip
    notify_email = models.EmailField(
        _("address for registration news"), blank=True,
        help_text=_("Empty: the editors of the organising organisations."),
    )  # fmt: skip
    retention_days = models.PositiveSmallIntegerField(
        _("keep registrants' data for (days)"), default=RETENTION_DAYS, blank=True,
        help_text=_("After the event's end; then their names, e-mail addresses and organisations are erased (the counts "
                    "are kept)."),
    )  # fmt: skip
    organisations = models.ManyToManyField(Organisation, through="EventOrganisation", related_name="events")

    objects = NaturalKeyManager.from_queryset(EventQuerySet)()
    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["-start_date", "order", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_date_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(title="") & Q(start_date__isnull=False) & Q(end_date__isnull=False)),
                name="published_event_has_title_and_dates",
                violation_error_message=_("A published event needs a title, a start date and an end date."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return is_public(self)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None

    def local(self, value: datetime | None) -> datetime | None:
        return timezone.localtime(value, self.tz) if value else None

    def clean(self) -> None:
        # Left empty in a form: the defaults.
        self.retention_days = RETENTION_DAYS if self.retention_days is None else self.retention_days
        self.registration_notify = self.registration_notify or RegistrationNotify.DAILY
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        tz_known = self.timezone in known_timezones()
        if tz_known and self.starts_at and self.start_date and self.local(self.starts_at).date() != self.start_date:
            errors["starts_at"] = _(
                "The start time falls on another day than the start date (in the event's time zone)."
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("An event cannot be held during itself.")
        if self.status == self.Status.PUBLISHED:
            # Keyed by the missing field: the admin form shows status read-only.
            for field, label in (
                ("title", _("a title")),
                ("start_date", _("a start date")),
                ("end_date", _("an end date")),
            ):
                if not getattr(self, field):
                    errors.setdefault(field, _("A published event needs %(what)s.") % {"what": label})
        if errors:
            raise ValidationError(errors)


class EventOrganisation(NaturalKeyModel):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser")
        CO_ORGANISER = "co_organiser", _("co-organiser")
        PARTNER = "partner", _("partner")
        HOST = "host", _("host")
        SPONSOR = "sponsor", _("sponsor")
        SUPPORTER = "supporter", _("supporter")
        AUSPICES = "auspices", _("under the auspices of")

    ORGANISING_ROLES = (Role.ORGANISER, Role.CO_ORGANISER)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_organisations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ORGANISER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("event__slug", "organisation__slug", "role")

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("organisation's role")
        verbose_name_plural = _("organisations and their roles")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"], name="unique_event_organisation_role",
                violation_error_message=_("This organisation already has this role in the event."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
