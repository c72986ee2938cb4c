from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import QuerySet

from events.permissions import field_choices, is_event_owned


class PolicyAutocompleteJsonView(AutocompleteJsonView):
    """The choices of the field being filled, as the policy gives them (a side event's parent may be any published
    event), rather than the rows the target's change list shows."""

    def get_queryset(self) -> QuerySet:
        if is_event_owned(self.source_field.related_model):
            queryset = field_choices(self.request.user, self.source_field)
        else:
            queryset = self.model_admin.get_queryset(self.request)
        if not queryset.ordered:
            queryset = queryset.order_by(*(self.model_admin.get_ordering(self.request) or ["pk"]))
        queryset = queryset.complex_filter(self.source_field.get_limit_choices_to())
        queryset, use_distinct = self.model_admin.get_search_results(self.request, queryset, self.term)
        return queryset.distinct() if use_distinct else queryset
