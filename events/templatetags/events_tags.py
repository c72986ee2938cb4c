import json
from datetime import datetime

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.models import Event
from eventsite.infra import richtext

register = template.Library()


@register.filter
def rich(value: str) -> SafeString:
    """Stored rich text, sanitised again on output."""
    return richtext.render(value or "")


def _local(event: Event, value: datetime) -> datetime:
    return event.local(value)


@register.simple_tag
def local_time(event: Event, value: datetime | None, fmt: str = "TIME_FORMAT") -> str:
    """A time shown in the event's own time zone, whatever the server's."""
    if value is None:
        return ""
    return formats.date_format(_local(event, value), fmt)


@register.simple_tag
def time_range(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> str:
    if starts_at is None:
        return ""
    start = formats.time_format(_local(event, starts_at), "TIME_FORMAT")
    if ends_at is None:
        return start
    return f"{start} – {formats.time_format(_local(event, ends_at), 'TIME_FORMAT')}"


@register.simple_tag
def event_time_range(event: Event) -> str:
    if event.starts_at is None:
        return ""
    day = formats.date_format(_local(event, event.starts_at), "DATE_FORMAT")
    return f"{day}, {time_range(event, event.starts_at, event.ends_at)}"


@register.filter
def figures_of(tool, section) -> list:
    """The tool's statistics printed as figures in this section (prefetched, so no query)."""
    return [s for s in tool.statistics.all() if s.is_figure and s.section_id == section.pk]


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data: dict) -> SafeString:
    """schema.org data in a script element; <, > and & are escaped so stored text cannot close the element."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
