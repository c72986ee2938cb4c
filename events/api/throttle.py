"""The API's rate limit: requests per client address in fixed windows, counted in this process's memory.

Counting in memory costs no query (the database cache would cost several per request, and the API is meant to be
polled); with several worker processes a client gets up to that many times the limit, which is enough to stop a
runaway script. The client address is eventsite.infra.throttling's (honours PROXY_COUNT).
"""

import threading
import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from eventsite.infra.throttling import client_ip


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/60" -> (600 requests, 60 seconds); "0" -> no limit."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 1)


class ClientRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window = -1
        self.counts: dict[str, int] = {}
        self.seconds = 1
        self.clock = time.time  # replaceable in tests

    def allow_request(self, request: HttpRequest) -> bool:
        limit, self.seconds = parse_rate(settings.API_RATE_LIMIT)
        if limit <= 0:
            return True
        window = int(self.clock() // self.seconds)
        key = client_ip(request)
        with self.lock:
            if window != self.window:  # a new window forgets every client of the last one
                self.window, self.counts = window, {}
            self.counts[key] = count = self.counts.get(key, 0) + 1
        return count <= limit

    def wait(self) -> float:
        return self.seconds - self.clock() % self.seconds
