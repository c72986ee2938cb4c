"""Today's content, written in one column per field, becomes the English column's (the default language); French
columns stay empty (NULL: untranslated). Historical rows too, so past versions keep their text for revert."""

from django.db import migrations
from django.db.models import F

# Frozen here (not read from events/translation.py): what was translatable when this migration was written.
FIELDS = {
    "event": ("title", "subtitle", "lede", "description", "organisers_note",
              "summary_who", "summary_what", "summary_where", "summary_when", "summary_why"),
    "organisation": ("name", "short_name", "tagline", "description"),
    "session": ("title", "description"),
    "remark": ("title", "body"),
    "contact": ("position",),
    "kitsection": ("title", "intro", "body"),
    "tool": ("provider", "description"),
    "statistic": ("heading", "label", "note"),
    "legaltext": ("title", "body"),
    "proceedings": ("title", "intro", "takeaways_intro"),
    "proceedingssection": ("heading", "subheading", "body"),
    "takeaway": ("title", "body"),
    "quote": ("text",),
    "publicationsection": ("heading", "body"),
    "footnote": ("text",),
}  # fmt: skip
HISTORICAL = {"event", "organisation", "session", "remark", "kitsection", "tool", "statistic", "legaltext",
              "proceedings"}  # fmt: skip
LANGUAGE = "en"


def models_and_fields(apps, app_label, fields, historical):
    for model_name, names in fields.items():
        yield apps.get_model(app_label, model_name), names
        if model_name in historical:
            yield apps.get_model(app_label, f"historical{model_name}"), names


def to_language(apps, schema_editor, app_label=None, fields=None, historical=None):
    for model, names in models_and_fields(apps, app_label, fields, historical):
        # One UPDATE per table, whatever its size.
        model._base_manager.using(schema_editor.connection.alias).update(
            **{f"{name}_{LANGUAGE}": F(name) for name in names}
        )


def from_language(apps, schema_editor, app_label=None, fields=None, historical=None):
    # Back: the original column takes the English text wherever there is one.
    for model, names in models_and_fields(apps, app_label, fields, historical):
        manager = model._base_manager.using(schema_editor.connection.alias)
        for name in names:
            manager.filter(**{f"{name}_{LANGUAGE}__isnull": False}).update(**{name: F(f"{name}_{LANGUAGE}")})


def forward(apps, schema_editor):
    to_language(apps, schema_editor, app_label="events", fields=FIELDS, historical=HISTORICAL)


def backward(apps, schema_editor):
    from_language(apps, schema_editor, app_label="events", fields=FIELDS, historical=HISTORICAL)


class Migration(migrations.Migration):
    dependencies = [("events", "0017_translation_fields")]

    operations = [migrations.RunPython(forward, backward)]
