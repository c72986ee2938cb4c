"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import Event, KitSection
from events.programme import _grouped, organisers, programme_days, sorted_people
from events.selectors import proceedings_get


class DocumentKind(models.TextChoices):
    KIT = "kit", _("participant kit")
    PROCEEDINGS = "proceedings", _("proceedings")
    PROGRAMME = "programme", _("programme")


class Paper(models.TextChoices):
    A4 = "a4", "A4"
    LETTER = "letter", _("US Letter")


@dataclass
class Part:
    """One titled part of a document, in print order (a kit section or a derived one)."""

    slug: str
    kind: str
    title: str
    is_annex: bool = False
    section: KitSection | None = None
    items: list = field(default_factory=list)


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
