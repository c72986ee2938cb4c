from django.core.management import BaseCommand
from django.db.models import Prefetch

from events.documents.content import available_kinds
from events.documents.tasks import render_event_documents
from events.models import DataVersion, Event, RenderedDocument
from events.models.documents import Audience


class Command(BaseCommand):
    help = (
        "Queue renders for every published event with a public PDF that is not current (a fresh database, or a "
        "render worker stopped mid-render). `./dev serve` runs it before starting the worker."
    )

    def handle(self, *args, **options):
        current = set(
            RenderedDocument.objects.filter(
                checked_at_version=DataVersion.current(), paper="a4", audience=Audience.PUBLIC
            ).values_list("event_id", "kind")
        )
        queued = 0
        # An event is current only when every one of its documents is: a worker can die between two of them.
        events = Event.objects.published().select_related("proceedings")
        for event in events.prefetch_related("sessions", Prefetch("children", queryset=Event.objects.published())):
            if any((event.pk, kind) not in current for kind in available_kinds(event)):
                render_event_documents.enqueue(event.slug)
                queued += 1
        self.stdout.write(f"Queued the documents of {queued} event(s).")
