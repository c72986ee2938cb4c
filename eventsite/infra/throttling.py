"""Who is asking, and how often: the client address and rate limits, shared by every process.

The client address is decided here only (django-axes' login lockout calls `client_ip` too, through
AXES_CLIENT_IP_CALLABLE), so the login lockout and the registration limit agree on who a client is.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT trusted proxies the X-Forwarded-For entry the
    outermost of them appended.

    Each proxy appends the address it received the request from, so the client's own address is the
    PROXY_COUNT-th entry from the right; anything left of it was written by the client and is not trusted.
    Without PROXY_COUNT the header is ignored: anyone can send it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies configured: the request did not come through all of them; the peer is all we know.
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


def rate_limited(scope: str, key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt by `key` and say whether it goes over `limit` attempts per `window` seconds.

    Attempts claim numbered slots with cache.add, which is atomic on every shared backend (a primary key insert
    on the database cache, SET NX on Redis), so concurrent processes cannot both take the same slot. Slots live in
    fixed buckets of `window` seconds; the previous bucket's slots count too, so a burst at a bucket boundary
    cannot double the limit (the limit holds over any `window`; a locked client waits one to two windows).
    """
    bucket = int((time.time() if now is None else now) // window)
    prefix = f"ratelimit:{scope}:{key}"
    previous = cache.get_many([f"{prefix}:{bucket - 1}:{slot}" for slot in range(limit)])
    for slot in range(limit - len(previous)):
        if cache.add(f"{prefix}:{bucket}:{slot}", True, timeout=2 * window):
            return False
    return True


def create_cache_table(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: the database cache's table exists wherever `migrate` ran (it is not a migration)."""
    call_command("createcachetable", database=using, verbosity=0)
