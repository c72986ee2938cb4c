from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from speakers import selectors
from speakers.jsonld import person_jsonld


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.person_list_public(), 60).get_page(request.GET.get("page"))
    return render(request, "speakers/person_list.html", {"page": page})


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = selectors.person_get_public(slug=slug, user=request.user)
    if person is None:
        raise Http404("No such speaker")
    jsonld = person_jsonld(person, request.build_absolute_uri)
    return render(request, "speakers/person_detail.html", {"person": person, "jsonld": jsonld})
