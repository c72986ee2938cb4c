"""Erase registrants' personal data once their event's retention period is over (run daily; safe to repeat)."""

from django.core.management.base import BaseCommand

from events.registration.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Blank the names, e-mail addresses and organisations of the registrants of events that ended more than "
        "their retention period ago (Event.retention_days), and delete the e-mails kept for those events. The rows "
        "stay, so the counts remain for statistics; a second run changes nothing."
    )

    def handle(self, *args, **options) -> None:
        erased = registrations_purge()
        self.stdout.write(f"Erased the personal data of {erased} registration(s).")
