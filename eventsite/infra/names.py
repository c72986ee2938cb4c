"""Finding people and organisations by name whatever the accents and case: "bien-aime" finds "Bien-Aimé".

Search compares normalised names in Python: the same on SQLite and PostgreSQL (no unaccent extension needed), and
cheap at this size (a few thousand names). Aliases count as names.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db.models import Model, QuerySet


def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: "Bien-Aimé, M." -> "bien aime m"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def _names(model: type[Model], fields: Iterable[str]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for pk, *values in model._default_manager.values_list("pk", *fields):
        names.setdefault(pk, []).extend(normalise(v) for v in values if v)
    return names


def name_index(model: type[Model]) -> dict[int, list[str]]:
    """Each row's normalised names: its own name fields and its aliases'."""
    wanted = {"name", "sort_name", "short_name"}
    # Every language's column of a translated name ("Fondation Scelles" / "Scelles Foundation").
    own = [
        x.name for x in model._meta.concrete_fields
        if x.name in wanted or getattr(getattr(x, "translated_field", None), "name", None) in wanted
    ]  # fmt: skip
    names = _names(model, own)
    for pk, alias in model._default_manager.filter(aliases__isnull=False).values_list("pk", "aliases__name"):
        names.setdefault(pk, []).append(normalise(alias))
    return names


def search_ids(model: type[Model], term: str) -> list[int]:
    """Rows each of whose search words is in one of its names."""
    words = normalise(term).split()
    return [pk for pk, names in name_index(model).items() if all(any(w in n for n in names) for w in words)]


def same_name_ids(model: type[Model], name: str) -> list[int]:
    """Rows with exactly this name (or alias), accents and case aside."""
    wanted = normalise(name)
    return [pk for pk, names in name_index(model).items() if wanted and wanted in names]


class NameSearchMixin:
    """Admin search (change list and autocomplete) on names and aliases, insensitive to accents and case."""

    def get_search_results(self, request, queryset: QuerySet, search_term: str):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=search_ids(queryset.model, search_term)), False
