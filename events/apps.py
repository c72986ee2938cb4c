from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events import permissions, signals
        from eventsite.infra.throttling import create_cache_table

        signals.connect()
        # After the speakers app: both apps' permissions exist by then.
        speakers = self.apps.get_app_config("speakers")
        post_migrate.connect(permissions.groups_sync, sender=speakers, dispatch_uid="events-groups")
        # The shared cache (rate limits) lives in a table that `createcachetable` makes, not a migration.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="events-cache-table")
