"""In which language the content shown is: decided once, for the pages, the documents, the exports and the API.

django-modeltranslation (registered in events/translation.py and speakers/translation.py) stores a translated field
once per language (`title_en`, `title_fr`) and `obj.title` shows the active language's value, else the first
non-empty one in the fallback order. An output that prints `obj.title` must know which of those it printed: a page
in French showing an English fallback marks that passage lang="en" (screen readers, hyphenation, the PDF's /Lang),
frab and JSON-LD state the content's language. Everything is read from the loaded row: no query, whatever the
number of languages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import translation


def _descriptor(model: type[Model], field: str) -> Any | None:
    """modeltranslation's descriptor of a translated field (None for a field that is not translated)."""
    from modeltranslation.fields import TranslationFieldDescriptor

    descriptor = getattr(model, field, None)
    return descriptor if isinstance(descriptor, TranslationFieldDescriptor) else None


def primary(language: str | None) -> str:
    """The primary subtag ("fr" of "fr-ca"); the default language when none is active."""
    return (language or settings.LANGUAGE_CODE).split("-")[0].lower()


def page_language() -> str:
    """The language the page (or document, feed, answer) is being made in: the active one."""
    return primary(translation.get_language())


def content_languages() -> list[str]:
    """The languages content is stored in (settings.LANGUAGES, in order)."""
    return [code for code, _name in settings.LANGUAGES]


def translated_fields(model: type[Model]) -> tuple[str, ...]:
    """The model's translated fields (registered with modeltranslation), in declaration order; () if none."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.name in options.fields and _descriptor(model, field.name) is not None
    )


def value_in(obj: Model, field: str, language: str) -> Any:
    """The field's own value in one language, without fallback ("" where it is not translated)."""
    from modeltranslation.utils import build_localized_fieldname

    value = getattr(obj, build_localized_fieldname(field, language), None)
    return "" if value is None else value


def shown_language(obj: Model | None, field: str) -> str | None:
    """The language of the value `obj.<field>` shows now: the active language when it has a value there, else the
    fallback language it comes from. None when the field is not translated (its language is not known) or when it
    is empty in every language (nothing is shown)."""
    if obj is None:
        return None
    descriptor = _descriptor(type(obj), field)
    if descriptor is None:
        return None
    from modeltranslation.fields import NONE
    from modeltranslation.utils import get_language, resolution_order

    # The descriptor's own rules (modeltranslation.fields.TranslationFieldDescriptor.__get__), so the language
    # named is always the one whose value was printed.
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    for language in resolution_order(get_language(), descriptor.fallback_languages):
        if descriptor.meaningful_value(value_in(obj, field, language), undefined):
            return language
    return None


def foreign_language(obj: Model | None, field: str) -> str | None:
    """The language of the shown value when it is not the page's (a fallback passage), else None."""
    language = shown_language(obj, field)
    return language if language is not None and primary(language) != page_language() else None


def content_language(obj: Model | None, *fields: str) -> str | None:
    """The language an object's text is actually shown in: that of the first of `fields` that shows something."""
    for field in fields:
        language = shown_language(obj, field)
        if language is not None:
            return primary(language)
    return None


def all_languages(obj: Model, field: str) -> dict[str, Any]:
    """The field's own value in every content language, without fallback: what an editor entered in each."""
    return {language: value_in(obj, field, language) for language in content_languages()}


class Shown(str):
    """A value shaped in Python (a kit's summary line) that remembers the language it is shown in."""

    lang: str | None

    def __new__(cls, value: str, lang: str | None) -> Shown:
        shown = super().__new__(cls, value)
        shown.lang = lang
        return shown


def shown(obj: Model, field: str) -> Shown:
    """obj.<field> with the language it is shown in (Shown.lang), for values that travel without their object."""
    return Shown(getattr(obj, field) or "", shown_language(obj, field))
