import csv

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from events.models import OutboxMessage, Registration
from events.permissions import PolicyAdminMixin
from events.registration.door import DoorAdminMixin, PresenceListFilter


@admin.register(Registration)
class RegistrationAdmin(PolicyAdminMixin, DoorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "status", "created_at", "checked_in_at"]
    list_select_related = ["event"]
    list_filter = ["event", "status", ("checked_in_at", PresenceListFilter)]
    search_fields = ["name", "email", "organisation"]
    # Status changes go through the services (the registrant's links): the admin shows them.
    readonly_fields = ["created_at", "status", "changed_at", "expires_at", "language", "erased_at", "checked_in_at"]
    actions = ["export_csv"]

    @admin.action(description=_("Export selected registrations as CSV"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Registration]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        writer = csv.writer(response)
        writer.writerow(["event", "name", "email", "organisation", "consent", "registered at"])
        for registration in queryset.select_related("event").order_by("event__title", "created_at"):
            writer.writerow(
                [_csv_safe(value) for value in (
                    registration.event.title, registration.name, registration.email, registration.organisation,
                    "yes" if registration.consent else "no", registration.created_at.isoformat(),
                )]
            )  # fmt: skip
        return response


def _csv_safe(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """The e-mails of the events one may edit, read-only: what was sent, what waits for a retry and why."""

    list_display = ["created_at", "kind", "subject", "event", "status", "attempts", "sent_at", "next_attempt_at"]
    list_select_related = ["event"]
    list_filter = ["status", "kind", "event"]
    search_fields = ["subject", "recipients"]
    date_hierarchy = "created_at"
    fields = [
        "event", "registration", "kind", "recipients", "subject", "status", "attempts", "last_error",
        "created_at", "next_attempt_at", "sent_at", "body",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
