from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models.event import Event, known_timezones
from events.models.organisations import Organisation
from events.models.places import Room
from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField
from speakers.models import Participation


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

    # history: registered in events/translation.py, after the per-language fields

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
        # An event being added with its sessions has no id yet: its sessions are checked against it all the same.
        event = self.event if self.event_id or Session.event.is_cached(self) else None
        if event and event.start_date and event.end_date and event.timezone in known_timezones():
            for field in ("starts_at", "ends_at"):
                value = getattr(self, field)
                if value and not event.start_date <= event.local(value).date() <= event.end_date:
                    # Said once, on the first field out of the dates.
                    errors[field] = _("The session must take place within the event's dates (%(start)s – %(end)s).") % {
                        "start": date_format(event.start_date),
                        "end": date_format(event.end_date),
                    }
                    break
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

    # history: registered in events/translation.py, after the per-language fields

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


class OrganisationRole(NaturalKeyModel):
    """Organisations holding a person's role together: "Moderator: OSCE and UN Women, 2019 ICAT Co-Chairs".

    Printed with the people of the same role (events/programme.py); the roles are the people's, so one list of labels
    and one order serve both."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisation_roles")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="organisation_roles"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Participation.Role.choices, default=Participation.Role.MODERATOR
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    organisations = models.ManyToManyField(
        Organisation, through="OrganisationRoleMember", related_name="roles_held", verbose_name=_("organisations")
    )
    name_as_printed = models.CharField(
        _("names as printed"), max_length=300, blank=True,
        help_text=_("e.g. “OSCE and UN Women”. Empty: the organisations' names joined."),
    )  # fmt: skip
    position = models.CharField(_("capacity"), max_length=400, blank=True, help_text=_("e.g. “2019 ICAT Co-Chairs”."))

    natural_key_fields = ("event__slug", "session__slug", "role", "order")
    is_organisation_role = True  # for templates printing it among people (no person page to link to)

    # history: registered in events/translation.py, after the per-language fields

    class Meta:
        ordering = ["event", "session", "order", "pk"]
        verbose_name = _("organisations in a role")
        verbose_name_plural = _("organisations in a role")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "role", "order"], condition=Q(session__isnull=True),
                name="unique_event_organisation_role_order",
                violation_error_message=_("Another line of organisations already has this role and order."),
            ),
            models.UniqueConstraint(
                fields=["session", "role", "order"], condition=Q(session__isnull=False),
                name="unique_session_organisation_role_order",
                violation_error_message=_("Another line of organisations already has this role and order."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{capfirst(self.get_role_display())}: {self.line}"

    @property
    def display_name(self) -> str:
        # Members read in their order; the caller prefetches `members` (see events/programme.py).
        names = [member.organisation.short_name or member.organisation.name for member in self.members.all()]
        return self.name_as_printed or get_text_list(names, gettext("and"))

    @property
    def line(self) -> str:
        return f"{self.display_name}, {self.position}" if self.position else self.display_name

    def clean(self) -> None:
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("This session belongs to another event.")})


class OrganisationRoleMember(NaturalKeyModel):
    """One organisation of an OrganisationRole, in printed order."""

    role = models.ForeignKey(OrganisationRole, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="role_memberships")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("role__event__slug", "role__session__slug", "role__role", "role__order", "organisation__slug")

    class Meta:
        ordering = ["role", "order", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["role", "organisation"], name="unique_organisation_role_member"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)
