# Written by hand with only this field: other model changes pending in the tree belong to their own migration.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_document_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="checked in at"),
        ),
    ]
