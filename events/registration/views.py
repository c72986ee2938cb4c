from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Event
from events.registration import services
from events.registration.forms import RegistrationForm
from events.registration.selectors import RegistrationState, registration_state
from eventsite.infra.throttling import client_ip, rate_limited

REGISTRATION_RATE = (5, 600)  # at most 5 attempts per client address in 10 minutes, counted across all processes


def register(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limit, window = REGISTRATION_RATE
        if rate_limited("register", client_ip(request), limit=limit, window=window):
            form.add_error(None, _("Too many attempts from your connection: please try again in a few minutes."))
            status = 429
        elif form.is_spam():
            # Answer a bot as if it had worked; nothing is stored.
            return redirect(reverse("events:registered", args=[event.slug]))
        elif form.is_valid():
            try:
                services.registration_create(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(reverse("events:registered", args=[event.slug]))
    # Read after any attempt: someone who lost the last place sees "full", not the form again.
    state = registration_state(event=event)
    context = {
        "event": event,
        "form": form,
        "is_open": state == RegistrationState.OPEN,
        "full": state == RegistrationState.FULL,
    }
    return render(request, "events/register.html", context, status=status)


@require_safe
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "events/registered.html", {"event": event})
