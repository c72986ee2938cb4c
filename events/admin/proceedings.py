from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events.admin.mixins import RefreshDocumentsMixin
from events.models import Proceedings, ProceedingsSection, Quote, Takeaway
from events.permissions import PolicyAdminMixin
from eventsite.infra.translated_admin import TranslatedAdmin, TranslatedStackedInline, TranslatedTabularInline


class ProceedingsSectionInline(PolicyAdminMixin, TranslatedStackedInline):
    model = ProceedingsSection
    extra = 0
    fields = [("order", "heading", "subheading"), "body"]


class TakeawayInline(PolicyAdminMixin, TranslatedStackedInline):
    model = Takeaway
    extra = 0
    fields = [("number", "title"), "body"]


class QuoteInline(PolicyAdminMixin, TranslatedTabularInline):
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
class ProceedingsAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "event", "kind", "published_on"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [ProceedingsSectionInline, TakeawayInline, QuoteInline]
