"""Uploaded photos and logos served from MEDIA_ROOT when the files are on disk (the embedded default).

MEDIA_ROOT also holds the rendered PDFs, editors' draft previews among them: only the upload folders of public
pictures (settings.MEDIA_PUBLIC_FOLDERS, the photos' and logos' upload_to) are ever served, and only images.
Production serves the same folders from the web server or an S3 bucket (README, "Production").
"""

import mimetypes
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest
from django.views.static import serve

# What an uploaded picture can be (eventsite.infra.uploads accepts JPEG, PNG and WebP): nothing else is served,
# whatever lies in the folder.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def public_media_path(path: str) -> Path | None:
    """The file under MEDIA_ROOT that `path` (relative to MEDIA_URL) names, when it is a public picture; else None."""
    parts = PurePosixPath(path).parts
    if not parts or any(part in ("..", ".", "") or "\x00" in part for part in parts) or path.startswith("/"):
        return None
    if f"{parts[0]}/" not in settings.MEDIA_PUBLIC_FOLDERS or len(parts) < 2:
        return None
    if mimetypes.guess_type(parts[-1])[0] not in IMAGE_TYPES:
        return None
    folder = (Path(settings.MEDIA_ROOT) / parts[0]).resolve()
    candidate = (folder / Path(*parts[1:])).resolve()
    # A symbolic link out of the folder (into documents/, say) is refused too.
    if folder not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def serve_public_media(request: HttpRequest, path: str):
    found = public_media_path(path)
    if found is None:
        raise Http404("No such picture")
    return serve(
        request, str(found.relative_to(Path(settings.MEDIA_ROOT).resolve())), document_root=settings.MEDIA_ROOT
    )
