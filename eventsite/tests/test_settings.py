import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "-Zq8vP3mW9xL2nR7tY4uB6cD1eF5gH0jK"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "DJANGO_ENV", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", DJANGO_ENV="production", EVENTSITE_VAR_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DJANGO_ENV=production." in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = manage("check", DJANGO_ENV="production", SECRET_KEY="django-insecure-abc", EVENTSITE_VAR_DIR=str(tmp_path))
    assert "SECRET_KEY is too weak for production" in result.stderr


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="events.example.org",
        EVENTSITE_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert (result.returncode, result.stderr.strip()) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_local_default_generates_a_secret_key_once(tmp_path):
    manage("check", EVENTSITE_VAR_DIR=str(tmp_path))
    key = (tmp_path / "secret_key").read_text()
    manage("check", EVENTSITE_VAR_DIR=str(tmp_path))
    assert ((tmp_path / "secret_key").read_text(), len(key) >= 50) == (key, True)
