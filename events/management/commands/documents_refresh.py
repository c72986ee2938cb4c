from django.core.management import BaseCommand

from events.models import DataVersion, Event, RenderedDocument
from events.tasks import render_event_documents


class Command(BaseCommand):
    help = (
        "Queue renders for every event whose PDFs are not current (e.g. after a render worker was stopped "
        "mid-render). Run it before starting `db_worker`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="drafts too")

    def handle(self, *args, all: bool, **options):
        events = Event.objects.all() if all else Event.objects.filter(status=Event.Status.PUBLISHED)
        current = set(
            RenderedDocument.objects.filter(checked_at_version=DataVersion.current()).values_list("event_id", flat=True)
        )
        queued = 0
        for slug in events.exclude(pk__in=current).values_list("slug", flat=True):
            render_event_documents.enqueue(slug)
            queued += 1
        self.stdout.write(f"Queued the documents of {queued} event(s).")
