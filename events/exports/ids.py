"""Identifiers in exports: UUIDv5 of natural keys, so they stay the same across databases and exports."""

import uuid

NAMESPACE = uuid.UUID("6f1c6a52-3b8e-4e0a-9d4f-0d8f3c1f5a10")


def stable_uid(kind: str, *key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *key))))
