"""Natural keys: fixtures reference every row by one, so loading them twice is idempotent."""

from django.db import models


class NaturalKeyManager(models.Manager):
    """get_by_natural_key() from the model's `natural_key_fields` lookups."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


class NaturalKeyModel(models.Model):
    """Fixtures reference every row by a natural key, so loading them twice is idempotent."""

    natural_key_fields: tuple[str, ...] = ("slug",)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        values = []
        for path in self.natural_key_fields:
            value = self
            for part in path.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values.append(value)
        return tuple(values)
