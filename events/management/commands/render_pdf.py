from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.http import Http404

from events.documents.content import DocumentKind, Paper
from events.documents.render import RenderRefused
from events.documents.services import document_pdf
from events.models import Event
from events.models.documents import Audience


class Command(BaseCommand):
    help = "Render an event's participant kit, proceedings or programme to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("event", help="event slug")
        parser.add_argument("kind", choices=DocumentKind.values)
        parser.add_argument("output", type=Path)
        parser.add_argument("--paper", choices=Paper.values, default=Paper.A4)
        parser.add_argument("--untagged", action="store_true", help="skip PDF/UA tagging (smaller, faster)")
        parser.add_argument("--preview", action="store_true", help="the editors' preview: drafts included")

    def handle(self, *args, event: str, kind: str, output: Path, paper: str, untagged: bool, preview: bool, **options):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"No event with the slug “{event}”.")
        audience = Audience.PREVIEW if preview else Audience.PUBLIC
        try:
            data = document_pdf(event=found, kind=kind, paper=paper, tagged=not untagged, audience=audience)
        except RenderRefused as refused:
            raise CommandError(str(refused)) from None
        except Http404:
            raise CommandError(f"“{event}” is not published: add --preview to print its drafts.") from None
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes)")
