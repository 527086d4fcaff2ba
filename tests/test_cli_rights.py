"""The data-rights commands: export, forget (asks first), backup and restore (asks first)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetfirst.cli import rights
from meetfirst.store.models import Deletion, Person
from tests.conftest import FIXED_NOW
from tests.factories_rights import ANA_NAME, ANA_SLUG, full_story


@pytest.fixture
def story(db):
    return full_story()


def test_export_writes_json_to_stdout(run_cli, story):
    result = run_cli("export", "--format", "json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["people_count"] == 2


def test_export_to_a_file_says_how_many_and_leaves_no_partial_file(run_cli, story, tmp_path):
    out = tmp_path / "out" / "ana.vcf"
    out.parent.mkdir()
    result = run_cli("export", "--format", "vcard", "--person", ANA_SLUG, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Exported 1 people" in result.stderr
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.count("BEGIN:VCARD") == 1
    assert [p.name for p in out.parent.iterdir()] == ["ana.vcf"]


def test_export_of_an_unknown_format_is_a_clear_error(run_cli, story):
    result = run_cli("export", "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not an export format" in result.stderr


def test_forget_without_a_terminal_and_without_yes_refuses(run_cli, story):
    result = run_cli("forget", ANA_NAME)
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert Person.objects.filter(display_name=ANA_NAME).exists()


def test_forget_at_a_terminal_asks_and_a_no_keeps_the_person(run_cli, story, monkeypatch):
    monkeypatch.setattr(rights, "interactive", lambda: True)
    result = run_cli("forget", ANA_NAME, input="n\n")
    assert result.exit_code == 1
    assert f"Delete #{story.ana.pk} {ANA_NAME} and everything about them for good?" in result.stdout
    assert Person.objects.filter(display_name=ANA_NAME).exists()


def test_forget_at_a_terminal_with_a_yes_deletes(run_cli, story, monkeypatch):
    monkeypatch.setattr(rights, "interactive", lambda: True)
    result = run_cli("forget", ANA_NAME, input="y\n", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert f"Forgot {ANA_NAME}" in result.stdout
    assert not Person.objects.filter(display_name=ANA_NAME).exists()


def test_forget_with_yes_and_json_reports_the_rows(run_cli, story):
    result = run_cli("forget", ANA_SLUG, "--yes", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["forgotten"] == ANA_NAME and report["rows_deleted"] > 10
    assert Deletion.objects.count() == 1


def test_a_dump_backup_and_restore_round_trip_through_the_cli(run_cli, story, tmp_path):
    target = tmp_path / "store.dump"
    made = run_cli("backup", str(target), "--format", "dump", "--json")
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["kind"] == "dump"
    assert run_cli("forget", ANA_NAME, "--yes").exit_code == 0
    refused = run_cli("restore", str(target))
    assert refused.exit_code == 2 and "pass --yes" in refused.stderr
    restored = run_cli("restore", str(target), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert "2 people" in restored.stdout
    assert Person.objects.filter(display_name=ANA_NAME).exists()


def test_restoring_a_file_that_is_no_backup_is_refused_with_the_reason(run_cli, story, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("just some notes", encoding="utf-8")
    result = run_cli("restore", str(bogus), "--yes")
    assert result.exit_code == 2
    assert "cannot be restored; the store was not changed" in result.stderr
    assert Person.objects.count() == 2


def _meetfirst(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEETFIRST_")}
    env["MEETFIRST_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "meetfirst", *args], env=env, capture_output=True, text=True, check=True
    )


@pytest.mark.slow
def test_sqlite_only_forget_leaves_nothing_of_the_person_in_the_database_files(tmp_path):
    """SQLite only (a real file store in a child process): deleted rows are overwritten, not just unlinked."""
    home = tmp_path / "home"
    home.mkdir()
    _meetfirst(home, "demo")
    person = json.loads(_meetfirst(home, "export", "--format", "json", "--person", "5").stdout)["people"][0]
    slug = next(i["value"] for i in person["identities"] if i["kind"] == "linkedin")
    # Message texts repeat across demo people; the slug and the messages' import keys are hers alone.
    needles = [slug.encode(), *(i["key"].encode() for i in person["interactions"] if i["key"])]
    assert len(needles) > 3
    files = [home / "meetfirst.sqlite3", home / "meetfirst.sqlite3-wal"]
    before = b"".join(f.read_bytes() for f in files if f.exists())
    assert slug.encode() in before
    _meetfirst(home, "forget", "5", "--yes")
    after = b"".join(f.read_bytes() for f in files if f.exists())
    assert [n for n in needles if n in after] == []


def test_export_into_a_missing_folder_is_a_clear_error(run_cli, story, tmp_path):
    result = run_cli("export", "--format", "csv", "--out", str(tmp_path / "nowhere" / "people.csv"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "people.csv" in result.stderr
