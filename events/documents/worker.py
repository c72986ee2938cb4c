"""The render worker: WeasyPrint loaded once in a fork server, one forked child per render.

The fork server is multiprocessing's "forkserver": a fresh interpreter started on the first render (never a fork of
the web or task process, which may run threads). It imports WeasyPrint and renders a small document once
(events/documents/warm.py), so each render starts without the import and first-use costs (about 0.8 s of the
2018 kit's 4 s cold in a fresh interpreter). Each render is a child forked from that single-threaded server: it
limits its own address space, renders, writes the PDF to the file named in the request and an answer beside it.
The parent (render.render_bounded) enforces the wall time.
"""

import functools
import gc
import json
import multiprocessing
import resource
import sys
import time
import traceback
from multiprocessing.context import BaseContext

MEMORY_EXIT = 3


@functools.cache
def context() -> BaseContext:
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(["events.documents.warm"])
    return forkserver


def answer_path(output: str) -> str:
    return output + ".json"


def render_child(request: dict) -> None:
    """Runs in the forked child: the request names the output file; the answer is {"pages": n, ...} or {"error": ...}."""
    started = time.perf_counter()
    # Whether this child was forked from a server that finished its warm-up (an ImportError there is silent).
    warm = "events.documents.warm" in sys.modules
    limit = request["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # The child lives for one render, inside that limit: the collector's passes over the layout tree would cost a
    # tenth of the render and free almost nothing (4 MB on the 2018 kit).
    gc.disable()
    code = 0
    try:
        from events.documents.render import Places, html_to_pdf

        pdf = html_to_pdf(request["html"], tagged=request["tagged"], places=Places(**request["places"]))
        with open(request["output"], "wb") as output:
            output.write(pdf.data)
        # Peak resident memory includes the pages shared with the fork server: the figure to size MEMORY_MB by.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        answer = {"pages": pdf.pages, "seconds": time.perf_counter() - started, "peak_mb": peak_mb, "warm": warm}
    except MemoryError:
        answer, code = {"error": "memory"}, MEMORY_EXIT
    except Exception:  # reported to the parent, which logs it and fails the render
        answer, code = {"error": traceback.format_exc()}, 1
    try:
        with open(answer_path(request["output"]), "w") as file:
            json.dump(answer, file)
    except MemoryError:
        code = MEMORY_EXIT
    sys.exit(code)
