from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.models import Organisation, OrganisationAlias, SocialHandle
from events.permissions import PolicyAdminMixin


class OrganisationAliasInline(PolicyAdminMixin, admin.TabularInline):
    model = OrganisationAlias
    extra = 0


class SocialHandleInline(PolicyAdminMixin, admin.TabularInline):
    model = SocialHandle
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "website", "event_count"]
    search_fields = ["name", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline, SocialHandleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("event_roles__event", distinct=True))

    def get_exclude(self, request, obj=None):
        # Membership decides whose events a user edits: only superusers grant it.
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude if request.user.is_superuser else [*exclude, "members"]

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj: Organisation) -> int:
        return obj.event_count
