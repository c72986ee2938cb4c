from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from events.exports.jsonld import person_jsonld
from speakers import selectors


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.person_list_public(), 60).get_page(request.GET.get("page"))
    return render(request, "speakers/person_list.html", {"page": page})


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    preview = request.user.is_authenticated and request.user.is_staff
    person = selectors.person_get_public(slug=slug, include_drafts=preview)
    if person is None or not person.appearances:
        raise Http404("No such speaker")
    jsonld = person_jsonld(person, request.build_absolute_uri)
    return render(request, "speakers/person_detail.html", {"person": person, "jsonld": jsonld})
