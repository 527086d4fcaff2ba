"""Batched ticket writes: new keys inserted, winners updated in place, timeline moments kept in step."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError

from meetfirst.store import gil_handoffs, ticket_ingest
from meetfirst.store.bulk_keys import KeysCheckedLater
from meetfirst.store.models import Identity, Interaction, Person, StaffProfile, Team, Ticket
from meetfirst.store.staff_index import StaffIndex
from meetfirst.store.ticket_ingest import CopyBehind, PendingTicket, timeline_key, write_tickets
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.usefixtures("db")

OPENED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def pending(
    person: int, external_id: str = "1", *, revision: str = "000000000001|", **fields: Any
) -> PendingTicket:
    columns: dict[str, Any] = dict.fromkeys(ticket_ingest.TICKET_COLUMNS)
    columns.update(
        key=f"zendesk:{external_id}",
        system="zendesk",
        external_id=external_id,
        person_id=person,
        subject="VPN drops",
        status="open",
        priority="",
        channel="",
        opened_at=OPENED,
        reopens=0,
        satisfaction_raw="",
        satisfaction_comment="",
        revision=revision,
        source="tickets.csv:2",
    )
    columns.update(fields)
    return PendingTicket([columns[c] for c in ticket_ingest.TICKET_COLUMNS], "It drops.")


def write(*tickets: PendingTicket, stale: bool = False) -> ticket_ingest.TicketWrite:
    return write_tickets(list(tickets), real=lambda pk: pk, stale_timeline=stale)


@pytest.fixture
def dana() -> int:
    return Person.objects.create(display_name="Dana Whitfield").pk


def test_new_tickets_are_inserted_with_their_moment(dana: int) -> None:
    done = write(pending(dana, "1"), pending(dana, "2", satisfaction_raw="4", satisfaction_value=4.0))

    assert (done.created, done.updated, done.moments_created) == (2, 0, 3)
    assert sorted(Ticket.objects.values_list("key", flat=True)) == ["zendesk:1", "zendesk:2"]
    rating = Interaction.objects.get(kind="rating")
    # No rating date, no resolution, no update: the rating sits at the opening.
    assert (rating.key, rating.occurred_at, rating.channel) == ("rating:zendesk:2", OPENED, "zendesk")


def test_a_lower_revision_changes_nothing_and_a_higher_one_updates_in_place(dana: int) -> None:
    write(pending(dana, revision="000000000005|"))

    older = write(pending(dana, revision="000000000004|", status="closed"))
    same = write(pending(dana, revision="000000000005|", source="renamed.csv:9"))
    newer = write(pending(dana, revision="000000000006|", status="closed", subject="VPN fixed"))

    assert (older.updated, same.updated, newer.updated) == (0, 0, 1)
    assert (newer.moments_created, newer.moments_updated) == (0, 1)
    stored = Ticket.objects.get()
    assert (stored.status, stored.revision, stored.source) == ("closed", "000000000006|", "tickets.csv:2")
    assert Interaction.objects.get().subject == "VPN fixed"


def test_an_equal_revision_with_other_values_wins(dana: int) -> None:
    write(pending(dana))

    done = write(pending(dana, status="pending"))

    assert done.updated == 1 and Ticket.objects.get().status == "pending"


def test_a_stale_moment_left_behind_is_updated_not_duplicated(dana: int) -> None:
    write(pending(dana))
    Ticket.objects.all().delete()  # the moment stays (a ticket removed by hand)

    done = write(pending(dana, subject="Back again"), stale=True)

    assert (done.created, done.moments_created, done.moments_updated) == (1, 0, 1)
    assert Interaction.objects.get().subject == "Back again"


def test_the_customer_is_served_by_the_ticket_team(dana: int) -> None:
    network = Team.objects.create(name="Network")
    write(pending(dana, "1", team_id=network.pk), pending(dana, "2", team_id=network.pk))
    write(pending(dana, "3", team_id=network.pk))

    assert list(Person.objects.get(pk=dana).teams.all()) == [network]


def test_a_long_ticket_key_gets_a_hashed_moment_key() -> None:
    long_key = "jira:" + "x" * 300

    key = timeline_key("ticket", long_key)

    assert len(key) <= 200 and key.startswith("ticket:#")
    assert key == timeline_key("ticket", long_key) != timeline_key("rating", long_key)
    assert timeline_key("ticket", "zendesk:1") == "ticket:zendesk:1"


def test_staff_are_found_by_email_then_folded_name_and_created_once() -> None:
    staff = StaffIndex.load()

    sam = staff.agent(name="Sam Okafor", email="Sam@Desk.example")
    assert staff.agent(name="Samuel", email="sam@desk.example") == sam
    assert staff.agent(name="SAM  OKAFOR", email=None) == sam
    assert staff.agent(name="", email=None) is None

    again = StaffIndex.load()  # the next import finds the same account
    assert again.agent(name="Sam Okafor", email=None) == sam
    assert User.objects.count() == StaffProfile.objects.count() == 1


def test_teams_are_found_by_folded_name_and_agents_join_them_once() -> None:
    staff = StaffIndex.load()
    sam = staff.agent(name="Sam Okafor", email=None)
    assert sam is not None

    network = staff.team("Network")
    assert network is not None and staff.team("NETWORK ") == network and staff.team("") is None
    staff.join(sam, network)
    StaffIndex.load().join(sam, network)

    profile = StaffProfile.objects.get()
    assert list(profile.teams.values_list("name", flat=True)) == ["Network"]
    assert Team.objects.count() == 1


def test_moments_follow_the_rating_times(dana: int) -> None:
    resolved = OPENED + timedelta(days=2)
    write(pending(dana, satisfaction_raw="Bad", satisfaction_value=0.0, resolved_at=resolved))

    assert Interaction.objects.get(kind="rating").occurred_at == resolved


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: COPY in a thread")
def test_on_postgresql_new_rows_are_copied_behind_and_waited_for(dana: int) -> None:
    network = Team.objects.create(name="Network")
    behind = CopyBehind()
    usual = sys.getswitchinterval()

    done = write_tickets(
        [pending(dana, "1", team_id=network.pk), pending(dana, "2", satisfaction_raw="good")],
        real=lambda pk: pk,
        stale_timeline=False,
        behind=behind,
    )
    during = sys.getswitchinterval()
    behind.wait()

    # The GIL changes hands often while the copy runs, and as usual once it is done.
    assert during == pytest.approx(gil_handoffs.HANDOFF_SECONDS) and sys.getswitchinterval() == usual

    assert (done.created, done.moments_created) == (2, 3)
    assert Ticket.objects.count() == 2 and Interaction.objects.count() == 3
    assert list(Person.objects.get(pk=dana).teams.all()) == [network]


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: COPY in a thread")
def test_on_postgresql_a_failed_copy_behind_is_raised_by_wait() -> None:
    behind = CopyBehind()
    write_tickets([pending(999_999_999)], real=lambda pk: pk, stale_timeline=False, behind=behind)

    with pytest.raises(Exception, match="foreign key"):
        behind.wait()


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: COPY in a thread")
def test_on_postgresql_keys_left_for_the_end_are_checked_there(dana: int) -> None:
    keys = KeysCheckedLater()
    if not KeysCheckedLater.possible():
        pytest.skip("this database role may not turn key triggers off")
    network = Team.objects.create(name="Network")
    behind = CopyBehind(keys)
    write_tickets(
        [pending(dana, "1", team_id=network.pk)], real=lambda pk: pk, stale_timeline=False, behind=behind
    )
    behind.wait()
    keys.check()  # every key names a stored row
    assert list(Person.objects.get(pk=dana).teams.all()) == [network]

    write_tickets([pending(999_999_999, "2")], real=lambda pk: pk, stale_timeline=False, behind=behind)
    behind.wait()  # copied without a check per row

    with pytest.raises(
        IntegrityError, match=r"\(person_id\)=\(999999999\) is not present in table store_person"
    ):
        keys.check()


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: COPY in a thread")
def test_on_postgresql_the_keys_checked_are_those_of_the_rows_sent(dana: int) -> None:
    if not KeysCheckedLater.possible():
        pytest.skip("this database role may not turn key triggers off")
    keys = KeysCheckedLater()
    network = Team.objects.create(name="Network")
    behind = CopyBehind(keys)
    # The pair (dana, missing team) goes to the served table too: both tables name the team.
    write_tickets(
        [pending(dana, "1", team_id=network.pk), pending(dana, "2", team_id=network.pk + 1000)],
        real=lambda pk: pk,
        stale_timeline=False,
        behind=behind,
    )
    behind.wait()

    with pytest.raises(
        IntegrityError, match=rf"\(team_id\)=\({network.pk + 1000}\) is not present in table store_team"
    ):
        keys.check()


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: COPY in a thread")
def test_on_postgresql_rows_copied_first_are_checked_with_the_rest_at_the_end(dana: int) -> None:
    if not KeysCheckedLater.possible():
        pytest.skip("this database role may not turn key triggers off")
    keys = KeysCheckedLater()
    behind = CopyBehind(keys)
    columns = ("person_id", "kind", "value", "source", "created_at")
    identities = [
        (dana, Identity.Kind.EMAIL.value, "dana@example.org", "t.csv", FIXED_NOW),
        (999_999_999, Identity.Kind.EMAIL.value, "ghost@example.org", "t.csv", FIXED_NOW),
    ]
    write_tickets(
        [pending(dana, "1")],
        real=lambda pk: pk,
        stale_timeline=False,
        behind=behind,
        first=[(Identity, columns, identities)],
    )
    behind.wait()  # the identity naming nobody went in without a check of its own

    assert Identity.objects.filter(value="dana@example.org", person_id=dana).exists()
    assert keys.named()["Identity.person"] == {dana, 999_999_999}
    with pytest.raises(
        IntegrityError, match=r"\(person_id\)=\(999999999\) is not present in table store_person"
    ):
        keys.check()


def test_keys_noted_are_kept_per_foreign_key_without_nulls() -> None:
    keys = KeysCheckedLater()
    columns = ("key", "person_id", "team_id", "agent_id")
    keys.note(Ticket, columns, [("a", 1, None, 7), ("b", 2, 5, 7), ("c", 1, 5, None)])
    keys.note(Person.teams.through, ("person_id", "team_id"), [(3, 5)])

    assert keys.named() == {
        "Ticket.person": {1, 2},
        "Ticket.team": {5},
        "Ticket.agent": {7},
        "Person_teams.person": {3},
        "Person_teams.team": {5},
    }


def test_keys_written_are_always_maybe_and_others_mostly_surely_not() -> None:
    written = ticket_ingest.KeysWritten()
    keys = [f"zendesk:{n}" for n in range(20_000)]
    for key in keys:
        written.add(key)

    assert all(key in written for key in keys)
    others = sum(f"freshdesk:{n}" in written for n in range(20_000))
    assert others < 20  # a false "maybe" costs a lookup, nothing worse


def test_keys_written_a_batch_at_a_time_are_found_as_one_at_a_time() -> None:
    written = ticket_ingest.KeysWritten()
    written.update([f"zendesk:{n}" for n in range(0, 1000, 2)])
    asked = [f"zendesk:{n}" for n in range(1000)]

    maybe = written.maybe(asked)

    assert maybe == [key for key in asked if key in written]
    assert set(asked[::2]) <= set(maybe) and len(maybe) < 510


@pytest.mark.skipif(not CopyBehind.possible(), reason="PostgreSQL only: the table locked for the import")
def test_only_an_empty_ticket_table_is_all_the_import_s_own(dana: int) -> None:
    assert ticket_ingest.tickets_all_ours()

    write(pending(dana, "1"))

    assert not ticket_ingest.tickets_all_ours()


def test_a_batch_looks_up_only_keys_that_may_be_written_and_still_finds_the_winner(dana: int) -> None:
    written = ticket_ingest.KeysWritten()
    first = write_tickets([pending(dana, "1")], real=lambda pk: pk, stale_timeline=False, written=written)
    assert "zendesk:1" in written and first.created == 1

    later = write_tickets(
        [pending(dana, "1", revision="000000000002|", status="closed"), pending(dana, "2")],
        real=lambda pk: pk,
        stale_timeline=False,
        written=written,
    )

    assert (later.created, later.updated) == (1, 1)
    assert Ticket.objects.get(key="zendesk:1").status == "closed"
