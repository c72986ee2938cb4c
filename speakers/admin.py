from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.admin import OwnEventsMixin, RefreshDocumentsMixin
from speakers.models import Participation, Person, PersonAlias


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class AppearanceInline(admin.TabularInline):
    """Every appearance of the person, with the position held at that time."""

    model = Participation
    extra = 0
    fields = ["event", "session", "role", "position", "organisation", "name_as_printed"]
    autocomplete_fields = ["event", "session", "organisation"]
    verbose_name_plural = _("appearances")
    ordering = ["-event__start_date", "event__title", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "session", "organisation")


@admin.register(Person)
class PersonAdmin(RefreshDocumentsMixin, SimpleHistoryAdmin):
    list_display = ["name", "honorific", "appearance_count"]
    search_fields = ["name", "sort_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline, AppearanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("participations", distinct=True))

    def document_events(self, obj: Person) -> list[str]:
        return list(obj.participations.values_list("event__slug", flat=True).distinct())

    @admin.display(description=_("appearances"), ordering="appearance_count")
    def appearance_count(self, obj: Person) -> int:
        return obj.appearance_count


@admin.register(Participation)
class ParticipationAdmin(OwnEventsMixin, SimpleHistoryAdmin):
    list_display = ["person", "role", "event", "session", "position", "organisation"]
    list_select_related = ["person", "event", "session", "organisation"]
    list_filter = ["role", "event__status"]
    search_fields = ["person__name", "position", "event__title", "organisation__name"]
    autocomplete_fields = ["person", "event", "session", "organisation"]
