from django.core.management import BaseCommand

from events.documents.content import available_kinds
from events.documents.tasks import render_event_documents
from events.models import DataVersion, Event, RenderedDocument


class Command(BaseCommand):
    help = (
        "Queue renders for every event with a PDF that is not current (e.g. after a render worker was stopped "
        "mid-render). Run it before starting `db_worker`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="drafts too")

    def handle(self, *args, all: bool, **options):
        events = Event.objects.all() if all else Event.objects.filter(status=Event.Status.PUBLISHED)
        current = set(
            RenderedDocument.objects.filter(checked_at_version=DataVersion.current(), paper="a4").values_list(
                "event_id", "kind"
            )
        )
        queued = 0
        # An event is current only when every one of its documents is: a worker can die between two of them.
        for event in events.select_related("proceedings").prefetch_related("children", "sessions"):
            if any((event.pk, kind) not in current for kind in available_kinds(event)):
                render_event_documents.enqueue(event.slug)
                queued += 1
        self.stdout.write(f"Queued the documents of {queued} event(s).")
