"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.documents.accent import accent_colour
from events.documents.render import RenderRefused, render_limits
from events.languages import shown
from events.models import Event, KitSection, Session
from events.models.documents import Audience
from events.programme import _grouped, event_roles, organisers, programme_days, public_parent, side_events, speakers
from events.selectors import event_get_for_document, proceedings_get


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
    # Parts printed inside this one as its sub-chapters (consecutive legal sections form one legal chapter).
    subparts: list["Part"] = field(default_factory=list)


def kit_parts(event: Event, *, preview: bool = False) -> list[Part]:
    """The kit's parts: the editor's sections in order, or sensible defaults; parts with nothing to print are left out."""
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
        # shown(): the title remembers its language, so a fallback title is marked as such in the document.
        part = Part(
            slug=section.slug,
            kind=section.kind,
            title=shown(section, "title"),
            is_annex=section.is_annex,
            section=section,
        )
        kind = section.kind
        has_text = bool(section.intro or section.body)
        if kind == KitSection.Kind.SUMMARY:
            part.items = [
                (label, value)
                for label, value in (
                    (_("Who"), shown(event, "summary_who")),
                    (_("What"), shown(event, "summary_what")),
                    (_("Where"), shown(event, "summary_where")),
                    (_("When"), shown(event, "summary_when")),
                    (_("Why"), shown(event, "summary_why")),
                )
                if value
            ]
            keep = bool(part.items or event.lede or event.description or has_text)
        elif kind == KitSection.Kind.SPEAKERS:
            part.items = speakers(event)
            keep = bool(part.items)
        elif kind == KitSection.Kind.PROGRAMME:
            part.items = programme_days(event, preview=preview)
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
    return _legal_chapters(parts)


def _legal_chapters(parts: list[Part]) -> list[Part]:
    """Fold each run of legal sections into its first: one legal chapter with the jurisdictions as sub-chapters,
    as the printed kits have it (a chapter per jurisdiction left pages nearly empty). Annexes stay apart."""
    folded: list[Part] = []
    for part in parts:
        previous = folded[-1] if folded else None
        if (
            previous is not None
            and part.kind == previous.kind == KitSection.Kind.LEGAL
            and not part.is_annex
            and not previous.is_annex
        ):
            previous.subparts.append(part)
        else:
            folded.append(part)
    return folded


def document_event(*, slug: str, audience: str, user=None) -> Event:
    """The event as the audience may see it (Http404 otherwise).

    Public: a published event, its published side events only, its parent only if published. Preview: what `user`
    may preview (the drafts of events they may edit), or every draft when no user is given (the command line).
    """
    if audience == Audience.PUBLIC:
        return event_get_for_document(slug=slug)
    if user is not None:
        return event_get_for_document(slug=slug, user=user)
    return event_get_for_document(slug=slug, include_drafts=True)


def document_context(*, event: Event, kind: str, paper: str, audience: str = Audience.PUBLIC) -> dict:
    preview = audience == Audience.PREVIEW
    context = {
        "event": event,
        # A draft parent appears nowhere public, not even as "held during" on the cover.
        "parent": event.parent if preview else public_parent(event),
        "audience": audience,
        "paper": paper,
        "kind": kind,
        "document_title": DocumentKind(kind).label,
        "organisers": organisers(event),
        "tz": event.timezone,
    }
    context["accent"] = accent_colour(event, context["organisers"])
    if kind == DocumentKind.KIT:
        context["parts"] = kit_parts(event, preview=preview)
    elif kind == DocumentKind.PROCEEDINGS:
        context["proceedings"] = proceedings_get(event=event)
        context["participants"] = event_roles(event)
        context["contacts"] = [c for c in event.contacts.all() if c.document == "proceedings"]
    else:
        context["days"] = programme_days(event, preview=preview)
    return context


def available_kinds(event: Event) -> list[str]:
    """Which documents make sense for this (prefetched) event."""
    kinds = [DocumentKind.KIT]
    if hasattr(event, "proceedings"):
        kinds.append(DocumentKind.PROCEEDINGS)
    # Published side events only, whatever was prefetched: a draft one must not make a programme appear.
    if side_events(event) or event.sessions.all():
        kinds.append(DocumentKind.PROGRAMME)
    return kinds


def document_html(
    *, event: Event, kind: str, paper: str = Paper.A4, language: str = "en", audience: str = Audience.PUBLIC
) -> str:
    with translation.override(language):
        context = document_context(event=event, kind=kind, paper=paper, audience=audience)
        return render_to_string(f"pdf/{kind}.html", context)


def check_content_size(*, event: Event, kind: str, html: str | None = None) -> None:
    """Refuse, before rendering, a document bigger than any real one by far, naming what is too big.

    Called twice: on the loaded event's counts (before building the HTML, which is itself costly for a bomb), then
    on the HTML. The limits (settings.DOCUMENT_RENDER_LIMITS) are a cheap first bound; the render process's time
    and memory limits catch what they cannot see.
    """
    limits = render_limits()
    prints_programme = kind in (DocumentKind.KIT, DocumentKind.PROGRAMME)
    sessions = list(event.sessions.all()) if prints_programme else []
    children = list(event.children.all()) if prints_programme else []
    people = (
        len(event.participations.all())
        + sum(len(session.participations.all()) for session in sessions)
        + sum(len(child.participations.all()) for child in children)
    )
    sizes = [
        (_("sessions"), len(sessions), "SESSIONS"),
        (_("side events"), len(children), "CHILDREN"),
        (_("people listed"), people, "PEOPLE"),
    ]
    if html is not None:
        sizes.append((_("characters of text and markup"), len(html), "HTML_CHARS"))
    title = DocumentKind(kind).label
    for what, count, name in sizes:
        if count > limits[name]:
            raise RenderRefused(
                f"The {title} of “{event.title}” is too big to print: {count:,} {what}, "
                f"the limit is {limits[name]:,} (DOCUMENT_RENDER_{name}). The last good PDF stays in place."
            )


def public_document_kinds(*, slug: str) -> list[str]:
    """The documents a published event offers the public, from a light query (no content loaded): Http404 unless
    the event is published. For the download view, which must stay cheap whatever the event holds."""
    event = (
        Event.objects.published()
        .select_related("proceedings")
        .prefetch_related(
            Prefetch("children", queryset=Event.objects.published().only("pk", "parent_id", "status")),
            Prefetch("sessions", queryset=Session.objects.only("pk", "event_id")),
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return available_kinds(event)


# --- Statistics beside the text they belong to ------------------------------------------------------------------

# Words too common to tie a figure to a passage.
_COMMON_WORDS = (
    "the and for are with from that this their its was were has have had per than more most over about around almost"
    " very few out into all other not but one two can will been also which who they them"
)
_COMMON = frozenset(_COMMON_WORDS.split())
# A figure card in the margin takes about this much height (mm); a line of body text about this much.
CARD_MM, LINE_MM, LINE_CHARS = 20.0, 4.7, 70


def _stems(text: str) -> set[str]:
    """Words cut to six letters ("trafficking" and "trafficked" meet), without the common ones."""
    words = re.findall(r"[a-zà-ÿ]{3,}", re.sub(r"<[^>]+>", " ", text).lower())
    return {word[:6] for word in words if word not in _COMMON}


def _room_beside(html: str) -> int:
    """How many figure cards fit in the margin beside a passage, from its length in lines."""
    text = re.sub(r"<[^>]+>", " ", html)
    blocks = len(re.findall(r"<(?:p|li|h[1-6])\b", html))
    height = (len(" ".join(text.split())) / LINE_CHARS + blocks * 0.6) * LINE_MM
    return int((height + 6) // CARD_MM)


def place_figures(passages: list[str], figures: list) -> list[tuple[list, list]]:
    """For each passage (a heading and its text), the figures printed beside it and those printed in a row under it.

    A figure goes with the passage that shares the most distinctive words with it (weighted by how few passages use
    the word); figures under one heading ("CHILD PROSTITUTION") go together; a figure that matches nothing follows
    the one before it. What does not fit in the margin beside its passage goes in a row under it, in order.
    """
    if not passages:
        return [([], list(figures))] if figures else []
    vocabularies = [_stems(passage) for passage in passages]
    spread: dict[str, int] = {}
    for vocabulary in vocabularies:
        for word in vocabulary:
            spread[word] = spread.get(word, 0) + 1
    groups: list[list] = []
    for figure in figures:
        if groups and figure.heading and groups[-1][0].heading == figure.heading:
            groups[-1].append(figure)
        else:
            groups.append([figure])
    placed: list[list[list]] = [[] for _passage in passages]
    previous = 0
    for group in groups:
        words = set().union(*(_stems(f"{f.heading} {f.figure} {f.label}") for f in group))
        scores = [
            sum(math.log(1 + len(passages) / spread[word]) for word in words & vocabulary)
            for vocabulary in vocabularies
        ]
        best = max(range(len(passages)), key=lambda index: (scores[index], -index))
        previous = best if scores[best] > 0 else previous
        placed[previous].append(group)
    result = []
    for passage, groups_here in zip(passages, placed, strict=True):
        room, beside, under = _room_beside(passage), [], []
        for group in groups_here:
            # A group stays whole, and the order of the figures is kept: once one goes under, the rest follow.
            (beside if not under and len(beside) + len(group) <= room else under).extend(group)
        result.append((beside, under))
    return result
