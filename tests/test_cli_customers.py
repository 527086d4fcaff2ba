"""`meetfirst customers`, `nudges` and `note`: the command line as the local admin."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from meetfirst.services import customers
from meetfirst.store.models import AuditEntry, CustomerHealth, CustomerNote, Interaction, Person, Team, Ticket
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_means() -> None:
    """Each test reads its own tickets: no means or checks kept from the one before."""
    customers.forget_kept_means()


@pytest.fixture
def desk(db: None) -> dict[str, Person]:
    """Dana: four tickets in 90 days and no conversation; Ola: a call last week; Eli: no customer."""
    support = Team.objects.create(name="Support")
    dana = make.person("Dana Reyes", slug=None, email="dana@example.com")
    dana.teams.add(support)
    for n in range(4):
        Ticket.objects.create(
            key=f"test:{n}",
            system="test",
            external_id=str(n),
            person=dana,
            team=support,
            status="solved",
            opened_at=FIXED_NOW - timedelta(days=10 + 15 * n),
            resolved_at=FIXED_NOW - timedelta(days=9 + 15 * n),
        )
    ola = make.person("Ola Berg", slug=None, relationship_kind="customer", company="Acme")
    Interaction.objects.create(
        person=ola, kind="call", direction="out", occurred_at=FIXED_NOW - timedelta(days=6)
    )
    eli = make.person("Eli Stone", slug=None, relationship_kind="friend")
    return {"dana": dana, "ola": ola, "eli": eli}


def test_customers_lists_health_worst_first(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("customers", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.index("Dana Reyes") < result.stdout.index("Ola Berg")
    assert "Eli Stone" not in result.stdout
    assert "4 tickets for Dana in 90 days and no conversation: invite Dana for a coffee" in result.stdout


def test_customers_json_and_team_filter(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(run_cli("customers", "--json", "--team", "Support", now=FIXED_NOW).stdout)
    assert document["total"] == 1
    (dana,) = document["customers"]
    assert dana["name"] == "Dana Reyes"
    assert dana["band"] == "red"
    assert dana["tickets_90_days"] == 4
    assert dana["last_human_touch"] is None
    assert [n["kind"] for n in dana["nudges"]] == ["busy", "resolved"]  # resolved 9 days ago


def test_customers_refreshes_everyone(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    run_cli("customers", "--limit", "1", now=FIXED_NOW)
    assert CustomerHealth.objects.count() == 2


def test_an_unknown_team_is_a_clear_error(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("customers", "--team", "Nope", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "no team is called 'Nope'" in result.stderr


def test_nudges(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("nudges", now=FIXED_NOW)
    assert "Invite Dana for a coffee" in result.stdout
    assert "Ola" not in result.stdout
    document = json.loads(run_cli("nudges", "--json", now=FIXED_NOW).stdout)
    assert [c["name"] for c in document] == ["Dana Reyes"]
    assert document[0]["nudges"][0]["action"] == "invite Dana for a coffee"


def test_note_writes_a_team_note_without_author(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "note", "dana@example.com", "--text", "Twins born in May", "--topic", "family", now=FIXED_NOW
    )
    assert result.exit_code == 0, result.stderr
    note = CustomerNote.objects.get()
    assert (note.person_id, note.author, note.topic, note.visibility) == (
        desk["dana"].pk,
        None,
        "family",
        "team",
    )
    entry = AuditEntry.objects.get(action="note")
    assert (entry.username, entry.person_id) == ("cli", desk["dana"].pk)
    assert "Twins" not in str(entry.detail)


def test_note_private_and_json(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "note", "Ola Berg", "--text", "Wants fewer meetings", "--private", "--json", now=FIXED_NOW
    )
    assert json.loads(result.stdout)["visibility"] == "private"


def test_a_bad_note_changes_nothing(run_cli, desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("note", "Ola Berg", "--text", "x", "--topic", "gossip", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "topic" in result.stderr
    assert run_cli("note", "Nobody Here", "--text", "x", now=FIXED_NOW).exit_code == 3
    assert not CustomerNote.objects.exists()
