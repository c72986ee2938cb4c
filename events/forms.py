from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, Organisation


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none(), to_field_name="slug",
        empty_label=_("All organisations"),
    )  # fmt: skip

    def __init__(self, *args, years: list[int], organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["organisation"].queryset = organisations
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("q", css_class="col-md-4"),
                Div("year", css_class="col-md-2"),
                Div("kind", css_class="col-md-2"),
                Div("organisation", css_class="col-md-3"),
                # A button without a name: the query string carries the filters only, not the button's label.
                Div(StrictButton(_("Search"), type="submit", css_class="btn-primary mt-md-4"), css_class="col-md-auto"),
                css_class="row",
            )
        )
