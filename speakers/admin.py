from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.permissions import PolicyAdminMixin
from events.visibility import count_through_visible_events
from eventsite.infra.names import NameSearchMixin, same_name_ids
from eventsite.infra.translated_admin import TranslatedAdmin, TranslatedTabularInline
from speakers.models import Participation, Person, PersonAlias


class PersonAliasInline(PolicyAdminMixin, admin.TabularInline):
    model = PersonAlias
    extra = 0


class AppearanceInline(PolicyAdminMixin, TranslatedTabularInline):
    """The person's appearances in the events the user may edit, with the position held at that time.

    A person is shared by every organisation; their appearances in other organisations' events are neither shown
    nor changed here (the policy scopes the rows, the event and session choices and the saves).
    """

    model = Participation
    extra = 0
    fields = ["event", "session", "role", "position", "organisation", "name_as_printed"]
    autocomplete_fields = ["event", "session", "organisation"]
    verbose_name_plural = _("appearances")
    ordering = ["-event__start_date", "event__title", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "session", "organisation")


class PersonForm(forms.ModelForm):
    """Adding someone already recorded (accents, case and name variants aside) is stopped with a link to them."""

    different_person = forms.BooleanField(
        label=_("This is a different person with the same name"), required=False, initial=False
    )

    class Meta:
        model = Person
        fields = ["name"]  # the admin gives the rest

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and not cleaned.get("different_person"):
            others = Person.objects.filter(pk__in=same_name_ids(Person, name)).exclude(pk=self.instance.pk)
            if others:
                links = format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    ((reverse("admin:speakers_person_change", args=[p.pk]), p) for p in others.order_by("pk")),
                )
                raise ValidationError(
                    {
                        "name": format_html(
                            str(
                                _(
                                    "Already recorded: {}. To add a new position, add them to the event with that "
                                    "position; or tick “different person”."
                                )
                            ),
                            links,
                        )
                    }
                )
        return cleaned


@admin.register(Person)
class PersonAdmin(PolicyAdminMixin, NameSearchMixin, SimpleHistoryAdmin, TranslatedAdmin):
    form = PersonForm
    fields = [
        "name", "different_person", "slug", "sort_name", "honorific", "bio", "photo", "photo_alt", "website",
    ]  # fmt: skip
    list_display = ["name", "honorific", "appearance_count"]
    search_fields = ["name", "sort_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline, AppearanceInline]

    def get_queryset(self, request):
        # Counted over what the user may see: another organisation's drafts are nobody else's business.
        appearances = count_through_visible_events(request.user, "participations__event", "participations")
        return super().get_queryset(request).annotate(appearance_count=appearances)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The person prints in every event they appear in: queue those documents' renders.
        slugs = form.instance.participations.values_list("event__slug", flat=True).distinct()
        services.documents_refresh(event_slugs=list(slugs))

    @admin.display(description=_("appearances"), ordering="appearance_count")
    def appearance_count(self, obj: Person) -> int:
        return obj.appearance_count


@admin.register(Participation)
class ParticipationAdmin(PolicyAdminMixin, SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ["person", "role", "event", "session", "position", "organisation"]
    list_select_related = ["person", "event", "session", "organisation"]
    list_filter = ["role", "event__status"]
    search_fields = ["person__name", "position", "event__title", "organisation__name"]
    autocomplete_fields = ["person", "event", "session", "organisation"]
