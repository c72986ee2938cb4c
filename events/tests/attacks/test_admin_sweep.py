"""Every admin page an Editor, a Publisher or a plain staff user can open, with the query-string tricks an attacker
tries: no quokka of org B's drafts appears (shared records' own names excepted: people and organisations are shared).

The pages are generated from the admin registry: every change list (plain, searched for the quokka, as a popup, with
a `_to_field`, with the `e` error flag, filtered on a foreign event), every add page, the change and history pages of
the shared records the drafts use, and the autocomplete of every relation field of every registered admin.
"""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from events.models import Event, Organisation
from events.permissions import PROJECT_APPS
from events.tests.attacks.conftest import canaries
from speakers.models import Person

pytestmark = pytest.mark.django_db

INSIDERS = ["staff", "editor", "publisher"]
PROJECT_ADMINS = {m: a for m, a in admin.site._registry.items() if m._meta.app_label in PROJECT_APPS}
SHARED_NAMES = ["Quokka Person", "Quokka Organisation", "quokka-person", "quokka-org"]


def _leaks(response) -> list[str]:
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    text = response.content.decode(errors="replace")
    for name in SHARED_NAMES:
        text = text.replace(name, "")
    return canaries(text)


def _changelist_urls(model: type[models.Model], draft: Event) -> list[str]:
    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    urls = [base, f"{base}?q=quokk", f"{base}?_popup=1&_to_field=id", f"{base}?e=1"]
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is Event and field.concrete:
            urls.append(f"{base}?{field.name}__id__exact={draft.pk}")
            urls.append(f"{base}?{field.name}={draft.pk}")
    return urls


@pytest.mark.parametrize("role", INSIDERS)
def test_no_admin_list_or_form_prints_a_foreign_draft(client_for, users, foreign, role):
    client = client_for(users[role])
    client.raise_request_exception = False
    leaks = {}
    for model in PROJECT_ADMINS:
        urls = _changelist_urls(model, foreign["draft"])
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        for url in urls:
            response = client.get(url)
            if _leaks(response):
                leaks[url] = _leaks(response)
    assert leaks == {}


@pytest.mark.parametrize("role", INSIDERS)
def test_shared_records_show_nothing_of_a_foreign_draft(client_for, users, foreign, role):
    """A person's and an organisation's change and history pages: their foreign draft appearances stay hidden."""
    client = client_for(users[role])
    client.raise_request_exception = False
    leaks = {}
    records = [foreign["shared"], foreign["person"], foreign["organisation"], Organisation.objects.get(slug="org-b")]
    for record in records:
        info = f"admin:{record._meta.app_label}_{record._meta.model_name}"
        for url in (reverse(f"{info}_change", args=[record.pk]), reverse(f"{info}_history", args=[record.pk])):
            response = client.get(url)
            if _leaks(response):
                leaks[url] = _leaks(response)
    assert leaks == {}


def _relation_fields():
    for model, model_admin in PROJECT_ADMINS.items():
        admins = [(model, model_admin)] + [(inline.model, inline) for inline in model_admin.inlines]
        for source, source_admin in admins:
            for name in source_admin.autocomplete_fields:
                yield model, source, name


@pytest.mark.parametrize("role", INSIDERS)
def test_no_autocomplete_offers_a_foreign_draft(client_for, users, foreign, role):
    """Every autocomplete field of every admin and inline, searched for the quokka and for everything."""
    client = client_for(users[role])
    client.raise_request_exception = False
    leaks = {}
    for _model, source, name in _relation_fields():
        if source not in admin.site._registry:
            continue
        for term in ("quokk", ""):
            query = {
                "app_label": source._meta.app_label, "model_name": source._meta.model_name, "field_name": name,
                "term": term,
            }  # fmt: skip
            response = client.get(reverse("admin:autocomplete"), query)
            if _leaks(response):
                leaks[f"{source._meta.label}.{name}?term={term}"] = _leaks(response)
    assert leaks == {}


def test_an_editors_own_appearance_list_counts_only_what_they_may_see(client_for, users, foreign):
    """The person change list's appearance count leaves out the foreign drafts (one published appearance)."""
    response = client_for(users["editor"]).get(reverse("admin:speakers_person_changelist"), {"q": "shared"})
    counts = [obj.appearance_count for obj in response.context["cl"].result_list]
    assert counts == [Person.objects.filter(slug="shared-speaker").count()]
