from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Q
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

from events.documents import selectors, services
from events.documents.content import DocumentKind, Paper
from events.documents.render import RenderRefused
from events.models import Event, KitEdition, RenderedDocument
from events.models.documents import Audience
from events.permissions import editable_events


def _serve_pdf(
    request: HttpRequest, document: RenderedDocument, filename: str, cache_control: str = "public"
) -> HttpResponse:
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
    response["Cache-Control"] = f"{cache_control}, max-age=0, must-revalidate"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", Paper.A4)
    if paper not in Paper.values:
        raise BadRequest("paper must be a4 or letter")
    return paper


def _language(request: HttpRequest) -> str:
    """The visitor's language, from the URL prefix (/fr/...): the document is printed in it."""
    language = (getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_safe
def document_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The public PDF: the current one, else the last good one, else "being prepared"; never rendered here."""
    if kind not in DocumentKind.values:
        raise Http404("No such document")
    document = selectors.document_current(slug=slug, kind=kind, paper=_paper(request), language=_language(request))
    if document is None:
        response = render(request, "events/document_pending.html", {"slug": slug, "kind": kind}, status=202)
        response["Retry-After"] = "5"
        return response
    suffix = "" if document.language == settings.LANGUAGE_CODE else f"-{document.language}"
    return _serve_pdf(request, document, f"{slug}-{kind}-{document.event.year or 'undated'}{suffix}.pdf")


@require_safe
def kit_edition_download(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    editions = KitEdition.objects.select_related("document", "event").filter(event__in=Event.objects.published())
    # A withdrawn edition is no longer offered to the public; its event's editors can still retrieve it.
    editions = editions.filter(Q(withdrawn_at__isnull=True) | Q(event__in=editable_events(request.user)))
    # Each language has its own numbered editions, under its own URL prefix (/fr/...).
    language = _language(request)
    edition = get_object_or_404(editions, event__slug=slug, language=language, number=number)
    suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
    return _serve_pdf(request, edition.document, f"{slug}-kit-edition-{number}{suffix}.pdf")


def document_preview(request: HttpRequest, *, event: Event, kind: str) -> HttpResponse:
    """An editor's preview of a document, drafts included, rendered now (bounded) and stored apart from the public's.

    The caller has checked the user may edit `event`. A refused render shows its message to the editor.
    """
    if kind not in DocumentKind.values:
        raise Http404("No such document")
    try:
        document = services.document_get_or_render(
            event=event,
            kind=kind,
            paper=_paper(request),
            audience=Audience.PREVIEW,
            user=request.user,
            language=_language(request),
        )
    except RenderRefused as refused:
        context = {"slug": event.slug, "kind": kind, "problem": str(refused)}
        return render(request, "events/document_pending.html", context, status=422)
    return _serve_pdf(request, document, f"{event.slug}-{kind}-preview.pdf", cache_control="private, no-store")
