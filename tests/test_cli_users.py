"""`meetfirst user ...`, `meetfirst team ...` and `meetfirst audit` on the command line."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from meetfirst.store.models import AuditEntry, StaffProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_user_add_reads_the_password_from_stdin(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("team", "add", "Team A").exit_code == 0
    result = run_cli(
        "user", "add", "bob", "--role", "agent", "--team", "Team A", "--email", "bob@example.org",
        "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Added bob (agent)" in result.stdout
    assert PASSWORD not in result.stdout
    assert authenticate(username="bob", password=PASSWORD) is not None
    profile = StaffProfile.objects.get(user__username="bob")
    assert profile.role == "agent"
    assert [t.name for t in profile.teams.all()] == ["Team A"]


def test_user_add_without_a_terminal_generates_a_temporary_password_shown_once(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("user", "add", "alice", "--role", "admin", "--json")
    assert result.exit_code == 0, result.stderr
    made = json.loads(result.stdout)
    assert made["role"] == "admin"
    temporary = made["temporary_password"]
    assert len(temporary) == 16
    assert authenticate(username="alice", password=temporary) is not None
    listed = run_cli("user", "list", "--json")
    assert temporary not in listed.stdout


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "too short"), ("password1234", "too common"), ("8395712046", "entirely numeric")],
)
def test_a_weak_password_is_refused_with_the_validators_reason(run_cli, password: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("user", "add", "bob", "--password-stdin", input=password + "\n")
    assert result.exit_code == 2
    assert reason in result.stderr
    assert not User.objects.filter(username="bob").exists()


def test_user_add_refuses_an_unknown_team_role_or_a_taken_name(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert "meetfirst team add" in run_cli("user", "add", "bob", "--team", "Nowhere").stderr
    assert "unknown role" in run_cli("user", "add", "bob", "--role", "boss").stderr
    assert run_cli("user", "add", "bob").exit_code == 0
    taken = run_cli("user", "add", "bob")
    assert taken.exit_code == 2
    assert "exists already" in taken.stderr
    assert "letters, digits" in run_cli("user", "add", "bob smith").stderr


def test_user_list_shows_roles_teams_and_status(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("team", "add", "Team B")
    run_cli("user", "add", "charlie", "--team", "Team B")
    run_cli("user", "add", "dave", "--role", "viewer")
    run_cli("user", "add", "alice", "--role", "admin")
    run_cli("user", "disable", "dave")
    rows = {a["username"]: a for a in json.loads(run_cli("user", "list", "--json").stdout)}
    assert rows["charlie"]["teams"] == ["Team B"]
    assert rows["dave"]["active"] is False
    assert rows["dave"]["role"] == "viewer"
    text = run_cli("user", "list").stdout
    assert "charlie" in text
    assert "disabled" in text


def test_disable_and_enable_an_account(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("user", "add", "alice", "--role", "admin")
    run_cli("user", "add", "bob", "--password-stdin", input=PASSWORD + "\n")
    assert run_cli("user", "disable", "bob").exit_code == 0
    assert authenticate(username="bob", password=PASSWORD) is None
    assert run_cli("user", "enable", "bob").exit_code == 0
    assert authenticate(username="bob", password=PASSWORD) is not None


def test_the_last_active_admin_cannot_be_disabled(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("user", "add", "alice", "--role", "admin")
    result = run_cli("user", "disable", "alice")
    assert result.exit_code == 2
    assert "last active admin" in result.stderr
    assert User.objects.get(username="alice").is_active


def test_an_unknown_account_is_a_clear_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("user", "disable", "nobody")
    assert result.exit_code == 3
    assert "no account named 'nobody'" in result.stderr


def test_passwd_sets_a_given_password_or_generates_one(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("user", "add", "bob")
    assert run_cli("user", "passwd", "bob", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    assert authenticate(username="bob", password=PASSWORD) is not None
    generated = run_cli("user", "passwd", "bob")
    assert generated.exit_code == 0
    temporary = generated.stdout.strip().rsplit(" ", 1)[-1]
    assert authenticate(username="bob", password=temporary) is not None
    assert authenticate(username="bob", password=PASSWORD) is None


def test_team_add_and_list(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("team", "add", "  Team   A ").exit_code == 0
    assert run_cli("team", "add", "Team A").exit_code == 2
    run_cli("user", "add", "bob", "--team", "Team A")
    teams = json.loads(run_cli("team", "list", "--json").stdout)
    assert [(t["name"], t["staff"], t["customers"]) for t in teams] == [("Team A", 1, 0)]


def test_account_changes_on_the_command_line_are_audited_without_passwords(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("team", "add", "Team A")
    run_cli("user", "add", "bob", "--password-stdin", input=PASSWORD + "\n")
    run_cli("user", "passwd", "bob", "--password-stdin", input="another passphrase here\n")
    run_cli("user", "disable", "bob")
    actions = list(AuditEntry.objects.order_by("id").values_list("username", "action"))
    assert actions == [
        ("cli", "team-add"),
        ("cli", "user-add"),
        ("cli", "user-passwd"),
        ("cli", "user-disable"),
    ]
    stored = json.dumps(list(AuditEntry.objects.values("detail", "path")))
    assert PASSWORD not in stored
    assert "another passphrase" not in stored
    shown = json.loads(run_cli("audit", "--json", "--user", "cli", "--limit", "2").stdout)
    assert [e["action"] for e in shown] == ["user-disable", "user-passwd"]
    table = run_cli("audit").stdout
    assert "user-add" in table
    assert "account bob" in table


def test_at_a_terminal_the_password_is_asked_twice(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from meetfirst.cli import users

    monkeypatch.setattr(users, "at_terminal", lambda: True)
    result = run_cli("user", "add", "bob", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Password") >= 1
    assert "Temporary password" not in result.stdout
    assert authenticate(username="bob", password=PASSWORD) is not None


def test_two_different_passwords_at_the_terminal_make_no_account(
    run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from meetfirst.cli import users

    monkeypatch.setattr(users, "at_terminal", lambda: True)
    result = run_cli("user", "add", "bob", input=f"{PASSWORD}\nsomething else entirely\n")
    assert result.exit_code != 0
    assert "do not match" in result.stdout + result.stderr
    assert not User.objects.filter(username="bob").exists()
