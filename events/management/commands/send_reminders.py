"""The daily e-mail round (cron, e.g. every morning and again at noon: running it twice sends nothing twice)."""

from django.core.management.base import BaseCommand

from events.registration.outbox import outbox_requeue
from events.registration.services import digests_send, registrations_expire, reminders_send


class Command(BaseCommand):
    help = (
        "Queue the reminders for tomorrow's events (one per registrant, ever) and the organisers' daily digests "
        "(one per event and day), withdraw offered places not accepted in time, and queue again the e-mails whose "
        "retry is due. The task worker sends them."
    )

    def handle(self, *args, **options) -> None:
        expired = registrations_expire()
        reminders = reminders_send()
        digests = digests_send()
        requeued = outbox_requeue()
        self.stdout.write(
            f"Queued {reminders} reminder(s) and {digests} digest(s); {expired} offer(s) expired; "
            f"{requeued} e-mail(s) queued again."
        )
