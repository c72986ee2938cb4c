from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.admin.mixins import RefreshDocumentsMixin
from events.models import Contact, LiveStream, LiveStreamLink, Remark, Session
from events.permissions import PolicyAdminMixin


@admin.register(Session)
class SessionAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "starts_at", "room", "language"]
    list_select_related = ["event", "room"]
    list_filter = ["kind", "event__status"]
    search_fields = ["title", "event__title", "description"]
    autocomplete_fields = ["event", "room", "organisers"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        self.check_can_save(request, obj)
        obj._history_user = request.user
        services.session_save(session=obj)


@admin.register(Remark)
class RemarkAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["title", "speaker", "event", "delivered_on"]
    list_select_related = ["speaker", "event"]
    search_fields = ["title", "body", "speaker__name"]
    autocomplete_fields = ["event", "speaker"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Contact)
class ContactAdmin(PolicyAdminMixin, admin.ModelAdmin):
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
