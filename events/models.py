import functools
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.richtext import RichTextField
from events.validators import validate_image_upload


class NaturalKeyManager(models.Manager):
    """get_by_natural_key() from the model's `natural_key_fields` lookups."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


class NaturalKeyModel(models.Model):
    """Fixtures reference every row by a natural key, so loading them twice is idempotent."""

    natural_key_fields: tuple[str, ...] = ("slug",)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        values = []
        for path in self.natural_key_fields:
            value = self
            for part in path.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values.append(value)
        return tuple(values)


@functools.cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone (e.g. Europe/Paris)."), params={"value": value})


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

    history = HistoricalRecords()

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


class Venue(NaturalKeyModel):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
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
    organisations = models.ManyToManyField(Organisation, through="EventOrganisation", related_name="events")

    history = HistoricalRecords()

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
        return self.status == self.Status.PUBLISHED

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None

    def local(self, value: datetime | None) -> datetime | None:
        return timezone.localtime(value, self.tz) if value else None

    def clean(self) -> None:
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


class Session(NaturalKeyModel):
    class Kind(models.TextChoices):
        PART = "part", _("part")
        PANEL = "panel", _("panel")
        ADDRESS = "address", _("address")
        MEETING = "meeting", _("meeting")
        TALK = "talk", _("talk")
        WORKSHOP = "workshop", _("workshop")
        BREAK = "break", _("break")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(max_length=120)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PANEL)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    language = models.CharField(_("language"), max_length=100, blank=True)
    description = RichTextField(_("description"), blank=True)
    organisers = models.ManyToManyField(Organisation, blank=True, related_name="sessions")

    natural_key_fields = ("event__slug", "slug")

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "starts_at", "order", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="unique_session_slug_per_event",
                violation_error_message=_("Another session of this event already uses this slug."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#session-{self.slug}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        event = self.event if self.event_id else None
        if event and event.start_date and event.end_date and event.timezone in known_timezones():
            for field in ("starts_at", "ends_at"):
                value = getattr(self, field)
                if value and not event.start_date <= event.local(value).date() <= event.end_date:
                    errors[field] = _("The session must take place within the event's dates (%(start)s – %(end)s).") % {
                        "start": event.start_date,
                        "end": event.end_date,
                    }
        if not errors and self.room_id and self.starts_at and self.ends_at:
            clash = (
                Session.objects.filter(room_id=self.room_id, starts_at__lt=self.ends_at, ends_at__gt=self.starts_at)
                .exclude(pk=self.pk)
                .select_related("event")
                .first()
            )
            if clash:
                errors["room"] = _("%(room)s is already booked at that time for “%(other)s”.") % {
                    "room": self.room,
                    "other": clash,
                }
        if errors:
            raise ValidationError(errors)


class Remark(NaturalKeyModel):
    """The full text of a speech given at an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="remarks")
    speaker = models.ForeignKey("speakers.Person", on_delete=models.PROTECT, related_name="remarks")
    slug = models.SlugField(max_length=120)
    title = models.CharField(_("title"), max_length=300)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    body = RichTextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("event__slug", "slug")

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("remarks")
        verbose_name_plural = _("remarks")
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="unique_remark_slug_per_event")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:remark", kwargs={"event_slug": self.event.slug, "slug": self.slug})


class Contact(NaturalKeyModel):
    """A contact person printed at the end of a kit, proceedings or publication."""

    class Document(models.TextChoices):
        KIT = "kit", _("participant kit")
        PROCEEDINGS = "proceedings", _("proceedings")
        PUBLICATION = "publication", _("publication")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    publication = models.ForeignKey(
        "Publication", on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    document = models.CharField(_("printed in"), max_length=20, choices=Document.choices, default=Document.KIT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    person = models.ForeignKey("speakers.Person", on_delete=models.PROTECT, related_name="contact_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)

    natural_key_fields = ("event__slug", "publication__slug", "document", "person__slug")

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, publication__isnull=True)
                | Q(event__isnull=True, publication__isnull=False),
                name="contact_for_event_or_publication",
                violation_error_message=_("A contact belongs to either an event or a publication."),
            ),
            models.UniqueConstraint(
                fields=["event", "document", "person"], name="unique_event_contact",
                condition=Q(event__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["publication", "person"], name="unique_publication_contact",
                condition=Q(publication__isnull=False),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person} – {self.position}" if self.position else str(self.person)


class LiveStream(NaturalKeyModel):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="live_stream")
    url = models.URLField(_("stream address"))
    access_code = models.CharField(_("event ID / access code"), max_length=60, blank=True)
    instructions = RichTextField(_("instructions"), blank=True)

    natural_key_fields = ("event__slug",)

    class Meta:
        verbose_name = _("live stream")
        verbose_name_plural = _("live streams")

    def __str__(self) -> str:
        return self.url


class LiveStreamLink(NaturalKeyModel):
    class Kind(models.TextChoices):
        APP_IOS = "app_ios", _("app for iPhone/iPad")
        APP_ANDROID = "app_android", _("app for Android")
        PODCAST = "podcast", _("podcast")
        OTHER = "other", _("other")

    stream = models.ForeignKey(LiveStream, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=120, blank=True)
    url = models.CharField(_("address"), max_length=300, help_text=_("As printed; a bare domain is allowed."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("stream__event__slug", "url")

    class Meta:
        ordering = ["stream", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["stream", "url"], name="unique_stream_link")]

    def __str__(self) -> str:
        return self.label or self.url


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

    history = HistoricalRecords()

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

    natural_key_fields = ("section__event__slug", "section__slug", "slug")

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="unique_legal_text_order")]

    def __str__(self) -> str:
        return self.title


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

    history = HistoricalRecords()

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


class RenderedDocument(models.Model):
    """A stored PDF, keyed by the hash of the HTML it was rendered from: same content, same file."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rendered_documents")
    kind = models.CharField(_("document"), max_length=20)
    paper = models.CharField(_("paper"), max_length=10)
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
            models.UniqueConstraint(fields=["event", "kind", "paper", "content_hash"], name="unique_rendered_document"),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.kind} ({self.paper}, {self.content_hash[:8]})"


class KitEdition(models.Model):
    """A participant kit frozen at publication: immutable, numbered, with its date and SHA-256, like a version of record."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="kit_editions")
    number = models.PositiveIntegerField(_("edition"))
    document = models.ForeignKey(RenderedDocument, on_delete=models.PROTECT, related_name="editions")
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "-number"]
        verbose_name = _("kit edition")
        verbose_name_plural = _("kit editions")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="unique_kit_edition_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="kit_edition_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.event} – edition {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("events:kit_edition", kwargs={"slug": self.event.slug, "number": self.number})


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
