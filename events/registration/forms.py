from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration


class RegistrationForm(forms.ModelForm):
    # A field people never see: bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "consent"]
        labels = {"consent": _("I agree that my name, email and organisation are kept to manage my participation.")}

    def __init__(self, *args, submit_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _("Please accept the privacy notice to register.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            "email",
            "organisation",
            "consent",
            Div(Field("website", autocomplete="off", tabindex="-1"), css_class="visually-hidden", aria_hidden="true"),
            Submit("register", submit_label or _("Register")),
        )

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
