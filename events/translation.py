"""The text people read, in every language of settings.LANGUAGES (django-modeltranslation).

Each field below gets one column per language (`title_en`, `title_fr`, ...); reading `title` gives the active
language's, else the next language's that is filled (settings.MODELTRANSLATION_FALLBACK_LANGUAGES). Keys, slugs,
names of things (tools, people), figures, addresses and references are the same in every language and stay single.
The default language is required where the field itself is; the others are optional.

History (django-simple-history) is registered here, after the translation fields exist, so that the historical
tables keep every language's column (django-simple-history's guidance for django-modeltranslation): a model below
declares no `history = HistoricalRecords()` itself.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history

from events.models import (
    Contact,
    Event,
    Footnote,
    KitSection,
    LegalText,
    Organisation,
    OrganisationRole,
    OrganisationRoleMember,
    Proceedings,
    ProceedingsSection,
    PublicationSection,
    Quote,
    Remark,
    Session,
    Statistic,
    Takeaway,
    Tool,
)


class Options(TranslationOptions):
    required_languages = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)


@register(Event)
class EventOptions(Options):
    fields = (
        "title", "subtitle", "lede", "description", "organisers_note",
        "summary_who", "summary_what", "summary_where", "summary_when", "summary_why",
    )  # fmt: skip


@register(Organisation)
class OrganisationOptions(Options):
    # "Fondation Scelles" / "Scelles Foundation", "ONUDC" / "UNODC": the slug stays the one key.
    fields = ("name", "short_name", "tagline", "description")


@register(Session)
class SessionOptions(Options):
    fields = ("title", "description")


@register(Remark)
class RemarkOptions(Options):
    fields = ("title", "body")


@register(Contact)
class ContactOptions(Options):
    fields = ("position",)


@register(OrganisationRole)
class OrganisationRoleOptions(Options):
    fields = ("name_as_printed", "position")  # "OSCE et ONU Femmes", "coprésidentes de l'ICAT en 2019"
    required_languages = ()  # both optional: the organisations' names stand in


@register(KitSection)
class KitSectionOptions(Options):
    fields = ("title", "intro", "body")


@register(Tool)
class ToolOptions(Options):
    fields = ("provider", "description")  # the tool's name is a proper name


@register(Statistic)
class StatisticOptions(Options):
    fields = ("heading", "label", "note")  # the figure and its source are the same in every language


@register(LegalText)
class LegalTextOptions(Options):
    fields = ("title", "body")  # the reference (Act No 2016-444) is the same


@register(Proceedings)
class ProceedingsOptions(Options):
    fields = ("title", "intro", "takeaways_intro")


@register(ProceedingsSection)
class ProceedingsSectionOptions(Options):
    fields = ("heading", "subheading", "body")


@register(Takeaway)
class TakeawayOptions(Options):
    fields = ("title", "body")


@register(Quote)
class QuoteOptions(Options):
    fields = ("text",)


@register(PublicationSection)
class PublicationSectionOptions(Options):
    fields = ("heading", "body")


@register(Footnote)
class FootnoteOptions(Options):
    fields = ("text",)


# After the translation fields: the historical models copy every language's column.
history(Event, excluded_fields=["content_changed_at"])  # content_changed_at is a by-product, not an edit
for _model in (Organisation, Session, Remark, KitSection, Tool, Statistic, LegalText, Proceedings, OrganisationRole,
               OrganisationRoleMember):  # fmt: skip
    history(_model)
