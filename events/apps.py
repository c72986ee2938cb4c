from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events import permissions, signals

        signals.connect()
        # After the speakers app: both apps' permissions exist by then.
        speakers = self.apps.get_app_config("speakers")
        post_migrate.connect(permissions.groups_sync, sender=speakers, dispatch_uid="events-groups")
