import json
import stat

import pytest

from meetfirst.core.policy import DEFAULT_CADENCE, DEFAULT_TEMPLATE


def editor_script(tmp_path, body: str) -> str:
    """A stand-in editor: a shell script that changes the file it is given ($1)."""
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def test_policy_path_prints_the_file_in_the_home_folder(run_cli, home):
    result = run_cli("policy", "path")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(home / "policy.toml")


def test_policy_show_json_gives_the_defaults_when_there_is_no_file(run_cli, home):
    result = run_cli("policy", "show", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == {
        "path": str(home / "policy.toml"),
        "exists": False,
        "template": DEFAULT_TEMPLATE,
        "patience_days": 30,
        "timezone": "",
        "rules": {"duplicate_note_threshold": 3, "bizarre_phrases": [], "known_min_messages_each_way": 1},
        "cadence": DEFAULT_CADENCE,
        "smtp": {"host": "", "port": 587, "from": "", "to": "", "starttls": True, "username": ""},
        "my_emails": [],
        "phone_region": "",
    }


def test_policy_show_prints_the_policy_in_force(run_cli, home):
    (home / "policy.toml").write_text(
        "patience_days = 21\ntemplate = 'Hi {{ first_name }}!'\n", encoding="utf-8"
    )
    result = run_cli("policy", "show")
    assert result.exit_code == 0
    assert "21 days" in result.stdout
    assert "Hi {{ first_name }}!" in result.stdout
    assert str(home / "policy.toml") in result.stdout


def test_policy_show_reports_a_broken_file_with_its_line(run_cli, home):
    (home / "policy.toml").write_text("patience_days = 21\n\n[rules]\nshout = true\n", encoding="utf-8")
    result = run_cli("policy", "show")
    assert result.exit_code == 2
    assert f"{home / 'policy.toml'}:4:" in result.stderr
    assert "shout" in result.stderr


def test_policy_edit_creates_the_file_opens_the_editor_and_checks_it(run_cli, home, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv(
        "EDITOR", editor_script(tmp_path, "sed -i 's/^patience_days = 30/patience_days = 12/' \"$1\"")
    )
    result = run_cli("policy", "edit")
    assert result.exit_code == 0, result.stderr
    assert "checked" in result.stdout
    shown = json.loads(run_cli("policy", "show", "--json").stdout)
    assert shown["exists"] is True
    assert shown["patience_days"] == 12
    assert shown["template"] == DEFAULT_TEMPLATE


def test_visual_wins_over_editor(run_cli, home, tmp_path, monkeypatch):
    monkeypatch.setenv("VISUAL", editor_script(tmp_path, "echo 'patience_days = 5' > \"$1\""))
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    assert run_cli("policy", "edit").exit_code == 0
    assert (home / "policy.toml").read_text(encoding="utf-8") == "patience_days = 5\n"


def test_policy_edit_reports_what_the_edit_broke(run_cli, home, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "printf 'patience_days = 0\\n' > \"$1\""))
    result = run_cli("policy", "edit")
    assert result.exit_code == 2
    assert f"{home / 'policy.toml'}:1:" in result.stderr
    assert "patience_days must be at least 1" in result.stderr
    assert "meetfirst policy edit" in result.stdout


def test_policy_edit_without_an_editor_or_a_terminal_says_what_to_do(run_cli, home, no_editor):
    result = run_cli("policy", "edit")
    assert result.exit_code == 2
    assert "EDITOR" in result.stderr
    assert str(home / "policy.toml") in result.stderr


def test_policy_edit_reports_an_editor_that_cannot_start(run_cli, home, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    result = run_cli("policy", "edit")
    assert result.exit_code == 2
    assert "/nonexistent/editor" in result.stderr


def test_policy_edit_reports_an_editor_that_fails(run_cli, home, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "exit 3"))
    result = run_cli("policy", "edit")
    assert result.exit_code == 2
    assert "status 3" in result.stderr
