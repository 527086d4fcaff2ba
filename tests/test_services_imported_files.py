"""Files imported before: the same bytes are not read twice, unless forced; changed bytes are read."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from meetfirst.core.errors import BadRows
from meetfirst.services import importing
from meetfirst.store.models import ImportedFile, Interaction, Person
from tests.conftest import DATA, FIXED_NOW

pytestmark = pytest.mark.usefixtures("db", "home")

LATER = FIXED_NOW + timedelta(days=3)
ZERO = {"people": 0, "requests": 0, "interactions": 0}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A copy of the 2026 sample export that a test may change."""
    folder = tmp_path / "export"
    shutil.copytree(DATA / "linkedin" / "2026", folder)
    return folder


def test_it_remembers_each_file_it_read_with_its_fingerprint(export):
    importing.import_paths([export], now=FIXED_NOW)

    messages = ImportedFile.objects.get(name=str(export / "messages.csv"))
    assert messages.size == (export / "messages.csv").stat().st_size
    assert len(messages.sha256) == 64
    assert messages.format == "linkedin-messages"
    assert messages.imported_at == FIXED_NOW


def test_the_same_files_imported_again_are_skipped_and_change_nothing(export):
    first = importing.import_paths([export], now=FIXED_NOW)
    count = Interaction.objects.count()

    again = importing.import_paths([export], now=LATER)

    remembered = ImportedFile.objects.count()
    assert first.skipped_files == []
    assert len(again.skipped_files) == remembered > 0
    assert {f.imported_at for f in again.skipped_files} == {FIXED_NOW}
    assert str(export / "messages.csv") in {f.name for f in again.skipped_files}
    assert (again.as_dict()["created"], again.as_dict()["updated"]) == (ZERO, ZERO)
    assert Interaction.objects.count() == count


def test_a_forced_import_reads_every_file_again_and_changes_nothing(export):
    importing.import_paths([export], now=FIXED_NOW)
    count = Interaction.objects.count()

    forced = importing.import_paths([export], now=LATER, force=True)

    assert forced.skipped_files == []
    assert (forced.as_dict()["created"], forced.as_dict()["updated"]) == (ZERO, ZERO)
    assert Interaction.objects.count() == count
    assert set(ImportedFile.objects.values_list("imported_at", flat=True)) == {LATER}


def test_a_changed_file_is_read_while_the_unchanged_ones_are_skipped(export):
    importing.import_paths([export], now=FIXED_NOW)
    connections = export / "Connections.csv"
    with connections.open("a", encoding="utf-8", newline="") as handle:
        handle.write("\nInes,Kowalczyk,https://www.linkedin.com/in/ines-kowalczyk,,Acme,Buyer,01 Jun 2026\n")

    again = importing.import_paths([export], now=LATER)

    assert str(connections) not in {f.name for f in again.skipped_files}
    assert str(export / "messages.csv") in {f.name for f in again.skipped_files}
    assert again.created.people == 1
    assert Person.objects.get(name_key="ines kowalczyk").is_connection


def test_a_failed_import_remembers_no_file(export):
    (export / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        "Someone,Maren,not a date,,INCOMING,,\n",
        encoding="utf-8",
    )

    with pytest.raises(BadRows):
        importing.import_paths([export], now=FIXED_NOW)

    assert not ImportedFile.objects.exists()


def test_the_cli_says_what_it_skipped_and_force_reads_again(run_cli, export):
    run_cli("import", str(export), "--json")

    again = run_cli("import", str(export))
    forced = json.loads(run_cli("import", str(export), "--force", "--json").stdout)

    assert again.exit_code == 0, again.stderr
    assert "messages.csv: already imported on 2026-" in again.stdout
    assert "nothing to do" in again.stdout
    assert "use --force" in again.stdout
    assert set(forced) == {"created", "updated", "skipped", "errors"}
    assert forced["created"] == ZERO
