"""Building admin POST data the way a browser would submit the page."""

from django.db.models.fields.files import FieldFile

EVENT_INLINE_PREFIXES = [
    "event_organisations", "sessions", "participations", "organisation_roles", "kit_sections", "remarks", "contacts",
    "live_stream", "render_failures",
]  # fmt: skip


def no_inlines(prefixes: list[str] = EVENT_INLINE_PREFIXES) -> dict[str, int]:
    """Management data for inline formsets left empty (an add page)."""
    return {
        **{f"{prefix}-TOTAL_FORMS": 0 for prefix in prefixes},
        **{f"{prefix}-INITIAL_FORMS": 0 for prefix in prefixes},
    }


def change_page_data(client, url: str) -> dict:
    """What the change page (or a history version's page) would submit unchanged: the main form's and every inline
    form's current values."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    context = response.context
    form = context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        # Browsers resend no file unless a new one is chosen.
        if value is not None and not isinstance(value, list | FieldFile)
    }
    for formset in context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{key}": value for key, value in management.initial.items()})
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value is not None:
                    data[f"{inline_form.prefix}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


def add_page_data(client, change_url: str) -> dict:
    """What the add page would submit to create a copy of the object at `change_url`: its main form, no inline rows."""
    data = change_page_data(client, change_url)
    context = client.get(change_url).context
    prefixes = [formset.formset.prefix for formset in context.get("inline_admin_formsets", [])]
    main = {name: value for name, value in data.items() if not any(name.startswith(f"{p}-") for p in prefixes)}
    return {**main, **no_inlines(prefixes)}
