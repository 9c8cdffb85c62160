"""The ``masthead`` command and the production settings, as an operator meets them."""

import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest

from masthead.cli import MASTHEAD_COMMANDS, command_name


def masthead(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "masthead", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_help_lists_masthead_commands():
    result = masthead("--help")
    assert result.returncode == 0
    for name in ("demo", "run", "worker", "setup", "generate-corpus"):
        assert f"  {name}" in result.stdout


def test_every_listed_command_exists():
    from django.core.management import get_commands

    available = get_commands()
    for name in MASTHEAD_COMMANDS:
        assert command_name(name) in available, name


def test_production_settings_pass_the_deployment_checklist():
    result = masthead(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "MASTHEAD_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "news.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = masthead("check", env={"MASTHEAD_PRODUCTION": "1", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_create_editor_prints_how_to_log_in(settings, tmp_path):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from masthead.core.roles import EDITORS

    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("create_editor", stdout=out)
    text = out.getvalue()
    assert "/admin/" in text and "username: editor" in text
    password = text.split("password: ")[1].split()[0]
    user = User.objects.get(username="editor")
    assert user.check_password(password)
    assert user.groups.filter(name=EDITORS).exists()

    again = StringIO()
    call_command("create_editor", stdout=again)
    assert password in again.getvalue()
    user.refresh_from_db()
    assert user.check_password(password), "a second run must not change the password"
