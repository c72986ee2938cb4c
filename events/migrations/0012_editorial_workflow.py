from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_document_audience"),
    ]

    operations = [
        migrations.AddField(
            model_name="venue",
            name="timezone",
            field=models.CharField(
                blank=True,
                help_text="Where the venue is; new events held there get it.",
                max_length=60,
                verbose_name="time zone",
            ),
        ),
        migrations.AddField(
            model_name="kitedition",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn at"),
        ),
        migrations.AddField(
            model_name="kitedition",
            name="withdrawn_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawal"),
        ),
        migrations.AddConstraint(
            model_name="kitedition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("withdrawn_at__isnull", True), models.Q(("withdrawn_reason", ""), _negated=True), _connector="OR"
                ),
                name="kit_edition_withdrawn_with_reason",
                violation_error_message="A withdrawn edition needs a reason.",
            ),
        ),
    ]
