from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# Rows that are outputs or private inputs, not content printed in documents.
NOT_CONTENT = {"rendereddocument", "renderfailure", "kitedition", "registration", "outboxmessage", "dataversion"}


def bump_data_version(sender, **kwargs) -> None:
    from events.models import DataVersion

    DataVersion.bump()


def connect() -> None:
    for app_label in ("events", "speakers"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name in NOT_CONTENT:
                continue
            post_save.connect(bump_data_version, sender=model, dispatch_uid=f"version-save-{model._meta.label}")
            post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"version-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump_data_version, sender=field.remote_field.through, dispatch_uid=f"version-m2m-{field}"
                )
