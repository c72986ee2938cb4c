import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, Room
from events.services import session_save
from speakers.models import Participation
from speakers.services import participation_create


def test_a_speaker_cannot_be_in_two_overlapping_sessions(event, make_session, person, room):

    other_room = Room.objects.create(slug="other-room", name="Room 2")
    first = session_save(session=make_session("first", 10, 12))
    second = session_save(session=make_session("second", 11, 13, room=other_room))
    participation_create(person=person, event=event, session=first, role=Participation.Role.SPEAKER)
    with pytest.raises(ValidationError) as exc:
        participation_create(person=person, event=event, session=second, role=Participation.Role.SPEAKER)
    assert exc.value.message_dict["session"] == ["Test Person is already in “First” at that time."]
    assert Participation.objects.filter(person=person).count() == 1


def test_same_role_twice_in_an_event_is_refused(event, person):
    participation_create(person=person, event=event, role=Participation.Role.SPEAKER)
    with pytest.raises(ValidationError) as exc:
        participation_create(person=person, event=event, role=Participation.Role.SPEAKER)
    assert exc.value.messages == ["This person already has this role in the event."]


def test_session_must_belong_to_the_event(event, make_session, person):
    other = Event.objects.create(
        slug="other", title="Other", timezone="UTC", start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14)
    )
    session = session_save(session=make_session("s", 10, 11))
    with pytest.raises(ValidationError) as exc:
        participation_create(person=person, event=other, session=session, role=Participation.Role.SPEAKER)
    assert exc.value.message_dict["session"] == ["This session belongs to another event."]


def test_position_is_kept_per_appearance(event, person, organisation):
    participation = participation_create(
        person=person, event=event, role=Participation.Role.MODERATOR, position="Prosecutor", organisation=organisation
    )
    assert (participation.position, participation.organisation, participation.display_name) == (
        "Prosecutor",
        organisation,
        "Test Person",
    )
