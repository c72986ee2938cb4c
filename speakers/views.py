from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


person_list = person_detail = _todo
