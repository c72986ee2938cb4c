"""Which fields are translatable, in which languages, and how a missing translation falls back."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from modeltranslation.translator import translator

from events.models import Event, Organisation, Session
from eventsite.infra.naturalkeys import NaturalKeyModel

pytestmark = pytest.mark.django_db

TRANSLATED = {
    "events.Event": {
        "title", "subtitle", "lede", "description", "organisers_note",
        "summary_who", "summary_what", "summary_where", "summary_when", "summary_why",
    },
    "events.Organisation": {"name", "short_name", "tagline", "description"},
    "events.Session": {"title", "description"},
    "events.Remark": {"title", "body"},
    "events.Contact": {"position"},
    "events.KitSection": {"title", "intro", "body"},
    "events.Tool": {"provider", "description"},
    "events.OrganisationRole": {"position", "name_as_printed"},
    "events.Statistic": {"heading", "label", "note"},
    "events.LegalText": {"title", "body"},
    "events.Proceedings": {"title", "intro", "takeaways_intro"},
    "events.ProceedingsSection": {"heading", "subheading", "body"},
    "events.Takeaway": {"title", "body"},
    "events.Quote": {"text"},
    "events.PublicationSection": {"heading", "body"},
    "events.Footnote": {"text"},
    "speakers.Person": {"bio"},
    "speakers.Participation": {"position", "bio"},
}  # fmt: skip


def test_the_translatable_fields():
    registered = {
        model._meta.label: set(translator.get_options_for_model(model).all_fields)
        for model in translator.get_registered_models(abstract=False)
    }
    assert registered == TRANSLATED


def test_languages_come_from_the_settings():
    assert settings.MODELTRANSLATION_LANGUAGES == ("en", "fr")
    assert [f.name for f in Event._meta.concrete_fields if f.name.startswith("title")] == [
        "title",
        "title_en",
        "title_fr",
    ]


def test_no_natural_key_or_slug_is_translatable():
    for model in translator.get_registered_models(abstract=False):
        keys = {path.split("__")[0] for path in getattr(model, "natural_key_fields", ())} | {"slug"}
        assert issubclass(model, NaturalKeyModel)
        assert keys & set(translator.get_options_for_model(model).all_fields) == set(), model


def test_each_field_falls_back_to_the_other_language(bilingual):
    event = Event.objects.get(pk=bilingual.pk)
    with translation.override("fr"):
        assert (event.title, event.subtitle, event.description) == (
            "Suivre les exploiteurs en ligne",
            "Forging cooperation",
            "<p>Une soirée de débats.</p>",
        )
    with translation.override("en"):
        assert (event.title, event.subtitle, event.description) == (
            "Following the exploiters online",
            "Forging cooperation",
            "<p>Une soirée de débats.</p>",
        )


def test_saving_in_one_language_leaves_the_other_untouched(bilingual):
    # A rich text field's cleaning on save must not write the fallback text into the active language's column.
    with translation.override("en"):
        event = Event.objects.get(pk=bilingual.pk)
        event.lede = "A short pitch."
        event.save()
    stored = Event.objects.filter(pk=bilingual.pk).values(
        "description_en", "description_fr", "subtitle_fr", "lede_en", "lede_fr"
    )[0]
    assert stored == {
        "description_en": None,
        "description_fr": "<p>Une soirée de débats.</p>",
        "subtitle_fr": None,
        "lede_en": "A short pitch.",
        "lede_fr": None,
    }


def test_every_language_column_is_sanitised(bilingual):
    bilingual.description_en = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    bilingual.description_fr = '<p>Salut <span lang="en">online</span><img src=x onerror="y()"></p>'
    bilingual.save()
    stored = Event.objects.filter(pk=bilingual.pk).values("description_en", "description_fr")[0]
    assert stored == {"description_en": "<p>Hi</p>", "description_fr": '<p>Salut <span lang="en">online</span></p>'}


def test_natural_keys_round_trip_both_languages(bilingual, tmp_path):
    out = io.StringIO()
    call_command("dumpdata", "events.session", natural_foreign=True, natural_primary=True, stdout=out)
    dumped = [row for row in json.loads(out.getvalue()) if row["fields"]["event"] == ["bilingual"]]
    Session.objects.filter(event=bilingual).delete()
    fixture = tmp_path / "sessions.json"
    fixture.write_text(json.dumps(dumped))
    call_command("loaddata", str(fixture), verbosity=0)
    assert list(
        Session.objects.filter(event=bilingual).values_list("slug", "title_en", "title_fr").order_by("slug")
    ) == [
        ("opening", "Opening", "Ouverture"),
        ("panel", "Panel on platforms", None),
    ]


def test_organisation_names_are_found_in_either_language():
    from eventsite.infra.names import same_name_ids

    unodc = Organisation.objects.create(
        slug="unodc-test", name_en="Office on Drugs and Crime", name_fr="Office contre la drogue et le crime"
    )
    assert (
        same_name_ids(Organisation, "office contre la drogue et le crime"),
        same_name_ids(Organisation, "Office on Drugs and Crime"),
    ) == ([unodc.pk], [unodc.pk])
