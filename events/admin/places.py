from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.admin.timezones import TimeZoneField, zone_name
from events.models import Room, Venue
from events.permissions import PolicyAdminMixin


class VenueForm(forms.ModelForm):
    timezone = TimeZoneField(
        label=capfirst(_("time zone")), help_text=_("New events held here get it, e.g. Europe/Vienna.")
    )

    class Meta:
        model = Venue
        fields = ["timezone"]  # the admin gives the rest

    def clean_timezone(self) -> str:
        value = self.cleaned_data.get("timezone") or ""
        if value and not zone_name(value):
            raise ValidationError(
                _("“%(value)s” is not a known time zone (e.g. Europe/Paris)."), params={"value": value}
            )
        return value


class RoomInline(PolicyAdminMixin, admin.TabularInline):
    model = Room
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(PolicyAdminMixin, admin.ModelAdmin):
    form = VenueForm
    fields = ["name", "slug", "address", "city", "country", "timezone", "host"]
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
