from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.models import Organisation, OrganisationAlias, SocialHandle
from events.permissions import PolicyAdminMixin
from events.visibility import count_through_visible_events
from eventsite.infra.names import NameSearchMixin
from eventsite.infra.translated_admin import TranslatedAdmin


class OrganisationAliasInline(PolicyAdminMixin, admin.TabularInline):
    model = OrganisationAlias
    extra = 0


class SocialHandleInline(PolicyAdminMixin, admin.TabularInline):
    model = SocialHandle
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdminMixin, NameSearchMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["name", "short_name", "website", "event_count"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline, SocialHandleInline]

    def get_queryset(self, request):
        # Counted over what the user may see: another organisation's drafts are nobody else's business.
        visible_events = count_through_visible_events(request.user, "event_roles__event")
        return super().get_queryset(request).annotate(event_count=visible_events)

    def get_exclude(self, request, obj=None):
        # Membership decides whose events a user edits: only superusers grant it.
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude if request.user.is_superuser else [*exclude, "members"]

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj: Organisation) -> int:
        return obj.event_count
