"""Translatable fields in the admin (django-modeltranslation): one form field per language, grouped in tabs.

modeltranslation's own tabs load jQuery UI from a CDN; ours (static/admin_site/translation_tabs.js) are plain
JavaScript served with the site, allowed by its Content Security Policy. Each language's field keeps the original
field's widget, so rich text fields get the prose editor in every language, and each language's column is
sanitised (eventsite.infra.richtext.RichTextField.pre_save, inherited by the per-language fields).
"""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationInlineModelAdmin
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def translated_fields(model) -> tuple[str, ...]:
    """The names of `model`'s translatable fields (none for a model not registered)."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def localized(name: str) -> list[str]:
    return [build_localized_fieldname(name, code) for code in settings.MODELTRANSLATION_LANGUAGES]


class TranslatedFieldsMixin:
    """Shared by model admins and inlines: lines kept, tab markers on the widgets, search in every language."""

    def replace_orig_field(self, option):
        # A line such as ("title", "slug", "kind") becomes title_en, title_fr (one row each, for the tabs) and
        # ("slug", "kind"): modeltranslation would flatten the whole line into separate rows.
        if not option:
            return option
        translated = self.trans_opts.all_fields
        result = []
        for item in option:
            if isinstance(item, str):
                result.extend(localized(item) if item in translated else [item])
            elif any(name in translated for name in item):
                result.extend(code for name in item if name in translated for code in localized(name))
                rest = [name for name in item if name not in translated]
                if rest:
                    result.append(tuple(rest) if len(rest) > 1 else rest[0])
            else:
                result.append(item)
        return result

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None:
            language = db_field.language
            field.widget.attrs.update(
                {
                    "data-translation-of": original.name,
                    "data-language": language,
                    "data-language-name": LANGUAGE_NAMES.get(language, language),
                    "data-empty-title": str(_("Nothing entered in this language: the other language is shown.")),
                }
            )
        return field

    def get_search_fields(self, request):
        # The queryset would search the active language's column only.
        fields = []
        for name in super().get_search_fields(request):
            *path, last = name.lstrip("^=@").split("__")
            model = self.model
            for part in path:
                model = model._meta.get_field(part).related_model
            if last in translated_fields(model):
                prefix = name[: len(name) - len(last)]
                fields.extend(prefix + code for code in localized(last))
            else:
                fields.append(name)
        return fields


class TranslatedAdmin(TranslatedFieldsMixin, TranslationAdmin):
    class Media:
        js = ["admin_site/translation_tabs.js"]
        css = {"all": ["admin_site/translation_tabs.css"]}


class TranslatedStackedInline(TranslatedFieldsMixin, TranslationInlineModelAdmin, admin.StackedInline):
    pass


class TranslatedTabularInline(TranslatedFieldsMixin, TranslationInlineModelAdmin, admin.TabularInline):
    """Each language a column of the table."""
