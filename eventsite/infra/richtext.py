"""Stored rich text: a small, safe subset of HTML, cleaned with nh3 on save and on output."""

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "sup", "sub", "ul", "ol", "li",
    "blockquote", "h3", "h4", "a", "abbr", "cite", "q", "span", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
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
        value = sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
