"""The API in the language asked for, and on request every language of the translated fields.

    GET /api/v1/events/x?lang=fr             French, each field falling back to English where it has no French
    GET /api/v1/events/x  Accept-Language: fr  the same (?lang= wins over the header)
    GET /api/v1/events/x?all_languages=1     also `translations`: each translated field's own value in every
                                             language, "" where it has none (no fallback), on every object

The API is outside the /fr/ URL prefix, where Django's LocaleMiddleware always answers in the default language:
the language is chosen here, for every operation (install(api)), before the answer is serialised, and named in the
answer's own Content-Language, so that an answer served again from the page cache (eventsite.infra.pagecache, keyed
by the query string and Accept-Language) still names it. Which value of a field is shown, and in which language, is
events.languages'.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError

from events import languages
from eventsite.infra.richtext import RichTextField, sanitize

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _parameters() -> list[dict[str, Any]]:
    codes = languages.content_languages()
    return [
        {
            "in": "query",
            "name": "lang",
            "required": False,
            "schema": {"type": "string", "enum": codes},
            "description": (
                "The language of the content, each field falling back to the other languages where it is not "
                "translated. Without it, the request's Accept-Language header decides, else "
                f"{codes[0]!r}. The answer's Content-Language names the language used."
            ),
        },
        {
            "in": "query",
            "name": "all_languages",
            "required": False,
            "schema": {"type": "boolean", "default": False},
            "description": (
                "Also give, on every object with translated fields, `translations`: each such field's own value in "
                f"every language ({', '.join(codes)}), empty where it is not translated."
            ),
        },
    ]


def _invalid(name: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])


def requested_language(request: HttpRequest) -> str:
    """?lang=, else Accept-Language (or the language cookie of a visitor of the site), else the default."""
    codes = languages.content_languages()
    asked = request.GET.get("lang")
    if asked is not None:
        if asked not in codes:
            raise _invalid("lang", f"Input should be one of {', '.join(codes)}")
        return asked
    return languages.primary(translation.get_language_from_request(request))


def wants_all_languages(request: HttpRequest) -> bool:
    value = request.GET.get("all_languages", "").strip().lower()
    if value not in TRUE + FALSE:
        raise _invalid("all_languages", "Input should be a valid boolean")
    return value in TRUE


def in_requested_language(view: Callable) -> Callable:
    """Runs an operation in the requested language; its answer is serialised after it returns, so the language
    stays active (as LocaleMiddleware leaves it for a page) until the next request activates its own."""

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        language = requested_language(request)
        request.all_languages = wants_all_languages(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return run


def naming_its_language(run: Callable) -> Callable:
    """The answer's Content-Language: the language it was made in (LocaleMiddleware would name the default)."""

    @functools.wraps(run)
    def named(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = run(request, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    return named


def install(api: NinjaAPI) -> None:
    """Every operation in the requested language, and ?lang= / ?all_languages= in the OpenAPI document."""
    api.add_decorator(in_requested_language)  # after ninja's own validation: a bad value is its usual 422
    api.add_decorator(naming_its_language, mode="view")
    schema_of = api.get_openapi_schema

    @functools.wraps(schema_of)
    def openapi_schema(*args: Any, **kwargs: Any) -> Any:
        schema = schema_of(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("parameters", []).extend(_parameters())
        return schema

    api.get_openapi_schema = openapi_schema


# --- translations: every language of an object's translated fields ---------------------------------------------


def field_translations(obj: Any, schema: type[Schema]) -> dict[str, dict[str, str]]:
    """{field: {language: value}} for the schema's fields that are translated on obj's model, each value as stored
    in that language ("" where none). A field the schema gives as an object of parts (an event's summary) is keyed
    by its parts ("summary.who"). Rich text is sanitised as in the field itself."""
    if not isinstance(obj, Model):
        return {}
    model = type(obj)
    translated = languages.translated_fields(model)
    names: dict[str, str] = {}  # model field -> key in `translations`
    for name, info in schema.model_fields.items():
        if name in translated:
            names[name] = name
        parts = getattr(info.annotation, "model_fields", {})
        names.update({f"{name}_{part}": f"{name}.{part}" for part in parts if f"{name}_{part}" in translated})
    out = {}
    for field, key in names.items():
        values = languages.all_languages(obj, field)
        if isinstance(model._meta.get_field(field), RichTextField):
            values = {language: sanitize(value) for language, value in values.items()}
        out[key] = {language: str(value) for language, value in values.items()}
    return out


class _TranslationsResolver:
    """ninja's resolver of `translations`. A resolver written as a static method is not told which schema it
    serialises for; this one reads it from the getter, so one resolver serves every schema."""

    def __call__(self, getter: Any) -> dict[str, dict[str, str]] | None:
        request = (getter._context or {}).get("request")
        if request is None or not getattr(request, "all_languages", False):
            return None
        return field_translations(getter._obj, getter._schema_cls) or None


class Translated(Schema):
    """A schema whose object may have translated fields: `translations` on request (?all_languages=1), absent
    otherwise."""

    translations: dict[str, dict[str, str]] | None = Field(
        None,
        exclude_if=lambda value: value is None,
        description=(
            "Only with ?all_languages=1, on objects with translated fields: {field: {language: value}}, each "
            "language's own value (empty where not translated). Parts of an object field are keyed field.part."
        ),
    )


Translated._ninja_resolvers["translations"] = _TranslationsResolver()
