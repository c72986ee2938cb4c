"""At the door: badges, name cards and the sign-in sheet (PDF), and the check-in page. Staff only.

Everything here prints or shows registrants' personal data: every view asks events.permissions.can_edit_event and
answers 404 to anyone else (login first), and the PDFs are rendered on demand, never stored or cached.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from events.models import Event, Registration
from events.permissions import can_edit_event
from events.programme import organisers, sorted_people
from events.registration import services
from speakers.models import Participation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


class DoorKind(models.TextChoices):
    BADGES = "badges", _("badges")
    NAMECARDS = "namecards", _("name cards")
    SIGNIN = "signin", _("sign-in sheet")


# --- What each print shows ---------------------------------------------------------------------------------------

A4_MM = (210.0, 297.0)
# Room outside the grid of badges for the crop marks, plus the strip most printers cannot print on.
MIN_MARGIN_MM = 10.5
MARK_GAP_MM, MARK_LENGTH_MM = 1.5, 5.0


@dataclass(frozen=True)
class BadgeSize:
    slug: str
    label: str
    width: float  # mm
    height: float

    def grid(self) -> tuple[int, int]:
        """(columns, rows) of badges on an A4 sheet, leaving the margin the crop marks need."""
        page_w, page_h = A4_MM
        return int((page_w - 2 * MIN_MARGIN_MM) // self.width), int((page_h - 2 * MIN_MARGIN_MM) // self.height)

    @property
    def per_sheet(self) -> int:
        columns, rows = self.grid()
        return columns * rows


# The inserts that standard badge holders take.
BADGE_SIZES = {
    size.slug: size
    for size in (
        BadgeSize("90x55", _("90 × 55 mm (badge holder insert)"), 90, 55),
        BadgeSize("86x54", _("86 × 54 mm (credit-card size, ISO 7810 ID-1)"), 86, 54),
    )
}
DEFAULT_BADGE_SIZE = "90x55"

SIGNIN_ROWS_PER_PAGE = 20
SIGNIN_MIN_BLANK_ROWS = 8
# Name cards for the people at the table: everyone with a speaking or chairing part, not patrons or attendees.
NAMECARD_EXCLUDED_ROLES = (Participation.Role.PATRON, Participation.Role.ATTENDEE)


def alphabetical_key(name: str) -> str:
    """Names as a door list sorts them: accents and case ignored ("Émilie" between "Emil" and "Enzo")."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def expected(event: Event) -> QuerySet[Registration]:
    """Who is expected at the door: those holding a place (not cancelled, pending or waiting), data not erased."""
    return event.registrations.filter(status__in=Registration.HOLDING, erased_at__isnull=True)


def door_registrations(event: Event) -> list[Registration]:
    """The expected registrants in alphabetical order."""
    return sorted(expected(event), key=lambda r: (alphabetical_key(r.name), r.pk))


def name_size(name: str) -> str:
    """A size class that keeps a name on at most two lines of its badge or card (CSS cannot shrink text to fit)."""
    longest_word = max((len(word) for word in name.split()), default=0)
    length = len(name)
    if length <= 18 and longest_word <= 14:
        return "xl"
    if length <= 26 and longest_word <= 16:
        return "l"
    if length <= 34 and longest_word <= 22:
        return "m"
    return "s"


@dataclass(frozen=True)
class Mark:
    """One crop-mark line, in mm from the sheet's top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass
class BadgeSheet:
    badges: list[tuple[Registration, float, float, str]] = field(default_factory=list)  # registration, left, top, size


def crop_marks(size: BadgeSize) -> tuple[float, float, list[Mark]]:
    """The grid's top left corner and the marks on every cut line, in the margins (the badges abut, so each cut goes
    right across the sheet and one mark at each end of a line serves every badge along it)."""
    columns, rows = size.grid()
    page_w, page_h = A4_MM
    left, top = (page_w - columns * size.width) / 2, (page_h - rows * size.height) / 2
    right, bottom = left + columns * size.width, top + rows * size.height
    marks = []
    for i in range(columns + 1):
        x = left + i * size.width
        marks.append(Mark(x, top - MARK_GAP_MM - MARK_LENGTH_MM, 0, MARK_LENGTH_MM))
        marks.append(Mark(x, bottom + MARK_GAP_MM, 0, MARK_LENGTH_MM))
    for j in range(rows + 1):
        y = top + j * size.height
        marks.append(Mark(left - MARK_GAP_MM - MARK_LENGTH_MM, y, MARK_LENGTH_MM, 0))
        marks.append(Mark(right + MARK_GAP_MM, y, MARK_LENGTH_MM, 0))
    return left, top, marks


def badge_sheets(registrations: Sequence[Registration], size: BadgeSize) -> list[BadgeSheet]:
    columns, _rows = size.grid()
    left, top, _marks = crop_marks(size)
    sheets = []
    for start in range(0, len(registrations), size.per_sheet):
        sheet = BadgeSheet()
        for index, registration in enumerate(registrations[start : start + size.per_sheet]):
            row, column = divmod(index, columns)
            x, y = left + column * size.width, top + row * size.height
            sheet.badges.append((registration, x, y, name_size(registration.name)))
        sheets.append(sheet)
    return sheets


@dataclass(frozen=True)
class NameCard:
    name: str
    position: str
    size: str


def name_cards(event: Event) -> list[NameCard]:
    """One card per person speaking or chairing (sessions' people too), in programme order: the name as printed in
    this event's programme and the position they held at the time."""
    participations = (
        event.participations.exclude(role__in=NAMECARD_EXCLUDED_ROLES)
        .select_related("person", "organisation", "session")
        .order_by("session__starts_at", "session__order", "order", "pk")
    )
    cards, seen = [], set()
    for participation in sorted_people(participations):
        if participation.person_id in seen:
            continue
        seen.add(participation.person_id)
        name = participation.display_name
        position = participation.position or (participation.organisation.name if participation.organisation else "")
        cards.append(NameCard(name=name, position=position, size=name_size(name)))
    return cards


@dataclass
class SigninPage:
    rows: list[tuple[int, Registration | None]]


def signin_pages(registrations: Sequence[Registration]) -> list[SigninPage]:
    """Numbered rows, a fixed number per page, then blank rows to the end of the last page (at least a few, for
    walk-ins)."""
    total = math.ceil((len(registrations) + SIGNIN_MIN_BLANK_ROWS) / SIGNIN_ROWS_PER_PAGE) * SIGNIN_ROWS_PER_PAGE
    rows = [
        (number, registrations[number - 1] if number <= len(registrations) else None) for number in range(1, total + 1)
    ]
    return [SigninPage(rows[i : i + SIGNIN_ROWS_PER_PAGE]) for i in range(0, total, SIGNIN_ROWS_PER_PAGE)]


def door_event(*, slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("venue", "room"), slug=slug)


def door_html(*, event: Event, kind: str, size: str = DEFAULT_BADGE_SIZE) -> str:
    """The HTML of a door print, in the active language, times in the event's time zone."""
    prefetch_related_objects([event], "event_organisations__organisation")
    context = {"event": event, "kind": kind, "title": DoorKind(kind).label, "organisers": organisers(event)}
    if kind == DoorKind.BADGES:
        badge_size = BADGE_SIZES[size]
        _left, _top, marks = crop_marks(badge_size)
        context |= {"size": badge_size, "sheets": badge_sheets(door_registrations(event), badge_size), "marks": marks}
    elif kind == DoorKind.NAMECARDS:
        context["cards"] = name_cards(event)
    else:
        registrations = door_registrations(event)
        context |= {"pages": signin_pages(registrations), "registered": len(registrations)}
    return render_to_string(f"pdf/{kind}.html", context)


def door_pdf(*, event: Event, kind: str, size: str = DEFAULT_BADGE_SIZE, tagged: bool = True) -> bytes:
    """Render a door print in the bounded render process (the same limits as every document), tagged as every PDF
    of the site (it costs about a tenth more: bench/door_prints.py)."""
    from events.documents.render import render_bounded

    return render_bounded(door_html(event=event, kind=kind, size=size), tagged=tagged).data


# --- Views: staff who may edit the event, nobody else --------------------------------------------------------------


def editor_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Admin login first (as every admin page), then 404 unless the user may edit this event. The admin's wrapper
    also marks every response never_cache: no browser or shared cache keeps a copy of these personal data."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
        event = door_event(slug=slug)
        if not can_edit_event(request.user, event):
            raise Http404("No such event")
        return view(request, event, *args, **kwargs)

    return admin.site.admin_view(wrapped)


@editor_only
@require_safe
def door_print(request: HttpRequest, event: Event, kind: str) -> HttpResponse:
    if kind not in DoorKind.values:
        raise Http404("No such print")
    size = request.GET.get("size", DEFAULT_BADGE_SIZE)
    if size not in BADGE_SIZES:
        raise Http404("No such badge size")
    data = door_pdf(event=event, kind=kind, size=size)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-{kind}.pdf"'
    return response


class Presence(models.TextChoices):
    ALL = "", _("All")
    ABSENT = "absent", _("Not yet")
    PRESENT = "present", _("Present")


def check_in_list(event: Event, *, query: str = "", presence: str = "") -> list[Registration]:
    """The registrants the door list shows, alphabetically: those matching every word of `query` in their name,
    organisation or e-mail, accents and case ignored ("zoe" finds "Zoë"). An event's list is small: it is matched
    here rather than in SQL, where neither SQLite nor PostgreSQL fold accents without an extension."""
    registrations = expected(event).only("pk", "name", "organisation", "email", "checked_in_at", "event_id")
    if presence == Presence.PRESENT:
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif presence == Presence.ABSENT:
        registrations = registrations.filter(checked_in_at__isnull=True)
    words = [alphabetical_key(word) for word in query.split()[:8]]
    shown = [
        registration
        for registration in registrations.order_by()
        if all(word in alphabetical_key(f"{registration.name} {registration.organisation} {registration.email}")
               for word in words)
    ]  # fmt: skip
    return sorted(shown, key=lambda r: (alphabetical_key(r.name), r.pk))


def check_in_counts(event: Event) -> dict[str, int]:
    return expected(event).aggregate(registered=Count("pk"), present=Count("pk", filter=Q(checked_in_at__isnull=False)))


@editor_only
@require_safe
def check_in(request: HttpRequest, event: Event) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    presence = request.GET.get("presence", "")
    if presence not in Presence.values:
        presence = ""
    registrations = check_in_list(event, query=query, presence=presence)
    context = {
        **admin.site.each_context(request),
        "title": _("Check-in"),
        "event": event,
        "registrations": registrations,
        "query": query,
        "presence": presence,
        "presence_choices": Presence.choices,
        "counts": check_in_counts(event),
        "prints": print_links(event),
    }
    return render(request, "events/check_in.html", context)


@editor_only
@require_POST
def check_in_mark(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    registration = get_object_or_404(expected(event), pk=pk)
    present = request.POST.get("present", "1") != "0"
    services.registration_check_in(registration=registration, user=request.user, present=present)
    if present:
        messages.success(request, _("%(name)s is marked present.") % {"name": registration.name})
    else:
        messages.info(request, _("%(name)s is no longer marked present.") % {"name": registration.name})
    # Back to the whole list (the next arrival is someone else), in the same view, at the row just marked.
    back = reverse("door:check_in", args=[event.slug])
    if request.POST.get("presence") in (Presence.PRESENT, Presence.ABSENT):
        back += "?" + urlencode({"presence": request.POST["presence"]})
    return redirect(f"{back}#registration-{registration.pk}")


# --- In the Registration admin -------------------------------------------------------------------------------------


class PresenceListFilter(admin.EmptyFieldListFilter):
    """For `("checked_in_at", PresenceListFilter)`: Django's empty/not-empty filter, named for the door."""

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("presence")

    def choices(self, changelist):
        labels = [Presence.ALL.label, Presence.ABSENT.label, Presence.PRESENT.label]  # All, empty, not empty
        for choice, label in zip(super().choices(changelist), labels, strict=True):
            facet = choice["display"].rpartition(" (")[2] if changelist.add_facets and " (" in choice["display"] else ""
            yield choice | {"display": f"{label} ({facet}" if facet else label}


class DoorAdminMixin:
    """The Registration admin's list, filtered to one event the user may edit, links to its check-in page and door
    prints (after PolicyAdminMixin, which keeps deciding what the list holds)."""

    change_list_template = "admin/events/registration/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        event_id = request.GET.get("event__id__exact", "")
        event = Event.objects.filter(pk=event_id).first() if event_id.isdigit() else None
        if event is not None and can_edit_event(request.user, event):
            extra_context = {**(extra_context or {}), "door_event": event, "door_links": door_links(event)}
        return super().changelist_view(request, extra_context)


def print_links(event: Event) -> list[tuple[str, str]]:
    """(label, URL) of an event's door prints."""
    badges = reverse("door:print", args=[event.slug, DoorKind.BADGES])
    links = [
        (_("Badges, %(size)s") % {"size": size.label}, f"{badges}?{urlencode({'size': size.slug})}")
        for size in BADGE_SIZES.values()
    ]
    links.append((_("Name cards for speakers and moderators"), reverse("door:print", args=[event.slug, "namecards"])))
    links.append((_("Sign-in sheet"), reverse("door:print", args=[event.slug, DoorKind.SIGNIN])))
    return links


def door_links(event: Event) -> list[tuple[str, str]]:
    """(label, URL) of an event's door pages, for the admin's event page and registrations list."""
    return [(_("Check-in"), reverse("door:check_in", args=[event.slug])), *print_links(event)]
