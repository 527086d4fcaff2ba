"""Ticket imports: requesters resolved to people, agents to accounts, the last row of a ticket winning."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from meetfirst.core.errors import BadRows
from meetfirst.core.records import Record, RowError, Satisfaction, SourceRef, TicketRecord
from meetfirst.services.importing import ingest_records
from meetfirst.store.models import Identity, Interaction, Person, StaffProfile, Team, Ticket
from tests.conftest import FIXED_NOW
from tests.factories_records import connection

pytestmark = pytest.mark.usefixtures("db", "home")

OPENED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def ticket(external_id: str = "1", line: int = 2, **fields: Any) -> TicketRecord:
    """A Zendesk-like ticket row; any field may be overridden."""
    values: dict[str, Any] = {
        "system": "zendesk",
        "opened_at": OPENED,
        "requester_name": "Dana Whitfield",
        "requester_email": "dana@example.org",
        "organization": "Harbor Logistics",
        "subject": "VPN drops every hour",
        "description": "Since Monday the VPN disconnects.",
        "status": "solved",
        "priority": "high",
        "channel": "email",
        "agent_name": "Sam Okafor",
        "group": "Network",
    }
    values.update(fields)
    return TicketRecord(source=SourceRef("tickets.csv", line), external_id=external_id, **values)


def good(raw: str = "Good, I'm satisfied", comment: str = "Quick fix, thanks") -> Satisfaction:
    return Satisfaction(
        raw=raw,
        value=1.0,
        scale_min=0.0,
        scale_max=1.0,
        positive=True,
        comment=comment,
        rated_at=OPENED + timedelta(days=1),
    )


def run(records: list[Record | RowError], **options: Any) -> dict[str, Any]:
    return ingest_records(iter(records), now=FIXED_NOW, **options).as_dict()


def tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row a ticket import writes, for before/after comparisons."""
    return {
        "people": list(Person.objects.order_by("id").values_list("id", "display_name", "company")),
        "identities": list(Identity.objects.order_by("id").values_list("person_id", "kind", "value")),
        "tickets": list(
            Ticket.objects.order_by("id").values_list(
                "key", "person_id", "team_id", "agent_id", "status", "revision", "satisfaction_raw"
            )
        ),
        "interactions": list(
            Interaction.objects.order_by("id").values_list("key", "person_id", "kind", "occurred_at", "text")
        ),
        "users": list(User.objects.order_by("id").values_list("username", "email")),
        "teams": list(Team.objects.order_by("id").values_list("name", flat=True)),
        "person_teams": list(Person.teams.through.objects.order_by("id").values_list("person_id", "team_id")),
    }


def test_a_ticket_becomes_a_person_a_ticket_and_a_moment_on_the_timeline() -> None:
    summary = run([ticket()])

    assert summary["created"] == {"people": 1, "requests": 0, "interactions": 1, "tickets": 1}
    assert summary["updated"] == {"people": 0, "requests": 0, "interactions": 0, "tickets": 0}
    dana = Person.objects.get()
    assert (dana.display_name, dana.first_name, dana.last_name, dana.company) == (
        "Dana Whitfield",
        "Dana",
        "Whitfield",
        "Harbor Logistics",
    )
    stored = Ticket.objects.get()
    assert (stored.key, stored.person_id, stored.subject, stored.status) == (
        "zendesk:1",
        dana.pk,
        "VPN drops every hour",
        "solved",
    )
    moment = Interaction.objects.get()
    assert (moment.key, moment.kind, moment.direction, moment.channel, moment.occurred_at) == (
        "ticket:zendesk:1",
        "ticket",
        "in",
        "email",
        OPENED,
    )
    assert (moment.subject, moment.text, moment.person_id) == (
        "VPN drops every hour",
        "Since Monday the VPN disconnects.",
        dana.pk,
    )


def test_the_summary_of_an_import_without_tickets_keeps_its_keys() -> None:
    summary = run([connection("Ama", "Mensah", slug="ama-mensah")])

    assert set(summary["created"]) == {"people", "requests", "interactions"}


def test_an_email_wins_over_an_external_id_and_a_name() -> None:
    run([ticket("1", requester_external_id="u-1")])
    run(
        [
            ticket(
                "2", requester_email="lee@example.org", requester_external_id="u-2", requester_name="Lee Chan"
            )
        ]
    )
    # Dana's e-mail, with Lee's id and Lee's name: the e-mail decides.
    run(
        [
            ticket(
                "3",
                requester_email="dana@example.org",
                requester_external_id="u-2",
                requester_name="Lee Chan",
            )
        ]
    )

    dana = Identity.objects.get(value="dana@example.org").person
    assert sorted(dana.tickets.values_list("external_id", flat=True)) == ["1", "3"]
    # The id already names Lee: it stays his.
    assert Identity.objects.get(value="zendesk:u-2").person.display_name == "Lee Chan"


def test_an_external_id_wins_over_a_name() -> None:
    run([ticket("1", requester_email=None, requester_external_id="u-1")])
    run([ticket("2", requester_email=None, requester_external_id="u-2", requester_name="Lee Chan")])
    # Lee's id under Dana's name and organization: the id decides.
    run([ticket("3", requester_email=None, requester_external_id="u-2")])
    # Renamed in the desk, same id: still Dana.
    run([ticket("4", requester_email=None, requester_external_id="u-1", requester_name="Dana Mills")])

    dana = Identity.objects.get(value="zendesk:u-1").person
    lee = Identity.objects.get(value="zendesk:u-2").person
    assert sorted(dana.tickets.values_list("external_id", flat=True)) == ["1", "4"]
    assert sorted(lee.tickets.values_list("external_id", flat=True)) == ["2", "3"]


def test_a_name_with_its_organization_finds_the_person_when_nothing_else_does() -> None:
    run([ticket("1", requester_external_id="u-1")])
    run([ticket("2", requester_email="d.whitfield@harbor.example", requester_external_id="u-9")])

    dana = Person.objects.get()
    assert dana.tickets.count() == 2
    assert set(dana.identities.values_list("kind", "value")) == {
        ("email", "dana@example.org"),
        ("email", "d.whitfield@harbor.example"),
        ("external", "zendesk:u-1"),
        ("external", "zendesk:u-9"),
    }


def test_a_name_matches_only_with_the_same_organization() -> None:
    run([ticket("1", requester_email=None, organization="Harbor Logistics GmbH")])
    run([ticket("2", requester_email=None, organization="HARBOR LOGISTICS")])  # folded, legal form dropped
    run([ticket("3", requester_email=None, organization="Northwind")])
    run([ticket("4", requester_email=None, organization="")])

    people = {p.company: p.tickets.count() for p in Person.objects.all()}
    assert people == {"Harbor Logistics GmbH": 2, "Northwind": 1, "": 1}


def test_an_organization_fills_an_empty_company_only() -> None:
    run([ticket("1", organization="")])
    run([ticket("2", organization="Harbor Logistics")])
    run([ticket("3", organization="Another Place")])

    assert list(Person.objects.values_list("company", flat=True)) == ["Harbor Logistics"]


def test_agents_become_accounts_that_join_their_group_and_the_customer_gets_the_team() -> None:
    run(
        [
            ticket("1", agent_name="Sam Okafor", agent_email="sam@desk.example", group="Network"),
            ticket("2", line=3, agent_name="sam okafor", group="Laptops"),  # same agent, by folded name
            ticket("3", line=4, agent_name="Priya Nair", group="Network"),
        ]
    )

    sam = StaffProfile.objects.get(email="sam@desk.example")
    assert (sam.role, sam.imported, sam.display_name, sam.user.username) == (
        "agent",
        True,
        "Sam Okafor",
        "sam",
    )
    assert not sam.user.has_usable_password()
    assert sorted(sam.teams.values_list("name", flat=True)) == ["Laptops", "Network"]
    priya = StaffProfile.objects.get(name_key="priya nair")
    assert (priya.user.username, list(priya.teams.values_list("name", flat=True))) == (
        "priya-nair",
        ["Network"],
    )
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Laptops", "Network"]
    dana = Person.objects.get()
    assert sorted(dana.teams.values_list("name", flat=True)) == ["Laptops", "Network"]
    assert Ticket.objects.get(key="zendesk:2").agent_id == sam.user_id


def test_an_agent_known_by_email_is_found_again_and_usernames_stay_unique() -> None:
    taken = User.objects.create(username="sam")
    run([ticket("1", agent_name="Sam Okafor", agent_email="sam@desk.example")])
    run([ticket("2", agent_name="Samuel O.", agent_email="SAM@desk.example")])

    profile = StaffProfile.objects.get()
    assert profile.user != taken and profile.user.username == "sam-2"
    assert set(Ticket.objects.values_list("agent_id", flat=True)) == {profile.user_id}


def test_the_row_with_the_highest_revision_wins_within_a_file() -> None:
    summary = run(
        [
            ticket("7", line=2, status="new", revision=(1, "")),
            ticket("7", line=3, status="solved", revision=(3, "")),
            ticket("7", line=4, status="open", revision=(2, "")),  # older, read later
            ticket("7", line=5, status="closed", revision=(3, "")),  # a tie: the later row wins
        ]
    )

    assert summary["created"]["tickets"] == 1
    stored = Ticket.objects.get()
    assert (stored.status, stored.revision, stored.source) == ("closed", "000000000003|", "tickets.csv:5")


def test_the_highest_revision_wins_across_imports() -> None:
    run([ticket("7", status="solved", revision=(5, ""), subject="first")])
    older = run([ticket("7", status="open", revision=(4, ""), subject="older")])
    newer = run([ticket("7", status="closed", revision=(6, ""), subject="newer")])

    assert older["updated"]["tickets"] == 0
    assert newer["updated"] == {"people": 0, "requests": 0, "interactions": 1, "tickets": 1}
    assert Ticket.objects.get().status == "closed"
    assert Interaction.objects.get().subject == "newer"  # updated in place, not duplicated


def test_the_winner_spans_batches_of_one_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("meetfirst.services.importing.TICKET_BATCH", 2)
    rows = [ticket(str(n), line=n, revision=(1, "")) for n in range(2, 7)]
    rows += [ticket("3", line=9, status="closed", revision=(2, "")), ticket("4", line=10, revision=(0, ""))]

    summary = run(rows)

    assert (summary["created"]["tickets"], summary["updated"]["tickets"]) == (5, 1)
    assert Ticket.objects.get(key="zendesk:3").status == "closed"
    assert Ticket.objects.get(key="zendesk:4").source == "tickets.csv:4"


def test_satisfaction_is_kept_raw_and_normalised_and_becomes_a_rating_moment() -> None:
    five = Satisfaction(raw="4", value=4.0, scale_min=1.0, scale_max=5.0, positive=True, comment="")
    run([ticket("1", satisfaction=good()), ticket("2", line=3, satisfaction=five, resolved_at=OPENED)])

    first = Ticket.objects.get(key="zendesk:1")
    assert (
        first.satisfaction_raw,
        first.satisfaction_value,
        first.satisfaction_min,
        first.satisfaction_max,
        first.satisfaction_positive,
        first.satisfaction_comment,
        first.rated_at,
    ) == ("Good, I'm satisfied", 1.0, 0.0, 1.0, True, "Quick fix, thanks", OPENED + timedelta(days=1))
    rating = Interaction.objects.get(key="rating:zendesk:1")
    assert (rating.kind, rating.occurred_at, rating.text) == (
        "rating",
        OPENED + timedelta(days=1),
        "Good, I'm satisfied\nQuick fix, thanks",
    )
    # Rated without a date: the rating is placed at the resolution.
    second = Interaction.objects.get(key="rating:zendesk:2")
    assert (second.occurred_at, second.text) == (OPENED, "4")
    assert Ticket.objects.get(key="zendesk:2").satisfaction_min == 1.0


def test_a_rating_given_later_is_added_and_a_withdrawn_one_removed() -> None:
    run([ticket("1", revision=(1, ""))])
    rated = run([ticket("1", revision=(2, ""), satisfaction=good("Bad, I'm unsatisfied", "slow"))])
    assert (rated["created"]["interactions"], rated["updated"]["tickets"]) == (1, 1)
    assert Interaction.objects.get(kind="rating").text == "Bad, I'm unsatisfied\nslow"

    run([ticket("1", revision=(3, ""))])

    assert not Interaction.objects.filter(kind="rating").exists()
    assert Ticket.objects.get().satisfaction_raw == ""


def test_the_same_tickets_twice_change_nothing() -> None:
    rows: list[Record | RowError] = [
        ticket("1", satisfaction=good(), revision=(2, "")),
        ticket("1", line=3, revision=(1, "")),
        ticket("2", line=4, requester_email="lee@example.org", requester_name="Lee Chan", group="Laptops"),
    ]
    run(rows)
    before = tables()

    again = run(rows)

    assert again["created"] == {"people": 0, "requests": 0, "interactions": 0, "tickets": 0}
    assert again["updated"] == {"people": 0, "requests": 0, "interactions": 0, "tickets": 0}
    assert tables() == before


def test_a_bad_row_stores_nothing_unless_bad_rows_are_skipped() -> None:
    run([ticket("1")])
    before = tables()
    rows: list[Record | RowError] = [
        ticket("1", status="closed", revision=(9, "")),
        ticket("2", line=3, requester_email="new@example.org", agent_name="New Agent", group="New Team"),
        RowError("tickets.csv", 4, "Created at: not a date"),
        ticket("3", line=5),
    ]

    with pytest.raises(BadRows, match=r"tickets\.csv:4"):
        run(rows)
    assert tables() == before

    summary = run(rows, skip_bad_rows=True)
    assert summary["created"]["tickets"] == 2 and summary["updated"]["tickets"] == 1
    assert summary["errors"] == ["tickets.csv:4: Created at: not a date"]


def test_a_failure_in_the_middle_leaves_the_store_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    run([ticket("1")])
    before = tables()
    monkeypatch.setattr("meetfirst.services.importing.TICKET_BATCH", 2)

    def rows() -> Iterator[Record | RowError]:
        for n in range(2, 8):
            yield ticket(str(n), line=n, requester_email=f"p{n}@example.org", group=f"Team {n}")
        raise OSError("disk went away")

    with pytest.raises(OSError, match="disk went away"):
        ingest_records(rows(), now=FIXED_NOW)

    assert tables() == before


def test_a_failure_in_the_middle_of_a_first_import_leaves_the_store_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No ticket stored yet: on PostgreSQL the batches are copied behind, keys and indexes left for the end.
    monkeypatch.setattr("meetfirst.services.importing.TICKET_BATCH", 2)
    empty = tables()

    def rows() -> Iterator[Record | RowError]:
        for n in range(1, 8):
            yield ticket(str(n), line=n, requester_email=f"p{n}@example.org", satisfaction=good())
        raise OSError("disk went away")

    with pytest.raises(OSError, match="disk went away"):
        ingest_records(rows(), now=FIXED_NOW)

    assert tables() == empty


def stored_by_name() -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a ticket import told by names and keys rather than ids (which differ between runs)."""
    tickets = Ticket.objects.order_by("key").values_list(
        "key", "person__display_name", "team__name", "agent__username", "status", "opened_at",
        "resolved_at", "reopens", "first_reply_minutes", "satisfaction_raw", "satisfaction_value",
        "satisfaction_positive", "rated_at", "revision", "source",
    )  # fmt: skip
    moments = Interaction.objects.order_by("key").values_list(
        "key", "person__display_name", "kind", "direction", "channel", "occurred_at", "subject", "text",
        "conversation_id", "source", "bulk",
    )  # fmt: skip
    served = Person.teams.through.objects.values_list("person__display_name", "team__name")
    return {"tickets": list(tickets), "moments": list(moments), "served": sorted(served)}


def test_a_first_import_and_one_that_checks_every_key_store_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("meetfirst.services.importing.TICKET_BATCH", 2)
    rows: list[Record | RowError] = [
        ticket("1", revision=(1, ""), satisfaction=good()),
        ticket("2", line=3, requester_email="lee@example.org", requester_name="Lee Chan", group="Laptops"),
        ticket("3", line=4, requester_email="ama@example.org", requester_name="Ama Owusu", agent_name=""),
        ticket("1", line=5, revision=(2, ""), status="closed", resolved_at=OPENED),
        ticket("4", line=6, group="", satisfaction=good("Bad, I'm unsatisfied", "")),
    ]
    first = run(rows)  # a store without tickets: new rows copied (behind, on PostgreSQL)
    fresh = stored_by_name()
    Person.objects.all().delete()
    User.objects.all().delete()
    Team.objects.all().delete()
    # As when ticket moments are stored already: every new row looked up and inserted unless taken.
    monkeypatch.setattr("meetfirst.store.ticket_ingest.timeline_exists", lambda: True)

    checked = run(rows)

    assert checked["created"] == first["created"] and checked["updated"] == first["updated"]
    assert stored_by_name() == fresh
    assert len(fresh["tickets"]) == 4 and len(fresh["moments"]) == 5  # the later row of 1 has no rating


def test_a_ticket_without_any_requester_is_skipped() -> None:
    summary = run([ticket("1", requester_name="", requester_email=None, organization="")])

    assert summary["skipped"] == 1 and not Ticket.objects.exists()


def test_a_long_description_is_trimmed_on_the_timeline() -> None:
    run([ticket("1", description="x" * 50_000)])

    text = Interaction.objects.get().text
    assert len(text) == 2000 and text.endswith("…")
