import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import selectors, services
from events.admin.mixins import RefreshDocumentsMixin
from events.admin.timezones import TimeZoneField, default_zone, event_zone, in_zone, posted_event_zone
from events.documents.content import DocumentKind
from events.documents.views import document_preview
from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    LiveStream,
    Organisation,
    OrganisationRole,
    Remark,
    RenderFailure,
    Session,
)
from events.permissions import PUBLISH_PERMISSION, PolicyAdminMixin, can_edit_event, can_publish
from eventsite.infra.names import same_name_ids
from eventsite.infra.translated_admin import TranslatedAdmin, TranslatedStackedInline, TranslatedTabularInline
from speakers.models import Participation


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # The years of the events the list may show: another organisation's drafts give away no year.
        events = model_admin.get_queryset(request).filter(start_date__isnull=False)
        years = events.dates("start_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class NewRecordForm(forms.ModelForm):
    """A row whose person (or organisation) is chosen, or typed as a new one: no pop-up, the unsaved rows of the page
    stay as they are.

    A typed name matching one already recorded (accents, case and name variants aside) is refused with a link to
    that record: choosing it (and, for a person, entering their position at this event) is the way.
    """

    record_field: str
    new_field: str
    already_recorded: str

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.record_field].required = False
        self.created = None

    def clean(self):
        cleaned = super().clean()
        name = " ".join((cleaned.get(self.new_field) or "").split())
        if cleaned.get(self.record_field) or self.errors:
            return cleaned
        model = self._meta.model._meta.get_field(self.record_field).related_model
        if not name:
            raise ValidationError({self.record_field: _("Choose one in the list, or type a new name.")})
        existing = model.objects.filter(pk__in=same_name_ids(model, name)).order_by("pk").first()
        if existing is not None:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[existing.pk])
            link = format_html('<a href="{}" target="_blank">{}</a>', url, existing)
            raise ValidationError({self.new_field: format_html(str(self.already_recorded), link)})
        self.created = model(name=name, slug=_free_slug(model, name))
        return cleaned

    def save(self, commit=True):
        if self.created is not None and getattr(self.instance, f"{self.record_field}_id") is None:
            self.created.save()
            setattr(self.instance, self.record_field, self.created)
        return super().save(commit)


class ParticipationForm(NewRecordForm):
    record_field, new_field = "person", "new_person"
    already_recorded = _("{} is already recorded: choose them in “person” and enter their position here.")
    new_person = forms.CharField(
        label=_("or new person"), max_length=200, required=False, help_text=_("Full name, if not in the list.")
    )

    class Meta:
        model = Participation
        fields = ["person", "role", "session", "position", "organisation", "name_as_printed", "order"]
        help_texts = {"position": _("Held at this event; the person's other events keep theirs.")}


class EventOrganisationForm(NewRecordForm):
    record_field, new_field = "organisation", "new_organisation"
    already_recorded = _("{} is already recorded: choose it in “organisation”.")
    new_organisation = forms.CharField(
        label=_("or new organisation"), max_length=200, required=False, help_text=_("Its name, if not in the list.")
    )

    class Meta:
        model = EventOrganisation
        fields = ["organisation", "role", "order"]


def _free_slug(model, name: str) -> str:
    base = slugify(name)[:100] or model._meta.model_name
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class EventOrganisationInline(PolicyAdminMixin, admin.TabularInline):
    model = EventOrganisation
    form = EventOrganisationForm
    fields = ["organisation", "new_organisation", "role", "order"]
    extra = 0
    classes = ["fit"]
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("organisers, partners and hosts")


class SessionInline(PolicyAdminMixin, TranslatedStackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["room", "organisers"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        ("title", "slug", "kind", "order"),
        ("starts_at", "ends_at"),
        ("room", "language"),
        "description",
        "organisers",
    ]
    show_change_link = True


def _object_id(request: HttpRequest) -> str | None:
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class ParticipationInline(PolicyAdminMixin, TranslatedStackedInline):
    """Two lines a person (a table of eight columns overflowed a 1280 px window)."""

    model = Participation
    form = ParticipationForm
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = [("person", "new_person", "role", "session"), ("position", "organisation", "name_as_printed", "order")]
    verbose_name_plural = _("people taking part")
    classes = ["compact"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation", "session")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            # This event's own sessions only (a new event has none yet: save it with its sessions first).
            object_id = _object_id(request)
            kwargs["queryset"] = (
                Session.objects.filter(event_id=unquote(object_id)) if object_id else Session.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrderedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The chosen options in the order given (the printed order), not in the target's alphabetical one; options
    chosen later are added at the end, so the order posted is the order chosen."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        position = {str(item): index for index, item in enumerate(value)}
        options = groups[0][1]
        options.sort(key=lambda option: position.get(str(option["value"]), len(position)))
        for index, option in enumerate(options):
            option["index"] = str(index)
        return groups


class OrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A reorder is a change (Django compares the choices as sets): the row is saved with its new order."""

    def has_changed(self, initial, data) -> bool:
        initial_values = [str(value.pk if hasattr(value, "pk") else value) for value in initial or ()]
        return initial_values != [str(value) for value in data or ()]


class OrganisationRoleForm(forms.ModelForm):
    # Not the model's `organisations` (it goes through the ordered members): the service writes them in order.
    chosen_organisations = OrderedModelMultipleChoiceField(
        queryset=Organisation.objects.all(), label=_("organisations"), help_text=_("In the order printed.")
    )

    class Meta:
        model = OrganisationRole
        fields = ["role", "session", "name_as_printed", "position", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["chosen_organisations"]
        field.widget = OrderedAutocompleteSelectMultiple(OrganisationRole._meta.get_field("organisations"), admin.site)
        field.widget.choices = field.choices
        if self.instance.pk:
            self.initial["chosen_organisations"] = [m.organisation_id for m in self.instance.members.all()]

    def clean_chosen_organisations(self) -> list[Organisation]:
        chosen = {organisation.pk: organisation for organisation in self.cleaned_data["chosen_organisations"]}
        posted = self.data.getlist(self.add_prefix("chosen_organisations")) if self.data else []
        ordered = [chosen.pop(int(pk)) for pk in posted if pk.isdigit() and int(pk) in chosen]
        return ordered + list(chosen.values())

    def _save_m2m(self) -> None:
        super()._save_m2m()
        services.organisation_role_set_organisations(
            role=self.instance, organisations=self.cleaned_data["chosen_organisations"]
        )


class OrganisationRoleInline(PolicyAdminMixin, TranslatedTabularInline):
    """Organisations holding a role together ("Moderator: OSCE and UN Women, 2019 ICAT Co-Chairs"), printed with
    the people of that role."""

    model = OrganisationRole
    form = OrganisationRoleForm
    extra = 0
    classes = ["fit"]
    fields = ["role", "chosen_organisations", "name_as_printed", "position", "session", "order"]
    verbose_name_plural = _("organisations taking part in a role")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session").prefetch_related("members")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            object_id = _object_id(request)
            kwargs["queryset"] = (
                Session.objects.filter(event_id=unquote(object_id)) if object_id else Session.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KitSectionInline(PolicyAdminMixin, TranslatedTabularInline):
    model = KitSection
    extra = 0
    fields = ["order", "title", "kind", "is_annex", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    classes = ["fit"]
    verbose_name_plural = _("participant kit sections (open one to edit its statistics, tools or legal texts)")


class ContactInline(PolicyAdminMixin, TranslatedTabularInline):
    model = Contact
    fk_name = "event"
    extra = 0
    classes = ["fit"]
    autocomplete_fields = ["person", "organisation"]
    fields = ["document", "order", "person", "organisation", "position", "phone", "email"]


class RemarkInline(PolicyAdminMixin, TranslatedStackedInline):
    """The speech's text is entered here, where the remark is added."""

    model = Remark
    extra = 0
    fields = [("title", "slug"), ("speaker", "delivered_on", "order"), "body"]
    autocomplete_fields = ["speaker"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


class LiveStreamInline(PolicyAdminMixin, admin.StackedInline):
    model = LiveStream
    extra = 0


class RenderFailureInline(PolicyAdminMixin, admin.TabularInline):
    """Why a document could not be rendered (too large, too slow): the last good PDF is still served meanwhile."""

    model = RenderFailure
    extra = 0
    can_delete = False
    fields = ["kind", "paper", "audience", "message", "failed_at"]
    readonly_fields = fields
    verbose_name_plural = _("documents that could not be rendered")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def untranslated_by_language(event: Event) -> dict[str, list[selectors.Untranslated]]:
    """What is entered in one language and not in another, by the name of the language it is missing in."""
    names = dict(settings.LANGUAGES)
    grouped: dict[str, list[selectors.Untranslated]] = {}
    for item in selectors.event_untranslated(event=event):
        grouped.setdefault(names.get(item.language, item.language), []).append(item)
    return grouped


def untranslated_lines(event: Event) -> list[str]:
    return [
        _("Not yet in %(language)s (the other language is shown instead): %(what)s.")
        % {
            "language": language,
            "what": ", ".join(f"{item.model}: {item.field} ({item.count})" for item in items),
        }
        for language, items in untranslated_by_language(event).items()
    ]


class EventAdminForm(forms.ModelForm):
    timezone = TimeZoneField(label=capfirst(_("time zone")))

    class Meta:
        model = Event
        fields = ["timezone"]  # the admin's fieldsets give the rest

    def clean_timezone(self) -> str:
        # Left empty: the held-during event's zone, else the venue's (the zone the view cleaned the times in).
        return self.cleaned_data.get("timezone") or posted_event_zone(self.data)

    def clean(self):
        cleaned = super().clean()
        # Dates entered once: times given, the dates are the days they fall on in the event's zone.
        zone = cleaned.get("timezone")
        if zone:
            for moment, day in (("starts_at", "start_date"), ("ends_at", "end_date")):
                if cleaned.get(moment) and not cleaned.get(day):
                    cleaned[day] = timezone.localtime(cleaned[moment], zoneinfo.ZoneInfo(zone)).date()
        return cleaned


@admin.register(Event)
class EventAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "kind", "start_date", "status", "parent", "session_count"]
    list_filter = [YearFilter, "kind", "status"]
    list_select_related = ["parent"]
    form = EventAdminForm
    search_fields = ["title", "subtitle", "slug", "lede"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "venue", "room"]
    # Status changes only through the publish services (the actions below).
    readonly_fields = ["status", "published_at"]
    date_hierarchy = "start_date"
    actions = ["publish", "unpublish"]
    save_on_top = True
    inlines = [
        EventOrganisationInline,
        SessionInline,
        ParticipationInline,
        OrganisationRoleInline,
        KitSectionInline,
        RemarkInline,
        ContactInline,
        LiveStreamInline,
        RenderFailureInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", ("slug", "kind"), ("parent", "order"), ("status", "published_at")]}),
        (
            _("When and where"),
            {
                "fields": [
                    "timezone",
                    ("starts_at", "ends_at"),
                    ("start_date", "end_date"),
                    ("venue", "room"),
                    "language",
                ],
                "description": _(
                    "Times are in the event's time zone. Dates left empty are taken from the times; sessions must "
                    "fall within them."
                ),
            },
        ),
        (_("Presentation"), {"fields": ["lede", "description", "organisers_note", "website"]}),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_open", "capacity"),
                    "double_opt_in",
                    ("registration_notify", "notify_email"),
                    "retention_days",
                ]
            },
        ),
        (
            _("Summary: who, what, where, when, why"),
            {
                "fields": ["summary_who", "summary_what", "summary_where", "summary_when", "summary_why"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions", distinct=True))

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def save_model(self, request, obj: Event, form, change: bool) -> None:
        # The form never carries the status, but a history revert restores a past one: the stored status is kept
        # and a different one goes through the publish services, for a Publisher only.
        wanted = obj.status
        stored = Event.objects.filter(pk=obj.pk).values("status", "published_at").first() if change else None
        obj.status, obj.published_at = (
            (stored["status"], stored["published_at"]) if stored else (Event.Status.DRAFT, None)
        )
        status_change = wanted != obj.status
        if status_change and not can_publish(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        if status_change:
            service = services.event_unpublish if obj.is_published else services.event_publish
            self._run(request, Event.objects.filter(pk=obj.pk), service, _("%(count)d event(s) changed status."))
            obj.refresh_from_db(fields=["status", "published_at"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        # An editor's new event is organised by their organisation, or they could not see it again.
        if not can_edit_event(request.user, event):
            organisation = request.user.organisations.order_by("name").first()
            if organisation is not None:
                EventOrganisation.objects.get_or_create(
                    event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER
                )

    def document_events(self, obj: Event) -> list[str]:
        # A side event is printed in its conference's programme too.
        return [obj.slug, *([obj.parent.slug] if obj.parent_id else [])]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form's times are read and shown in the event's zone (the one posted, for a save).
        event = Event.objects.filter(pk=unquote(object_id)).first() if object_id and object_id.isdigit() else None
        return in_zone(event_zone(request, event), super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        event = Event.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
        return in_zone(
            event_zone(request, event), super().history_form_view, request, object_id, version_id, extra_context
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # Empty unless the link names a conference or venue: saved empty, the zone comes from those chosen.
        zone = default_zone(parent_id=request.GET.get("parent"), venue_id=request.GET.get("venue"))
        if zone != "UTC":
            initial.setdefault("timezone", zone)
        return initial

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_document)
        publish = self.admin_site.admin_view(self.publish_view)
        return [
            path("<path:object_id>/preview/<str:kind>/", preview, name="events_event_preview"),
            path("<path:object_id>/publish/", publish, name="events_event_publish"),
            *super().get_urls(),
        ]

    def preview_document(self, request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
        """An editor's preview of a kit, proceedings or programme, drafts included: for those who may edit it."""
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_change_permission(request, event):
            raise Http404("No such event")
        return document_preview(request, event=event, kind=kind)

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Publishing from the event's own page: the checklist, the kit's preview, then publish (a Publisher only);
        and the editions of record, each of which can be withdrawn with a reason."""
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_change_permission(request, event):
            raise Http404("No such event")
        may_publish = can_publish(request.user, event)
        if request.method == "POST":
            if not may_publish:
                raise PermissionDenied
            action = request.POST.get("action")
            try:
                if action == "publish":
                    services.event_publish(event=event)
                    self.message_user(request, _("Published. The kit's edition of record is being made."))
                elif action == "unpublish":
                    services.event_unpublish(event=event)
                    self.message_user(request, _("Back to draft: the event is no longer public."))
                elif action == "withdraw":
                    edition = event.kit_editions.filter(pk=request.POST.get("edition")).first()
                    if edition is None:
                        raise Http404("No such edition")
                    services.kit_edition_withdraw(edition=edition, reason=request.POST.get("reason", ""))
                    self.message_user(request, _("Edition %(number)d withdrawn.") % {"number": edition.number})
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        with timezone.override(event.tz):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": event,
                "title": _("Publish “%(event)s”") % {"event": event},
                # Missing translations are said, never blocking: the other language is shown meanwhile.
                "checks": [
                    *services.event_publication_checklist(event=event),
                    *(services.Check(line) for line in untranslated_lines(event)),
                ],
                "may_publish": may_publish,
                "editions": event.kit_editions.select_related("document").order_by("language", "-number"),
            }
            response = TemplateResponse(request, "admin/events/event/publish.html", context)
            return response.render()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "document_kinds": DocumentKind.choices,
            "kit_sections": KitSection.objects.filter(event_id=unquote(object_id)).order_by("order", "pk"),
        }
        event = self.get_object(request, unquote(object_id))
        if event is not None and request.method == "GET":
            extra_context["untranslated"] = untranslated_by_language(event)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj: Event) -> int:
        return obj.session_count

    def _run(self, request: HttpRequest, queryset: QuerySet[Event], service, done: str) -> None:
        count = 0
        for event in queryset:
            if not can_publish(request.user, event):
                raise PermissionDenied
            try:
                service(event=event)
                count += 1
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish selected events"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._run(request, queryset, services.event_publish, _("%(count)d event(s) published."))

    @admin.action(description=_("Unpublish selected events (back to draft)"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._run(request, queryset, services.event_unpublish, _("%(count)d event(s) back to draft."))
