import pytest


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no request counted by the API's rate limit (its counts live in the process)."""
    from events.api.routes import api

    api.throttle.window = -1
