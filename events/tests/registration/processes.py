"""A real site in other processes: what several workers or threads of one deployment share."""

import concurrent.futures
import contextlib
import dataclasses
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def subprocess_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The embedded default (SQLite in var_dir), whatever database this test session uses."""
    dropped = {"SECRET_KEY", "DJANGO_ENV", "DEBUG", "DATABASE_URL", "PROXY_COUNT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {key: value for key, value in os.environ.items() if key not in dropped}
    return {**environ, "EVENTSITE_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "eventsite.settings", **extra}


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict[str, str], log: Path, ready_path: str) -> Iterator[str]:
    """`manage.py runserver` (threaded, as `./dev serve` runs it) on a free loopback port, until the block ends."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Waiting for the server to listen: a readiness loop, not a timing assertion.
        for _ in range(300):
            assert server.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(base_url + ready_path, timeout=5):  # noqa: S310 - loopback
                    break
            except OSError:
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclasses.dataclass
class Answer:
    status: int
    body: str


def register_concurrently(base_url: str, slug: str, count: int) -> list[Answer]:
    """`count` visitors (each their own address behind one proxy) load the form, then all send it at once."""
    barrier = threading.Barrier(count)
    url = f"{base_url}/events/{slug}/register/"

    def visitor(number: int) -> Answer:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)
        headers = {"X-Forwarded-For": f"203.0.113.{number + 1}"}
        with opener.open(urllib.request.Request(url, headers=headers), timeout=60) as page:  # noqa: S310 - loopback
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "name": f"Visitor {number}", "email": f"v{number}@example.org",
             "organisation": "", "consent": "on"}
        ).encode()  # fmt: skip
        barrier.wait(timeout=60)
        try:
            with opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=60) as response:  # noqa: S310
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:  # redirects (refused above), 4xx and 5xx
            return Answer(error.code, error.read().decode())

    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(visitor, range(count)))
