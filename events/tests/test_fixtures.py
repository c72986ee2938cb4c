"""The real 2014, 2018 and 2019 events, transcribed from the five source documents."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db.models import Count

from events.models import (
    Contact,
    Event,
    Footnote,
    KitSection,
    LegalText,
    LiveStream,
    Organisation,
    Proceedings,
    Publication,
    PublicationSection,
    Quote,
    Remark,
    Source,
    Statistic,
    Tool,
)
from eventsite.infra.richtext import sanitize
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
SIDE_EVENTS = [
    "alliance-2019-icat",
    "alliance-2019-minors-digital-age",
    "alliance-2019-tech-against-trafficking",
    "alliance-2019-ict-identification",
    "alliance-2019-osce-technology-mapping",
]


def counts(slug: str) -> dict[str, int]:
    event = Event.objects.get(slug=slug)
    return {
        "people": Person.objects.filter(participations__event=event).distinct().count(),
        "participations": event.participations.count(),
        "sessions": event.sessions.count(),
        "remarks": event.remarks.count(),
        "statistics": Statistic.objects.filter(section__event=event).count(),
        "tools": Tool.objects.filter(section__event=event).count(),
        "contacts": event.contacts.count(),
    }


def test_counts_per_event():
    assert counts("digital-society-2014") == {
        "people": 11, "participations": 12, "sessions": 2, "remarks": 0, "statistics": 0, "tools": 0, "contacts": 0,
    }  # fmt: skip
    assert counts(KIT) == {
        "people": 14, "participations": 14, "sessions": 0, "remarks": 2, "statistics": 47, "tools": 16, "contacts": 9,
    }  # fmt: skip
    assert {slug: counts(slug)["participations"] for slug in SIDE_EVENTS} == {
        "alliance-2019-icat": 6,
        "alliance-2019-minors-digital-age": 7,
        "alliance-2019-tech-against-trafficking": 7,
        "alliance-2019-ict-identification": 9,
        "alliance-2019-osce-technology-mapping": 5,
    }


def test_2018_kit_summary_time_and_place():
    event = Event.objects.select_related("venue", "parent").get(slug=KIT)
    assert (event.title, event.subtitle) == (
        "Combating Online Sex Trafficking",
        "Confronting Challenges, Forging Cooperation",
    )
    assert (event.local(event.starts_at).time(), event.local(event.ends_at).time()) == (dt.time(18), dt.time(20))
    assert (event.timezone, event.start_date, event.venue.city) == (
        "America/New_York",
        dt.date(2018, 3, 14),
        "New York",
    )
    assert event.parent.slug == "csw62-2018"
    assert "Proskauer" in event.summary_where


def test_2018_kit_statistic_with_its_source():
    stat = Statistic.objects.get(section__event__slug=KIT, figure="97%")
    assert (stat.source, "women" in stat.label.lower()) == ("UNODC", True)


def test_2018_kit_keeps_obvious_errors_as_printed():
    assert Statistic.objects.filter(section__event__slug=KIT, label__contains="Europe", figure__contains="705").exists()


def test_2018_tools_catalogue():
    names = set(Tool.objects.filter(section__event__slug=KIT).values_list("name", flat=True))
    assert {"CyberTipline", "PHAROS", "COFEE", "Spotlight", "Memex", "Project VIC", "PhotoDNA"} <= names
    assert Tool.objects.get(section__event__slug=KIT, name="CyberTipline").phone.startswith("1-800-THE-LOST")


def test_2018_legal_framework_and_annexes():
    titles = " | ".join(LegalText.objects.filter(section__event__slug=KIT).values_list("title", flat=True))
    assert "Convention on Cybercrime of the Council of Europe" in titles
    assert "Walters" in " ".join(KitSection.objects.filter(event__slug=KIT).values_list("title", flat=True))
    assert LegalText.objects.filter(section__slug="annex-french-prostitution-law", body__contains="Article").exists()


def test_2018_remarks_in_full():
    remarks = {r.speaker.slug: r for r in Remark.objects.filter(event__slug=KIT).select_related("speaker")}
    assert set(remarks) == {"per-anders-sunesson", "yves-charpenel"}
    assert remarks["per-anders-sunesson"].body.startswith("<p>It has been said many times before")
    assert all(len(r.body) > 3000 for r in remarks.values())


def test_2018_live_stream_and_contacts():
    stream = LiveStream.objects.get(event__slug=KIT)
    assert (stream.access_code, stream.links.count()) == ("srggcrxk", 4)
    contact = Contact.objects.get(event__slug=KIT, document="kit", person__slug="dorchen-leidholdt")
    assert (contact.phone, contact.email, contact.organisation.slug) == (
        "212-349-6009",
        "dorchen@sffny.org",
        "sanctuary-for-families",
    )


def test_2018_organisers_with_addresses_and_handles():
    scelles = Organisation.objects.get(slug="scelles-foundation")
    assert "14 Rue Mondétour" in scelles.address
    assert {"Fondation Scelles", "Fondation Jean et Jeanne Scelles"} <= set(
        scelles.aliases.values_list("name", flat=True)
    )
    assert scelles.social_handles.filter(handle="@Fond_Scelles").exists()


def test_2018_proceedings():
    proceedings = Proceedings.objects.get(event__slug=KIT)
    assert list(proceedings.takeaways.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert proceedings.takeaways.get(number=1).title == "Leveraging technology in the fight against sexual exploitation"
    quote = Quote.objects.get(proceedings=proceedings, text__startswith="We have very good laws in Europe")
    assert quote.speaker.slug == "yves-charpenel"
    assert set(Person.objects.filter(participations__event__slug=KIT, bio="").values_list("slug", flat=True)) >= {
        "william-c-silverman",
        "julie-cordua",
        "dorchen-leidholdt",
    }
    assert Contact.objects.get(event__slug=KIT, document="proceedings", person__slug="dorchen-leidholdt").position == (
        "Director, Legal Center"
    )


def test_2014_seminar():
    event = Event.objects.get(slug="digital-society-2014")
    assert (event.start_date, event.venue) == (dt.date(2014, 3, 20), None)
    assert event.sessions.count() == 2
    report = Proceedings.objects.get(event=event)
    assert report.kind == "report"
    assert "COFACICT" in " ".join(report.sections.values_list("body", flat=True))
    assert Participation.objects.filter(event=event, person__name="Guy Geoffroy", role="patron").exists()


def test_2019_side_events_day_time_room_and_roles():
    conference = Event.objects.get(slug="alliance-19-2019")
    assert (conference.start_date, conference.end_date) == (dt.date(2019, 4, 8), dt.date(2019, 4, 9))
    children = list(conference.children.select_related("room").order_by("starts_at", "order"))
    assert children[0].slug == "alliance-2019-icat"
    icat = children[0]
    assert (icat.local(icat.starts_at).strftime("%a %d %H:%M"), icat.room.name, icat.room.floor) == (
        "Mon 08 13:15",
        "Bibliotheksaal",
        "5th floor",
    )
    assert {c.language for c in children} == {"English language only"}
    roles = set(Participation.objects.filter(event__parent=conference).values_list("role", flat=True))
    assert roles == {"opening", "welcoming", "moderator", "speaker", "tech_demo"}


def test_same_person_with_the_position_held_each_time():
    positions = dict(
        Participation.objects.filter(person__slug="valiant-richey").values_list("event__slug", "position").distinct()
    )
    assert positions[KIT] == "Prosecutor, King County, Washington"
    assert (
        positions["alliance-2019-minors-digital-age"]
        == "Acting OSCE Co-ordinator for Combating Trafficking in Human Beings"
    )
    assert Participation.objects.filter(person__slug="yves-charpenel").values("event").distinct().count() == 2


def test_2019_global_report_chapter():
    publication = Publication.objects.get(slug="global-report-2019-cyberprocuring")
    assert (publication.year, publication.publisher) == (2019, None)  # seed 004 names no publisher
    assert list(Footnote.objects.filter(publication=publication).values_list("number", flat=True)) == [1, 2, 3]
    assert Source.objects.filter(publication=publication).count() == 9
    assert list(publication.cited_events.values_list("slug", flat=True)) == [KIT]


def test_name_variants_are_kept_as_aliases():
    aliases = dict(Person.objects.filter(aliases__isnull=False).values_list("aliases__name", "slug"))
    assert aliases["Per Anders Sunesson"] == "per-anders-sunesson"
    assert aliases["Angel Nguyen"] == "angel-nguyen-swift"
    assert aliases["Jean-Sebastien Mallet"] == "jean-sebastien-mallet"
    assert aliases["Cyrus Vance"] == "cyrus-vance"


def test_one_record_per_real_person():
    duplicates = Person.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(duplicates) == []


def test_stored_rich_text_is_already_clean():
    from django.apps import apps

    from eventsite.infra.richtext import RichTextField

    dirty = []
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, RichTextField):
                for pk, value in model.objects.values_list("pk", field.name):
                    if value and sanitize(value) != value:
                        dirty.append((model.__name__, field.name, pk))
    assert dirty == []


def test_every_fixture_object_passes_validation():
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    errors = []
    for app in ("events", "speakers"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # history records (load_fixtures' baseline): made by simple-history, not by the fixtures
            for obj in model.objects.all():
                try:
                    obj.full_clean()
                except Exception as exc:
                    errors.append((model.__name__, obj.pk, str(exc)[:200]))
    assert errors == []


def dump() -> list:
    out = io.StringIO()
    call_command(
        "dumpdata", "events", "speakers", natural_foreign=True, natural_primary=True, stdout=out,
        exclude=["events.rendereddocument", "events.kitedition", "events.dataversion"],
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_loading_the_fixtures_twice_leaves_an_identical_database():
    before = dump()
    call_command("load_fixtures", verbosity=0)
    assert dump() == before


def test_data_notes_record_the_decisions(settings):
    notes = (settings.BASE_DIR / "fixtures" / "DATA-NOTES.md").read_text()
    topics = ("8-9 April 2018", "Per Anders", "705", "Europe/Vienna", "Mykola", "Quéméner M.", "32 billion of annually",
              "PHAIOA", "volunteers from Microsoft", "Europe 1", "two other types", "312-17-1", "persecuting",
              "I firmly believe that our legal", "(IAP)", "Point of Contact")  # fmt: skip
    for topic in topics:
        assert re.search(re.escape(topic), notes), topic
    assert "(Myriam Quemener," not in notes  # no longer among the names without a known accented form


# Fidelity audit (issue #13): each value below is the string the seed prints, not a paraphrase.


def test_the_csw62_parent_has_the_title_the_kit_prints():
    assert Event.objects.get(slug="csw62-2018").title == "62nd Session of the UNCSW"  # seed 000


def test_proceedings_positions_in_full_as_printed():
    positions = dict(
        Participation.objects.filter(event__slug=KIT, person__slug__in=["william-c-silverman", "julie-cordua"])
        .values_list("person__slug", "position")
    )  # fmt: skip
    assert positions == {  # seed 001, WHO list
        "william-c-silverman": "Partner, Proskauer Rose LLP",
        "julie-cordua": "Chief Executive Officer, Thorn",
    }
    contact = Contact.objects.get(event__slug=KIT, document="proceedings", person__slug="william-c-silverman")
    assert contact.position == "Partner"  # the contact block prints the short form


def test_quemener_spelt_as_the_2019_report_prints_it():
    person = Person.objects.get(slug="myriam-quemener")
    assert (person.name, person.sort_name) == ("Myriam Quéméner", "Quéméner, Myriam")  # seed 004: "Quéméner M."
    assert list(person.aliases.values_list("name", flat=True)) == ["Myriam Quemener"]  # seed 002
    participation = Participation.objects.get(person=person, event__slug="digital-society-2014")
    assert participation.name_as_printed == "Myriam Quemener"
    report = " ".join(
        Proceedings.objects.get(event__slug="digital-society-2014").sections.values_list("body", flat=True)
    )
    assert ("Myriam Quemener" in report, "Quéméner" in report) == (True, False)  # the 2014 text stays as printed


def test_tool_providers_as_printed():
    providers = dict(Tool.objects.filter(section__event__slug=KIT).values_list("name", "provider"))
    assert {name: providers[name] for name in (
        "CyberTipline", "Reportchildsextourism.eu", "Blue Campaign", "BeFree Shortcode", "Memex", "PHAROS", "COFEE",
    )} == {
        "CyberTipline": "NCMEC (National Center for Missing & Exploited Children)",
        "Reportchildsextourism.eu": "project “Don’t Look Away!”",
        "Blue Campaign": "U.S. Department of Homeland Security",
        "BeFree Shortcode": "Twilio",
        "Memex": "NY District Attorney Office",
        "PHAROS": "French Department of Homeland Security",
        "COFEE": "",
    }  # fmt: skip
    assert "developed by the Pentagon" in Tool.objects.get(section__event__slug=KIT, name="Memex").description


def test_social_media_figure_has_the_citation_closing_its_paragraph():
    stat = Statistic.objects.get(section__event__slug=KIT, figure="2.6 billion")
    assert (stat.source, stat.is_figure) == ("Statista 2018", False)


def test_sources_slips_are_kept_as_printed():
    kit_text = " ".join(
        [*Remark.objects.filter(event__slug=KIT).values_list("body", flat=True),
         *LegalText.objects.filter(section__event__slug=KIT).values_list("body", flat=True)]
    )  # fmt: skip
    for printed in (
        "in persecuting human traffickers",
        "I firmly believe that our legal, judicial or societal differences, we share many common values.",
        "AMENDS ARTICLE 312-17-1 OF THE EDUCATION CODE",
        "Estimated profits from human trafficking were over $150 billion in 2014, according to the ILO.",
    ):
        assert printed in kit_text, printed
    report_2014 = " ".join(
        Proceedings.objects.get(event__slug="digital-society-2014").sections.values_list("body", flat=True)
    )
    for printed in (
        "Generating no less than 32 billion of annually",
        "(PHAIOA)",
        "his French partner Point of Contact",
    ):
        assert printed in report_2014, printed
    chapter = " ".join(PublicationSection.objects.values_list("body", flat=True))
    assert "<p>There are two other types of escorting websites" in chapter
    assert "(<em>Europe 1</em>, May 31, 2018)" in chapter
