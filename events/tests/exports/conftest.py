import pytest

from events.models import Event, EventOrganisation, Organisation

DRAFT = "csw62-2018"  # a draft conference in the fixtures, organised by no one


@pytest.fixture
def plain_staff(django_user_model):
    """Staff, but editing nothing: may preview no draft."""
    return django_user_model.objects.create_user("staff-only", password="x", is_staff=True)


@pytest.fixture
def draft_editor(django_user_model):
    """A member of the organisation that organises the draft conference: may preview it."""
    user = django_user_model.objects.create_user("draft-editor", password="x", is_staff=True)
    organisation = Organisation.objects.create(slug="draft-organiser", name="Draft Organiser")
    organisation.members.add(user)
    EventOrganisation.objects.create(
        event=Event.objects.get(slug=DRAFT), organisation=organisation, role=EventOrganisation.Role.ORGANISER
    )
    return user
