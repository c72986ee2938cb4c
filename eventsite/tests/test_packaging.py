"""The wheel is the production install: it must carry every file the site reads, and run without the checkout.

The lock files must pin every declared dependency, with the same versions in production and in the tests.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("eventsite", "events", "speakers")
# Top-level directories of the checkout that the wheel carries inside the eventsite package (setup.py).
RESOURCES = ("templates", "static", "locale", "fixtures")
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache", ".hypothesis"
)


def files_under(directory: Path) -> set[str]:
    return {
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a copy, so setuptools' build/ and egg-info never land in the checkout; offline: no index, no
    # isolated build environment (setuptools comes with the dev extra).
    source = tmp_path_factory.mktemp("source") / "eventsite"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    out = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run(  # noqa: S603 - our own interpreter and pip
        [*pip_wheel, "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("eventsite-*.whl")
    return built


def test_wheel_carries_every_module_template_static_file_fixture_and_translation(wheel: Path) -> None:
    expected = {f"{package}/{name}" for package in PACKAGES for name in files_under(ROOT / package)}
    expected |= {f"eventsite/{resource}/{name}" for resource in RESOURCES for name in files_under(ROOT / resource)}
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assert sorted(expected - shipped) == []
    # The files the site cannot run without, named so that an empty checkout directory cannot pass the check above.
    assert (
        sorted(
            {
                "eventsite/templates/base.html",
                "eventsite/templates/pdf/kit.html",
                "eventsite/static/pdf/print.css",
                "eventsite/static/pdf/fonts/EventsiteSymbols.ttf",
                "eventsite/fixtures/10_2018_colloquium.json",
                "eventsite/locale/fr/LC_MESSAGES/django.mo",
                "events/migrations/0001_initial.py",
                "speakers/migrations/0001_initial.py",
                "events/management/commands/load_fixtures.py",
            }
            - shipped
        )
        == []
    )


INSTALLED_SITE_PROBE = """
import json
import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import get_template
from django.utils import translation
django.setup()
import events, eventsite
from events.management.commands.load_fixtures import fixture_files
call_command("check", verbosity=0)
with translation.override("fr"):
    translated = translation.gettext("Speakers")
print(json.dumps({
    "modules": [eventsite.__file__, events.__file__],
    "template": get_template("pdf/kit.html").origin.name,
    "static": [finders.find("pdf/print.css"), finders.find("bootstrap/css/bootstrap.min.css") is not None],
    "fixtures": [path.name for path in fixture_files()],
    "locale": [str(path) for path in settings.LOCALE_PATHS],
    "translated": translated,
}))
"""


def test_the_unpacked_wheel_runs_the_site_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    # A wheel is a zip of what pip puts in site-packages: unpacked on PYTHONPATH, it is the installed package.
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "DJANGO_SETTINGS_MODULE": "eventsite.settings"}
    env["EVENTSITE_VAR_DIR"] = str(tmp_path / "var")
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", INSTALLED_SITE_PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.splitlines()[-1])
    package = site / "eventsite"
    assert probe == {
        "modules": [str(package / "__init__.py"), str(site / "events" / "__init__.py")],
        "template": str(package / "templates" / "pdf" / "kit.html"),
        "static": [str(package / "static" / "pdf" / "print.css"), True],
        "fixtures": sorted(path.name for path in (ROOT / "fixtures").glob("*.json")),
        "locale": [str(package / "locale")],
        "translated": "Orateurs",
    }


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.M)
    }


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ()), ("requirements-dev.lock", ("dev",))])
def test_lock_pins_every_declared_dependency_within_its_range(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    unmet = [
        str(requirement)
        for requirement in declared(*extras)
        if canonicalize_name(requirement.name) not in pinned
        or not requirement.specifier.contains(pinned[canonicalize_name(requirement.name)], prereleases=True)
    ]
    assert unmet == []


def test_production_runs_the_versions_the_tests_ran() -> None:
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: development.get(name) for name in production} == production
