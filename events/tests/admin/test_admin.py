import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, EventOrganisation, Organisation, OutboxMessage, Registration, RenderedDocument
from events.tests.admin_forms import no_inlines
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label in {"events", "speakers"}]
# Made by people and by the renderer, not by the fixtures: tested on their own below.
GENERATED = {Registration, RenderedDocument, OutboxMessage}


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_open(admin_client, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "add")).status_code == (
        403 if model in (RenderedDocument, OutboxMessage) else 200
    )


@pytest.mark.parametrize("model", [m for m in MODELS if m not in GENERATED], ids=lambda m: m.__name__)
def test_change_page_opens_for_a_fixture_object(admin_client, model):
    obj = model.objects.order_by("pk").last()
    assert obj is not None, f"the fixtures hold no {model.__name__}"
    assert admin_client.get(url(model, "change", obj.pk)).status_code == 200


def test_event_change_page_shows_the_whole_2018_event(admin_client):
    event = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    content = admin_client.get(url(Event, "change", event.pk)).content.decode()
    for text in ("Bob Herbert", "Alarming Situation", "Scelles Foundation", "Dorchen Leidholdt", "srggcrxk"):
        assert text in content, text
    assert reverse("admin:events_event_preview", args=[event.pk, "kit"]) in content


def test_person_page_lists_all_appearances(admin_client):
    person = Person.objects.get(slug="valiant-richey")
    content = admin_client.get(url(Person, "change", person.pk)).content.decode()
    assert ("Prosecutor, King County, Washington" in content, "Acting OSCE Co-ordinator" in content) == (True, True)


@pytest.mark.parametrize("model", [Event, Person, Participation, Organisation], ids=lambda m: m.__name__)
def test_changelists_make_no_query_per_row(admin_client, model):
    """The same number of queries for the fixtures and for the fixtures plus 30 more rows."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(ctx)

    before = queries()
    for i in range(30):
        organisation = Organisation.objects.create(slug=f"org-{i}", name=f"Organisation {i}")
        event = Event.objects.create(slug=f"extra-{i}", title=f"Extra {i}", timezone="UTC", parent_id=None)
        EventOrganisation.objects.create(event=event, organisation=organisation)
        person = Person.objects.create(slug=f"person-{i}", name=f"Person {i}")
        Participation.objects.create(person=person, event=event, organisation=organisation)
    assert queries() == before


def test_filters_by_year_kind_and_status(admin_client):
    response = admin_client.get(url(Event, "changelist"), {"year": "2019", "kind": "side_event", "status": "published"})
    assert response.context["cl"].result_count == 5


def test_publish_action_goes_through_the_service(
    admin_client, event, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]}, follow=True
        )
    event.refresh_from_db()
    assert (event.is_published, event.kit_editions.count()) == (True, 2)  # one edition per language
    assert "1 event(s) published." in [str(m) for m in get_messages(response.wsgi_request)]


def test_publish_action_explains_what_is_missing(admin_client, db):
    draft = Event.objects.create(slug="incomplete", title="Incomplete", timezone="UTC")
    response = admin_client.post(
        url(Event, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "“Incomplete” cannot be published yet: it needs start and end dates, at least one organiser."
    ]


def test_admin_form_shows_validation_messages(admin_client):
    response = admin_client.post(
        url(Event, "add"),
        {
            "title_en": "Backwards",
            "slug": "backwards",
            "kind": "colloquium",
            "order": 0,
            "start_date": "2030-03-14",
            "end_date": "2030-03-10",
            "timezone": "Europe/Paris",
            **no_inlines(),
        },
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not Event.objects.filter(slug="backwards").exists()


def test_registrations_export_as_csv(admin_client):
    event = Event.objects.get(slug="digital-society-2014")
    first = Registration.objects.create(event=event, name="Ana", email="ana@example.org", consent=True)
    Registration.objects.create(
        event=event, name="=HYPERLINK()", email="b@example.org", organisation="NGO", consent=True
    )
    assert admin_client.get(url(Registration, "change", first.pk)).status_code == 200
    response = admin_client.post(
        url(Registration, "changelist"),
        {"action": "export_csv", "_selected_action": list(Registration.objects.values_list("pk", flat=True))},
    )
    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == "event,name,email,organisation,consent,registered at"
    assert lines[1].startswith('"Digital Society, from best to worst",Ana,ana@example.org,,yes,')
    assert lines[2].startswith('"Digital Society, from best to worst",\'=HYPERLINK(),b@example.org,NGO,yes,')


def test_rendered_documents_are_read_only(admin_client, settings, tmp_path):
    from events.documents.services import document_get_or_render

    settings.MEDIA_ROOT = tmp_path
    document = document_get_or_render(event=Event.objects.get(slug="digital-society-2014"), kind="programme")
    listed = admin_client.get(url(RenderedDocument, "changelist")).context["cl"].queryset
    page = admin_client.get(url(RenderedDocument, "change", document.pk))
    before = RenderedDocument.objects.filter(pk=document.pk).values().get()
    posted = admin_client.post(url(RenderedDocument, "change", document.pk), {"pages": 99, "sha256": "f" * 64})
    # Listed, shown without a single editable field, and a POST is refused and changes nothing.
    assert (
        document in listed,
        list(page.context["adminform"].form.fields),
        posted.status_code,
        RenderedDocument.objects.filter(pk=document.pk).values().get(),
    ) == (True, [], 403, before)
