from django.contrib import admin

from events.models import KitEdition, RenderedDocument
from events.permissions import PolicyAdminMixin


class EditionInline(PolicyAdminMixin, admin.TabularInline):
    model = KitEdition
    extra = 0
    can_delete = False
    fields = ["language", "number", "created_at", "withdrawn_at", "withdrawn_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """What the renderer made: read only."""

    list_display = ["event", "kind", "paper", "pages", "size", "sha256", "created_at"]
    list_select_related = ["event"]
    list_filter = ["kind", "paper"]
    readonly_fields = ["event", "kind", "paper", "content_hash", "sha256", "file", "size", "pages", "created_at"]
    inlines = [EditionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
