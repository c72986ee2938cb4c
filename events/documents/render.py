"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

import ctypes
import dataclasses
import errno
import functools
import gc
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import signal
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import font_source_sans_pro
import font_source_serif_pro
from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

# Resources are addressed under this origin; the fetcher maps it onto files and never touches the network.
BASE_URL = "https://eventsite.invalid/"
FONT_DIRS = {
    "sans": Path(font_source_sans_pro.__file__).parent / "files",
    "serif": Path(font_source_serif_pro.__file__).parent / "files",
}
# Bump when templates or CSS change in a way the content hash cannot see (it hashes the HTML, not the CSS file).
RENDERER_VERSION = "4"


class RefusedResource(ValueError):
    """A resource outside our static files, media files and data: URLs."""


def _inside(root: Path, relative: str) -> Path:
    relative = unquote(relative)
    if "\x00" in relative or PurePosixPath(relative).is_absolute():
        raise RefusedResource(relative)
    candidate = (root / relative).resolve()
    root = root.resolve()
    if candidate != root and root not in candidate.parents:
        raise RefusedResource(f"path escapes {root}: {relative}")
    if not candidate.is_file():
        raise RefusedResource(f"no such file: {relative}")
    return candidate


@dataclass(frozen=True)
class Places:
    """Where the renderer finds our files. The render child gets them from its parent, so that it needs no
    django.setup() (a good part of a cold render's overhead over bare WeasyPrint): the print stylesheets and fonts
    under static pdf/ are listed by the parent, media files are read under MEDIA_ROOT."""

    static_url: str
    media_url: str
    media_root: str
    static_files: dict[str, str]
    # Only the public pictures' folders (settings.MEDIA_PUBLIC_FOLDERS): a document never embeds another document.
    media_folders: tuple[str, ...] = ("people/", "logos/")

    def find_static(self, relative: str) -> str | None:
        return self.static_files.get(relative)


@functools.cache
def _print_static_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path.startswith("pdf/"):
                files.setdefault(path, storage.path(path))
    return files


def places_from_settings() -> Places:
    return Places(
        static_url=settings.STATIC_URL,
        media_url=settings.MEDIA_URL,
        media_root=str(settings.MEDIA_ROOT),
        static_files=_print_static_files(),
        media_folders=tuple(settings.MEDIA_PUBLIC_FOLDERS),
    )


def resolve_resource(url: str, places: Places | None = None) -> Path:
    """Map an internal URL onto a file of ours, or refuse it."""
    if not url.startswith(BASE_URL):
        raise RefusedResource(f"not one of our files: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or (parts.fragment and not parts.path):
        raise RefusedResource(url)
    path = parts.path
    static_url, media_url = (
        (places.static_url, places.media_url) if places else (settings.STATIC_URL, settings.MEDIA_URL)
    )
    static_prefix = "/" + static_url.strip("/") + "/"
    media_prefix = "/" + media_url.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        if ".." in PurePosixPath(unquote(relative)).parts:
            raise RefusedResource(f"path traversal: {relative}")
        found = places.find_static(unquote(relative)) if places else finders.find(unquote(relative))
        if not found:
            raise RefusedResource(f"no such static file: {relative}")
        return Path(found)
    if path.startswith(media_prefix):
        media_root = places.media_root if places else settings.MEDIA_ROOT
        folders = places.media_folders if places else settings.MEDIA_PUBLIC_FOLDERS
        relative = unquote(path.removeprefix(media_prefix))
        folder = next((f for f in folders if relative.startswith(f)), None)
        if folder is None:
            raise RefusedResource(f"not a picture folder: {relative[:200]}")
        # Inside the folder itself, so that "people/../documents/..." is refused too.
        return _inside(Path(media_root) / folder, relative.removeprefix(folder))
    if path.startswith("/pdf-fonts/"):
        family, _sep, name = path.removeprefix("/pdf-fonts/").partition("/")
        if family not in FONT_DIRS:
            raise RefusedResource(url)
        return _inside(FONT_DIRS[family], name)
    raise RefusedResource(f"not one of our files: {url[:200]}")


def make_url_fetcher(places: Places | None = None):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesFetcher(URLFetcher):
        """Serves our static files, media files, bundled fonts and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = resolve_resource(url, places)
            except RefusedResource:
                logger.warning("PDF renderer refused a resource: %s", url[:200])
                raise
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": _mime(path)})

    return OwnFilesFetcher()


def _mime(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# --- What each document prints -------------------------------------------------------------------------------


def content_hash(html: str) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\n{html}".encode()).hexdigest()


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def html_to_pdf(html: str, *, tagged: bool = True, places: Places | None = None) -> Pdf:
    """Render in this process, unbounded: only the render worker's child (render_in_child) calls it."""
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher(places)).render(**options)
    # A fixed identifier (derived from the content) keeps the same data rendering to the same bytes.
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    if not tagged:
        return Pdf(data=document.write_pdf(pdf_identifier=identifier), pages=len(document.pages))
    with pagination_artifacts(document):
        data = document.write_pdf(pdf_identifier=identifier, **options)
    return Pdf(data=data, pages=len(document.pages))


@contextmanager
def pagination_artifacts(document):
    """Draw the running heads and page numbers (page-margin boxes) as pagination artifacts; describe links by text.

    WeasyPrint 70 marks their text as content but leaves it out of the structure tree (it could only make them
    artifacts in PDF 2.0), so a PDF/UA checker finds orphaned marked content on every page. PDF/UA-1 wants them as
    /Artifact /Pagination: we mark them so while this document is written (the render child does nothing else).
    """
    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as pdf_stream
    from weasyprint.pdf import tags as pdf_tags

    in_margins: set[int] = set()

    def collect(box) -> None:
        in_margins.add(id(box))
        for child in getattr(box, "children", ()):
            collect(child)

    for page in document.pages:
        for box in page._page_box.children:
            if isinstance(box, boxes.MarginBox):
                collect(box)

    import weasyprint.pdf as pdf_module

    original_marked, original_tree = pdf_stream.Stream.marked, pdf_tags._build_box_tree
    original_add_links = pdf_module.add_links

    def add_links(links_and_anchors, matrix, pdf, page, names, tags):
        # A link's description (/Contents) is its text, not WeasyPrint's default of the bare target ("part-summary").
        original_add_links(links_and_anchors, matrix, pdf, page, names, tags)
        for _type, target, _rectangle, box in links_and_anchors[0]:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None or tags is None:
                continue
            text = " ".join("".join(element.itertext()).split())
            annotation["Contents"] = pydyf.String(text or target)

    @contextmanager
    def marked(self, box, tag):
        if id(box) not in in_margins or self._tags is None:
            with original_marked(self, box, tag):
                yield
            return
        self.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
        try:
            yield
        finally:
            self.end_marked_content()

    def build_box_tree(box, *args):
        if isinstance(box, boxes.MarginBox):
            return
        # A passage in another language (lang="fr" in an English document) carries it into its structure element.
        element = getattr(box, "element", None)
        language = element.get("lang") if element is not None and box.element_tag != "html" else None
        for structure in original_tree(box, *args):
            if language and "Lang" not in structure:
                structure["Lang"] = pydyf.String(language)
            yield structure

    pdf_stream.Stream.marked, pdf_tags._build_box_tree, pdf_module.add_links = marked, build_box_tree, add_links
    try:
        yield
    finally:
        pdf_stream.Stream.marked, pdf_tags._build_box_tree = original_marked, original_tree
        pdf_module.add_links = original_add_links


# --- The render worker ----------------------------------------------------------------------------------------
# WeasyPrint loaded once in a fork server, one forked child per render. The fork server is multiprocessing's
# "forkserver": a fresh interpreter started on the first render (never a fork of the web or task process, which may
# run threads). It imports WeasyPrint and renders a small document once (warm.py), so each render starts without the
# import and first-use costs (about 1 s of the 2018 kit's 4.6 s in a fresh interpreter). Each render is a child
# forked from that single-threaded server: it limits its own address space, renders, writes the PDF to the file
# named in the request and an answer beside it. The parent (render_bounded) enforces the wall time.

MEMORY_EXIT = 3
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Starting a child polls the other children of this process, which can steal a finishing render's exit status when
# another thread reads it at the same time (CPython gh-130895): starts and final reads take turns.
_children_lock = threading.Lock()


@functools.cache
def worker_context() -> BaseContext:
    forkserver = multiprocessing.get_context("forkserver")
    # Not "__main__": CPython 3.12 never passes the main script's path to the server, so each child imports the main
    # module itself (as multiprocessing requires, entry points keep their work under `if __name__ == "__main__"`).
    forkserver.set_forkserver_preload(["events.documents.warm"])
    return forkserver


def answer_path(output: str) -> str:
    return output + ".json"


def render_in_child(request: dict) -> None:
    """Runs in the forked child: the request names the output file; the answer is {"pages": n, ...} or {"error": ...}."""
    started = time.perf_counter()
    # Whether this child was forked from a server that finished its warm-up (an ImportError there is silent).
    warm = "events.documents.warm" in sys.modules
    limit = request["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Backstops for a child whose parent can no longer kill it at the wall time (the fork server died mid-render):
    # a CPU-time limit, and death with the fork server.
    cpu = int(request["seconds"]) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # The child lives for one render, inside that limit: the collector's passes over the layout tree would cost a
    # tenth of the render and free almost nothing (4 MB on the 2018 kit).
    gc.disable()
    code = 0
    try:
        pdf = html_to_pdf(request["html"], tagged=request["tagged"], places=Places(**request["places"]))
        with open(request["output"], "wb") as output:
            output.write(pdf.data)
        # Peak resident memory includes the pages shared with the fork server: the figure to size MEMORY_MB by.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        answer = {"pages": pdf.pages, "seconds": time.perf_counter() - started, "peak_mb": peak_mb, "warm": warm}
    except MemoryError:
        answer, code = {"error": "memory"}, MEMORY_EXIT
    except OSError as error:
        # Past the address-space limit, a buffer may fail to allocate (ENOMEM) or a library to map.
        if error.errno == errno.ENOMEM or "failed to map" in str(error):
            answer, code = {"error": "memory"}, MEMORY_EXIT
        else:
            answer, code = {"error": traceback.format_exc()}, 1
    except Exception:  # reported to the parent, which logs it and fails the render
        answer, code = {"error": traceback.format_exc()}, 1
    try:
        with open(answer_path(request["output"]), "w") as file:
            json.dump(answer, file)
    except MemoryError:
        code = MEMORY_EXIT
    sys.exit(code)


# --- Bounded rendering ---------------------------------------------------------------------------------------


class RenderRefused(Exception):
    """A render that was refused or stopped at a limit; the message is for the editor."""


def render_limits() -> dict[str, int]:
    return settings.DOCUMENT_RENDER_LIMITS


def _media_for_print(html: str, workdir: str) -> str:
    """MEDIA_ROOT when the pictures are local files; else (a bucket) a folder of copies of the pictures this document
    shows, under the same names, so that the renderer still reads only files (and needs no credentials)."""
    from django.core.files.storage import FileSystemStorage, default_storage

    if isinstance(default_storage, FileSystemStorage):
        return str(settings.MEDIA_ROOT)
    root = Path(workdir) / "media"
    for quoted in set(re.findall(r'src="' + re.escape(settings.MEDIA_URL) + r'([^"]+)"', html)):
        name = unquote(quoted)
        if not name.startswith(tuple(settings.MEDIA_PUBLIC_FOLDERS)) or ".." in PurePosixPath(name).parts:
            continue  # the renderer refuses these anyway
        try:
            with default_storage.open(name) as source:
                data = source.read()
        except Exception:  # a picture missing from the bucket prints as its text alternative
            logger.warning("A picture could not be read from the media storage: %s", name, exc_info=True)
            continue
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return str(root)


def render_bounded(html: str, *, tagged: bool = True) -> Pdf:
    """Render in a separate process with a wall-time and an address-space limit: a bomb costs the child, not us.

    The child is forked from the render worker's fork server (see above), which has WeasyPrint
    loaded; it sets its memory limit before rendering and is killed when its time is up.
    """
    limits = render_limits()
    seconds, memory_mb = limits["SECONDS"], limits["MEMORY_MB"]
    with tempfile.TemporaryDirectory(prefix="eventsite-render-") as workdir:
        output = os.path.join(workdir, "out.pdf")
        request = {
            "html": html,
            "tagged": tagged,
            "output": output,
            "memory_mb": memory_mb,
            "seconds": seconds,
            "places": dataclasses.asdict(
                dataclasses.replace(places_from_settings(), media_root=_media_for_print(html, workdir))
            ),
        }
        child = worker_context().Process(target=render_in_child, args=(request,), daemon=True)
        try:
            with _children_lock:
                child.start()  # returns once forked: the first render also waits here for the fork server to start
        except (OSError, EOFError) as error:
            message = f"the render worker could not start a render: {error!r} (its fork server's errors are on stderr)"
            raise RuntimeError(message) from error
        finished = multiprocessing.connection.wait([child.sentinel], seconds)
        with _children_lock:
            if not finished:
                child.kill()
            child.join()
        if not finished or child.exitcode == -signal.SIGXCPU:
            raise RenderRefused(
                f"Rendering took longer than {seconds} s and was stopped (DOCUMENT_RENDER_SECONDS). "
                "The last good PDF stays in place."
            )
        try:
            with open(answer_path(output)) as file:
                answer = json.load(file)
        except (OSError, ValueError):
            answer = {}
        if answer.get("error") == "memory" or child.exitcode == MEMORY_EXIT or child.exitcode < 0:
            # Past its address-space limit, the child gets MemoryError or, inside C code, dies of a signal.
            raise RenderRefused(
                f"Rendering needed more than {memory_mb:,} MB of memory and was stopped "
                "(DOCUMENT_RENDER_MEMORY_MB). The last good PDF stays in place."
            )
        if child.exitcode != 0 or "pages" not in answer:
            reason = answer.get("error") or "no answer (the child or the fork server died; see standard error)"
            logger.error("The render worker failed: %s", str(reason)[-4000:])
            raise RuntimeError(f"the render worker exited with status {child.exitcode}")
        logger.info(
            "Rendered %d pages in %.2f s, peak memory %.0f MB, %s worker",
            answer["pages"],
            answer["seconds"],
            answer["peak_mb"],
            "warm" if answer["warm"] else "cold",
        )
        with open(output, "rb") as pdf:
            return Pdf(data=pdf.read(), pages=answer["pages"])
