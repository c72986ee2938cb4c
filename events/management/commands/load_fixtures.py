from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command

FIXTURES_DIR = Path(settings.RESOURCES_DIR) / "fixtures"


def fixture_files() -> list[Path]:
    return sorted(FIXTURES_DIR.glob("*.json"))


class Command(BaseCommand):
    help = "Load every fixture in fixtures/ in one go (natural keys make it safe to repeat)."

    def handle(self, *args, **options):
        files = fixture_files()
        if not files:
            self.stderr.write(f"No fixtures in {FIXTURES_DIR}.")
            return
        # One loaddata call so forward references between files resolve.
        call_command("loaddata", *[str(f) for f in files], verbosity=options["verbosity"])
