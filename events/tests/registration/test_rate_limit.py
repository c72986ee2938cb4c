"""The registration limit is shared by every process of a deployment (defect 10: it counted per worker)."""

import subprocess
import sys

import pytest

from events.tests.registration.processes import ROOT, manage, subprocess_env
from eventsite.infra.throttling import rate_limited

pytestmark = pytest.mark.django_db

WINDOW = 600
BUCKET_START = 1_000 * WINDOW  # a fixed clock: no test depends on the time it runs at

ATTEMPTS = """
import django

django.setup()
from eventsite.infra.throttling import rate_limited

print(sum(not rate_limited("register", "203.0.113.1", limit=5, window=600, now={now}) for _ in range(5)))
"""


def test_the_limit_holds_across_processes(tmp_path):
    """Two worker processes, five attempts each at the same time from one client: five get through in all."""
    env = subprocess_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    manage(env, "createcachetable")
    workers = [
        subprocess.Popen(  # noqa: S603 - our own code
            [sys.executable, "-c", ATTEMPTS.format(now=BUCKET_START + 1)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate() for worker in workers]
    assert [stderr for _, stderr in outputs] == ["", ""]
    assert sum(int(stdout) for stdout, _ in outputs) == 5


def attempts(count: int, now: float, key: str = "203.0.113.1") -> list[bool]:
    return [rate_limited("register", key, limit=5, window=WINDOW, now=now) for _ in range(count)]


def test_a_burst_across_a_bucket_boundary_stays_within_the_limit():
    late = attempts(3, BUCKET_START + WINDOW - 1)
    early_next = attempts(3, BUCKET_START + WINDOW + 1)
    assert (late, early_next) == ([False] * 3, [False, False, True])


def test_a_limited_client_may_try_again_two_windows_later():
    attempts(6, BUCKET_START + 1)
    assert (attempts(1, BUCKET_START + WINDOW + 1), attempts(1, BUCKET_START + 2 * WINDOW + 1)) == ([True], [False])


def test_clients_are_counted_apart():
    assert (attempts(6, BUCKET_START + 1)[-1], attempts(1, BUCKET_START + 1, key="203.0.113.2")) == (True, [False])
