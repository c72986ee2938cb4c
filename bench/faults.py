"""Fault scenarios on a throwaway PostgreSQL cluster on loopback; each prints PASS/FAIL with its figures.

    .venv/bin/python bench/faults.py [--only a,b,c] [--kill-after 1.0]

a. render worker killed mid-render: `db_worker` is SIGKILLed twice, once while it renders the kit and once while it
   renders the proceedings (the new kit already stored); the previous good PDF must survive, no half-written PDF may
   be registered, and `documents_refresh` + `db_worker --batch` must bring every document of the event up to date.
b. PostgreSQL restarted during load: gunicorn in production mode (3 workers, DB_CONN_MAX_AGE=60) under a steady
   closed-loop load on the event page, `pg_ctl restart -m fast` after ~5 s, then ~10 s more; errors are allowed only
   in the outage window (+2 s) and the last 5 s must be clean. Then a restart while the site is idle: the next
   requests must all succeed. Run as configured, then with CONN_HEALTH_CHECKS=True (a bench-only settings module).
c. backup and restore round trip: dumpdata (natural keys) of events and speakers, loaddata into a fresh database,
   dumpdata again: both dumps must be identical; per-model counts; also pg_dump/pg_restore table counts.

The exit status is non-zero when a scenario fails. Everything started here is stopped on exit, errors included.
"""

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import _pg
from load import Gunicorn, manage, prepare, production_env, run_load, stop_on_sigterm, summary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
EVENT = "combating-online-sex-trafficking-2018"
EVENT_PATH = f"/events/{EVENT}/"
TASKS_DB = "django_tasks_db.DatabaseBackend"


# --- Children: Django code run in a subprocess with the scenario's environment ----------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def child_render_kit() -> dict:
    from events.documents.services import document_refresh
    from events.models import DataVersion, Event

    started = time.perf_counter()
    document = document_refresh(event=Event.objects.get(slug=EVENT), kind="kit")
    return {
        "seconds": time.perf_counter() - started,
        "pk": document.pk,
        "path": document.file.path,
        "sha256": document.sha256,
        "file_sha256": _sha256(Path(document.file.path)),
        "version": DataVersion.current(),
    }


def child_edit(marker: str) -> dict:
    """An editor's change through the ORM: the documents are now outdated."""
    from events.models import DataVersion, KitSection

    section = KitSection.objects.get(event__slug=EVENT, slug="call-for-action")
    section.body += f"<p>{marker}</p>"
    section.save()
    return {"section": section.slug, "version": DataVersion.current()}


def child_enqueue() -> dict:
    from events.documents.tasks import render_event_documents

    return {"task": str(render_event_documents.enqueue(EVENT).id)}


def child_check_files(old_path: str, old_sha256: str) -> dict:
    """Every registered PDF is whole (exists, %PDF, SHA-256 as recorded); files on disk that nobody registered."""
    from django.conf import settings

    from events.models import RenderedDocument

    bad, registered = [], set()
    documents = list(RenderedDocument.objects.select_related("event"))
    for document in documents:
        path = Path(document.file.path)
        registered.add(path.resolve())
        if not path.is_file():
            bad.append(f"{document.file.name}: missing")
            continue
        data = path.read_bytes()
        if not data.startswith(b"%PDF"):
            bad.append(f"{document.file.name}: does not start with %PDF")
        elif hashlib.sha256(data).hexdigest() != document.sha256:
            bad.append(f"{document.file.name}: SHA-256 differs from the database")
        elif not data.rstrip().endswith(b"%%EOF"):
            bad.append(f"{document.file.name}: no %%EOF (truncated)")
    on_disk = {p.resolve() for p in (Path(settings.MEDIA_ROOT) / "documents").rglob("*") if p.is_file()}
    old = Path(old_path)
    return {
        "registered": len(documents),
        "bad": bad,
        "unregistered_files": sorted(str(p.name) for p in on_disk - registered),
        "old_exists": old.is_file(),
        "old_same_sha256": old.is_file() and _sha256(old) == old_sha256,
    }


def child_current(marker: str) -> dict:
    import io

    from django_tasks_db.models import DBTaskResult
    from pypdf import PdfReader

    from events.documents.content import available_kinds
    from events.models import DataVersion, RenderedDocument
    from events.selectors import event_get_for_document

    version = DataVersion.current()
    event = event_get_for_document(slug=EVENT, include_drafts=True)
    kinds = {}
    marker_in_kit = False
    for kind in available_kinds(event):
        document = RenderedDocument.objects.filter(
            event__slug=EVENT, kind=kind, paper="a4", checked_at_version=version
        ).first()
        kinds[kind] = document is not None
        if kind == "kit" and document is not None:
            reader = PdfReader(io.BytesIO(Path(document.file.path).read_bytes()))
            text = "".join(page.extract_text() or "" for page in reader.pages)
            marker_in_kit = _normalise(marker) in _normalise(text)
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    return {"version": version, "current": kinds, "marker_in_kit": marker_in_kit, "tasks": dict(statuses)}


def child_prepare_backup_source(marker: str) -> dict:
    """Give the source database content of every kind: a rendered kit, a frozen edition, a history row."""
    from events.documents.services import document_refresh, kit_edition_freeze
    from events.models import Event, KitSection

    section = KitSection.objects.get(event__slug=EVENT, slug="call-for-action")
    section.body += f"<p>{marker}</p>"
    section.save()
    event = Event.objects.get(slug=EVENT)
    document_refresh(event=event, kind="kit")
    edition = kit_edition_freeze(event=event)
    return {"edition": edition.number}


def child_db_settings() -> dict:
    from django.db import connection

    return {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}


CHILDREN = {
    "db_settings": child_db_settings,
    "render_kit": child_render_kit,
    "edit": child_edit,
    "enqueue": child_enqueue,
    "check_files": child_check_files,
    "current": child_current,
    "prepare_backup_source": child_prepare_backup_source,
}


def run_child(env: dict[str, str], name: str, timeout: float = 180, **kwargs) -> dict:
    result = subprocess.run(  # noqa: S603
        [PYTHON, __file__, "--child", name, "--child-args", json.dumps(kwargs)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"child {name} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Helpers --------------------------------------------------------------------------------------------------------


class Process:
    """A subprocess in its own process group, killed with it on stop() (or at exit)."""

    registry: list["Process"] = []

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(  # noqa: S603
            args, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        Process.registry.append(self)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self.log.close()

    @classmethod
    def stop_all(cls) -> None:
        while cls.registry:
            cls.registry.pop().kill()


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


def wait_for(predicate, *, timeout: float, interval: float = 0.05, what: str) -> float:
    """Poll until predicate() is true (bounded); the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def task_status(url: str, task_id: str) -> str | None:
    rows = query(url, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", (task_id,))
    return rows[0][0] if rows else None


def kind_current(url: str, kind: str) -> bool:
    return bool(
        query(
            url,
            "SELECT 1 FROM events_rendereddocument d JOIN events_event e ON e.id = d.event_id "
            "WHERE e.slug = %s AND d.kind = %s AND d.paper = 'a4' "
            "AND d.checked_at_version = (SELECT number FROM events_dataversion WHERE id = 1)",
            (EVENT, kind),
        )
    )


class Report:
    def __init__(self, title: str, *, counts: bool = True) -> None:
        self.title, self.lines, self.failures, self.counts = title, [], [], counts
        print(f"\n=== {title}", flush=True)

    def line(self, text: str) -> None:
        self.lines.append(text)
        print(f"  {text}", flush=True)

    def check(self, ok: bool, text: str) -> None:
        self.line(f"[{'ok' if ok else 'FAIL'}] {text}")
        if not ok:
            self.failures.append(text)

    def verdict(self) -> bool:
        outcome = "PASS" if not self.failures else "FAIL"
        print(f"{outcome if self.counts else f'(comparison: would {outcome})'}: {self.title}", flush=True)
        return not self.failures


# --- a. render worker killed mid-render ----------------------------------------------------------------------------


def scenario_a(work: Path, template: str, kill_after: float) -> bool:
    report = Report("a. render worker killed mid-render")
    url = _pg.create_database("fault_a", template=template)
    var_dir = work / "a"
    var_dir.mkdir()
    # Local mode with DEBUG off: a render worker needs no collected static files, and DEBUG off means no autoreloader.
    env = production_env(url, var_dir, DJANGO_ENV="local", DEBUG="false", TASKS_BACKEND=TASKS_DB)
    worker_args = [
        PYTHON,
        str(ROOT / "manage.py"),
        "db_worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.2",
    ]

    good = run_child(env, "render_kit")
    report.line(
        f"good kit rendered in {good['seconds']:.1f} s: {Path(good['path']).name} sha256 {good['sha256'][:16]}…"
    )
    report.check(good["sha256"] == good["file_sha256"], "the good kit file matches its recorded SHA-256")

    marker = f"Faultcheck {os.getpid()} marker"
    edit = run_child(env, "edit", marker=marker)
    report.line(
        f"edited kit section {edit['section']!r} with .save(): data version {good['version']} -> {edit['version']}"
    )

    # Kill 1: while the kit is being rendered.
    task = run_child(env, "enqueue")["task"]
    worker = Process(worker_args, env, var_dir / "worker1.log")
    to_running = wait_for(lambda: task_status(url, task) == "RUNNING", timeout=60, what="the task to be RUNNING")
    time.sleep(kill_after)
    state = task_status(url, task), kind_current(url, "kit")
    worker.kill()
    report.line(
        f"kill 1: task RUNNING {to_running:.2f} s after the worker started; SIGKILL {kill_after:.1f} s later "
        f"(task {state[0]}, new kit stored: {state[1]})"
    )
    report.check(state == ("RUNNING", False), "kill 1 landed while the kit was being rendered")
    files = run_child(env, "check_files", old_path=good["path"], old_sha256=good["sha256"])
    report.check(files["old_exists"] and files["old_same_sha256"], "after kill 1 the previous good kit is intact")
    report.check(not files["bad"], f"after kill 1 every registered PDF is whole ({files['registered']}) {files['bad']}")

    # Kill 2: once the new kit is stored, while the proceedings are being rendered.
    task2 = run_child(env, "enqueue")["task"]
    worker = Process(worker_args, env, var_dir / "worker2.log")
    started = time.monotonic()
    wait_for(
        lambda: kind_current(url, "kit") or not worker.alive(), timeout=120, what="the new kit to be stored"
    )  # fmt: skip
    kit_done = time.monotonic() - started
    time.sleep(0.3)
    state = task_status(url, task2), kind_current(url, "proceedings")
    worker.kill()
    report.line(
        f"kill 2: new kit stored {kit_done:.2f} s after the worker started; SIGKILL 0.3 s later "
        f"(task {state[0]}, proceedings current: {state[1]})"
    )
    report.check(state == ("RUNNING", False), "kill 2 landed while the proceedings were being rendered")
    files = run_child(env, "check_files", old_path=good["path"], old_sha256=good["sha256"])
    report.check(files["old_exists"] and files["old_same_sha256"], "after kill 2 the previous good kit is intact")
    report.check(not files["bad"], f"after kill 2 every registered PDF is whole ({files['registered']}) {files['bad']}")
    if files["unregistered_files"]:
        report.line(f"unregistered files left in media/documents: {files['unregistered_files']}")
    before = run_child(env, "current", marker=marker)
    report.line(f"before the restart: current {before['current']}, task results {before['tasks']}")

    # The documented restart: documents_refresh, then a worker.
    started = time.perf_counter()
    refresh = manage(env, "documents_refresh").strip()
    batch = subprocess.run(  # noqa: S603
        [*worker_args[:3], "--batch", "--no-startup-delay"], env=env, cwd=ROOT, capture_output=True, timeout=240
    )
    restart_seconds = time.perf_counter() - started
    after = run_child(env, "current", marker=marker)
    report.line(f"restart: documents_refresh said {refresh!r}; db_worker --batch exit {batch.returncode}, "
                f"{restart_seconds:.1f} s in all")  # fmt: skip
    report.line(
        f"after the restart: data version {after['version']}, current {after['current']}, tasks {after['tasks']}"
    )
    all_current = all(after["current"].values())
    report.check(all_current, "after documents_refresh + db_worker --batch every document of the event is current")
    report.check(after["marker_in_kit"], "the current kit PDF contains the edit")
    stale = after["tasks"].get("RUNNING", 0)
    report.line(
        f"note: {stale} task result(s) stay RUNNING forever (killed workers; django-tasks-db does not reap them)"
    )
    files = run_child(env, "check_files", old_path=good["path"], old_sha256=good["sha256"])
    report.check(not files["bad"], f"at the end every registered PDF is whole ({files['registered']}) {files['bad']}")
    return report.verdict()


# --- b. PostgreSQL restarted during load ---------------------------------------------------------------------------


def restart_under_load(report: Report, port: int, *, before: float, after: float, clients: int) -> bool:
    holder: dict = {}
    window: dict = {}

    def load() -> None:
        holder["result"] = run_load(
            port, EVENT_PATH, seconds=before + after + 3, clients=clients, max_requests=20_000, request_timeout=15
        )

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    time.sleep(before)
    window["start"] = time.perf_counter()
    window["seconds"] = _pg.restart()
    window["end"] = time.perf_counter()
    thread.join(timeout=before + after + 60)
    result = holder["result"]
    t0 = result.started
    restart_start, restart_end = window["start"] - t0, window["end"] - t0
    end = result.finished - t0
    per_second: dict[int, list[int]] = {}
    errors = []
    for _start, finish, status in result.samples:
        second = int(finish - t0)
        bucket = per_second.setdefault(second, [0, 0])
        if status is not None and 200 <= status < 300:
            bucket[0] += 1
        else:
            bucket[1] += 1
            errors.append(finish - t0)
    figures = summary(result)
    report.line(
        f"load: {clients} clients on {EVENT_PATH} for {end:.1f} s: {figures['requests']} requests, "
        f"{figures['rps']:.1f}/s, p50 {figures['p50']:.0f} ms, p99 {figures['p99']:.0f} ms"
    )
    report.line(
        f"pg_ctl restart -m fast from t={restart_start:.2f} s to t={restart_end:.2f} s ({window['seconds']:.2f} s)"
    )
    report.line("timeline (by answer time): second: ok/errors")
    report.line(
        "  " + "  ".join(f"{s}:{ok}/{err}{'*' if err else ''}" for s, (ok, err) in sorted(per_second.items()))
    )  # fmt: skip
    if errors:
        report.line(f"errors {len(errors)} {figures['error_kinds']}, at t=" + ", ".join(f"{e:.2f}" for e in errors))
    grace = 2.0
    outside = [e for e in errors if not restart_start <= e <= restart_end + grace]
    after_back = [e for e in errors if e > restart_end]
    report.line(f"errors after PostgreSQL was back up: {len(after_back)}")
    report.check(not outside, f"errors only within the restart window + {grace:.0f} s ({len(outside)} outside)")
    report.check(not [e for e in errors if e > end - 5], "the last 5 s are error-free")
    return not outside


def restart_while_idle(report: Report, port: int) -> None:
    """A quiet site: PostgreSQL restarts while no request runs; the next requests find the workers' old sessions."""
    time.sleep(1)
    seconds = _pg.restart()
    time.sleep(2)
    result = run_load(port, EVENT_PATH, seconds=20, clients=3, max_requests=12, request_timeout=15)
    figures = summary(result)
    statuses = Counter(status for _, _, status in sorted(result.samples))
    report.line(
        f"idle restart ({seconds:.2f} s), then 12 requests (3 clients) from 2 s after it: "
        f"{figures['errors']} errors, statuses {dict(statuses)}"
    )
    report.check(
        figures["errors"] == 0, "no error once PostgreSQL has been back for 2 s (site idle during the restart)"
    )


def scenario_b(work: Path, template: str, *, clients: int) -> bool:
    url = _pg.create_database("fault_b", template=template)
    var_dir = work / "b"
    var_dir.mkdir()
    env = production_env(url, var_dir)
    started = time.perf_counter()
    manage(env, "collectstatic", "--noinput", "-v0")
    configured = run_child(env, "db_settings")
    print(f"\n(b set-up: collectstatic {time.perf_counter() - started:.1f} s; settings: {configured})")
    # The comparison run flips CONN_HEALTH_CHECKS through a bench-only settings module (no project file changes).
    flipped = not configured["CONN_HEALTH_CHECKS"]
    settings_dir = work / "b-settings"
    settings_dir.mkdir()
    (settings_dir / "bench_flipped_settings.py").write_text(
        "from eventsite.settings import *  # noqa: F403\n\n"
        f'DATABASES["default"]["CONN_HEALTH_CHECKS"] = {flipped}  # noqa: F405\n'
    )
    flipped_env = dict(
        env, DJANGO_SETTINGS_MODULE="bench_flipped_settings", PYTHONPATH=os.pathsep.join([str(settings_dir), str(ROOT)])
    )
    verdict = True
    for title, variant_env, counts in (
        (f"b. PostgreSQL restarted during load (settings as configured: {configured})", env, True),
        (f"b'. comparison, not a verdict: the same with CONN_HEALTH_CHECKS={flipped}", flipped_env, False),
    ):
        report = Report(title, counts=counts)
        with Gunicorn(variant_env, workers=3, log=var_dir / "gunicorn.log") as server:
            report.line(f"gunicorn --workers 3 on 127.0.0.1:{server.port}")
            run_load(server.port, EVENT_PATH, seconds=10, clients=3, max_requests=9)  # every worker has a connection
            restart_under_load(report, server.port, before=5, after=10, clients=clients)
            restart_while_idle(report, server.port)
        passed = report.verdict()
        verdict = verdict and (passed or not counts)
    return verdict


# --- c. backup and restore round trip ------------------------------------------------------------------------------

# Rows whose values are not content: DataVersion is bumped by every saved row (loaddata's saves too), so a
# restored database holds another number. It is excluded; every other model of events and speakers is kept.
DUMP_EXCLUDE = ["events.DataVersion"]


def dump(env: dict[str, str], out: Path) -> list[dict]:
    args = ["dumpdata", "events", "speakers", "--natural-foreign", "--natural-primary", "--indent", "1", "-o", str(out)]
    for label in DUMP_EXCLUDE:
        args += ["--exclude", label]
    manage(env, *args)
    return json.loads(out.read_text())


def table_counts(url: str) -> dict[str, int]:
    tables = [
        row[0]
        for row in query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ]  # fmt: skip
    return {t: query(url, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}  # noqa: S608 (catalog names)


def scenario_c(work: Path, template: str) -> bool:
    report = Report("c. backup and restore round trip")
    source = _pg.create_database("fault_c_source", template=template)
    var_dir = work / "c"
    var_dir.mkdir()
    env = production_env(source, var_dir, DJANGO_ENV="local", DEBUG="false")
    run_child(env, "prepare_backup_source", marker="Backup round trip marker")
    started = time.perf_counter()
    first = dump(env, var_dir / "dump1.json")
    dump_seconds = time.perf_counter() - started
    target = _pg.create_database("fault_c_restored")
    target_env = dict(env, DATABASE_URL=target)
    started = time.perf_counter()
    manage(target_env, "migrate", "--no-input", "-v0")
    manage(target_env, "loaddata", str(var_dir / "dump1.json"), "-v0")
    load_seconds = time.perf_counter() - started
    second = dump(target_env, var_dir / "dump2.json")
    report.line(f"excluded from the dump: {', '.join(DUMP_EXCLUDE)} (a counter bumped by every save, loaddata's too)")
    report.line(f"dumpdata {dump_seconds:.1f} s ({len(first)} objects), migrate + loaddata {load_seconds:.1f} s")
    counts1, counts2 = Counter(o["model"] for o in first), Counter(o["model"] for o in second)
    report.line("per model (first dump / second dump):")
    for model in sorted(counts1 | counts2):
        mark = "" if counts1[model] == counts2[model] else "   <- differs"
        report.line(f"  {model:<40}{counts1[model]:>6}{counts2[model]:>6}{mark}")
    identical = first == second
    if not identical:
        for index, (a, b) in enumerate(zip(first, second, strict=False)):
            if a != b:
                report.line(f"first difference at object {index}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}")
                break
    report.check(identical, f"the two dumps are identical ({len(first)} vs {len(second)} objects)")
    source_counts, target_counts = table_counts(source), table_counts(target)
    content = [t for t in source_counts if t.startswith(("events_", "speakers_")) and t != "events_dataversion"]
    differ = [t for t in content if source_counts[t] != target_counts.get(t)]
    report.check(not differ, f"row counts of {len(content)} events/speakers tables equal in both databases {differ}")

    # pg_dump / pg_restore: the whole database, byte for byte at the SQL level.
    try:
        pg_dump, pg_restore = _pg.pg_bin("pg_dump"), _pg.pg_bin("pg_restore")
    except RuntimeError:
        report.line("pg_dump not found: skipped")
        return report.verdict()
    archive = var_dir / "source.dump"
    started = time.perf_counter()
    subprocess.run([pg_dump, "-Fc", "-f", str(archive), "--no-owner", source], check=True, timeout=120)  # noqa: S603
    restored = _pg.create_database("fault_c_pg_restore")
    subprocess.run(  # noqa: S603
        [pg_restore, "--no-owner", "--exit-on-error", "-d", restored, str(archive)], check=True, timeout=120
    )
    restore_seconds = time.perf_counter() - started
    restored_counts = table_counts(restored)
    differ = [t for t in source_counts if source_counts[t] != restored_counts.get(t)]
    report.line(
        f"pg_dump -Fc ({archive.stat().st_size / 1e3:.0f} kB) + pg_restore {restore_seconds:.1f} s: "
        f"{len(source_counts)} tables, {sum(source_counts.values())} rows in the source, "
        f"{sum(restored_counts.values())} restored"
    )
    report.check(not differ, f"pg_restore row counts equal for every table {differ}")
    return report.verdict()


# --- main ----------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="a,b,c")
    parser.add_argument("--kill-after", type=float, default=1.0, help="seconds after RUNNING for the first kill")
    parser.add_argument("--clients", type=int, default=4, help="steady load of scenario b")
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--child-args", default="{}")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
        import django

        django.setup()
        print(json.dumps(CHILDREN[args.child](**json.loads(args.child_args))))
        return 0

    stop_on_sigterm()
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="eventsite-faults-"))
    verdicts: dict[str, bool] = {}
    try:
        started = time.perf_counter()
        _pg.start()
        template = "eventsite_template"
        url = _pg.create_database(template)
        (work / "template").mkdir()
        timings = prepare(production_env(url, work / "template"), collectstatic=False)
        print(
            f"PostgreSQL on 127.0.0.1:{_pg.cluster().port}; template database: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            + f"; set-up {time.perf_counter() - started:.1f} s"
        )
        scenarios = {
            "a": lambda: scenario_a(work, template, args.kill_after),
            "b": lambda: scenario_b(work, template, clients=args.clients),
            "c": lambda: scenario_c(work, template),
        }
        for key, run in scenarios.items():
            if key not in only:
                continue
            scenario_started = time.perf_counter()
            try:
                verdicts[key] = run()
            except Exception as error:  # a scenario that cannot finish is a failure, the others still run
                print(f"FAIL: scenario {key} raised {type(error).__name__}: {error}", flush=True)
                verdicts[key] = False
            finally:
                Process.stop_all()
            print(f"(scenario {key}: {time.perf_counter() - scenario_started:.0f} s)", flush=True)
        print("\nsummary: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in verdicts.items()))
        return 0 if verdicts and all(verdicts.values()) else 1
    finally:
        Process.stop_all()
        _pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
