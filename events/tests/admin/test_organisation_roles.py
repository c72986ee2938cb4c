"""Organisations in a role, edited on the event's page: their organisations kept in the order chosen."""

import pytest
from django.urls import reverse

from events.models import Event, Organisation, OrganisationRole
from events.tests.admin_forms import change_page_data

pytestmark = pytest.mark.django_db

ICAT = "alliance-2019-icat"


def change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def chosen(content: str) -> list[str]:
    """The organisations shown as chosen in the first row's select, in page order."""
    select = content.split('name="organisation_roles-0-chosen_organisations"', 1)[1].split("</select>", 1)[0]
    return [line.split(">", 1)[1].split("<", 1)[0] for line in select.split("<option")[1:]]


def test_the_event_page_shows_the_organisations_in_printed_order(admin_client):
    event = Event.objects.get(slug=ICAT)
    [role] = event.organisation_roles.all()
    content = admin_client.get(change_url(event)).content.decode()
    assert chosen(content) == ["Organization for Security and Co-operation in Europe", "UN Women"]
    # The stored order, not the alphabetical one of the names (which the printed order happens to follow).
    role.members.filter(organisation__slug="osce").update(order=99)
    content = admin_client.get(change_url(event)).content.decode()
    assert chosen(content) == ["UN Women", "Organization for Security and Co-operation in Europe"]


def test_saving_the_event_page_keeps_the_order_posted(admin_client):
    event = Event.objects.get(slug=ICAT)
    osce, un_women = Organisation.objects.get(slug="osce"), Organisation.objects.get(slug="un-women")
    data = change_page_data(admin_client, change_url(event))
    data["organisation_roles-0-chosen_organisations"] = [str(un_women.pk), str(osce.pk)]
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    role = OrganisationRole.objects.get(event=event)
    assert (str(role), [m.organisation.slug for m in role.members.order_by("order")]) == (
        "Moderator: UN Women and OSCE, 2019 ICAT Co-Chairs",
        ["un-women", "osce"],
    )


def test_the_organisations_field_searches_the_organisations(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "organisationrole", "field_name": "organisations", "term": "UN Wom"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["UN Women"]
