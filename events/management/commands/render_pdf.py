from pathlib import Path

from django.core.management import BaseCommand, CommandError

from events.documents.content import DocumentKind, Paper
from events.documents.services import document_pdf
from events.models import Event


class Command(BaseCommand):
    help = "Render an event's participant kit, proceedings or programme to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("event", help="event slug")
        parser.add_argument("kind", choices=DocumentKind.values)
        parser.add_argument("output", type=Path)
        parser.add_argument("--paper", choices=Paper.values, default=Paper.A4)
        parser.add_argument("--untagged", action="store_true", help="skip PDF/UA tagging (smaller, faster)")

    def handle(self, *args, event: str, kind: str, output: Path, paper: str, untagged: bool, **options):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"No event with the slug “{event}”.")
        data = document_pdf(event=found, kind=kind, paper=paper, tagged=not untagged)
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes)")
