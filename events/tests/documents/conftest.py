import pytest

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Rendered PDFs go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """Downloads remember, in the cache, that they queued a render for a data version: forget it between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued, synchronously: for tests of what the worker does."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def limits(settings):
    """Set some render limits low for one test: limits(SECONDS=1, HTML_CHARS=5000)."""

    def set_limits(**low: int) -> None:
        settings.DOCUMENT_RENDER_LIMITS = {**settings.DOCUMENT_RENDER_LIMITS, **low}

    return set_limits


@pytest.fixture
def no_rendering(monkeypatch):
    """Any render from here on fails the test: the renderer raises, whoever calls it, whatever catches it."""
    from events.documents import render

    calls = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a document was rendered")

    monkeypatch.setattr(render, "render_bounded", forbidden)
    monkeypatch.setattr(render, "html_to_pdf", forbidden)
    return calls


@pytest.fixture
def no_rendering_in_this_process(monkeypatch):
    """WeasyPrint may run only in a render child process (a fresh interpreter, which this patch does not reach)."""
    from events.documents import render

    calls = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a document was rendered in the calling process")

    monkeypatch.setattr(render, "html_to_pdf", forbidden)
    return calls


@pytest.fixture
def render_public():
    """What the worker does for an event: render its public documents now, in this process's child."""
    from events.documents.tasks import render_event_documents

    def run(slug: str) -> list[str]:
        return render_event_documents.call(slug)

    return run


_rendered: dict[tuple[str, str, str], bytes] = {}


@pytest.fixture
def rendered(db):
    """The public PDF of a real event's document, rendered once per test session (the fixtures never change)."""
    from events.documents.services import document_pdf
    from events.models import Event

    def get(slug: str, kind: str, language: str = "en") -> bytes:
        if (slug, kind, language) not in _rendered:
            _rendered[slug, kind, language] = document_pdf(
                event=Event.objects.get(slug=slug), kind=kind, language=language
            )
        return _rendered[slug, kind, language]

    return get
