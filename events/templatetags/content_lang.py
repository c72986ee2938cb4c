"""lang attributes on fallback passages, for the pages and the print documents (see events/languages.py).

    <h1{{ event|lang_of:"title" }}>{{ event.title }}</h1>     lang="en" on a French page showing the English title
    <dd{{ value|lang_of }}>...</dd>                             a languages.Shown value carries its own language
    {{ participation|in_lang:"position" }}                     the value, in <span lang="en"> when it falls back
    {% passage tool "description" 2 %}                         print rich text, in <div lang="en"> when it falls back

Nothing is added when the passage is in the page's language: the page's own <html lang> already says it.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events import languages

register = template.Library()


def _foreign(value, field: str | None) -> str | None:
    if field is None:  # a value shaped in Python that carries its language (languages.Shown)
        language = getattr(value, "lang", None)
        return language if language and languages.primary(language) != languages.page_language() else None
    return languages.foreign_language(value, field)


@register.filter
def lang_of(value, field: str | None = None) -> SafeString:
    """` lang="xx"` (with its leading space, for inside a start tag) when the shown value is in another language
    than the page's, else nothing."""
    language = _foreign(value, field)
    return format_html(' lang="{}"', language) if language else mark_safe("")


@register.simple_tag
def passage(obj, field: str, level: int = 1, cards: bool = False, wrap: bool = True) -> SafeString:
    """Stored rich text of obj.<field> for print (pdf_tags.rich_at, or rich_cards with cards=True), in
    <div lang="xx"> when it falls back to another language than the document's (wrap=False: the caller's element
    carries lang_of). Its paragraphs are told apart from the passage's own language, not the document's: a French
    paragraph inside an English fallback is marked fr."""
    from events.templatetags.pdf_tags import rich_at, rich_cards

    value = getattr(obj, field, "") if obj is not None else ""
    if not value:
        return mark_safe("")
    language = _foreign(obj, field)
    with translation.override(language or translation.get_language()):
        html = (rich_cards if cards else rich_at)(value, level)
    if language and wrap:
        return format_html('<div lang="{}">{}</div>', language, html)
    return html


@register.filter
def in_lang(obj, field: str) -> SafeString:
    """The shown plain-text value of obj.<field>, escaped, wrapped in <span lang="xx"> when it falls back to
    another language than the page's."""
    value = getattr(obj, field, "") if obj is not None else ""
    language = _foreign(obj, field)
    if language and value:
        return format_html('<span lang="{}">{}</span>', language, value)
    return format_html("{}", value or "")
