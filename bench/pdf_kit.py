"""Participant kit PDF bench (2018 kit): pages, cold render, peak RSS, size, overhead vs bare WeasyPrint, warm download.

    .venv/bin/python bench/pdf_kit.py [--runs 3]

A cold render is one with no stored PDF for the content: what an editor waits for after a change. It is timed two
ways, each the median of --runs fresh processes:
- in a running render worker (its fork server already has WeasyPrint loaded): every render but a worker's first;
- as a worker's very first render, which also starts the fork server (interpreter, imports, warm-up).
Bare WeasyPrint renders the same final HTML with the same options, timed the same two ways (a second render in one
process; a fresh process with the import).
Targets on a 2-core machine: cold < 3 s, peak RSS < 250 MB, overhead <= 1.15, warm download < 20 ms, PDF < 2 MB.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLUG = "combating-online-sex-trafficking-2018"


def child_ours(var_dir: str) -> dict:
    import os
    import resource

    os.environ["BENCH_VAR_DIR"] = var_dir
    sys.path.insert(0, str(HERE))
    from _django import setup

    setup()
    import logging

    from events.documents.services import kit_render
    from events.models import Event

    peaks: list[float] = []

    class Peak(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            peaks.append(record.args[2])  # "Rendered %d pages in %.2f s, peak memory %.0f MB"

    render_logger = logging.getLogger("events.documents.render")
    render_logger.addHandler(Peak())
    render_logger.setLevel(logging.INFO)

    event = Event.objects.get(slug=SLUG)
    start = time.perf_counter()
    data = kit_render(event=event)
    first = time.perf_counter() - start
    # The same content again: rendered in full (nothing is cached at this level) by the now running worker.
    start = time.perf_counter()
    kit_render(event=event)
    seconds = time.perf_counter() - start
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds, "first": first, "bytes": len(data), "pages": pages, "rss_mb": rss_mb,
        "worker_rss_mb": max(peaks),
    }  # fmt: skip


def child_bare(html_path: str) -> dict:
    """WeasyPrint alone on the same final HTML, resources as plain files, same PDF options: a fresh process's render
    (import timed, as a worker's first render) and a second render in the same process (as a running worker's)."""
    start = time.perf_counter()
    from weasyprint import HTML

    HTML(filename=html_path).write_pdf(pdf_variant="pdf/ua-1")
    first = time.perf_counter() - start
    start = time.perf_counter()
    HTML(filename=html_path).write_pdf(pdf_variant="pdf/ua-1")
    return {"first": first, "seconds": time.perf_counter() - start}


def dump_bare_html(var_dir: str, out: Path) -> None:
    import os

    os.environ["BENCH_VAR_DIR"] = var_dir
    sys.path.insert(0, str(HERE))
    from _django import setup

    setup()
    from events.documents.content import document_html
    from events.documents.render import BASE_URL, resolve_resource
    from events.selectors import event_get_for_document

    html = document_html(event=event_get_for_document(slug=SLUG), kind="kit")
    css_path = resolve_resource(BASE_URL + "static/pdf/print.css")
    css = css_path.read_text()
    # Point the stylesheet's fonts at the files our fetcher would serve.
    import re

    def to_file(match: re.Match) -> str:
        url = match.group(1)
        absolute = BASE_URL + url.lstrip("/") if url.startswith("/") else BASE_URL + "static/pdf/" + url
        return f'url("{resolve_resource(absolute).as_uri()}")'

    css = re.sub(r'url\("([^"]+)"\)', to_file, css)
    html = re.sub(r'<link rel="stylesheet" href="[^"]+">', f"<style>{css}</style>", html, count=1)
    out.write_text(html)


def warm_download(var_dir: str, repeats: int = 50) -> float:
    import os

    os.environ["BENCH_VAR_DIR"] = var_dir
    sys.path.insert(0, str(HERE))
    from _django import setup

    setup()
    from django.test import Client

    from events.documents.tasks import render_event_documents

    render_event_documents.call(SLUG)  # the render worker's job: a download never renders
    client = Client()
    url = f"/events/{SLUG}/kit.pdf"
    first = client.get(url)
    b"".join(first.streaming_content)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
        response.close()
        assert response.status_code == 200 and body.startswith(b"%PDF")
    return statistics.median(times)


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["ours", "bare", "dump", "warm"])
    parser.add_argument("--var-dir")
    parser.add_argument("--html")
    args = parser.parse_args()
    if args.child == "ours":
        print(json.dumps(child_ours(args.var_dir)))
        return
    if args.child == "bare":
        print(json.dumps(child_bare(args.html)))
        return
    if args.child == "dump":
        dump_bare_html(args.var_dir, Path(args.html))
        print(json.dumps({}))
        return
    if args.child == "warm":
        print(json.dumps({"seconds": warm_download(args.var_dir)}))
        return

    # --var-dir: a directory holding a ready bench.sqlite3 and a .loaded marker skips the migrations and fixtures.
    var_dir = args.var_dir or tempfile.mkdtemp(prefix="eventsite-bench-")
    html = str(Path(var_dir) / "kit.html")
    run_child("--child", "dump", "--var-dir", var_dir, "--html", html)  # also loads the fixtures once
    ours = [run_child("--child", "ours", "--var-dir", var_dir) for _ in range(args.runs)]
    bare = [run_child("--child", "bare", "--html", html) for _ in range(args.runs)]
    warm = run_child("--child", "warm", "--var-dir", var_dir)
    ours_s = statistics.median(r["seconds"] for r in ours)
    bare_s = statistics.median(r["seconds"] for r in bare)
    ours_first = statistics.median(r["first"] for r in ours)
    bare_first = statistics.median(r["first"] for r in bare)
    print(f"2018 participant kit ({args.runs} fresh processes each, median)")
    print(f"  pages               {ours[0]['pages']}")
    print(f"  cold render         {ours_s:.2f} s   (target < 3 s; no stored PDF, running render worker)")
    print(f"  worker's first      {ours_first:.2f} s   (the same, plus starting the fork server: interpreter, imports)")
    print(f"  peak RSS            {max(r['rss_mb'] for r in ours):.0f} MB   (target < 250 MB; the calling process)")
    print(
        f"  render child RSS    {max(r['worker_rss_mb'] for r in ours):.0f} MB   (peak, pages shared with the server included)"
    )
    print(f"  PDF size            {ours[0]['bytes'] / 1e6:.2f} MB   (target < 2 MB)")
    print(f"  bare WeasyPrint     {bare_s:.2f} s   (second render in one process)")
    print(f"  overhead ratio      {ours_s / bare_s:.2f}   (target <= 1.15)")
    print(
        f"  bare, fresh process {bare_first:.2f} s   (import included); ratio of the first renders {ours_first / bare_first:.2f}"
    )
    print(f"  warm download       {warm['seconds'] * 1000:.1f} ms   (target < 20 ms)")


if __name__ == "__main__":
    main()
