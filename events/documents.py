"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import font_source_sans_pro
import font_source_serif_pro
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventOrganisation, KitSection
from events.selectors import proceedings_get
from speakers.models import Participation

logger = logging.getLogger(__name__)

# Resources are addressed under this origin; the fetcher maps it onto files and never touches the network.
BASE_URL = "https://eventsite.invalid/"
FONT_DIRS = {
    "sans": Path(font_source_sans_pro.__file__).parent / "files",
    "serif": Path(font_source_serif_pro.__file__).parent / "files",
}
# Bump when templates or CSS change in a way the content hash cannot see (it hashes the HTML, not the CSS file).
RENDERER_VERSION = "1"


class DocumentKind(models.TextChoices):
    KIT = "kit", _("participant kit")
    PROCEEDINGS = "proceedings", _("proceedings")
    PROGRAMME = "programme", _("programme")


class Paper(models.TextChoices):
    A4 = "a4", "A4"
    LETTER = "letter", _("US Letter")


class RefusedResource(ValueError):
    """A resource outside our static files, media files and data: URLs."""


def _inside(root: Path, relative: str) -> Path:
    relative = unquote(relative)
    if "\x00" in relative or PurePosixPath(relative).is_absolute():
        raise RefusedResource(relative)
    candidate = (root / relative).resolve()
    root = root.resolve()
    if candidate != root and root not in candidate.parents:
        raise RefusedResource(f"path escapes {root}: {relative}")
    if not candidate.is_file():
        raise RefusedResource(f"no such file: {relative}")
    return candidate


def resolve_resource(url: str) -> Path:
    """Map an internal URL onto a file of ours, or refuse it."""
    if not url.startswith(BASE_URL):
        raise RefusedResource(f"not one of our files: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or (parts.fragment and not parts.path):
        raise RefusedResource(url)
    path = parts.path
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        if ".." in PurePosixPath(unquote(relative)).parts:
            raise RefusedResource(f"path traversal: {relative}")
        found = finders.find(unquote(relative))
        if not found:
            raise RefusedResource(f"no such static file: {relative}")
        return Path(found)
    if path.startswith(media_prefix):
        return _inside(Path(settings.MEDIA_ROOT), path.removeprefix(media_prefix))
    if path.startswith("/pdf-fonts/"):
        family, _sep, name = path.removeprefix("/pdf-fonts/").partition("/")
        if family not in FONT_DIRS:
            raise RefusedResource(url)
        return _inside(FONT_DIRS[family], name)
    raise RefusedResource(f"not one of our files: {url[:200]}")


def make_url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesFetcher(URLFetcher):
        """Serves our static files, media files, bundled fonts and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = resolve_resource(url)
            except RefusedResource:
                logger.warning("PDF renderer refused a resource: %s", url[:200])
                raise
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": _mime(path)})

    return OwnFilesFetcher()


def _mime(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# --- What each document prints -------------------------------------------------------------------------------


@dataclass
class Part:
    """One titled part of a document, in print order (a kit section or a derived one)."""

    slug: str
    kind: str
    title: str
    is_annex: bool = False
    section: KitSection | None = None
    items: list = field(default_factory=list)


def sorted_people(participations) -> list[Participation]:
    leading = {role: i for i, role in enumerate(Participation.LEADING_ROLES)}
    return sorted(participations, key=lambda p: (leading.get(p.role, len(leading)), p.order, p.pk))


def organisers(event: Event) -> list[EventOrganisation]:
    return [eo for eo in event.event_organisations.all() if eo.role in EventOrganisation.ORGANISING_ROLES]


def kit_parts(event: Event) -> list[Part]:
    """The kit's parts: the editor's sections in order, or sensible defaults; parts with nothing to print are left out."""
    people = sorted_people(p for p in event.participations.all() if p.session_id is None)
    kit_contacts = [c for c in event.contacts.all() if c.document == "kit"]
    live_stream = getattr(event, "live_stream", None) if hasattr(event, "live_stream") else None
    sections = list(event.kit_sections.all())
    if not sections:
        defaults = [
            ("summary", KitSection.Kind.SUMMARY, _("Summary")),
            ("programme", KitSection.Kind.PROGRAMME, _("Programme")),
            ("speakers", KitSection.Kind.SPEAKERS, _("Speakers")),
            ("about-us", KitSection.Kind.ABOUT, _("About us")),
            ("remarks", KitSection.Kind.REMARKS, _("Remarks")),
            ("live-streaming", KitSection.Kind.LIVE_STREAM, _("Live streaming")),
            ("contacts", KitSection.Kind.CONTACTS, _("Contacts")),
        ]
        sections = [KitSection(event=event, slug=slug, kind=kind, title=str(title)) for slug, kind, title in defaults]
    parts = []
    for section in sections:
        part = Part(
            slug=section.slug, kind=section.kind, title=section.title, is_annex=section.is_annex, section=section
        )
        kind = section.kind
        has_text = bool(section.intro or section.body)
        if kind == KitSection.Kind.SUMMARY:
            part.items = [
                (label, value)
                for label, value in (
                    (_("Who"), event.summary_who),
                    (_("What"), event.summary_what),
                    (_("Where"), event.summary_where),
                    (_("When"), event.summary_when),
                    (_("Why"), event.summary_why),
                )
                if value
            ]
            keep = bool(part.items or event.lede or event.description or has_text)
        elif kind == KitSection.Kind.SPEAKERS:
            part.items = people
            keep = bool(people)
        elif kind == KitSection.Kind.PROGRAMME:
            part.items = programme_days(event)
            keep = bool(part.items)
        elif kind == KitSection.Kind.STATISTICS:
            part.items = [s for s in section.statistics.all() if s.is_figure]
            keep = bool(part.items) or has_text
        elif kind == KitSection.Kind.LEGAL:
            part.items = _grouped(section.legal_texts.all(), lambda t: t.jurisdiction)
            keep = bool(part.items) or has_text
        elif kind == KitSection.Kind.TOOLS:
            part.items = list(section.tools.all())
            keep = bool(part.items) or has_text
        elif kind == KitSection.Kind.ABOUT:
            part.items = [eo.organisation for eo in event.event_organisations.all() if eo.organisation.description]
            part.items = list(OrderedDict.fromkeys(part.items))
            keep = bool(part.items) or has_text
        elif kind == KitSection.Kind.REMARKS:
            part.items = list(event.remarks.all())
            keep = bool(part.items)
        elif kind == KitSection.Kind.LIVE_STREAM:
            part.items = [live_stream] if live_stream else []
            keep = bool(part.items)
        elif kind == KitSection.Kind.CONTACTS:
            part.items = kit_contacts
            keep = bool(kit_contacts)
        else:
            keep = has_text
        if keep:
            parts.append(part)
    return parts


def _grouped(rows, key) -> list[tuple[str, list]]:
    groups: OrderedDict[str, list] = OrderedDict()
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def programme_days(event: Event) -> list[tuple[date, list]]:
    """Side events and sessions, day by day, in the event's time zone."""
    entries = []
    for child in event.children.all():
        entries.append({"event": child, "session": None, "starts_at": child.starts_at, "ends_at": child.ends_at, "day": child.start_date,
                        "people": _people_by_role(child.participations.all())})  # fmt: skip
    for session in event.sessions.all():
        day = event.local(session.starts_at).date() if session.starts_at else event.start_date
        entries.append({"event": None, "session": session, "starts_at": session.starts_at, "ends_at": session.ends_at, "day": day,
                        "people": _people_by_role(session.participations.all())})  # fmt: skip
    entries.sort(key=lambda e: (e["day"] or date.min, e["starts_at"] is None, e["starts_at"] or 0))
    return _grouped(entries, lambda e: e["day"])


PROGRAMME_ROLE_ORDER = [
    Participation.Role.WELCOMING,
    Participation.Role.OPENING,
    Participation.Role.KEYNOTE,
    Participation.Role.MODERATOR,
    Participation.Role.FACILITATOR,
    Participation.Role.CO_CHAIR,
    Participation.Role.SPEAKER,
    Participation.Role.PANELIST,
    Participation.Role.TECH_DEMO,
    Participation.Role.CLOSING,
    Participation.Role.PATRON,
    Participation.Role.ATTENDEE,
]


def _people_by_role(participations) -> list[tuple[str, list[Participation]]]:
    by_role: dict[str, list[Participation]] = {}
    for participation in sorted(participations, key=lambda p: (p.order, p.pk)):
        by_role.setdefault(participation.role, []).append(participation)
    return [(Participation.Role(role).label, by_role[role]) for role in PROGRAMME_ROLE_ORDER if role in by_role]


def document_context(*, event: Event, kind: str, paper: str) -> dict:
    context = {
        "event": event,
        "paper": paper,
        "kind": kind,
        "document_title": DocumentKind(kind).label,
        "organisers": organisers(event),
        "tz": event.timezone,
    }
    if kind == DocumentKind.KIT:
        context["parts"] = kit_parts(event)
    elif kind == DocumentKind.PROCEEDINGS:
        context["proceedings"] = proceedings_get(event=event)
        context["participants"] = sorted_people(p for p in event.participations.all() if p.session_id is None)
        context["contacts"] = [c for c in event.contacts.all() if c.document == "proceedings"]
    else:
        context["days"] = programme_days(event)
    return context


def available_kinds(event: Event) -> list[str]:
    """Which documents make sense for this (prefetched) event."""
    kinds = [DocumentKind.KIT]
    if hasattr(event, "proceedings"):
        kinds.append(DocumentKind.PROCEEDINGS)
    if event.children.all() or event.sessions.all():
        kinds.append(DocumentKind.PROGRAMME)
    return kinds


def document_html(*, event: Event, kind: str, paper: str = Paper.A4, language: str = "en") -> str:
    with translation.override(language):
        return render_to_string(f"pdf/{kind}.html", document_context(event=event, kind=kind, paper=paper))


def content_hash(html: str) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\n{html}".encode()).hexdigest()


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def html_to_pdf(html: str, *, tagged: bool = True) -> Pdf:
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()).render(**options)
    # A fixed identifier (derived from the content) keeps the same data rendering to the same bytes.
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    return Pdf(data=document.write_pdf(pdf_identifier=identifier, **options), pages=len(document.pages))
