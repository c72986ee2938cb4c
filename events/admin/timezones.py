"""The admin in the event's own time zone: its date/time inputs are read and shown in the zone the event is held in.

Django's admin reads and shows datetimes in the current time zone (UTC here), so 18:30 typed for a New York event was
stored as 18:30 UTC. The views below activate the event's zone while the form is cleaned and rendered.
"""

import zoneinfo

from django import forms
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.models.event import known_timezones
from events.models.places import Venue


class TimeZoneInput(forms.TextInput):
    """A text input offering every IANA zone in a datalist: the browser filters the list as one types."""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-zones"
        field = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((zone,) for zone in sorted(known_timezones())))
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class TimeZoneField(forms.CharField):
    def __init__(self, **kwargs):
        attrs = {"size": 30, "autocomplete": "off", "placeholder": _("the venue's or conference's, else UTC")}
        kwargs.update(required=False, widget=TimeZoneInput(attrs=attrs))
        kwargs.setdefault(
            "help_text", _("Where the event is held, e.g. America/New_York. Empty: the held-during event's or venue's.")
        )
        super().__init__(**kwargs)


def zone_name(value: str | None) -> str | None:
    return value if value in known_timezones() else None


def default_zone(*, parent_id=None, venue_id=None) -> str:
    """The zone of the event held during (a side event is in its conference's city), else of the venue, else UTC."""
    if parent_id and str(parent_id).isdigit():
        zone = Event.objects.filter(pk=parent_id).values_list("timezone", flat=True).first()
        if zone_name(zone):
            return zone
    if venue_id and str(venue_id).isdigit():
        zone = Venue.objects.filter(pk=venue_id).values_list("timezone", flat=True).first()
        if zone_name(zone):
            return zone
    return "UTC"


def posted_event_zone(data) -> str:
    """The zone an event form's data means: the one chosen, or the default it will get."""
    return zone_name(data.get("timezone")) or default_zone(parent_id=data.get("parent"), venue_id=data.get("venue"))


def in_zone(zone: str, view, *args, **kwargs):
    """Run an admin view with `zone` active, and render its response inside it (TemplateResponses render late)."""
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        response = view(*args, **kwargs)
        if isinstance(response, TemplateResponse) and not response.is_rendered:
            response.render()
    return response


def event_zone(request: HttpRequest, event: Event | None) -> str:
    if request.method == "POST" and "timezone" in request.POST:
        return posted_event_zone(request.POST)
    if event is not None:
        return zone_name(event.timezone) or "UTC"
    return default_zone(parent_id=request.GET.get("parent"), venue_id=request.GET.get("venue"))


def event_zone_name(event: Event | None) -> str:
    return (zone_name(event.timezone) if event is not None else None) or "UTC"
