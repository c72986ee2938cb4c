"""Filters for the print documents (templates/pdf/): heading levels, links and no-break spaces in stored text,
pictures' addresses."""

import re

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.encoding import filepath_to_uri
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from events.documents.content import place_figures
from eventsite.infra import richtext

register = template.Library()

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)
_URL_OR_EMAIL = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?])",
    re.I,
)
# A currency sign and its amount, an amount and its unit, the groups of a number: never split across lines.
_NBSP_RULES = [
    (re.compile(r"([$€£¥])\s+(?=\d)"), "\\1\u00a0"),
    (re.compile(r"(\d)\s+(?=(?:%|€|\$|£|USD|EUR|million|billion|trillion|km|kg|h\b|min\b))", re.I), "\\1\u00a0"),
    (re.compile(r"(\d)[ \u202f](?=\d{3}\b)"), "\\1\u202f"),
    (re.compile(r"\b(No\.?|n°|§|p\.)\s+(?=\d)", re.I), "\\1\u00a0"),
]


def _text_nodes(html: str, change) -> str:
    """Apply `change` to the text between tags (not inside <a> elements), leaving the markup as it is."""
    out, in_link = [], 0
    for piece in _TAG_OR_TEXT.split(html):
        if piece.startswith("<"):
            lowered = piece.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(piece)
        else:
            out.append(piece if in_link else change(piece))
    return "".join(out)


# "WHAT: The conference..." : the label set on a line of its own, as the printed proceedings have it.
_LEAD_LABEL = re.compile(r"<p>\s*([A-Z][A-Z ]{1,14}:)\s*")


# Function words that tell French from English in a paragraph of stored text (the editors paste both).
_WORDS = {
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "et",
            "vous",
            "sur",
            "pour",
            "une",
            "est",
            "dans",
            "qui",
            "avec",
            "au",
            "aux",
            "ou",
            "pas",
            "sont",
            "nous",
            "cette",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "for",
            "with",
            "that",
            "on",
            "are",
            "this",
            "you",
            "be",
            "by",
            "from",
            "it",
            "an",
            "as",
        ]
    ),
}
_BLOCK = re.compile(r"<(p|li|h[1-6])>(.*?)</\1>", re.I | re.S)


def passage_language(text: str) -> str | None:
    """The language of a passage when its function words say so clearly, else None."""
    words = re.findall(r"[a-zà-ÿ]+", re.sub(r"<[^>]+>", " ", text).lower())
    counts = {language: sum(word in vocabulary for word in words) for language, vocabulary in _WORDS.items()}
    best = max(counts, key=counts.get)
    other = min(counts.values())
    return best if counts[best] >= 3 and counts[best] > 2 * other else None


def mark_languages(html: str, document_language: str) -> str:
    """lang="fr" on a French paragraph of an English document (and the reverse), so that screen readers and
    hyphenation switch language (PDF/UA: the language of every passage must be known)."""
    base = document_language.split("-")[0]

    def mark(match: re.Match) -> str:
        language = passage_language(match.group(2))
        if language is None or language == base:
            return match.group(0)
        return f'<{match.group(1)} lang="{language}">{match.group(2)}</{match.group(1)}>'

    return _BLOCK.sub(mark, html)


def no_break_figures(text: str) -> str:
    for pattern, replacement in _NBSP_RULES:
        text = pattern.sub(replacement, text)
    return text


def _link(match: re.Match) -> str:
    if match.group("email"):
        address = match.group("email")
        return f'<a href="mailto:{address}">{address}</a>'
    url = match.group("url")
    href = url if url.lower().startswith("http") else f"https://{url}"
    return f'<a href="{href}">{url}</a>'


def _linked(text: str) -> str:
    # `text` is already escaped HTML: entities such as &amp; stay inside the matched address.
    return _URL_OR_EMAIL.sub(_link, text)


def shift_headings(html: str, base: int) -> str:
    """Headings of stored text placed under a heading of level `base`: the first at base + 1, none skipping a level
    (PDF/UA reading order), whatever levels the editor picked."""
    levels = sorted({int(level) for _slash, level in _HEADING.findall(html)})
    if not levels:
        return html
    rank = {level: index for index, level in enumerate(levels)}
    previous, open_levels = base, []

    def replace(match: re.Match) -> str:
        nonlocal previous
        if match.group(1):
            level = open_levels.pop() if open_levels else previous
            return f"</h{level}"
        level = min(base + 1 + rank[int(match.group(2))], previous + 1, 6)
        previous = level
        open_levels.append(level)
        return f"<h{level}"

    return _HEADING.sub(replace, html)


@register.filter
def rich_at(value: str, base: int = 1) -> SafeString:
    """Stored rich text for print: sanitised, headings nested under level `base`, addresses as links, figures whole."""
    html = str(richtext.render(value or ""))
    html = _text_nodes(html, lambda text: no_break_figures(_linked(text)))
    html = _LEAD_LABEL.sub(r'<p><strong class="lead-label">\1</strong> ', html)
    html = mark_languages(html, translation.get_language() or "en")
    return mark_safe(shift_headings(html, int(base)))  # noqa: S308 - sanitised above, only our own markup added


@register.filter
def linked(value) -> SafeString:
    """Plain text with its web and e-mail addresses as links and its figures kept whole."""
    return mark_safe(no_break_figures(_linked(escape(str(value or "")))))  # noqa: S308 - escaped first


@register.filter
def whole_figures(value) -> SafeString:
    """Plain text whose figures never break across lines ("$ 100,000" stays on one line)."""
    return mark_safe(no_break_figures(escape(str(value or ""))))  # noqa: S308 - escaped first


_PARAGRAPH = re.compile(r"(?<=</p>)|(?<=</ul>)|(?<=</ol>)", re.I)
_LINK_TOPICS = {"app_ios": "app", "app_android": "app", "podcast": "podcast"}


@register.filter
def stream_blocks(stream) -> list[tuple[SafeString, list]]:
    """The live stream's instructions cut into paragraphs, each followed by the links it speaks of: the app-store
    links under "download the app", the podcast links under "podcast"; links no paragraph names come last. The
    access code and address the instructions already give are not repeated (see the template)."""
    html = str(richtext.render(stream.instructions or ""))
    paragraphs = [p for p in _PARAGRAPH.split(html) if p.strip()]
    links = list(stream.links.all())
    blocks: list[tuple[SafeString, list]] = [(mark_safe(p), []) for p in paragraphs]  # noqa: S308 - sanitised
    placed = set()
    for link in links:
        topic = _LINK_TOPICS.get(link.kind)
        for index, (text, _links) in enumerate(blocks):
            if topic and re.search(rf"\b{topic}", re.sub(r"<[^>]+>", "", text), re.I):
                blocks[index][1].append(link)
                placed.add(link.pk)
                break
    rest = [link for link in links if link.pk not in placed]
    if rest:
        blocks.append((mark_safe(""), rest))
    return blocks


_HEADING_ELEMENT = re.compile(r"(<h([1-6])\b[^>]*>(.*?)</h\2>)", re.I | re.S)
CARD_HEADING_CHARS = 14


def as_cards(html: str) -> str:
    """Short numbered items ("#1", "Article 3", "Prevention": headings of the deepest level, all short) set as a
    grid of cards, each heading with the text that follows it, instead of a long thin list of near-empty lines."""
    pieces = _HEADING_ELEMENT.split(html)
    # split() gives: text, (whole heading, level, heading text), text, ...
    headings = [(int(pieces[i + 1]), re.sub(r"<[^>]+>", "", pieces[i + 2])) for i in range(1, len(pieces), 4)]
    if not headings:
        return html
    deepest = max(level for level, _text in headings)
    items = [text.strip() for level, text in headings if level == deepest]
    if len(items) < 3 or any(len(text) > CARD_HEADING_CHARS for text in items):
        return html
    columns = 3 if all(text.startswith("#") for text in items) else 2
    out, open_card = [pieces[0]], False
    for i in range(1, len(pieces), 4):
        heading, level, after = pieces[i], int(pieces[i + 1]), pieces[i + 3]
        if open_card:
            out.append("</div>")
            open_card = False
        if level == deepest:
            out.append(f'<div class="card cards-{columns}">{heading}{after}')
            open_card = True
        else:
            out.append(heading + after)
    if open_card:
        out.append("</div>")
    return "".join(out)


@register.filter
def rich_cards(value: str, base: int = 1) -> SafeString:
    """rich_at, with short numbered items set as cards (see as_cards)."""
    return mark_safe(as_cards(str(rich_at(value, base))))  # noqa: S308 - rich_at's output, regrouped


_PASSAGE_START = re.compile(r"(?=<h[1-6]\b)", re.I)
_HEADINGS_ONLY = re.compile(r"<h([1-6])\b.*?</h\1>", re.I | re.S)


@register.filter
def passages(html: str, figures) -> list[tuple[SafeString, list, list]]:
    """Rich text for print (rich_at's output) cut at its headings, each passage with the figures printed beside it and
    under it (events.documents.content.place_figures): statistics stand with the text that discusses them."""
    pieces: list[str] = []
    for piece in _PASSAGE_START.split(str(html or "")):
        # A heading followed at once by another (a chapter and its first section) stays with what follows.
        if pieces and not _HEADINGS_ONLY.sub("", pieces[-1]).strip():
            pieces[-1] += piece
        elif piece.strip():
            pieces.append(piece)
    placed = place_figures(pieces, list(figures))
    if len(placed) > len(pieces):  # figures and no text
        pieces.append("")
    return [
        (mark_safe(piece), beside, under)  # noqa: S308 - pieces of rich_at's sanitised output
        for piece, (beside, under) in zip(pieces, placed, strict=True)
    ]


# The default kit section titles (events/documents/content.py): an editor's title that is one of them, whatever its
# capitals, is printed in the document's language.
FIXED_LABELS = (
    _("Summary"),
    _("Programme"),
    _("Speakers"),
    _("About us"),
    _("Remarks"),
    _("Live streaming"),
    _("Contacts"),
    _("Contents"),
    _("Introduction"),
    _("Participants"),
)


@register.filter
def fixed_label(title: str) -> str:
    with translation.override("en"):
        english = {str(label).casefold(): label for label in FIXED_LABELS}
    label = english.get(str(title).strip().casefold())
    if label is None or str(label).casefold() == str(title).strip().casefold():
        return title  # not a fixed label, or one printed in English: the editor's own capitals stay
    return str(label)


@register.filter
def print_src(picture) -> str:
    """A stored picture's address in a print document: under MEDIA_URL whatever the storage, never the storage's own
    (bucket) URL, which the renderer refuses. The renderer reads it from MEDIA_ROOT or from a copy of the file."""
    return settings.MEDIA_URL + filepath_to_uri(picture.name) if picture else ""
