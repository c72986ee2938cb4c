"""People's text in every language of settings.LANGUAGES (see events/translation.py); names stay as the person
writes them. History is registered here, after the translation fields (as in events/translation.py)."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history

from speakers.models import Participation, Person


class Options(TranslationOptions):
    required_languages = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)


@register(Person)
class PersonOptions(Options):
    fields = ("bio",)


@register(Participation)
class ParticipationOptions(Options):
    fields = ("position", "bio")  # the position held at the time, the biography printed for this event


history(Person)
history(Participation)
