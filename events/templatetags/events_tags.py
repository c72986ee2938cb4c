import html
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from events.models import Event
from events.programme import event_place, organisers, public_parent
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


# --- Head of every public page: canonical address, language alternates, sharing metadata -------------------------

DESCRIPTION_CHARS = 180  # search engines show about 155-160 characters; a little more is cut by them, not by us
SITE_IMAGE = ("img/eventsite-card.png", 1200, 630)  # shipped in static/, shared when a page has no image of its own
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}  # Open Graph wants language_TERRITORY


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str  # absolute, without query: for hreflang
    switch_url: str  # the same page with its query, in that language: the language switch's link
    current: bool


@dataclass(frozen=True)
class PageLinks:
    canonical: str
    alternates: list[Alternate]
    default: str  # x-default: the page in the site's default language
    personal: bool  # an address carrying someone's token (their registration): declared nowhere, not indexed


def _in_language(path: str, code: str) -> str | None:
    """`path` (with its query) in language `code`; None when it names no page (a 404 for an unknown address)."""
    try:
        resolve(unquote(urlsplit(path).path))
    except Resolver404:
        return None
    return translate_url(path, code)


def _canonical_query(request: HttpRequest) -> str:
    """Only the page number identifies a different page (speakers, results); filters and echoes do not."""
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isdigit() and int(page) > 1 else ""


@register.simple_tag(takes_context=True)
def page_links(context) -> PageLinks | None:
    """The page's address in each language: canonical, hreflang alternates and the language switch's links.

    Links, not a form: a crawler reaches the French pages, and a page carries no CSRF token (cacheable)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return None
    current = translation.get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        switch_url = _in_language(request.get_full_path(), code)
        if switch_url is None:
            with translation.override(code):
                switch_url = reverse("events:home")  # an unknown address: that language's home page
        url = request.build_absolute_uri(urlsplit(switch_url).path)
        alternates.append(Alternate(code, name, url, switch_url, code == current))
    by_code = {alt.code: alt for alt in alternates}
    here = by_code.get(current, alternates[0])
    match = request.resolver_match
    return PageLinks(
        canonical=here.url + _canonical_query(request),
        alternates=alternates,
        default=by_code.get(settings.LANGUAGE_CODE, here).url,
        personal=match is not None and "token" in match.kwargs,
    )


def plain_text(value: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Stored rich or plain text as one line of at most `limit` characters, cut between words."""
    text = " ".join(html.unescape(strip_tags(value or "")).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def _picture(image) -> tuple[str, str]:
    """(url, text alternative) of what a page shares: an organisation's logo, a person's photo or a file/URL."""
    for field, alt in (("logo", "logo_alt"), ("photo", "photo_alt")):
        picture = getattr(image, field, None)
        if picture is not None:
            return (picture.url if picture else "", getattr(image, alt, "") or str(image))
    return (getattr(image, "url", image) if image else "", "")


@register.simple_tag(takes_context=True)
def page_meta(context, *, title: str = "", description: str = "", image=None, kind: str = "website"):
    """Meta description and Open Graph tags: every page has a description and an image (ours when it has none).

    image: an Organisation (its logo), a Person (their photo), an image file or URL; None for the site's image."""
    request: HttpRequest | None = context.get("request")
    links: PageLinks | None = context.get("page_links")
    description = plain_text(description) or gettext(
        "Colloquia and side events on trafficking, exploitation and human rights: programmes, speakers, participant "
        "kits and proceedings."
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    url, image_alt = _picture(image)
    width = height = None
    if not url:
        url, width, height = static(SITE_IMAGE[0]), SITE_IMAGE[1], SITE_IMAGE[2]
        image_alt = "eventsite"
    if request is not None:
        url = request.build_absolute_uri(url)
    tags = [
        ("name", "description", description),
        ("property", "og:site_name", "eventsite"),
        ("property", "og:type", kind),
        ("property", "og:title", title or "eventsite"),
        ("property", "og:description", description),
        ("property", "og:locale", OG_LOCALES.get(language, translation.to_locale(language))),
        ("property", "og:image", url),
        ("property", "og:image:alt", image_alt or title or "eventsite"),
    ]
    if width:
        tags += [("property", "og:image:width", str(width)), ("property", "og:image:height", str(height))]
    if links is not None and not links.personal:
        tags.append(("property", "og:url", links.canonical))
    tags.append(("name", "twitter:card", "summary_large_image" if width else "summary"))
    return format_html_join("\n", '<meta {}="{}" content="{}">', tags)


@register.simple_tag
def event_summary(event: Event) -> str:
    """What an event is, in a sentence: its lede or subtitle, else its text, else when, where and by whom.

    Side events often have none of the first three: they still get a description of their own."""
    for text in (event.lede, event.subtitle, event.description):
        if plain_text(text):
            return plain_text(text)
    parts = [str(event.get_kind_display()).capitalize()]
    parent = public_parent(event)
    if parent is not None:
        parts = [gettext("%(kind)s during %(parent)s") % {"kind": parts[0], "parent": parent.title}]
    if event.starts_at:
        parts.append(event_time_range(event))
    elif event.start_date:
        parts.append(formats.date_format(event.start_date, "DATE_FORMAT"))
    place = event_place(event, within=parent)
    if place:
        parts.append(place.line)
    sentence = ", ".join(parts) + "."
    names = [eo.organisation.name for eo in organisers(event)]
    if names:
        sentence += " " + gettext("Organised by %(names)s.") % {"names": ", ".join(names)}
    return plain_text(sentence)  # the title is the page's title already


@register.filter
def event_image(event: Event):
    """Whose picture an event's page shares: its first organiser with a logo; None (the site's image) without one."""
    for eo in organisers(event):
        if eo.organisation.logo:
            return eo.organisation
    return None


@register.simple_tag
def person_summary(person) -> str:
    """A speaker's description: their biography, else who they are and where they spoke (appearances prefetched)."""
    if plain_text(person.bio):
        return plain_text(person.bio)
    appearances = getattr(person, "appearances", [])
    latest = next((p for p in appearances if p.position or p.organisation_id), None)
    parts = (person.name, latest and latest.position, latest and latest.organisation)
    who = ", ".join(str(part) for part in parts if part)
    events = list(dict.fromkeys(p.event.title for p in appearances))
    if not events:
        return plain_text(who)
    return plain_text(gettext("%(who)s. Spoke at: %(events)s.") % {"who": who, "events": "; ".join(events)})


@register.simple_tag
def organisation_summary(organisation) -> str:
    """An organisation's description: its tagline or text, else what its page lists."""
    for text in (organisation.tagline, organisation.description):
        if plain_text(text):
            return plain_text(text)
    return gettext("%(name)s: its events, sessions, publications and the people who spoke for it.") % {
        "name": organisation.name
    }
