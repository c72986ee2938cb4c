from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


home = event_detail = proceedings_detail = remark_detail = organisation_detail = publication_detail = _todo
