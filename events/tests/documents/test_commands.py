import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_render_pdf_writes_a_pdf(tmp_path):
    out = tmp_path / "programme.pdf"
    call_command("render_pdf", "alliance-19-2019", "programme", str(out), "--paper", "letter")
    assert out.read_bytes()[:5] == b"%PDF-"


def test_render_pdf_explains_an_unknown_event(tmp_path):
    with pytest.raises(CommandError, match=r"No event with the slug “nope”\."):
        call_command("render_pdf", "nope", "kit", str(tmp_path / "x.pdf"))


def test_ensure_admin_creates_the_login_once(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    assert capsys.readouterr().out == first
    password = (tmp_path / "admin_password").read_text()
    assert f"user: admin  password: {password}" in first


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_render_pdf_refuses_a_document_the_event_has_nothing_for(tmp_path):
    out = tmp_path / "proceedings.pdf"
    with pytest.raises(CommandError, match=r"“alliance-2019-icat” has nothing to print in its proceedings"):
        call_command("render_pdf", "alliance-2019-icat", "proceedings", str(out))
    assert out.exists() is False
