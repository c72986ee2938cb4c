"""django-simple-history keeps every language: a change to one language is a version, and a revert restores it."""

import pytest
from django.urls import reverse

from events.models import Event
from events.tests.admin_forms import change_page_data
from speakers.models import Person

pytestmark = pytest.mark.django_db


def test_a_change_in_french_alone_is_recorded(bilingual):
    bilingual.title_fr = "La traite en ligne"
    bilingual.save()
    latest, previous = bilingual.history.order_by("-history_id")[:2]
    assert (latest.title_fr, latest.title_en, previous.title_fr) == (
        "La traite en ligne",
        "Following the exploiters online",
        "Suivre les exploiteurs en ligne",
    )
    assert (latest.diff_against(previous).changed_fields) == ["title_fr"]


def test_the_historical_tables_have_every_language():
    for model in (Event, Person):
        columns = {field.name for field in model.history.model._meta.fields}
        translated = {field.name for field in model._meta.fields if hasattr(field, "translated_field")}
        assert translated <= columns, model


def test_the_admin_reverts_a_french_text(admin_client, bilingual):
    first = bilingual.history.latest().history_id
    bilingual.title_fr = "Un autre titre"
    bilingual.description_fr = "<p>Autre chose.</p>"
    bilingual.save()
    url = reverse("admin:events_event_simple_history", args=[bilingual.pk, first])
    form = admin_client.get(url).context["adminform"].form
    assert (form.initial["title_fr"], form.initial["description_fr"]) == (
        "Suivre les exploiteurs en ligne",
        "<p>Une soirée de débats.</p>",
    )
    assert admin_client.post(url, change_page_data(admin_client, url)).status_code == 302
    bilingual.refresh_from_db()
    assert (bilingual.title_fr, bilingual.description_fr, bilingual.title_en) == (
        "Suivre les exploiteurs en ligne",
        "<p>Une soirée de débats.</p>",
        "Following the exploiters online",
    )
