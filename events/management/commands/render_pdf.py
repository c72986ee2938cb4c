from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from events.documents.content import DocumentKind, Paper, document_context, document_event
from events.documents.render import RenderRefused
from events.documents.services import document_pdf
from events.models import Event
from events.models.documents import Audience
from events.registration.door import BADGE_SIZES, DEFAULT_BADGE_SIZE, DoorKind, door_pdf


def nothing_to_print(context: dict) -> bool:
    """True when the document would be a cover and nothing else (no kit part, no proceedings, no programme)."""
    kind = context["kind"]
    if kind == DocumentKind.KIT:
        return not context["parts"]
    if kind == DocumentKind.PROCEEDINGS:
        return context["proceedings"] is None and not context["contacts"]
    return not context["days"]


class Command(BaseCommand):
    help = (
        "Render an event's participant kit, proceedings or programme to a PDF file; or, for the door (registrants' "
        "data: never public), its badges, name cards or sign-in sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="event slug")
        parser.add_argument("kind", choices=[*DocumentKind.values, *DoorKind.values])
        parser.add_argument("output", type=Path)
        parser.add_argument("--paper", choices=Paper.values, default=Paper.A4)
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="en")
        parser.add_argument("--untagged", action="store_true", help="skip PDF/UA tagging (smaller, faster)")
        parser.add_argument("--preview", action="store_true", help="the editors' preview: drafts included")
        parser.add_argument("--size", choices=list(BADGE_SIZES), default=DEFAULT_BADGE_SIZE, help="badge size, mm")

    def handle(
        self,
        *args,
        event: str,
        kind: str,
        output: Path,
        paper: str,
        language: str,
        untagged: bool,
        preview: bool,
        **options,
    ):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"No event with the slug “{event}”.")
        if kind in DoorKind.values:
            try:
                with translation.override(language):
                    data = door_pdf(event=found, kind=kind, size=options["size"], tagged=not untagged)
            except RenderRefused as refused:
                raise CommandError(str(refused)) from None
            output.write_bytes(data)
            self.stdout.write(f"Wrote {output} ({len(data):,} bytes)")
            return
        audience = Audience.PREVIEW if preview else Audience.PUBLIC
        try:
            shown = document_event(slug=event, audience=audience)
            if nothing_to_print(document_context(event=shown, kind=kind, paper=paper, audience=audience)):
                raise CommandError(
                    f"“{event}” has nothing to print in its {DocumentKind(kind).label}: no file written."
                )
            data = document_pdf(
                event=found, kind=kind, paper=paper, tagged=not untagged, audience=audience, language=language
            )
        except RenderRefused as refused:
            raise CommandError(str(refused)) from None
        except Http404:
            raise CommandError(f"“{event}” is not published: add --preview to print its drafts.") from None
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes)")
