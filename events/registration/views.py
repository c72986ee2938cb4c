import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Event, Registration
from events.registration import selectors, services
from events.registration.forms import RegistrationForm
from events.registration.links import Purpose, registration_from_token, registration_token
from events.registration.selectors import RegistrationState, registration_state
from eventsite.infra.throttling import client_ip, rate_limited

REGISTRATION_RATE = (5, 600)  # at most 5 attempts per client address in 10 minutes, counted across all processes
OUTCOME = "registration_outcome"  # what the "registered" page says, kept in the session for the redirect


def register(request: HttpRequest, slug: str) -> HttpResponse:
    return _registration_form(request, slug, waiting_list=False)


def join_waiting_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _registration_form(request, slug, waiting_list=True)


def _registration_form(request: HttpRequest, slug: str, *, waiting_list: bool) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = RegistrationForm(request.POST or None, submit_label=_("Join the waiting list") if waiting_list else "")
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
                registration = services.registration_create(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    consent=form.cleaned_data["consent"],
                    **({"waiting_list": True} if waiting_list else {}),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if isinstance(registration, Registration):
                    request.session[OUTCOME] = {
                        "slug": event.slug,
                        "status": registration.status,
                        "position": selectors.waiting_position(registration=registration),
                    }
                return redirect(reverse("events:registered", args=[event.slug]))
    # Read after any attempt: someone who lost the last place sees "full", not the form again.
    state = registration_state(event=event)
    context = {
        "event": event,
        "form": form,
        "waiting_list": waiting_list,
        "is_open": state == (RegistrationState.FULL if waiting_list else RegistrationState.OPEN),
        "full": state == RegistrationState.FULL,
        "waiting": selectors.waiting_list(event=event).count() if state == RegistrationState.FULL else 0,
        "kept_until": selectors.data_kept_until(event=event),
    }
    return render(request, "events/register.html", context, status=status)


@require_safe
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    outcome = request.session.pop(OUTCOME, None) if hasattr(request, "session") else None
    if outcome and outcome.get("slug") != slug:
        outcome = None
    response = render(request, "events/registered.html", {"event": event, "outcome": outcome or {}})
    add_never_cache_headers(response)
    return response


# --- A registrant's personal links ---------------------------------------------------------------------------


def _personal(response: HttpResponse) -> HttpResponse:
    """Pages opened by a personal link hold personal data: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _from_link(token: str, purpose: Purpose) -> Registration:
    registration = registration_from_token(token, purpose)
    if registration is None:
        raise Http404("No such registration")
    return registration


@require_http_methods(["GET", "HEAD", "POST"])
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """See one's registration; cancel it, or erase one's data (POST, so that a link checker cannot)."""
    registration = _from_link(token, Purpose.MANAGE)
    done = ""
    if request.method == "POST" and registration.erased_at is None:
        action = request.POST.get("action")
        if action == "cancel":
            registration = services.registration_cancel(registration=registration)
            done = "cancelled"
        elif action == "erase":
            registration = services.registration_erase(registration=registration)
            done = "erased"
    return _personal(render(request, "events/registration_manage.html", _manage_context(registration, token, done)))


def _manage_context(registration: Registration, token: str, done: str = "") -> dict:
    return {
        "event": registration.event,
        "registration": registration,
        "token": token,
        "done": done,
        "position": selectors.waiting_position(registration=registration),
        "kept_until": selectors.registration_kept_until(registration=registration),
    }


@require_safe
def registration_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything kept about the registrant, as JSON (their right of access)."""
    registration = _from_link(token, Purpose.MANAGE)
    data = selectors.registration_export(registration=registration)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="registration-{registration.event.slug}.json"'
    return _personal(response)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Double opt-in: the page asks to press a button, so that a mail scanner opening the link confirms nothing."""
    registration = _from_link(token, Purpose.CONFIRM)
    return _answer(request, registration, services.registration_confirm, "events/registration_confirm.html")


@require_http_methods(["GET", "HEAD", "POST"])
def registration_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A place offered from the waiting list: accept it (or cancel from the personal page)."""
    registration = _from_link(token, Purpose.ACCEPT)
    return _answer(request, registration, services.waitlist_accept, "events/registration_accept.html")


def _answer(request: HttpRequest, registration: Registration, service, template: str) -> HttpResponse:
    error = ""
    done = False
    if request.method == "POST" and registration.erased_at is None:
        try:
            registration = service(registration=registration)
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        **_manage_context(registration, registration_token(registration, Purpose.MANAGE)),
        "error": error,
        "answered": done,
    }
    return _personal(render(request, template, context, status=409 if error else 200))
