from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events.admin.mixins import RefreshDocumentsMixin
from events.models import KitSection, LegalText, Statistic, Tool
from events.permissions import PolicyAdminMixin
from eventsite.infra.translated_admin import TranslatedAdmin, TranslatedStackedInline, TranslatedTabularInline


class StatisticInline(PolicyAdminMixin, TranslatedTabularInline):
    model = Statistic
    fk_name = "section"
    extra = 0
    classes = ["fit"]
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


class ToolInline(PolicyAdminMixin, TranslatedStackedInline):
    model = Tool
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = [("order", "name", "slug"), ("provider", "url", "phone"), "logo", "description"]


class LegalTextInline(PolicyAdminMixin, TranslatedStackedInline):
    model = LegalText
    extra = 0
    fields = [("order", "jurisdiction", "year", "citation"), "title", "body"]


@admin.register(KitSection)
class KitSectionAdmin(PolicyAdminMixin, RefreshDocumentsMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "event", "order", "kind", "is_annex"]
    list_select_related = ["event"]
    list_filter = ["kind", "is_annex"]
    search_fields = ["title", "event__title", "body"]
    autocomplete_fields = ["event"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatisticInline, ToolInline, LegalTextInline]


@admin.register(Tool)
class ToolAdmin(PolicyAdminMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["name", "provider", "section"]
    list_select_related = ["section__event"]
    search_fields = ["name", "provider", "description"]


@admin.register(Statistic)
class StatisticAdmin(PolicyAdminMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["figure", "label", "source", "section"]
    list_select_related = ["section__event"]
    search_fields = ["figure", "label", "source"]
    list_filter = ["source"]


@admin.register(LegalText)
class LegalTextAdmin(PolicyAdminMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["title", "jurisdiction", "year", "section"]
    list_select_related = ["section__event"]
    search_fields = ["title", "citation", "body"]
    list_filter = ["jurisdiction"]
