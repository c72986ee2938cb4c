from django.contrib import admin

from events.models import Room, Venue
from events.permissions import PolicyAdminMixin


class RoomInline(PolicyAdminMixin, admin.TabularInline):
    model = Room
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "city", "country", "host"]
    list_select_related = ["host"]
    search_fields = ["name", "city", "address"]
    autocomplete_fields = ["host"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "floor", "venue"]
    list_select_related = ["venue"]
    search_fields = ["name", "venue__name"]
    prepopulated_fields = {"slug": ["name"]}
