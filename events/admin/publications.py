from django.contrib import admin

from events.models import Contact, Footnote, Publication, PublicationSection, Source
from events.permissions import PolicyAdminMixin
from eventsite.infra.translated_admin import TranslatedAdmin, TranslatedStackedInline, TranslatedTabularInline


class PublicationSectionInline(PolicyAdminMixin, TranslatedStackedInline):
    model = PublicationSection
    extra = 0
    fields = [("order", "level", "heading"), "body"]


class FootnoteInline(PolicyAdminMixin, TranslatedTabularInline):
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


class SourceInline(PolicyAdminMixin, admin.TabularInline):
    model = Source
    extra = 0
    autocomplete_fields = ["event"]


class PublicationContactInline(PolicyAdminMixin, TranslatedTabularInline):
    model = Contact
    fk_name = "publication"
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["order", "person", "organisation", "position", "phone", "email"]


@admin.register(Publication)
class PublicationAdmin(PolicyAdminMixin, admin.ModelAdmin):
    class Media:  # its inlines' languages in tabs
        js = TranslatedAdmin.Media.js
        css = TranslatedAdmin.Media.css

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
