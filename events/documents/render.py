"""Print documents (participant kit, proceedings, programme): HTML from templates/pdf/, PDF from WeasyPrint.

WeasyPrint is imported inside the functions that use it: it is heavy and web requests for stored PDFs never need it.
"""

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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
RENDERER_VERSION = "1"


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


def resolve_resource(url: str) -> Path:
    """Map an internal URL onto a file of ours, or refuse it."""
    if not url.startswith(BASE_URL):
        raise RefusedResource(f"not one of our files: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or (parts.fragment and not parts.path):
        raise RefusedResource(url)
    path = parts.path
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        if ".." in PurePosixPath(unquote(relative)).parts:
            raise RefusedResource(f"path traversal: {relative}")
        found = finders.find(unquote(relative))
        if not found:
            raise RefusedResource(f"no such static file: {relative}")
        return Path(found)
    if path.startswith(media_prefix):
        return _inside(Path(settings.MEDIA_ROOT), path.removeprefix(media_prefix))
    if path.startswith("/pdf-fonts/"):
        family, _sep, name = path.removeprefix("/pdf-fonts/").partition("/")
        if family not in FONT_DIRS:
            raise RefusedResource(url)
        return _inside(FONT_DIRS[family], name)
    raise RefusedResource(f"not one of our files: {url[:200]}")


def make_url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesFetcher(URLFetcher):
        """Serves our static files, media files, bundled fonts and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            try:
                path = resolve_resource(url)
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


def html_to_pdf(html: str, *, tagged: bool = True) -> Pdf:
    """Render in this process, unbounded: only the render worker child (events/documents/worker.py) calls it."""
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()).render(**options)
    # A fixed identifier (derived from the content) keeps the same data rendering to the same bytes.
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    return Pdf(data=document.write_pdf(pdf_identifier=identifier, **options), pages=len(document.pages))


# --- Bounded rendering ---------------------------------------------------------------------------------------


class RenderRefused(Exception):
    """A render that was refused or stopped at a limit; the message is for the editor."""


def render_limits() -> dict[str, int]:
    return settings.DOCUMENT_RENDER_LIMITS


# What the child needs to find our files the way this process does (tests override MEDIA_ROOT, for one).
_CHILD_SETTINGS = ("MEDIA_ROOT", "MEDIA_URL", "STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS")


def render_bounded(html: str, *, tagged: bool = True) -> Pdf:
    """Render in a separate process with a wall-time and an address-space limit: a bomb costs the child, not us.

    The child is a fresh interpreter (not a fork: the web process and the worker may run threads), killed when its
    time is up; its memory limit is set with setrlimit before WeasyPrint is imported.
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
            "settings": {name: _jsonable(getattr(settings, name)) for name in _CHILD_SETTINGS},
        }
        try:
            finished = subprocess.run(  # our own interpreter and module, no shell
                [sys.executable, "-m", "events.documents.worker"],
                input=json.dumps(request).encode(),
                capture_output=True,
                timeout=seconds,
                cwd=settings.BASE_DIR,
                check=False,
            )
        except subprocess.TimeoutExpired:
            # subprocess.run has killed the child already.
            raise RenderRefused(
                f"Rendering took longer than {seconds} s and was stopped (DOCUMENT_RENDER_SECONDS). "
                "The last good PDF stays in place."
            ) from None
        try:
            answer = json.loads(finished.stdout.decode().strip().splitlines()[-1])
        except (IndexError, ValueError):
            answer = {}
        if answer.get("error") == "memory" or finished.returncode < 0:
            # Past its address-space limit, the child gets MemoryError or, inside C code, dies of a signal.
            raise RenderRefused(
                f"Rendering needed more than {memory_mb:,} MB of memory and was stopped "
                "(DOCUMENT_RENDER_MEMORY_MB). The last good PDF stays in place."
            )
        if finished.returncode != 0 or "pages" not in answer:
            logger.error("The render worker failed: %s", finished.stderr.decode(errors="replace")[-4000:])
            raise RuntimeError(answer.get("error") or f"the render worker exited with status {finished.returncode}")
        with open(output, "rb") as pdf:
            return Pdf(data=pdf.read(), pages=answer["pages"])


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value) if isinstance(value, Path) else value
