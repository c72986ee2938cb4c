import gettext

import polib
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_french_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    assert ([e.msgid for e in catalogue.untranslated_entries()], [e.msgid for e in catalogue.fuzzy_entries()]) == (
        [],
        [],
    )


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(PO))
    with open(PO.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        e.msgid for e in catalogue.translated_entries() if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert stale == []
