"""Bench set-up: a throwaway SQLite database (or $DATABASE_URL) with the fixtures loaded."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(*, load_fixtures: bool = True) -> Path:
    var_dir = Path(os.environ.get("BENCH_VAR_DIR") or tempfile.mkdtemp(prefix="eventsite-bench-"))
    os.environ["EVENTSITE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    if load_fixtures and not (var_dir / ".loaded").exists():
        call_command("migrate", verbosity=0)
        call_command("load_fixtures", verbosity=0)
        (var_dir / ".loaded").touch()
    return var_dir
