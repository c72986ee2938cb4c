from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.admin.mixins import RefreshDocumentsMixin
from events.documents.content import DocumentKind
from events.documents.views import document_preview
from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    LiveStream,
    Remark,
    RenderFailure,
    Session,
)
from events.permissions import PUBLISH_PERMISSION, PolicyAdminMixin, can_edit_event, can_publish
from speakers.models import Participation


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


class EventOrganisationInline(PolicyAdminMixin, admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("organisers, partners and hosts")


class SessionInline(PolicyAdminMixin, admin.StackedInline):
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


class ParticipationInline(PolicyAdminMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person", "organisation", "session"]
    fields = ["person", "role", "session", "order", "position", "organisation", "name_as_printed"]
    verbose_name_plural = _("people taking part")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation", "session")


class KitSectionInline(PolicyAdminMixin, admin.TabularInline):
    model = KitSection
    extra = 0
    fields = ["order", "title", "kind", "is_annex", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    verbose_name_plural = _("participant kit sections (open one to edit its statistics, tools or legal texts)")


class ContactInline(PolicyAdminMixin, admin.TabularInline):
    model = Contact
    fk_name = "event"
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["document", "order", "person", "organisation", "position", "phone", "email"]


class RemarkInline(PolicyAdminMixin, admin.TabularInline):
    model = Remark
    extra = 0
    fields = ["order", "title", "speaker", "delivered_on"]
    autocomplete_fields = ["speaker"]
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


@admin.register(Event)
class EventAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "status", "parent", "session_count"]
    list_filter = [YearFilter, "kind", "status"]
    list_select_related = ["parent"]
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
        KitSectionInline,
        RemarkInline,
        ContactInline,
        LiveStreamInline,
        RenderFailureInline,
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

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_document)
        return [
            path("<path:object_id>/preview/<str:kind>/", preview, name="events_event_preview"),
            *super().get_urls(),
        ]

    def preview_document(self, request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
        """An editor's preview of a kit, proceedings or programme, drafts included: for those who may edit it."""
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_change_permission(request, event):
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
