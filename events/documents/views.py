from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from events.documents import services
from events.documents.content import DocumentKind, Paper
from events.models import Event, KitEdition, RenderedDocument


def _serve_pdf(request: HttpRequest, document: RenderedDocument, filename: str) -> HttpResponse:
    etag = quote_etag(document.sha256)
    last_modified = int(document.created_at.timestamp())
    # If-None-Match and If-Modified-Since, with Django's own precedence rules.
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            document.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename
        )
        response["Content-Length"] = document.size
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", Paper.A4)
    if paper not in Paper.values:
        raise BadRequest("paper must be a4 or letter")
    return paper


@require_safe
def document_download(request: HttpRequest, slug: str, kind: str, include_drafts: bool = False) -> HttpResponse:
    if kind not in DocumentKind.values:
        raise Http404("No such document")
    document = services.document_current(
        slug=slug, kind=kind, paper=_paper(request), include_drafts=include_drafts, render=settings.RENDER_IN_REQUEST
    )
    if document is None:
        response = render(request, "events/document_pending.html", {"slug": slug, "kind": kind}, status=202)
        response["Retry-After"] = "5"
        return response
    return _serve_pdf(request, document, f"{slug}-{kind}-{document.event.year or 'undated'}.pdf")


@require_safe
def kit_edition_download(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    edition = get_object_or_404(
        KitEdition.objects.select_related("document", "event").filter(event__status=Event.Status.PUBLISHED),
        event__slug=slug,
        number=number,
    )
    return _serve_pdf(request, edition.document, f"{slug}-kit-edition-{number}.pdf")


def document_preview(request: HttpRequest, *, event: Event, kind: str) -> HttpResponse:
    """An editor's preview of a document, drafts included. The caller has checked the user may edit `event`."""
    return document_download(request, event.slug, kind, include_drafts=True)
