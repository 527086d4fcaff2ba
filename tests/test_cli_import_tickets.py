"""`meetfirst import ... --mapping mapping.toml`: tickets of an unknown desk, through a saved mapping."""

from __future__ import annotations

import json

from django.contrib.auth.models import User

from meetfirst.store.models import Interaction, Person, StaffProfile, Team, Ticket
from tests.conftest import DATA

FOLDER = DATA / "tickets_b"
DESK = str(FOLDER / "desk.csv")
MAPPING = str(FOLDER / "mapping.toml")
ZERO = {"people": 0, "requests": 0, "interactions": 0, "tickets": 0}


def test_mapped_tickets_are_imported_and_summed_up_as_json(run_cli):
    result = run_cli("import", DESK, "--mapping", MAPPING, "--json")

    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["created"] == {"people": 2, "requests": 0, "interactions": 5, "tickets": 3}
    assert summary["updated"] == ZERO
    assert (summary["skipped"], summary["errors"]) == (0, [])
    # C-1 is in the file twice: the later row (resolved, rated 3 of 10) wins.
    first = Ticket.objects.get(key="acme-desk:C-1")
    assert (first.status, first.satisfaction_raw, first.satisfaction_value) == ("Resolved", "3", 3.0)
    assert (first.satisfaction_min, first.satisfaction_max, first.satisfaction_positive) == (1.0, 10.0, False)
    assert first.satisfaction_comment == "Took three days"
    # Lee has no e-mail: his customer number names him, then his name with his company.
    lee = Person.objects.get(display_name="Lee Chan")
    assert sorted(lee.tickets.values_list("external_id", flat=True)) == ["C-2", "C-3"]
    assert lee.identities.get().value == "acme-desk:K-18"
    assert sorted(StaffProfile.objects.values_list("display_name", flat=True)) == ["Priya Nair", "Sam Okafor"]
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Laptops", "Network"]
    assert not any(u.has_usable_password() for u in User.objects.all())
    assert Interaction.objects.filter(kind="rating").count() == 2


def test_the_same_file_again_changes_nothing_even_when_every_row_is_read(run_cli):
    run_cli("import", DESK, "--mapping", MAPPING, "--json")

    again = json.loads(run_cli("import", DESK, "--mapping", MAPPING, "--json").stdout)
    forced = json.loads(run_cli("import", DESK, "--mapping", MAPPING, "--json", "--force").stdout)

    assert (again["created"], again["updated"]) == (ZERO, ZERO)
    assert (forced["created"], forced["updated"]) == (ZERO, ZERO)
    assert (Ticket.objects.count(), Interaction.objects.count(), Person.objects.count()) == (3, 5, 2)


def test_the_table_shows_a_tickets_line(run_cli):
    result = run_cli("import", DESK, "--mapping", MAPPING)

    assert result.exit_code == 0, result.stderr
    assert "tickets" in result.stdout


def test_a_bad_row_fails_naming_the_file_and_line_and_stores_nothing(run_cli):
    result = run_cli("import", str(FOLDER / "desk-bad.csv"), "--mapping", MAPPING, "--json")

    assert result.exit_code != 0
    assert result.stdout == ""
    assert "desk-bad.csv:3" in result.stderr
    assert not (Ticket.objects.exists() or Person.objects.exists() or Team.objects.exists())


def test_skip_bad_rows_imports_the_other_tickets(run_cli):
    result = run_cli(
        "import", str(FOLDER / "desk-bad.csv"), "--mapping", MAPPING, "--json", "--skip-bad-rows"
    )

    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["created"]["tickets"] == 2
    assert [e.split(": ")[0] for e in summary["errors"]] == [f"{FOLDER / 'desk-bad.csv'}:3"]
    assert sorted(Ticket.objects.values_list("external_id", flat=True)) == ["C-7", "C-9"]


def test_a_broken_mapping_is_a_clear_error(run_cli):
    result = run_cli("import", DESK, "--mapping", str(FOLDER / "broken.toml"), "--json")

    assert result.exit_code != 0
    assert "broken.toml" in result.stderr
    assert not Ticket.objects.exists()
