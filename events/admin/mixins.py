from events.documents.tasks import documents_refresh


class RefreshDocumentsMixin:
    """After a change is saved, queue the renders of the documents it appears in."""

    def document_events(self, obj) -> list[str]:
        return [obj.event.slug]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        documents_refresh(event_slugs=self.document_events(form.instance))
