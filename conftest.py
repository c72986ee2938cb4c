import os
from pathlib import Path

import pytest
from django.core.management import call_command

SHARED_DIR = Path(__file__).resolve().parent.parent / "shared"


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real 2014/2018/2019 fixtures are loaded once; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_fixtures", verbosity=0)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_DIR} is missing: CI must run with ../shared beside the project")
        pytest.skip(f"{SHARED_DIR} is absent: this test reads the shared source documents or schemas")
    return SHARED_DIR
