"""events/languages.py and its template filters: which language a shown value is in, and lang on fallbacks."""

import pytest
from django.template import Context, Template
from django.utils import translation

from events import languages
from events.models import Event, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_translated(event):
    """The root conftest's event: title in both languages, subtitle in French only, lede in neither."""
    Event.objects.filter(pk=event.pk).update(title_fr="Colloque d’essai", subtitle_en="", subtitle_fr="Sous-titre")
    return Event.objects.get(pk=event.pk)


def test_the_language_of_each_shown_value(half_translated):
    def shown() -> dict[str, str | None]:
        fields = ("title", "subtitle", "lede", "slug")
        return {field: languages.shown_language(half_translated, field) for field in fields}

    with translation.override("fr"):
        french = shown(), languages.foreign_language(half_translated, "subtitle")
    english = shown(), languages.foreign_language(half_translated, "subtitle")
    # "slug" is not translated: its language is not known. "lede" is empty everywhere: nothing is shown.
    assert french == ({"title": "fr", "subtitle": "fr", "lede": None, "slug": None}, None)
    assert english == ({"title": "en", "subtitle": "fr", "lede": None, "slug": None}, "fr")


def test_content_language_and_every_language_of_a_field(half_translated):
    assert (
        languages.content_language(half_translated, "lede", "subtitle", "title"),
        languages.all_languages(half_translated, "subtitle"),
        languages.translated_fields(Organisation),
    ) == ("fr", {"en": "", "fr": "Sous-titre"}, ("name", "short_name", "tagline", "description"))


def _render(source: str, **context) -> str:
    return Template("{% load content_lang %}" + source).render(Context(context))


def test_lang_attributes_only_on_passages_in_another_language(half_translated):
    source = '<h1{{ e|lang_of:"title" }}>{{ e.title }}</h1><p{{ e|lang_of:"subtitle" }}>{{ e|in_lang:"subtitle" }}</p>'
    with translation.override("fr"):
        french = _render(source, e=half_translated)
    assert french == "<h1>Colloque d’essai</h1><p>Sous-titre</p>"
    assert _render(source, e=half_translated) == (
        '<h1>Test Colloquium</h1><p lang="fr"><span lang="fr">Sous-titre</span></p>'
    )


def test_in_lang_escapes_the_stored_text(half_translated):
    Event.objects.filter(pk=half_translated.pk).update(subtitle_fr="<b>Tom & Jerry</b>")
    event = Event.objects.get(pk=half_translated.pk)
    assert _render('{{ e|in_lang:"subtitle" }}', e=event) == (
        '<span lang="fr">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</span>'
    )


def test_a_shaped_value_carries_its_language(half_translated):
    value = languages.shown(half_translated, "subtitle")
    assert (str(value), value.lang, _render("<dd{{ v|lang_of }}>", v=value), _render("<dd{{ v|lang_of }}>", v="x")) == (
        "Sous-titre",
        "fr",
        '<dd lang="fr">',
        "<dd>",
    )


def test_a_print_passage_is_wrapped_in_its_language_and_its_paragraphs_judged_against_it(half_translated):
    Event.objects.filter(pk=half_translated.pk).update(
        description_en="",
        description_fr="<p>Le colloque et les associations pour les victimes de la traite.</p>"
        "<p>The colloquium and the associations of the victims of the trafficking.</p>",
    )
    event = Event.objects.get(pk=half_translated.pk)
    assert _render('{% passage e "description" 1 %}', e=event) == (
        '<div lang="fr"><p>Le colloque et les associations pour les victimes de la traite.</p>'
        '<p lang="en">The colloquium and the associations of the victims of the trafficking.</p></div>'
    )
    with translation.override("fr"):
        assert _render('{% passage e "description" 1 %}', e=event) == (
            "<p>Le colloque et les associations pour les victimes de la traite.</p>"
            '<p lang="en">The colloquium and the associations of the victims of the trafficking.</p>'
        )
