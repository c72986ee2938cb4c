import pytest
from django.urls import reverse

from events.models import Event, KitSection
from events.tests.admin_forms import change_page_data
from speakers.models import Person

pytestmark = pytest.mark.django_db


def test_changes_record_who_what_and_when(admin_client, admin_user):
    person = Person.objects.get(slug="valiant-richey")
    change = reverse("admin:speakers_person_change", args=[person.pk])
    data = {**change_page_data(admin_client, change), "bio": "<p>New biography.</p>"}
    assert admin_client.post(change, data).status_code == 302
    record = person.history.latest()
    assert (record.history_user, record.history_type, record.bio) == (admin_user, "~", "<p>New biography.</p>")
    previous = record.prev_record
    assert previous is None or previous.bio != record.bio


def test_previous_version_is_visible_in_the_admin(admin_client):
    section = KitSection.objects.get(event__slug="combating-online-sex-trafficking-2018", slug="call-for-action")
    old_body = section.body
    section.body = "<p>Rewritten.</p>"
    section.save()
    first = section.history.earliest()
    section.body = "<p>Rewritten again.</p>"
    section.save()
    history = admin_client.get(reverse("admin:events_kitsection_history", args=[section.pk]))
    assert history.status_code == 200
    old = admin_client.get(reverse("admin:events_kitsection_simple_history", args=[section.pk, first.history_id]))
    assert "Rewritten." in old.content.decode()
    assert old_body != first.body


def test_event_history_is_kept_on_service_writes(event):
    from events.services import event_unpublish

    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    event_unpublish(event=event)
    assert list(event.history.values_list("status", flat=True))[:1] == ["draft"]
