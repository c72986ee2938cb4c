"""The permission matrix, generated from the admin's URL patterns: every pattern of every registered model, for every
role, on objects of org A's event and of org B's draft and published events (or a shared record).

What is expected is derived from two things stated apart from the code under test: each role's model permissions
(the groups) and which events each role may edit (conftest.EDITABLE). events.permissions.EVENT_PATHS only says
whether a model hangs off an event; a registered model missing from it, or from the builders, fails here.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from events.permissions import (
    EVENT_PATHS,
    PROJECT_APPS,
    PUBLISH_PERMISSION,
    PolicyAdminMixin,
    event_path,
    is_event_owned,
)
from events.tests.admin.conftest import BUILDERS, EDITABLE, ROLES, SHARED_BUILDERS
from events.tests.admin_forms import add_page_data, change_page_data
from eventsite.infra.translated_admin import translated_fields

pytestmark = pytest.mark.django_db

REGISTRY = dict(admin.site._registry)
PROJECT_MODELS = [model for model in REGISTRY if model._meta.app_label in PROJECT_APPS]
OTHER_MODELS = [model for model in REGISTRY if model._meta.app_label not in PROJECT_APPS]

# What each URL pattern of a ModelAdmin is, by the end of its name: the permission it needs and whether it names an
# object. A new pattern (a custom admin view) fails test_every_admin_url_pattern_is_known until it is placed here.
URL_KINDS = {
    "changelist": ("view", False),
    "add": ("add", False),
    "change": ("view", True),
    "history": ("view", True),
    "delete": ("delete", True),
    "simple_history": ("view", True),
    "preview": ("change", True),
    "publish": ("change", True),  # the checklist page; its POSTs need the publish permission too (below)
    "password_change": ("change", True),  # auth's user admin
    "redirect": (None, True),  # the bare `<id>/` pattern: a redirect to the change page, checked there
}


def url_kind(model: type[models.Model], pattern) -> str:
    if pattern.name is None:
        return "redirect"
    return pattern.name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")


CASES = [
    pytest.param(model, url_kind(model, pattern), id=f"{model._meta.label}-{url_kind(model, pattern)}")
    for model, model_admin in REGISTRY.items()
    for pattern in model_admin.get_urls()
]


def test_every_admin_url_pattern_is_known():
    assert {kind for _model, kind in (case.values for case in CASES)} - set(URL_KINDS) == set()


def test_every_project_model_is_placed_in_the_policy():
    project = {
        (model._meta.app_label, model._meta.model_name)
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert project - set(EVENT_PATHS) == set()


def test_every_registered_project_model_has_matrix_objects():
    missing = [
        model.__name__
        for model in PROJECT_MODELS
        if model not in (BUILDERS if is_event_owned(model) else SHARED_BUILDERS)
    ]
    assert missing == []


def test_every_project_admin_and_inline_stands_on_the_policy():
    admins = [REGISTRY[model] for model in PROJECT_MODELS]
    classes = [type(a) for a in admins] + [inline for a in admins for inline in a.inlines]
    assert [cls.__name__ for cls in classes if not issubclass(cls, PolicyAdminMixin)] == []


def test_no_group_holds_a_permission_on_models_outside_the_policy():
    labels = {model._meta.app_label for model in OTHER_MODELS}
    granted = Permission.objects.filter(group__in=Group.objects.all(), content_type__app_label__in=labels)
    assert list(granted.values_list("codename", flat=True)) == []


def model_allows(user, model_admin, action: str) -> bool:
    """The model-level answer (groups, and admin classes that allow nobody, e.g. rendered documents)."""
    if user is None:
        return False
    request = RequestFactory().get("/")
    request.user = user
    check = {
        "view": model_admin.has_view_or_change_permission,
        "change": model_admin.has_change_permission,
        "delete": model_admin.has_delete_permission,
    }
    return model_admin.has_add_permission(request) if action == "add" else check[action](request)


def in_scope(role: str, key: str) -> bool:
    return key in ("shared", "any") or key in EDITABLE[role]


def outcome(response) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("admin:login")):
        return "login"
    if response.status_code in (200, 202):
        return "allowed"
    if response.status_code in (403, 404) or (response.status_code == 302 and location == reverse("admin:index")):
        return "denied"
    return f"unexpected {response.status_code} {location}"


def snapshot(model: type[models.Model], pk) -> dict | None:
    # Every column by name: values() alone gives a translated field once, in the active language.
    return model._default_manager.filter(pk=pk).values(*(f.attname for f in model._meta.concrete_fields)).first()


def text_field(model: type[models.Model], data: dict) -> str | None:
    """A plain text field of the form, to change in a POST."""
    translated = translated_fields(model)
    for field in model._meta.concrete_fields:
        plain = isinstance(field, models.CharField | models.TextField) and not isinstance(
            field, models.SlugField | models.EmailField | models.URLField
        )
        # A translated field is edited in its languages' columns: the default language's stands for it.
        name = f"{field.name}_{settings.LANGUAGE_CODE}" if field.name in translated else field.name
        if plain and not field.choices and not field.unique and field.editable and name in data:
            return name
    return None


def objects_for(model, build) -> dict[str, models.Model]:
    if model._meta.app_label in PROJECT_APPS:
        return build(model)
    obj = model._default_manager.order_by("pk").first()
    return {"any": obj} if obj is not None else {}


def object_url(model, kind: str, obj) -> str:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if kind == "redirect":
        return reverse(f"{info}_change", args=[obj.pk]).removesuffix("change/")
    if kind == "simple_history":
        return reverse(f"{info}_simple_history", args=[obj.pk, obj.history.earliest().history_id])
    if kind == "preview":
        return reverse(f"{info}_preview", args=[obj.pk, "programme"])
    return reverse(f"{info}_{kind}", args=[obj.pk])


def isolated_post(client, url: str, data: dict, model, pk):
    """POST, read the row, and roll back: every role meets the same database."""
    with transaction.atomic():
        before = snapshot(model, pk)
        response = client.post(url, data)
        after = snapshot(model, pk)
        count = model._default_manager.count()
        transaction.set_rollback(True)
    return response, before, after, count


@pytest.mark.parametrize(("model", "kind"), CASES)
def test_matrix(model, kind, build, users, client_for, monkeypatch):
    # Who reaches the preview is the question here; what it renders is tested with the documents.
    monkeypatch.setattr(
        "events.admin.events.document_preview", lambda request, *, event, kind: HttpResponse(event.slug)
    )
    model_admin = REGISTRY[model]
    action, names_object = URL_KINDS[kind]
    objects = objects_for(model, build)
    for obj in objects.values():
        # A second version, so that a revert to the first changes something.
        # A field with a value: a revert's form leaves out empty (NULL) ones, such as an untranslated language's.
        filled = {f.name: value for f in model._meta.concrete_fields if (value := getattr(obj, f.attname)) is not None}
        name = text_field(model, filled)
        if hasattr(model, "history") and name:
            setattr(obj, name, f"{getattr(obj, name)} (edited)")
            obj.save()
    superuser = client_for(users["superuser"])
    mismatches = []

    def expect(role: str, key: str, what: str, got: str, wanted: str) -> None:
        if got != wanted:
            mismatches.append(f"{role} {what} on {key}: {got}, expected {wanted}")

    if not names_object:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}")
        for role in ROLES:
            client = client_for(users[role])
            response = client.get(url)
            wanted = (
                "login"
                if role == "anonymous"
                else "allowed"
                if model_allows(users[role], model_admin, action)
                else "denied"
            )
            expect(role, "-", f"GET {kind}", outcome(response), wanted)
            if kind == "changelist" and wanted == "allowed":
                listed = set(response.context["cl"].queryset)
                for key, obj in objects.items():
                    expect(role, key, "listed", str(obj in listed), str(in_scope(role, key)))
        if kind == "changelist" and model._meta.app_label in PROJECT_APPS:
            _check_delete_action(model, model_admin, objects, users, client_for, expect)
        if kind == "add" and model._meta.app_label in PROJECT_APPS:
            _check_add_posts(model, model_admin, objects, users, client_for, superuser, expect)
        assert mismatches == []
        return

    for key, obj in objects.items():
        url = object_url(model, kind, obj)
        for role in ROLES:
            client = client_for(users[role])
            response = client.get(url)
            if role == "anonymous":
                expect(role, key, f"GET {kind}", outcome(response), "login")
                continue
            if kind == "redirect":
                expect(role, key, "GET redirect", response.get("Location"), object_url(model, "change", obj))
                continue
            allowed = model_allows(users[role], model_admin, action) and in_scope(role, key)
            expect(role, key, f"GET {kind}", outcome(response), "allowed" if allowed else "denied")
        if model._meta.app_label in PROJECT_APPS and kind in ("change", "simple_history", "delete"):
            _check_object_posts(model, model_admin, kind, key, obj, url, users, client_for, superuser, expect)
        if kind == "publish":
            _check_publish_posts(model, model_admin, key, obj, url, users, client_for, expect)
    assert mismatches == []


def _check_publish_posts(model, model_admin, key, obj, url, users, client_for, expect):
    """Publishing (or unpublishing) from the event's page: a Publisher's right, on the events they may edit."""
    for role in ROLES:
        action = "unpublish" if obj.status == "published" else "publish"
        _response, before, after, _count = isolated_post(
            client_for(users[role]), url, {"action": action}, model, obj.pk
        )
        allowed = (
            users[role] is not None
            and users[role].has_perm(PUBLISH_PERMISSION)
            and model_allows(users[role], model_admin, "change")
            and in_scope(role, key)
        )
        expect(role, key, f"POST {action}: status changed", str(after["status"] != before["status"]), str(allowed))


def _check_object_posts(model, model_admin, kind, key, obj, url, users, client_for, superuser, expect):
    if kind == "delete":
        data = {"post": "yes"}
    elif model_allows(users["superuser"], model_admin, "change"):
        data = change_page_data(client_for(users["superuser"]), url)
    else:
        data = {}  # nobody may change these (rendered documents): any POST must be refused
    name = text_field(model, data)
    for role in ROLES:
        client = client_for(users[role])
        post = {**data, name: f"Changed by {role}"} if name and kind == "change" else data
        response, before, after, _count = isolated_post(client, url, post, model, obj.pk)
        allowed = model_allows(users[role], model_admin, "delete" if kind == "delete" else "change") and in_scope(
            role, key
        )
        if kind == "delete":
            expect(role, key, "POST delete: row kept", str(after is not None), str(not allowed))
        elif not allowed or not name:
            expect(role, key, f"POST {kind}: row unchanged", str(after == before), "True")
        elif kind == "change":
            expect(role, key, "POST change: saved", str(after[name]), f"Changed by {role}")
        else:  # a revert to the first version
            expect(role, key, "POST revert: reverted", str(after[name] != before[name]), "True")
        if role == "anonymous":
            expect(role, key, f"POST {kind}", outcome(response), "login")


def _check_delete_action(model, model_admin, objects, users, client_for, expect):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for key, obj in objects.items():
        for role in ROLES:
            data = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
            _response, _before, after, _count = isolated_post(client_for(users[role]), url, data, model, obj.pk)
            allowed = model_allows(users[role], model_admin, "delete") and in_scope(role, key)
            expect(role, key, "delete action: row kept", str(after is not None), str(not allowed))


def _check_add_posts(model, model_admin, objects, users, client_for, superuser, expect):
    """Add a copy of each object (deleted first, so that its unique values are free) in its event."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    for key, obj in objects.items():
        change_url = object_url(model, "change", obj)
        if not model_allows(users["superuser"], model_admin, "add"):
            continue  # nobody adds these; the GET rows above show the refusal
        data = add_page_data(client_for(users["superuser"]), change_url)
        for role in ROLES:
            client = client_for(users[role])
            with transaction.atomic():
                model._default_manager.filter(pk=obj.pk).delete()
                before = model._default_manager.count()
                client.post(url, data)
                added = model._default_manager.count() - before
                transaction.set_rollback(True)
            # A new event is its creator's; anything else must go into an event the role may edit.
            scoped = model is not _event_model() and is_event_owned(model)
            allowed = model_allows(users[role], model_admin, "add") and (not scoped or in_scope(role, key))
            expect(role, key, "POST add: rows added", str(added), "1" if allowed else "0")


def _event_model():
    from events.models import Event

    return Event


def test_event_paths_walk_to_real_fields():
    """Each path in the map is a chain of relations ending at the Event model."""
    from events.models import Event

    wrong = []
    for (app_label, model_name), path in EVENT_PATHS.items():
        if not path:
            continue
        model = apps.get_model(app_label, model_name)
        for hop in path.split("__"):
            model = model._meta.get_field(hop).related_model
        if model is not Event:
            wrong.append(f"{app_label}.{model_name}")
    assert (wrong, event_path(Event)) == ([], "")


# The site's own URLs; the ModelAdmins' are walked above. A new site-level view fails until it is placed here.
SITE_URLS = {
    "index", "login", "logout", "password_change", "password_change_done", "autocomplete", "jsi18n",
    "view_on_site", "app_list", None,
}  # fmt: skip


def test_every_site_url_pattern_is_known():
    names = {getattr(pattern, "name", None) for pattern in admin.site.get_urls()}
    assert names - SITE_URLS == set()


AUTOCOMPLETE_FIELDS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
    for model in {m for a in REGISTRY.values() for m in (a.model, *(i.model for i in a.inlines))}
    if model._meta.app_label in PROJECT_APPS
    for field in model._meta.get_fields()
    if (field.many_to_one or field.many_to_many)
    and field.concrete
    and field.related_model in REGISTRY
    and is_event_owned(field.related_model)
    and REGISTRY[field.related_model].search_fields
]


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETE_FIELDS)
def test_autocomplete_matrix(model, field, build, users, client_for):
    """Whatever field asks, the choices are rows of events the role may edit (and, for a parent, published ones)."""
    objects = build(field.related_model)
    query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field.name}
    parent = field.name == "parent" and field.related_model is model
    mismatches = []
    for role in ROLES:
        response = client_for(users[role]).get(reverse("admin:autocomplete"), query)
        if role in ("anonymous", "staff"):
            expected = "login" if role == "anonymous" else "denied"
            if outcome(response) != expected:
                mismatches.append(f"{role}: {outcome(response)}")
            continue
        offered = {int(result["id"]) for result in response.json()["results"]}
        for key, obj in objects.items():
            wanted = in_scope(role, key) or (parent and key == "b_published")
            if (obj.pk in offered) != wanted:
                mismatches.append(f"{role} {key}: offered {obj.pk in offered}, expected {wanted}")
    assert mismatches == []
