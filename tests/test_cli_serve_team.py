"""`meetfirst serve --team`: no login link, an admin account first, a warning on SQLite."""

from __future__ import annotations

import gc
import sys

import pytest

from meetfirst.cli import serve as serve_module
from meetfirst.services import accounts


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, settings) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
    """Record the server the command would start instead of starting it."""
    monkeypatch.setenv("MEETFIRST_TEAM", "")  # recorded, so the command's "1" is undone after the test
    settings.MEETFIRST_TEAM = False  # the settings fixture undoes what the command switches on
    calls: list[tuple[str, int, int, int]] = []
    monkeypatch.setattr(serve_module, "_run", lambda *args: calls.append(args))
    return calls


def test_serve_team_refuses_to_start_without_an_active_admin(run_cli, started) -> None:  # type: ignore[no-untyped-def]
    accounts.add_user("bob", role="agent")
    result = run_cli("serve", "--team")
    assert result.exit_code == 2
    assert "create one: meetfirst user add NAME --role admin" in result.stderr
    assert started == []


def test_serve_team_starts_in_team_mode_without_a_login_link(run_cli, started, settings) -> None:  # type: ignore[no-untyped-def]
    accounts.add_user("alice", role="admin")
    result = run_cli("serve", "--team", "--workers", "3", "--port", "8765")
    assert result.exit_code == 0, result.stderr
    assert "/login/token/" not in result.stdout
    assert "log in with their password" in result.stdout
    assert started == [("127.0.0.1", 8765, 3, 0)]  # 0: the default for the store
    assert settings.MEETFIRST_TEAM is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_serve_team_warns_on_sqlite(run_cli, started) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    accounts.add_user("alice", role="admin")
    result = run_cli("serve", "--team")
    assert result.exit_code == 0
    assert ("store is SQLite" in result.stderr) == (connection.vendor == "sqlite")


def test_a_superuser_counts_as_an_admin_but_a_disabled_one_does_not(run_cli, started) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password=None)
    assert run_cli("serve", "--team").exit_code == 0
    root.is_active = False
    root.save()
    assert run_cli("serve", "--team").exit_code == 2


def test_plain_serve_still_prints_a_login_link(run_cli, started) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("serve")
    assert result.exit_code == 0
    assert "/login/token/" in result.stdout


def test_login_link_is_refused_in_team_mode(run_cli, started, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    result = run_cli("login-link")
    assert result.exit_code == 2
    assert "login links are off in team mode" in result.stderr


def test_the_served_app_leaves_what_loading_made_out_of_full_collections() -> None:
    from django.core.handlers.wsgi import WSGIHandler

    gc.unfreeze()
    usual = sys.getswitchinterval()
    try:
        assert isinstance(serve_module._wsgi_app(), WSGIHandler)
        assert gc.get_freeze_count() > 1000
        # Threads waiting on the database get the interpreter back sooner than CPython's default.
        assert sys.getswitchinterval() == pytest.approx(serve_module.SWITCH_SECONDS)
        assert usual > serve_module.SWITCH_SECONDS
    finally:
        gc.unfreeze()
        sys.setswitchinterval(usual)


def test_threads_default_to_two_on_sqlite_and_four_on_postgresql(  # type: ignore[no-untyped-def]
    db, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    ran: list[tuple[str, int, int, int]] = []
    monkeypatch.setattr(serve_module.sys, "platform", "linux")
    monkeypatch.setattr(serve_module, "_run_gunicorn", lambda *args: ran.append(args))
    serve_module._run("127.0.0.1", 8000, 2, 0)
    serve_module._run("127.0.0.1", 8000, 2, 6)
    expected = 2 if connection.vendor == "sqlite" else 4
    assert ran == [("127.0.0.1", 8000, 2, expected), ("127.0.0.1", 8000, 2, 6)]
