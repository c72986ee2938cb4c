import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, Proceedings, Session, Takeaway
from events.services import session_save
from eventsite.infra.richtext import render, sanitize


def test_event_end_date_before_start_is_refused_with_a_clear_message(event):
    event.end_date = dt.date(2030, 3, 1)
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert exc.value.message_dict["end_date"] == ["The end date cannot be before the start date."]


def test_event_end_date_before_start_is_refused_by_the_database(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end_date=dt.date(2030, 3, 1))


def test_published_event_without_dates_is_refused_by_the_database(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED, start_date=None)


def test_unknown_time_zone_is_refused(event):
    event.timezone = "Mars/Olympus"
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert exc.value.message_dict["timezone"] == ["“Mars/Olympus” is not a known time zone (e.g. Europe/Paris)."]


def test_duplicate_event_slug_is_refused(event):
    duplicate = Event(slug=event.slug, title="Other", timezone="UTC")
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert exc.value.message_dict["slug"] == ["Event with this Slug already exists."]


def test_start_time_must_fall_on_the_start_date_in_the_event_time_zone(event):
    # 23:00 in New York on the 13th is already the 14th in UTC: the check uses the event's own zone.
    event.starts_at = dt.datetime(2030, 3, 14, 3, 0, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert list(exc.value.message_dict) == ["starts_at"]


def test_session_must_end_after_it_starts(make_session):
    session = make_session("backwards", 18, 17)
    with pytest.raises(ValidationError) as exc:
        session.full_clean()
    assert exc.value.message_dict["ends_at"] == ["The session must end after it starts."]


def test_session_end_before_start_is_refused_by_the_database(make_session):
    session = make_session("ok", 10, 11)
    session.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at)


def test_session_outside_event_dates_is_refused(make_session):
    session = make_session("late", 10, 11, day=20)
    with pytest.raises(ValidationError) as exc:
        session.full_clean()
    assert exc.value.message_dict["starts_at"] == [
        "The session must take place within the event's dates (March 14, 2030 – March 15, 2030)."
    ]


def test_room_cannot_be_double_booked(make_session):
    session_save(session=make_session("first", 10, 12))
    with pytest.raises(ValidationError) as exc:
        session_save(session=make_session("second", 11, 13))
    assert exc.value.message_dict["room"] == ["Room 1, 5th floor is already booked at that time for “First”."]
    assert Session.objects.filter(slug="second").count() == 0


def test_back_to_back_sessions_share_a_room(make_session):
    session_save(session=make_session("first", 10, 12))
    session_save(session=make_session("second", 12, 13))
    assert Session.objects.filter(event__slug="test-event").count() == 2


def test_takeaway_numbers_are_unique_per_proceedings(event):

    proceedings = Proceedings.objects.create(event=event, title="Proceedings")
    Takeaway.objects.create(proceedings=proceedings, number=1, title="One")
    with pytest.raises(ValidationError) as exc:
        Takeaway(proceedings=proceedings, number=1, title="Again").full_clean()
    assert exc.value.messages == ["Another takeaway already has this number."]


def test_rich_text_keeps_formatting_and_drops_scripts():
    dirty = '<p onclick="x()">Hi <strong>there</strong><script>alert(1)</script><img src="file:///etc/passwd"></p>'
    assert sanitize(dirty) == "<p>Hi <strong>there</strong></p>"
    assert render('<a href="javascript:alert(1)">x</a>') == '<a rel="noopener noreferrer nofollow">x</a>'


def test_rich_text_is_sanitised_on_save(event):
    event.description = "<p>ok</p><script>bad()</script>"
    event.save()
    event.refresh_from_db()
    assert event.description == "<p>ok</p>"


def test_natural_keys_round_trip(event):
    assert Event.objects.get_by_natural_key(*event.natural_key()) == event


def test_published_event_without_a_start_date_says_which_field_is_missing(event):
    event.status = Event.Status.PUBLISHED
    event.start_date = None
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert exc.value.message_dict["start_date"] == ["A published event needs a start date."]


# --- Organisations in a person's role ("Moderator: OSCE and UN Women, 2019 ICAT Co-Chairs") ----------------------


@pytest.fixture
def two_organisations(db):
    from events.models import Organisation

    return [
        Organisation.objects.create(slug="osce-test", name="Organization for Security", short_name="OSCE"),
        Organisation.objects.create(slug="un-women-test", name="UN Women"),
    ]


@pytest.fixture
def moderators(event, two_organisations):
    from events.models import OrganisationRole
    from events.services import organisation_role_set_organisations

    role = OrganisationRole.objects.create(event=event, role="moderator", order=25, position="2019 ICAT Co-Chairs")
    # Given in printed order (the reorder test below gives the other one).
    return organisation_role_set_organisations(role=role, organisations=two_organisations)


def test_organisations_in_a_role_print_their_names_in_the_order_given(moderators):
    assert str(moderators) == "Moderator: OSCE and UN Women, 2019 ICAT Co-Chairs"


def test_organisations_in_a_role_keep_a_reorder(moderators, two_organisations):
    from events.services import organisation_role_set_organisations

    organisation_role_set_organisations(role=moderators, organisations=two_organisations[::-1])
    assert moderators.line == "UN Women and OSCE, 2019 ICAT Co-Chairs"


def test_organisations_in_a_role_printed_as_the_document_prints_them(moderators):
    moderators.name_as_printed = "the OSCE and UN Women"
    assert moderators.line == "the OSCE and UN Women, 2019 ICAT Co-Chairs"


def test_organisations_in_a_role_natural_keys_round_trip(moderators):
    from events.models import OrganisationRole, OrganisationRoleMember

    assert OrganisationRole.objects.get_by_natural_key(*moderators.natural_key()) == moderators
    member = moderators.members.first()
    assert OrganisationRoleMember.objects.get_by_natural_key(*member.natural_key()) == member


def test_two_lines_with_one_role_and_order_are_refused_by_the_database(moderators, event):
    from events.models import OrganisationRole

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationRole.objects.create(event=event, role="moderator", order=25)


def test_an_organisation_twice_in_one_line_is_refused_by_the_database(moderators, two_organisations):
    from events.models import OrganisationRoleMember

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationRoleMember.objects.create(role=moderators, organisation=two_organisations[0], order=99)


def test_organisations_in_a_role_of_another_events_session_are_refused(moderators, make_session):
    from events.models import Event

    other = Event.objects.create(slug="other", title="Other", timezone="UTC")
    session = make_session("elsewhere", 9, 10, event=other)
    session.save()
    moderators.session = session
    with pytest.raises(ValidationError) as exc:
        moderators.full_clean()
    assert exc.value.message_dict["session"] == ["This session belongs to another event."]
