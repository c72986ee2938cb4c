"""A registrant's personal links: signed tokens (django.core.signing), one salt per purpose.

The token carries the registration's id and creation time, so a link never opens another registration even if a
database reuses an id. Nothing else is needed to use a link: it is sent only to the registrant's address.
"""

from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from events.models import Registration


class Purpose(StrEnum):
    MANAGE = "registration"  # see, cancel, export or erase: valid as long as the registration exists
    CONFIRM = "registration_confirm"  # double opt-in; its time limit is the registration's expires_at
    ACCEPT = "registration_accept"  # a freed place offered from the waiting list; limit: expires_at


def _stamp(registration: Registration) -> list:
    return [registration.pk, registration.created_at.isoformat()]


def registration_token(registration: Registration, purpose: Purpose) -> str:
    return signing.dumps(_stamp(registration), salt=f"eventsite.{purpose}")


def registration_from_token(token: str, purpose: Purpose) -> Registration | None:
    try:
        pk, created = signing.loads(token, salt=f"eventsite.{purpose}")
    except (signing.BadSignature, ValueError, TypeError):
        return None
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None or registration.created_at.isoformat() != created:
        return None
    return registration


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def registration_link(registration: Registration, purpose: Purpose) -> str:
    """The absolute link, in the registrant's language (French pages live under /fr/)."""
    with translation.override(registration.language):
        return absolute(reverse(f"events:{purpose}", args=[registration_token(registration, purpose)]))
