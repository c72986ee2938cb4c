from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.admin.mixins import RefreshDocumentsMixin
from events.admin.timezones import event_zone_name, in_zone
from events.models import Contact, Event, LiveStream, LiveStreamLink, Remark, Session
from events.permissions import PolicyAdminMixin
from eventsite.infra.translated_admin import TranslatedAdmin


@admin.register(Session)
class SessionAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "event", "local_start", "room", "language"]
    list_select_related = ["event", "room"]
    list_filter = ["kind", "event__status"]
    search_fields = ["title", "event__title", "description"]
    autocomplete_fields = ["event", "room", "organisers"]
    prepopulated_fields = {"slug": ["title"]}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Times in the session's event's zone: the event posted, else the session's.
        event_id = request.POST.get("event") if request.method == "POST" else None
        if not event_id and object_id and object_id.isdigit():
            event_id = Session.objects.filter(pk=object_id).values_list("event_id", flat=True).first()
        event = Event.objects.filter(pk=event_id).first() if event_id and str(event_id).isdigit() else None
        return in_zone(event_zone_name(event), super().changeform_view, request, object_id, form_url, extra_context)

    @admin.display(description=_("starts at"), ordering="starts_at")
    def local_start(self, obj: Session) -> str:
        return date_format(obj.event.local(obj.starts_at), "DATETIME_FORMAT") if obj.starts_at else "—"

    def save_model(self, request, obj, form, change):
        self.check_can_save(request, obj)
        obj._history_user = request.user
        services.session_save(session=obj)


@admin.register(Remark)
class RemarkAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "speaker", "event", "delivered_on"]
    list_select_related = ["speaker", "event"]
    search_fields = ["title", "body", "speaker__name"]
    autocomplete_fields = ["event", "speaker"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Contact)
class ContactAdmin(PolicyAdminMixin, TranslatedAdmin):
    list_display = ["person", "position", "organisation", "document", "event", "publication"]
    list_select_related = ["person", "organisation", "event", "publication"]
    list_filter = ["document"]
    search_fields = ["person__name", "organisation__name", "email"]
    autocomplete_fields = ["person", "organisation", "event", "publication"]


class LiveStreamLinkInline(PolicyAdminMixin, admin.TabularInline):
    model = LiveStreamLink
    extra = 0


@admin.register(LiveStream)
class LiveStreamAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "url", "access_code"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    inlines = [LiveStreamLinkInline]
