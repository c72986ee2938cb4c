"""Stored rich text: a small, safe subset of HTML, cleaned with nh3 on save and on output."""

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "sup", "sub", "ul", "ol", "li",
    "blockquote", "h3", "h4", "a", "abbr", "cite", "q", "span", "small",
}  # fmt: skip
# <span lang="fr">: a passage in another language than the text around it (screen readers, hyphenation).
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "span": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render(html: str) -> SafeString:
    # Cleaned again at output: fixtures and raw saves bypass pre_save.
    return mark_safe(sanitize(html))  # noqa: S308 - nh3 output is safe by construction


class RichTextField(models.TextField):
    """A TextField holding sanitised HTML (the subset in ALLOWED_TAGS)."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        # NULL stays NULL where allowed (a language's column left untranslated).
        value = None if value is None and self.null else sanitize(value or "")
        # Not setattr: on a translated field (django-modeltranslation) the plain name's setter writes the active
        # language's column, which would receive another language's fallback text. Each language's own column
        # (a subclass of this field) is cleaned here too.
        model_instance.__dict__[self.attname] = value
        return value
