from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import selectors
from events.registration import services
from events.registration.forms import RegistrationForm

REGISTRATION_RATE = (5, 600)  # at most 5 attempts per address in 10 minutes


def _rate_limited(request: HttpRequest) -> bool:
    limit, window = REGISTRATION_RATE
    key = f"register:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False


def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_queryset_public(), slug=slug)
    full = event.capacity is not None and event.registrations.count() >= event.capacity
    is_open = (
        event.registration_open and not full and (event.end_date is None or event.end_date >= timezone.localdate())
    )
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, _("Too many attempts from your connection: please try again in a few minutes."))
            status = 429
        elif form.is_spam():
            # Answer a bot as if it had worked; nothing is stored.
            return redirect(reverse("events:registered", args=[event.slug]))
        elif form.is_valid():
            try:
                fields = {key: form.cleaned_data[key] for key in ("name", "email", "organisation", "consent")}
                services.registration_create(event=event, **fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(reverse("events:registered", args=[event.slug]))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request, "events/register.html", {"event": event, "form": form, "is_open": is_open, "full": full}, status=status
    )


@require_safe
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_queryset_public(), slug=slug)
    return render(request, "events/registered.html", {"event": event})
