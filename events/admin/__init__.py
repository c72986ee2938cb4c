import csv

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.documents.content import DocumentKind
from events.documents.tasks import documents_refresh
from events.documents.views import document_preview
from events.models import (
    Contact,
    Event,
    EventOrganisation,
    Footnote,
    KitEdition,
    KitSection,
    LegalText,
    LiveStream,
    LiveStreamLink,
    Organisation,
    OrganisationAlias,
    Proceedings,
    ProceedingsSection,
    Publication,
    PublicationSection,
    Quote,
    Registration,
    Remark,
    RenderedDocument,
    Room,
    Session,
    SocialHandle,
    Source,
    Statistic,
    Takeaway,
    Tool,
    Venue,
)
from events.permissions import can_edit_event, editable_events
from speakers.models import Participation


class OwnEventsMixin:
    """Editors see and change only what belongs to the events their organisation organises."""

    event_path = "event"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.event_path}__in": editable_events(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Event and db_field.name != "parent" and not request.user.is_superuser:
            kwargs["queryset"] = editable_events(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RefreshDocumentsMixin:
    """After a change is saved, queue the renders of the documents it appears in."""

    def document_events(self, obj) -> list[str]:
        return [obj.event.slug]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        documents_refresh(event_slugs=self.document_events(form.instance))


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Event.objects.filter(start_date__isnull=False).dates("start_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0


class SocialHandleInline(admin.TabularInline):
    model = SocialHandle
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "website", "event_count"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline, SocialHandleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("event_roles__event", distinct=True))

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj: Organisation) -> int:
        return obj.event_count


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "host"]
    list_select_related = ["host"]
    search_fields = ["name", "city", "address"]
    autocomplete_fields = ["host"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "floor", "venue"]
    list_select_related = ["venue"]
    search_fields = ["name", "venue__name"]
    prepopulated_fields = {"slug": ["name"]}


class EventOrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("organisers, partners and hosts")


class SessionInline(admin.StackedInline):
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


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person", "organisation", "session"]
    fields = ["person", "role", "session", "order", "position", "organisation", "name_as_printed"]
    verbose_name_plural = _("people taking part")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation", "session")


class KitSectionInline(admin.TabularInline):
    model = KitSection
    extra = 0
    fields = ["order", "title", "kind", "is_annex", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    verbose_name_plural = _("participant kit sections (open one to edit its statistics, tools or legal texts)")


class ContactInline(admin.TabularInline):
    model = Contact
    fk_name = "event"
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["document", "order", "person", "organisation", "position", "phone", "email"]


class RemarkInline(admin.TabularInline):
    model = Remark
    extra = 0
    fields = ["order", "title", "speaker", "delivered_on"]
    autocomplete_fields = ["speaker"]
    show_change_link = True


class LiveStreamInline(admin.StackedInline):
    model = LiveStream
    extra = 0


@admin.register(Event)
class EventAdmin(OwnEventsMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "status", "parent", "session_count"]
    list_filter = [YearFilter, "kind", "status"]
    list_select_related = ["parent"]
    search_fields = ["title", "subtitle", "slug", "lede"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "venue", "room"]
    readonly_fields = ["status", "published_at"]
    date_hierarchy = "start_date"
    actions = ["publish", "unpublish"]
    save_on_top = True
    inlines = [
        EventOrganisationInline,
        SessionInline,
        ParticipationInline,
        KitSectionInline,
        RemarkInline,
        ContactInline,
        LiveStreamInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "kind", "parent", "order", ("status", "published_at")]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    ("starts_at", "ends_at"),
                    "timezone",
                    ("venue", "room"),
                    "language",
                ]
            },
        ),
        (_("Presentation"), {"fields": ["lede", "description", "organisers_note", "website"]}),
        (
            _("Summary: who, what, where, when, why"),
            {
                "fields": ["summary_who", "summary_what", "summary_where", "summary_when", "summary_why"],
                "classes": ["collapse"],
            },
        ),
    ]

    event_path = "pk"

    def get_queryset(self, request):
        if request.user.is_superuser or request.GET.get("field_name") == "parent":
            # Any conference may host a side event, whoever organises it.
            queryset = super(OwnEventsMixin, self).get_queryset(request)
        else:
            queryset = super().get_queryset(request)
        return queryset.annotate(session_count=Count("sessions", distinct=True))

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.publish_event")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        # An editor's new event is organised by their organisation, or they could not see it again.
        if not request.user.is_superuser and not can_edit_event(request.user, event):
            organisation = request.user.organisations.order_by("name").first()
            if organisation is not None:
                EventOrganisation.objects.get_or_create(
                    event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER
                )

    def document_events(self, obj: Event) -> list[str]:
        # A side event is printed in its conference's programme too.
        return [obj.slug, *([obj.parent.slug] if obj.parent_id else [])]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_document)
        return [
            path("<path:object_id>/preview/<str:kind>/", preview, name="events_event_preview"),
            *super().get_urls(),
        ]

    def preview_document(self, request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
        """Staff preview of a kit, proceedings or programme, drafts included."""
        event = self.get_object(request, object_id)
        if event is None or not self.has_view_permission(request, event):
            raise Http404("No such event")
        return document_preview(request, event=event, kind=kind)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "document_kinds": DocumentKind.choices}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj: Event) -> int:
        return obj.session_count

    def _run(self, request: HttpRequest, queryset: QuerySet[Event], service, done: str) -> None:
        count = 0
        for event in queryset:
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


@admin.register(Session)
class SessionAdmin(OwnEventsMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "starts_at", "room", "language"]
    list_select_related = ["event", "room"]
    list_filter = ["kind", "event__status"]
    search_fields = ["title", "event__title", "description"]
    autocomplete_fields = ["event", "room", "organisers"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        services.session_save(session=obj)


class StatisticInline(admin.TabularInline):
    model = Statistic
    fk_name = "section"
    extra = 0
    fields = ["order", "heading", "figure", "label", "source", "note", "tool"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tool")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "tool":
            section_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                Tool.objects.filter(section__event__kit_sections=section_id) if section_id else Tool.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ToolInline(admin.StackedInline):
    model = Tool
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = [("order", "name", "slug"), ("provider", "url", "phone"), "description"]


class LegalTextInline(admin.StackedInline):
    model = LegalText
    extra = 0
    fields = [("order", "jurisdiction", "year", "citation"), "title", "body"]


@admin.register(KitSection)
class KitSectionAdmin(OwnEventsMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "order", "kind", "is_annex"]
    list_select_related = ["event"]
    list_filter = ["kind", "is_annex"]
    search_fields = ["title", "event__title", "body"]
    autocomplete_fields = ["event"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatisticInline, ToolInline, LegalTextInline]


@admin.register(Tool)
class ToolAdmin(OwnEventsMixin, SimpleHistoryAdmin):
    event_path = "section__event"
    list_display = ["name", "provider", "section"]
    list_select_related = ["section__event"]
    search_fields = ["name", "provider", "description"]


@admin.register(Statistic)
class StatisticAdmin(OwnEventsMixin, SimpleHistoryAdmin):
    event_path = "section__event"
    list_display = ["figure", "label", "source", "section"]
    list_select_related = ["section__event"]
    search_fields = ["figure", "label", "source"]
    list_filter = ["source"]


@admin.register(LegalText)
class LegalTextAdmin(OwnEventsMixin, SimpleHistoryAdmin):
    event_path = "section__event"
    list_display = ["title", "jurisdiction", "year", "section"]
    list_select_related = ["section__event"]
    search_fields = ["title", "citation", "body"]
    list_filter = ["jurisdiction"]


@admin.register(Remark)
class RemarkAdmin(OwnEventsMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "speaker", "event", "delivered_on"]
    list_select_related = ["speaker", "event"]
    search_fields = ["title", "body", "speaker__name"]
    autocomplete_fields = ["event", "speaker"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Contact)
class ContactAdmin(OwnEventsMixin, admin.ModelAdmin):
    list_display = ["person", "position", "organisation", "document", "event", "publication"]
    list_select_related = ["person", "organisation", "event", "publication"]
    list_filter = ["document"]
    search_fields = ["person__name", "organisation__name", "email"]
    autocomplete_fields = ["person", "organisation", "event", "publication"]


class LiveStreamLinkInline(admin.TabularInline):
    model = LiveStreamLink
    extra = 0


@admin.register(LiveStream)
class LiveStreamAdmin(OwnEventsMixin, admin.ModelAdmin):
    list_display = ["event", "url", "access_code"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    inlines = [LiveStreamLinkInline]


class ProceedingsSectionInline(admin.StackedInline):
    model = ProceedingsSection
    extra = 0
    fields = [("order", "heading", "subheading"), "body"]


class TakeawayInline(admin.StackedInline):
    model = Takeaway
    extra = 0
    fields = [("number", "title"), "body"]


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["order", "speaker", "text", "section", "takeaway"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "section", "takeaway")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        object_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "section":
            kwargs["queryset"] = (
                ProceedingsSection.objects.filter(proceedings=object_id)
                if object_id
                else ProceedingsSection.objects.none()
            )
        if db_field.name == "takeaway":
            kwargs["queryset"] = (
                Takeaway.objects.filter(proceedings=object_id) if object_id else Takeaway.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Proceedings)
class ProceedingsAdmin(OwnEventsMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "kind", "published_on"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [ProceedingsSectionInline, TakeawayInline, QuoteInline]


class PublicationSectionInline(admin.StackedInline):
    model = PublicationSection
    extra = 0
    fields = [("order", "level", "heading"), "body"]


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                PublicationSection.objects.filter(publication=object_id)
                if object_id
                else PublicationSection.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    autocomplete_fields = ["event"]


class PublicationContactInline(admin.TabularInline):
    model = Contact
    fk_name = "publication"
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["order", "person", "organisation", "position", "phone", "email"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "container_title", "year", "status", "publisher"]
    list_select_related = ["publisher"]
    list_filter = ["status", "year"]
    search_fields = ["title", "container_title", "editors"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "cited_events"]
    inlines = [PublicationSectionInline, FootnoteInline, SourceInline, PublicationContactInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Contact:
            for contact_form in formset.forms:
                contact_form.instance.document = Contact.Document.PUBLICATION
        super().save_formset(request, form, formset, change)


admin.site.site_header = _("eventsite administration")
admin.site.site_title = _("eventsite")
admin.site.index_title = _("Events, people and publications")


@admin.register(Registration)
class RegistrationAdmin(OwnEventsMixin, admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "created_at"]
    list_select_related = ["event"]
    list_filter = ["event"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["created_at"]
    actions = ["export_csv"]

    @admin.action(description=_("Export selected registrations as CSV"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Registration]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        writer = csv.writer(response)
        writer.writerow(["event", "name", "email", "organisation", "consent", "registered at"])
        for registration in queryset.select_related("event").order_by("event__title", "created_at"):
            writer.writerow(
                [_csv_safe(value) for value in (
                    registration.event.title, registration.name, registration.email, registration.organisation,
                    "yes" if registration.consent else "no", registration.created_at.isoformat(),
                )]
            )  # fmt: skip
        return response


def _csv_safe(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class EditionInline(admin.TabularInline):
    model = KitEdition
    extra = 0
    can_delete = False
    fields = ["number", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(OwnEventsMixin, admin.ModelAdmin):
    list_display = ["event", "kind", "paper", "pages", "size", "sha256", "created_at"]
    list_select_related = ["event"]
    list_filter = ["kind", "paper"]
    readonly_fields = ["event", "kind", "paper", "content_hash", "sha256", "file", "size", "pages", "created_at"]
    inlines = [EditionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
