"""Who may do what: editors change their organisation's events, publishers also publish, superusers do all."""

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet

from events.models import Event, EventOrganisation

EDITORS = "Editors"
PUBLISHERS = "Publishers"

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
    ("events", "livestream"): ("view", "add", "change", "delete"),
    ("events", "livestreamlink"): ("view", "add", "change", "delete"),
    ("events", "proceedings"): ("view", "add", "change", "delete"),
    ("events", "proceedingssection"): ("view", "add", "change", "delete"),
    ("events", "takeaway"): ("view", "add", "change", "delete"),
    ("events", "quote"): ("view", "add", "change", "delete"),
    ("events", "registration"): ("view",),
    ("events", "organisation"): ("view", "add", "change"),
    ("events", "organisationalias"): ("view", "add", "change", "delete"),
    ("events", "socialhandle"): ("view", "add", "change", "delete"),
    ("events", "venue"): ("view", "add", "change"),
    ("events", "room"): ("view", "add", "change"),
    ("speakers", "person"): ("view", "add", "change"),
    ("speakers", "personalias"): ("view", "add", "change", "delete"),
    ("speakers", "participation"): ("view", "add", "change", "delete"),
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


def editable_events(user) -> QuerySet[Event]:
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(
        event_organisations__organisation__members=user,
        event_organisations__role__in=EventOrganisation.ORGANISING_ROLES,
    ).distinct()


def can_edit_event(user, event: Event) -> bool:
    return user.is_superuser or editable_events(user).filter(pk=event.pk).exists()
