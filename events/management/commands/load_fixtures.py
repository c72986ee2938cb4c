from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import models, transaction
from django.utils import translation

FIXTURES_DIR = Path(settings.RESOURCES_DIR) / "fixtures"
BASELINE_REASON = "Baseline: loaded from the fixtures"
BATCH_SIZE = 500


def fixture_files() -> list[Path]:
    return sorted(FIXTURES_DIR.glob("*.json"))


def _history_models() -> list[type[models.Model]]:
    """The models with history (django-simple-history, registered in events/ and speakers/translation.py)."""
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) and not model._meta.proxy
    ]


@transaction.atomic
def history_baseline_create(*, batch_size: int = BATCH_SIZE) -> int:
    """One history record for every row that has none (loaddata saves raw: simple-history records nothing), so the
    first edit of a loaded row has a record to compare with and shows as a change (events.programme). The record is
    an update ("~"), not an addition: a baseline says how the row was, it announces nothing. Rows with history are
    left alone, so loading the fixtures again adds no record. Returns the number of records made."""
    made = 0
    # Translated fields are copied as modeltranslation shows them: in the default language, as a normal save does.
    with translation.override(settings.LANGUAGE_CODE):
        for model in _history_models():
            history = getattr(model, model._meta.simple_history_manager_attribute)
            recorded = history.values(model._meta.pk.attname)
            missing = list(model._base_manager.exclude(pk__in=recorded).order_by("pk"))
            if missing:
                history.bulk_history_create(
                    missing, batch_size=batch_size, update=True, default_change_reason=BASELINE_REASON
                )
                made += len(missing)
    return made


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ in one go (natural keys make it safe to repeat), then record a history "
        "baseline for the rows that have none."
    )

    def handle(self, *args, **options):
        files = fixture_files()
        if not files:
            self.stderr.write(f"No fixtures in {FIXTURES_DIR}.")
            return
        # One loaddata call so forward references between files resolve.
        call_command("loaddata", *[str(f) for f in files], verbosity=options["verbosity"])
        made = history_baseline_create()
        if options["verbosity"] >= 1:
            self.stdout.write(f"History baseline: {made} record(s).")
