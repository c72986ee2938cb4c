from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eventsite.infra.naturalkeys import NaturalKeyModel
from eventsite.infra.richtext import RichTextField
from eventsite.infra.uploads import validate_image_upload


class Person(NaturalKeyModel):
    """One record per real person, across every event they appear in."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("Full name as the person uses it."))
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, help_text=_("e.g. “Vance, Cyrus R.”"))
    honorific = models.CharField(_("honorific"), max_length=60, blank=True, help_text=_("e.g. Ambassador, Ms."))
    bio = RichTextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True, validators=[validate_image_upload])
    photo_alt = models.CharField(_("photo text alternative"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)

    # history: registered in speakers/translation.py, after the per-language fields

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("speakers:person", kwargs={"slug": self.slug})


class PersonAlias(NaturalKeyModel):
    """A spelling the documents use for the person ('Per Anders Sunesson', 'Cyrus Vance')."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)

    natural_key_fields = ("person__slug", "name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="unique_person_alias")]

    def __str__(self) -> str:
        return self.name


class Participation(NaturalKeyModel):
    """A person's part in an event or session, with the position they held at that time."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        FACILITATOR = "facilitator", _("facilitator")
        CO_CHAIR = "co_chair", _("co-chair")
        WELCOMING = "welcoming", _("welcoming")
        OPENING = "opening", _("opening address")
        KEYNOTE = "keynote", _("keynote")
        SPEAKER = "speaker", _("speaker")
        PANELIST = "panelist", _("panelist")
        TECH_DEMO = "tech_demo", _("tech tool demo")
        CLOSING = "closing", _("closing speech")
        PATRON = "patron", _("under the aegis of")
        ATTENDEE = "attendee", _("participant")

    # Moderators and hosts lead the printed lists.
    LEADING_ROLES = (Role.MODERATOR, Role.FACILITATOR, Role.CO_CHAIR)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="participations")
    session = models.ForeignKey(
        "events.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_as_printed = models.CharField(
        _("name as printed"), max_length=200, blank=True, help_text=_("When the document spells the name differently.")
    )
    position = models.CharField(_("position at the time"), max_length=400, blank=True)
    organisation = models.ForeignKey(
        "events.Organisation", verbose_name=_("organisation at the time"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="participations",
    )  # fmt: skip
    bio = RichTextField(_("biography printed for this event"), blank=True, help_text=_("Empty: the person's own."))

    natural_key_fields = ("event__slug", "session__slug", "person__slug", "role")

    # history: registered in speakers/translation.py, after the per-language fields

    class Meta:
        ordering = ["event", "session", "order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], condition=Q(session__isnull=True),
                name="unique_event_participation",
                violation_error_message=_("This person already has this role in the event."),
            ),
            models.UniqueConstraint(
                fields=["session", "person", "role"], condition=Q(session__isnull=False),
                name="unique_session_participation",
                violation_error_message=_("This person already has this role in the session."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"

    @property
    def display_name(self) -> str:
        return self.name_as_printed or self.person.name

    @property
    def display_bio(self) -> str:
        return self.bio or self.person.bio

    def clean(self) -> None:
        errors = {}
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            errors["session"] = _("This session belongs to another event.")
        session = self.session if self.session_id else None
        if not errors and session and session.starts_at and session.ends_at and self.person_id:
            clash = (
                Participation.objects.filter(
                    person_id=self.person_id,
                    session__starts_at__lt=session.ends_at,
                    session__ends_at__gt=session.starts_at,
                )
                .exclude(session_id=session.pk)
                .select_related("session")
                .first()
            )
            if clash:
                errors["session"] = _("%(person)s is already in “%(other)s” at that time.") % {
                    "person": self.person,
                    "other": clash.session,
                }
        if errors:
            raise ValidationError(errors)
