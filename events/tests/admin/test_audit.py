import pytest
from django.urls import reverse

from events.models import KitSection
from events.tests.admin_forms import change_page_data
from speakers.models import Person

pytestmark = pytest.mark.django_db


def test_changes_record_who_what_and_when(admin_client, admin_user):
    person = Person.objects.get(slug="valiant-richey")
    person.bio = "<p>Old biography.</p>"
    person.save()  # a version of record before the admin change
    change = reverse("admin:speakers_person_change", args=[person.pk])
    data = {**change_page_data(admin_client, change), "bio_en": "<p>New biography.</p>"}
    assert admin_client.post(change, data).status_code == 302
    record = person.history.latest()
    previous = record.prev_record
    assert (record.history_user, record.history_type, record.bio, previous.bio) == (
        admin_user,
        "~",
        "<p>New biography.</p>",
        "<p>Old biography.</p>",
    )


def test_previous_version_is_visible_in_the_admin(admin_client):
    section = KitSection.objects.get(event__slug="combating-online-sex-trafficking-2018", slug="call-for-action")
    section.body = "<p>First rewrite.</p>"
    section.save()
    first = section.history.latest()
    section.body = "<p>Second rewrite.</p>"
    section.save()
    history = admin_client.get(reverse("admin:events_kitsection_history", args=[section.pk]))
    listed = [record.history_id for record in history.context["page_obj"].object_list]
    old = admin_client.get(reverse("admin:events_kitsection_simple_history", args=[section.pk, first.history_id]))
    assert (listed[:2], old.context["adminform"].form.initial["body_en"]) == (
        [section.history.latest().history_id, first.history_id],
        "<p>First rewrite.</p>",
    )


def test_event_history_is_kept_on_service_writes(event):
    from events.services import event_publish, event_unpublish

    event_publish(event=event)
    event_unpublish(event=event)
    assert [record.instance.is_published for record in event.history.all()[:2]] == [False, True]
