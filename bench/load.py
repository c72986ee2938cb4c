"""Production mode under load: gunicorn (3 sync workers) on a throwaway PostgreSQL, closed-loop HTTP clients.

    .venv/bin/python bench/load.py [--seconds 20] [--clients 16] [--max-requests 100000]

Everything stays on 127.0.0.1: a private PostgreSQL cluster (bench/_pg.py), gunicorn bound to loopback, and
--clients threads that each send one request, wait for the whole answer, then send the next (http.client,
keep-alive when the server allows it) for --seconds per target. Per target: requests, requests/s, p50/p95/p99
latency and errors (a non-2xx answer or an exception); the target is zero errors. Everything started here is
stopped on exit, errors included.
"""

import argparse
import atexit
import http.client
import math
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import _pg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
EVENT = "combating-online-sex-trafficking-2018"
TARGETS = {
    "event page": f"/events/{EVENT}/",
    "speaker page": "/speakers/valiant-richey/",
    "kit PDF": f"/events/{EVENT}/kit.pdf",
}


def stop_on_sigterm() -> None:
    """A SIGTERM runs the finally blocks and atexit handlers that stop what we started."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def production_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        EVENTSITE_VAR_DIR=str(var_dir),
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 240) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict[str, str], *, collectstatic: bool = True) -> dict[str, float]:
    """migrate, load_fixtures, collectstatic; the seconds each took."""
    steps = [("migrate", "--no-input", "-v0"), ("load_fixtures", "-v0")]
    if collectstatic:
        steps.append(("collectstatic", "--noinput", "-v0"))
    timings = {}
    for step in steps:
        started = time.perf_counter()
        manage(env, *step)
        timings[step[0]] = time.perf_counter() - started
    return timings


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn in its own process group, stopped (SIGTERM, then SIGKILL) on stop(), exit or error."""

    def __init__(self, env: dict[str, str], *, workers: int = 3, log: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Gunicorn":
        atexit.register(self.stop)
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "5",
             "--timeout", "60", "eventsite.wsgi"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}): see {self.log_path}")
            try:
                status, _ = request(self.port, "/robots.txt", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: see {self.log_path}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.log.close()

    def __enter__(self) -> "Gunicorn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity", "User-Agent": "eventsite-bench"}


def request(port: int, path: str, timeout: float = 30) -> tuple[int, int]:
    """One request on a new connection: (status, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


@dataclass
class Result:
    # (start, end, status or None for an exception), perf_counter seconds
    samples: list[tuple[float, float, int | None]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    connections: int = 0
    started: float = 0.0
    finished: float = 0.0


def run_load(
    port: int, path: str, *, seconds: float, clients: int, max_requests: int, request_timeout: float = 30
) -> Result:
    """Closed loop: each client sends the next request when the previous answer is fully read. Bounded in time
    (--seconds) and count (max_requests in all)."""
    result = Result()
    lock = threading.Lock()
    budget = [max_requests]
    result.started = time.perf_counter()
    deadline = result.started + seconds

    def client() -> None:
        conn: http.client.HTTPConnection | None = None
        samples, errors, connections = [], {}, 0
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=request_timeout)
                    connections += 1
                start = time.perf_counter()
                status: int | None = None
                try:
                    conn.request("GET", path, headers=HEADERS)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.will_close:
                        conn.close()
                        conn = None
                    if not 200 <= status < 300:
                        errors[f"HTTP {status}"] = errors.get(f"HTTP {status}", 0) + 1
                except (OSError, http.client.HTTPException) as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                    conn.close()
                    conn = None
                samples.append((start, time.perf_counter(), status))
        finally:
            if conn is not None:
                conn.close()
            with lock:
                result.samples.extend(samples)
                result.connections += connections
                for key, count in errors.items():
                    result.errors[key] = result.errors.get(key, 0) + count

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + request_timeout + 30)
    result.finished = time.perf_counter()
    return result


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = math.ceil(p / 100 * len(sorted_values))  # nearest-rank percentile
    return sorted_values[min(len(sorted_values), max(1, rank)) - 1]


def summary(result: Result) -> dict:
    latencies = sorted((end - start) * 1000 for start, end, _ in result.samples)
    errors = sum(1 for _, _, status in result.samples if status is None or not 200 <= status < 300)
    elapsed = result.finished - result.started
    return {
        "requests": len(result.samples),
        "rps": len(result.samples) / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "errors": errors,
        "error_kinds": dict(result.errors),
        "connections": result.connections,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="per target")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=100_000, help="hard cap per target")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    stop_on_sigterm()

    var_dir = Path(tempfile.mkdtemp(prefix="eventsite-load-"))
    server: Gunicorn | None = None
    try:
        started = time.perf_counter()
        _pg.start()
        url = _pg.create_database("eventsite")
        env = production_env(url, var_dir)
        timings = prepare(env)
        print(f"set-up: PostgreSQL {_pg.cluster().port}, " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        server = Gunicorn(env, workers=args.workers, log=var_dir / "gunicorn.log").start()
        warm_start = time.perf_counter()
        status, size = request(server.port, TARGETS["kit PDF"], timeout=120)
        if status != 200:
            raise RuntimeError(f"warming the kit PDF answered {status}")
        print(
            f"gunicorn --workers {args.workers} on 127.0.0.1:{server.port} (sync workers: one request per connection); "
            f"kit PDF warmed in {time.perf_counter() - warm_start:.1f} s ({size / 1e6:.2f} MB); "
            f"set-up total {time.perf_counter() - started:.0f} s"
        )
        print(
            f"\nclosed loop, {args.clients} clients, {args.seconds:.0f} s per target, {os.cpu_count()} CPU cores "
            "(clients and server share them)"
        )
        print(f"{'target':<14}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        failed = False
        for name, path in TARGETS.items():
            request(server.port, path)  # warm every worker's caches a little
            figures = summary(
                run_load(server.port, path, seconds=args.seconds, clients=args.clients, max_requests=args.max_requests)
            )
            print(
                f"{name:<14}{figures['requests']:>9}{figures['rps']:>9.1f}{figures['p50']:>9.1f}{figures['p95']:>9.1f}"
                f"{figures['p99']:>9.1f}{figures['errors']:>8}"
                + (f"  {figures['error_kinds']}" if figures["errors"] else "")
            )
            failed = failed or figures["errors"] > 0
        print("\nzero errors: " + ("NO" if failed else "yes"))
        return 1 if failed else 0
    finally:
        if server is not None:
            server.stop()
        _pg.stop()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
