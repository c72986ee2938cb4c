"""A throwaway PostgreSQL cluster on 127.0.0.1 for the bench and fault scripts.

    from _pg import start, stop, restart
    url = start()          # postgres://eventsite@127.0.0.1:PORT/postgres
    ...
    restart()              # pg_ctl -m fast restart; returns the seconds it took
    stop()                 # also registered with atexit

Like `./dev test`: initdb/pg_ctl from /usr/lib/postgresql/*/bin, run as the `postgres` user when we are root
(initdb refuses root), trust authentication for the `eventsite` role, fsync off, a random free port on loopback
and a temporary directory that stop() removes.
"""

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "eventsite"


def pg_bin(name: str) -> str:
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} was not found (install the 'postgresql' package)")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_pg_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self) -> None:
        self.dir: Path | None = None
        self.port: int | None = None
        self.running = False

    @property
    def data(self) -> Path:
        assert self.dir is not None
        return self.dir / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://{USER}@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str, timeout: float = 60) -> None:
        command = _as_pg_user([pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), *args])
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=timeout)  # noqa: S603

    def start(self) -> str:
        if self.running:
            return self.url()
        self.dir = Path(tempfile.mkdtemp(prefix="eventsite-pg-"))
        self.dir.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        with open(self.dir / "initdb.log", "w") as log:
            subprocess.run(  # noqa: S603
                _as_pg_user([pg_bin("initdb"), "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8"]),
                check=True, stdout=log, stderr=subprocess.STDOUT, timeout=120,
            )  # fmt: skip
        last_error: Exception | None = None
        for _ in range(3):  # a free port can be taken between the probe and the server's bind
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=100"
            )
            try:
                self._pg_ctl("-w", "-t", "60", "-o", options, "start", timeout=90)
            except subprocess.CalledProcessError as error:
                last_error = error
                continue
            self.running = True
            return self.url()
        raise RuntimeError(f"PostgreSQL did not start: see {self.dir / 'server.log'}") from last_error

    def restart(self) -> float:
        """Fast shutdown (open sessions are terminated) and start again; the seconds the server was away."""
        started = time.perf_counter()
        self._pg_ctl("-w", "-t", "60", "-m", "fast", "restart", timeout=90)
        return time.perf_counter() - started

    def stop(self) -> None:
        if self.dir is None:
            return
        if self.running and self.data.is_dir():
            try:
                self._pg_ctl("-w", "-t", "30", "-m", "fast", "stop", timeout=40)
            except (subprocess.SubprocessError, OSError):
                with contextlib.suppress(subprocess.SubprocessError, OSError):
                    self._pg_ctl("-m", "immediate", "stop", timeout=20)
        self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def create_database(self, name: str, template: str | None = None) -> str:
        """CREATE DATABASE (optionally a copy of `template`, which must have no open connection); its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
            conn.execute(query)
        return self.url(name)


_cluster = Cluster()


def start() -> str:
    """Start the shared cluster (once) and return its DATABASE_URL (the `postgres` database)."""
    atexit.register(_cluster.stop)
    return _cluster.start()


def restart() -> float:
    return _cluster.restart()


def stop() -> None:
    _cluster.stop()


def create_database(name: str, template: str | None = None) -> str:
    return _cluster.create_database(name, template)


def cluster() -> Cluster:
    return _cluster
