import csv

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from events.models import Registration
from events.permissions import PolicyAdminMixin


@admin.register(Registration)
class RegistrationAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "created_at"]
    list_select_related = ["event"]
    list_filter = ["event"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["created_at"]
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
