"""The events app's models, one module per subdomain; everything is re-exported here for `events.models.X`."""

from events.models.documents import DataVersion, KitEdition, RenderedDocument, RenderFailure
from events.models.event import Event, EventOrganisation, known_timezones, validate_timezone
from events.models.kit import KitSection, LegalText, Statistic, Tool
from events.models.organisations import Organisation, OrganisationAlias, SocialHandle
from events.models.places import Room, Venue
from events.models.proceedings import Proceedings, ProceedingsSection, Quote, Takeaway
from events.models.programme import (
    Contact,
    LiveStream,
    LiveStreamLink,
    OrganisationRole,
    OrganisationRoleMember,
    Remark,
    Session,
)
from events.models.publications import Footnote, Publication, PublicationSection, Source
from events.models.registration import OutboxMessage, Registration
from eventsite.infra.naturalkeys import NaturalKeyModel

__all__ = [
    "Contact",
    "DataVersion",
    "Event",
    "EventOrganisation",
    "Footnote",
    "KitEdition",
    "KitSection",
    "LegalText",
    "LiveStream",
    "LiveStreamLink",
    "NaturalKeyModel",
    "Organisation",
    "OrganisationAlias",
    "OrganisationRole",
    "OrganisationRoleMember",
    "OutboxMessage",
    "Proceedings",
    "ProceedingsSection",
    "Publication",
    "PublicationSection",
    "Quote",
    "Registration",
    "Remark",
    "RenderFailure",
    "RenderedDocument",
    "Room",
    "Session",
    "SocialHandle",
    "Source",
    "Statistic",
    "Takeaway",
    "Tool",
    "Venue",
    "known_timezones",
    "validate_timezone",
]  # fmt: skip
