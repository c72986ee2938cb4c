"""Each render is a child forked from the render worker's warm fork server; what it cost is logged; failures say so."""

import logging

import pytest

from events.documents.render import render_bounded

HTML = '<!DOCTYPE html><html lang="en"><head><title>One page</title></head><body><p>Hello</p></body></html>'


def render_messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "events.documents.render"]


def test_every_render_is_forked_from_the_warmed_up_server_and_logged(caplog):
    with caplog.at_level(logging.INFO, logger="events.documents.render"):
        pages = [render_bounded(HTML).pages for _ in range(2)]
    messages = render_messages(caplog)
    assert (pages, len(messages)) == ([1, 1], 2)
    # "Rendered 1 pages in 0.05 s, peak memory 110 MB, warm worker": the child started with WeasyPrint loaded.
    assert [
        message.startswith("Rendered 1 pages in ") and message.endswith(" warm worker") for message in messages
    ] == [
        True,
        True,
    ]


def test_a_render_that_fails_in_the_child_raises_and_logs_the_childs_traceback(caplog):
    with caplog.at_level(logging.INFO, logger="events.documents.render"), pytest.raises(RuntimeError) as failed:
        render_bounded(None)  # WeasyPrint refuses a document without a source
    assert str(failed.value) == "the render worker exited with status 1"
    (message,) = render_messages(caplog)
    assert message.startswith("The render worker failed: Traceback (most recent call last):")
