"""Who may change what: decided here and nowhere else.

Editors change the events their organisations organise and everything that belongs to those events; Publishers also
publish them; superusers do all. Shared records (people, organisations, venues) are changed by anyone whose group
grants it, but what hangs off an event is reached only through an event the user may edit, whatever the path: a
change list, a change page, an inline on a shared record, an autocomplete, a history revert, an action or a preview.

`EVENT_PATHS` says, for every model of the project, how a row reaches its event. The admin mixin at the bottom reads
it for every ModelAdmin and inline, so a new model must be placed in it (the admin tests fail until it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    User = AbstractBaseUser | AnonymousUser


# The policy reaches the models through the app registry: the models' queryset (events.visibility) asks this module
# who may preview, so importing events.models here would close an import cycle.
def _event_model() -> type[models.Model]:
    return apps.get_model("events", "Event")


def _is_event(obj: object) -> bool:
    return isinstance(obj, models.Model) and obj._meta.label == "events.Event"


EDITORS = "Editors"
PUBLISHERS = "Publishers"
PUBLISH_PERMISSION = "events.publish_event"

# What an editor works on, by model: (app label, model name) -> actions.
EDITOR_PERMISSIONS = {
    ("events", "event"): ("view", "add", "change"),
    ("events", "eventorganisation"): ("view", "add", "change", "delete"),
    ("events", "session"): ("view", "add", "change", "delete"),
    ("events", "kitsection"): ("view", "add", "change", "delete"),
    ("events", "statistic"): ("view", "add", "change", "delete"),
    ("events", "tool"): ("view", "add", "change", "delete"),
    ("events", "legaltext"): ("view", "add", "change", "delete"),
    ("events", "remark"): ("view", "add", "change", "delete"),
    ("events", "contact"): ("view", "add", "change", "delete"),
    ("events", "organisationrole"): ("view", "add", "change", "delete"),
    ("events", "organisationrolemember"): ("view", "add", "change", "delete"),
    ("events", "livestream"): ("view", "add", "change", "delete"),
    ("events", "livestreamlink"): ("view", "add", "change", "delete"),
    ("events", "proceedings"): ("view", "add", "change", "delete"),
    ("events", "proceedingssection"): ("view", "add", "change", "delete"),
    ("events", "takeaway"): ("view", "add", "change", "delete"),
    ("events", "quote"): ("view", "add", "change", "delete"),
    ("events", "registration"): ("view",),
    ("events", "outboxmessage"): ("view",),
    ("events", "renderfailure"): ("view",),
    ("events", "organisation"): ("view", "add", "change"),
    ("events", "organisationalias"): ("view", "add", "change", "delete"),
    ("events", "socialhandle"): ("view", "add", "change", "delete"),
    ("events", "venue"): ("view", "add", "change"),
    ("events", "room"): ("view", "add", "change"),
    ("speakers", "person"): ("view", "add", "change"),
    ("speakers", "personalias"): ("view", "add", "change", "delete"),
    ("speakers", "participation"): ("view", "add", "change", "delete"),
}

PROJECT_APPS = {"events", "speakers"}
SHARED = None
# How each model's rows reach the event they belong to ("" for an event itself), or SHARED: a record several
# events use, governed by the groups' model permissions alone (publications: only superusers hold those).
EVENT_PATHS: dict[tuple[str, str], str | None] = {
    ("events", "event"): "",
    ("events", "eventorganisation"): "event",
    ("events", "session"): "event",
    ("events", "remark"): "event",
    ("events", "contact"): "event",  # a publication's contacts have no event: superusers only
    ("events", "organisationrole"): "event",
    ("events", "organisationrolemember"): "role__event",
    ("events", "livestream"): "event",
    ("events", "livestreamlink"): "stream__event",
    ("events", "kitsection"): "event",
    ("events", "tool"): "section__event",
    ("events", "statistic"): "section__event",
    ("events", "legaltext"): "section__event",
    ("events", "proceedings"): "event",
    ("events", "proceedingssection"): "proceedings__event",
    ("events", "takeaway"): "proceedings__event",
    ("events", "quote"): "proceedings__event",
    ("events", "registration"): "event",
    ("events", "outboxmessage"): "event",
    ("events", "rendereddocument"): "event",
    ("events", "kitedition"): "event",
    ("events", "renderfailure"): "event",
    ("speakers", "participation"): "event",
    ("events", "organisation"): SHARED,
    ("events", "organisationalias"): SHARED,
    ("events", "socialhandle"): SHARED,
    ("events", "venue"): SHARED,
    ("events", "room"): SHARED,
    ("events", "publication"): SHARED,
    ("events", "publicationsection"): SHARED,
    ("events", "footnote"): SHARED,
    ("events", "source"): SHARED,
    ("events", "dataversion"): SHARED,
    ("speakers", "person"): SHARED,
    ("speakers", "personalias"): SHARED,
}


def groups_sync(**kwargs) -> None:
    """Create or update the two groups (run after every migrate)."""
    wanted = []
    for (app_label, model), actions in EDITOR_PERMISSIONS.items():
        wanted += [(app_label, f"{action}_{model}") for action in actions]
    editor_perms = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename) for app_label, codename in wanted
    ]
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editor_perms)
    publishers, _created = Group.objects.get_or_create(name=PUBLISHERS)
    publish = Permission.objects.get(content_type__app_label="events", codename="publish_event")
    publishers.permissions.set([*editor_perms, publish])


# --- The policy -------------------------------------------------------------------------------------------------


def editable_events(user: User) -> QuerySet:
    """The events `user` may edit: those an organisation they belong to organises (all, for a superuser)."""
    event_model = _event_model()
    if user.is_superuser:
        return event_model.objects.all()
    if not user.is_authenticated:
        return event_model.objects.none()
    organising = apps.get_model("events", "EventOrganisation")
    return event_model.objects.filter(
        pk__in=organising.objects.filter(organisation__members=user, role__in=organising.ORGANISING_ROLES).values(
            "event"
        )
    )


def can_edit_event(user: User, event: models.Model | int | None) -> bool:
    if user.is_superuser:
        return True
    event_id = event.pk if _is_event(event) else event
    return event_id is not None and editable_events(user).filter(pk=event_id).exists()


def event_editors(event: models.Model) -> QuerySet:
    """The active staff who edit `event` through an organising organisation (superusers aside): whom the
    organisers' e-mails about registrations go to."""
    from django.contrib.auth import get_user_model

    organising = apps.get_model("events", "EventOrganisation")
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            organisations__event_roles__event=event,
            organisations__event_roles__role__in=organising.ORGANISING_ROLES,
        )
        .distinct()
    )


def can_publish(user: User, event: models.Model) -> bool:
    """Publishing and unpublishing: a Publisher's right, on the events they may edit."""
    return user.has_perm(PUBLISH_PERMISSION) and can_edit_event(user, event)


def event_path(model: type[models.Model]) -> str | None:
    """How `model` reaches its event; a model missing from EVENT_PATHS is an error, not a free pass."""
    key = (model._meta.app_label, model._meta.model_name)
    if key[0] not in PROJECT_APPS:
        return SHARED  # Django's and third-party models: their model permissions, which no group grants
    if key not in EVENT_PATHS:
        raise LookupError(f"{model._meta.label} is not placed in events.permissions.EVENT_PATHS")
    return EVENT_PATHS[key]


def is_event_owned(model: type[models.Model]) -> bool:
    return event_path(model) is not SHARED


def event_id_of(obj: models.Model) -> int | None:
    """The id of the event `obj` belongs to, read from its fields as they are now (saved or not)."""
    path = event_path(type(obj))
    if path == "":
        return obj.pk
    *hops, last = path.split("__")
    target = obj
    for hop in hops:
        if getattr(target, type(target)._meta.get_field(hop).attname) is None:
            return None
        target = getattr(target, hop)
    return getattr(target, type(target)._meta.get_field(last).attname)


def scope(user: User, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that belong to events `user` may edit (shared records are all kept)."""
    path = event_path(queryset.model)
    if path is SHARED or user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path or 'pk'}__in": editable_events(user).values("pk")})


def can_change(user: User, obj: models.Model) -> bool:
    """Whether `obj`, as it is now in memory, belongs to `user` (model permissions are checked by the caller)."""
    if user.is_superuser or not is_event_owned(type(obj)):
        return True
    return can_edit_event(user, event_id_of(obj))


def can_save(user: User, obj: models.Model) -> bool:
    """Whether `obj` may be written as it is in memory: both the stored row and the row as it would be saved are the
    user's. A new event is allowed: it is given the editor's organisation as it is saved."""
    if user.is_superuser or not is_event_owned(type(obj)):
        return True
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
    if stored is not None and not can_change(user, stored):
        return False
    if _is_event(obj):
        return stored is not None or obj.pk is None
    return can_change(user, obj)


def field_choices(user: User, field: models.Field, queryset: QuerySet | None = None) -> QuerySet | None:
    """What `user` may pick in a relation field: rows of events they may edit. A side event may also be held during
    any published event (it prints in that programme), but choosing one opens nothing else of it.

    Relations to shared records keep `queryset` (None: the form field's default).
    """
    related = field.related_model
    if related is None or not is_event_owned(related):
        return queryset
    if queryset is None:
        queryset = related._default_manager.all()
    if user.is_superuser:
        return queryset
    event_model = _event_model()
    if related is event_model and field.model is event_model and field.name == "parent":
        return queryset.filter(
            Q(pk__in=editable_events(user).values("pk")) | Q(pk__in=event_model.objects.published().values("pk"))
        )
    return scope(user, queryset)


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str):
    """The admin's "view on site" redirect (/admin/r/<type>/<id>/, contenttypes' shortcut) for rows of events the user
    may see: the shortcut finds any row by id, and its redirect would name another organisation's draft (its URL,
    its slugs). Any other row answers like a missing one. Mounted before the admin's own pattern in the URLconf."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as exc:
        raise Http404("No such content type") from exc
    if model is not None and model._meta.app_label in PROJECT_APPS and is_event_owned(model):
        path = event_path(model)
        visible = _event_model().objects.visible_to(request.user)
        rows = model._default_manager.filter(**{f"{path or 'pk'}__in": visible})
        try:
            if not rows.filter(pk=unquote(object_id)).exists():
                raise Http404("No such object")
        except (ValueError, ValidationError) as exc:
            raise Http404("No such object") from exc
    return shortcut(request, content_type_id, object_id)


# --- The admin mixin ------------------------------------------------------------------------------------------


class PolicyRelatedFieldListFilter(RelatedFieldListFilter):
    """A change list's filter on a relation offers what the user may pick in that field: Django's own lists every
    row of the related model, so a filter on `event` would print every organisation's draft titles."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list[tuple]:
        choices = field_choices(request.user, field)
        if choices is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        value = field.remote_field.get_related_field().attname
        return [(getattr(row, value), str(row)) for row in choices]


def _policy_list_filter(model: type[models.Model], item):
    """`item` of a list_filter, with Django's relation filter replaced by the policy's one."""
    if isinstance(item, str):
        name, filter_class = item, RelatedFieldListFilter
    elif isinstance(item, tuple | list) and item[1] is RelatedFieldListFilter:
        name, filter_class = item
    else:
        return item
    field = get_fields_from_path(model, name)[-1]
    if filter_class is RelatedFieldListFilter and field.is_relation and field.related_model is not None:
        return (name, PolicyRelatedFieldListFilter)
    return item


class PolicyAdminMixin:
    """Every ModelAdmin and inline of the project inherits this first: scoping, object permissions, choices, saves
    and the history views all ask the policy above."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope(request.user, super().get_queryset(request))

    def get_list_filter(self, request: HttpRequest):
        return [_policy_list_filter(self.model, item) for item in super().get_list_filter(request)]

    # For a ModelAdmin `obj` is the row; for an inline it is the parent row: the same question either way.
    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and (obj is None or can_change(request.user, obj))

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or can_change(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        choices = field_choices(request.user, db_field, kwargs.get("queryset"))
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        choices = field_choices(request.user, db_field, kwargs.get("queryset"))
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def check_can_save(self, request: HttpRequest, obj: models.Model) -> None:
        if not can_save(request.user, obj):
            raise PermissionDenied

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        # Choices already refuse a foreign event in the form; this also holds for forms built elsewhere (history).
        self.check_can_save(request, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        parent_path = isinstance(formset, BaseInlineFormSet) and formset.fk.name
        path = event_path(formset.model)
        # Rows reaching their event through the parent were checked with it; others (a person's appearances) not.
        if path is not SHARED and not (parent_path and (path == parent_path or path.startswith(f"{parent_path}__"))):
            for inline_form in formset.forms:
                if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                    continue
                if parent_path:
                    setattr(inline_form.instance, parent_path, formset.instance)
                self.check_can_save(request, inline_form.instance)
        super().save_formset(request, form, formset, change)

    def get_history_queryset(self, request: HttpRequest, history_manager, pk_name: str, object_id) -> QuerySet:
        # django-simple-history calls select_related() with no field for models without foreign keys, which
        # Django 6.1 deprecates: name the relations.
        foreign_keys = [f.name for f in history_manager.model.tracked_fields if isinstance(f, models.ForeignKey)]
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user", *foreign_keys)

    def _check_history_access(self, request: HttpRequest, object_id: str) -> None:
        # The history views find rows without get_queryset: refuse what the change page would not show.
        pk = unquote(object_id)
        try:
            exists = self.model._default_manager.filter(pk=pk).exists()
        except (ValueError, ValidationError) as exc:
            raise Http404("No such object") from exc
        if exists and self.get_object(request, pk) is None:
            raise Http404("No such object")

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self._check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        """A past version is shown to those who may see the row now and as it was; a revert is a change of both."""
        self._check_history_access(request, object_id)
        history = self.model.history.model
        try:
            record = history.objects.filter(**{self.opts.pk.attname: unquote(object_id), "history_id": version_id})[0]
        except (IndexError, ValueError, ValidationError):
            record = None
        if record is None:
            raise Http404("No such version")
        past = record.instance
        current = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, past):
            raise PermissionDenied
        if request.method == "POST" and not (
            self.has_change_permission(request, past)
            and (current is None or self.has_change_permission(request, current))
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
