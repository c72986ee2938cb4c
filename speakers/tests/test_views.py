import datetime as dt

import pytest

from events.models import Event
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db


def test_speaker_page_shows_every_appearance_with_the_position_held_then(client):
    content = client.get("/speakers/melanie-thompson/").content.decode()
    assert "Survivor of internet-facilitated sex trafficking" in content
    assert "survivor leader, United States" in content


@pytest.mark.parametrize("count", [1, 50])
def test_speaker_page_query_count_is_constant(client, django_assert_num_queries, count):
    person = Person.objects.create(slug="busy", name="Busy Speaker")
    for i in range(count):
        event = Event.objects.create(
            slug=f"busy-{i}", title=f"Busy {i}", status="published", timezone="UTC",
            start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 1, 1),
        )  # fmt: skip
        Participation.objects.create(person=person, event=event, position=f"Position {i}")
    with django_assert_num_queries(6):  # with the data version (the page cache)
        response = client.get(person.get_absolute_url())
    assert f"Position {count - 1}" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_speaker_directory_query_count_is_constant(client, django_assert_num_queries, count):
    event = Event.objects.get(slug="digital-society-2014")
    for i in range(count):
        Participation.objects.create(person=Person.objects.create(slug=f"d-{i}", name=f"D {i}"), event=event)
    with django_assert_num_queries(3):  # with the data version (the page cache)
        assert client.get("/speakers/").status_code == 200
