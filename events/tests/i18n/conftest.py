"""A bilingual event: some text in both languages, some in English only, one passage in French only."""

import datetime as dt
import zoneinfo

import pytest

from events.models import Event, EventOrganisation, Session


@pytest.fixture
def bilingual(organisation) -> Event:
    event = Event.objects.create(
        slug="bilingual",
        title_en="Following the exploiters online",
        title_fr="Suivre les exploiteurs en ligne",
        subtitle_en="Forging cooperation",  # no French: falls back
        description_fr="<p>Une soirée de débats.</p>",  # no English: falls back the other way
        kind=Event.Kind.COLLOQUIUM,
        start_date=dt.date(2030, 3, 14),
        end_date=dt.date(2030, 3, 14),
        timezone="Europe/Paris",
    )
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
    Session.objects.create(event=event, slug="opening", title_en="Opening", title_fr="Ouverture")
    Session.objects.create(event=event, slug="panel", title_en="Panel on platforms")  # untranslated
    return event


# --- Outputs (test_outputs.py): one published event, some fields in French, some in English only ----------------

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BILINGUAL = "bilingual-colloquium-2030"


@pytest.fixture
def uncached(settings):
    """Pages rendered on every request (no page cache), to count what rendering them costs."""
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def bilingual_event(db):
    """A published colloquium whose title, lede, "who", first session, organisation, a position and a bio are in
    English and French, and whose subtitle, description, "why", second session's title, a position and the remark
    are in English only (the French outputs fall back to English there)."""
    from events.models import Organisation, Remark, Room, Venue
    from speakers.models import Participation, Person

    venue = Venue.objects.create(slug="maison-de-la-chimie", name="Maison de la Chimie", city="Paris")
    room = Room.objects.create(slug="salle-400", venue=venue, name="Salle 400")
    foundation = Organisation.objects.create(
        slug="fondation-test",
        name_en="Test Foundation",
        name_fr="Fondation Test",
        description_en="<p>The foundation works against the exploitation of people and for their rights.</p>",
        description_fr="<p>La fondation lutte contre l’exploitation des personnes et pour leurs droits.</p>",
    )
    event = Event.objects.create(
        slug=BILINGUAL,
        kind=Event.Kind.COLLOQUIUM,
        status=Event.Status.PUBLISHED,
        timezone="Europe/Paris",
        start_date=dt.date(2030, 3, 14),
        end_date=dt.date(2030, 3, 14),
        starts_at=dt.datetime(2030, 3, 14, 14, tzinfo=PARIS),
        ends_at=dt.datetime(2030, 3, 14, 18, tzinfo=PARIS),
        venue=venue,
        room=room,
        title_en="Protecting Children Online",
        title_fr="Protéger les enfants en ligne",
        subtitle_en="Technology against exploitation",
        lede_en="Experts meet to discuss how technology can protect the children who are at risk.",
        lede_fr="Des experts se réunissent pour savoir comment la technologie peut protéger les enfants.",
        description_en="<p>The colloquium brings together the experts of the field and the people who work with "
        "the victims of this crime.</p>",
        summary_who_en="<p>Experts and the associations of the field</p>",
        summary_who_fr="<p>Des experts et les associations du secteur</p>",
        summary_why_en="<p>Because the exploitation of children online is growing and the law is not enough.</p>",
    )
    EventOrganisation.objects.create(event=event, organisation=foundation, role=EventOrganisation.Role.ORGANISER)
    opening = Session.objects.create(
        event=event,
        slug="opening",
        order=1,
        starts_at=dt.datetime(2030, 3, 14, 14, tzinfo=PARIS),
        ends_at=dt.datetime(2030, 3, 14, 15, tzinfo=PARIS),
        title_en="Opening of the colloquium",
        title_fr="Ouverture du colloque",
        description_en="<p>Words of welcome for the audience and the speakers.</p>",
        description_fr="<p>Mots de bienvenue pour le public et les intervenants.</p>",
    )
    panel = Session.objects.create(
        event=event,
        slug="panel",
        order=2,
        starts_at=dt.datetime(2030, 3, 14, 15, tzinfo=PARIS),
        ends_at=dt.datetime(2030, 3, 14, 17, tzinfo=PARIS),
        title_en="Panel on the technology of the platforms",
        description_en="<p>A round table on what the platforms can do for the victims and the police.</p>",
    )
    marie = Person.objects.create(
        slug="marie-dupont",
        name="Marie Dupont",
        bio_en="<p>Marie Dupont leads the research of the foundation and its work with the victims.</p>",
        bio_fr="<p>Marie Dupont dirige la recherche de la fondation et son travail avec les victimes.</p>",
    )
    john = Person.objects.create(
        slug="john-smith",
        name="John Smith",
        bio_en="<p>John Smith teaches the law of the internet to the students of the university.</p>",
    )
    Participation.objects.create(
        person=marie,
        event=event,
        session=opening,
        role=Participation.Role.OPENING,
        organisation=foundation,
        position_en="Director of Research",
        position_fr="Directrice de la recherche",
    )
    Participation.objects.create(
        person=john, event=event, session=panel, role=Participation.Role.MODERATOR, position_en="Professor of Law"
    )
    Remark.objects.create(
        event=event,
        speaker=marie,
        slug="opening-remarks",
        title_en="Opening remarks",
        body_en="<p>Thank you all for coming to this colloquium on the protection of the children.</p>",
    )
    return event
