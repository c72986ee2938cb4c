"""People's text becomes the English column's (see events/migrations/0018_content_to_english.py)."""

import importlib

from django.db import migrations

content_to_english = importlib.import_module("events.migrations.0018_content_to_english")

FIELDS = {"person": ("bio",), "participation": ("position", "bio")}
HISTORICAL = {"person", "participation"}


def forward(apps, schema_editor):
    content_to_english.to_language(apps, schema_editor, app_label="speakers", fields=FIELDS, historical=HISTORICAL)


def backward(apps, schema_editor):
    content_to_english.from_language(apps, schema_editor, app_label="speakers", fields=FIELDS, historical=HISTORICAL)


class Migration(migrations.Migration):
    dependencies = [("speakers", "0004_translation_fields")]

    operations = [migrations.RunPython(forward, backward)]
