# Written by hand (not makemigrations): other model changes in the tree belong to other migrations.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0012_editorial_workflow"),
    ]

    operations = [
        migrations.AddField(
            model_name="rendereddocument",
            name="language",
            field=models.CharField(default="en", max_length=10, verbose_name="language"),
        ),
        migrations.RemoveConstraint(
            model_name="rendereddocument",
            name="unique_rendered_document_audience",
        ),
        migrations.AddConstraint(
            model_name="rendereddocument",
            constraint=models.UniqueConstraint(
                fields=("event", "kind", "paper", "audience", "language", "content_hash"),
                name="unique_rendered_document_language",
            ),
        ),
    ]
