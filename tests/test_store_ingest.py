"""Bulk writes for imports: the people index, requests and interactions written in batches."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meetfirst.store import ingest
from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Person

pytestmark = pytest.mark.usefixtures("db")

WHEN = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def stored(name: str, *, slug: str | None = None) -> Person:
    person = Person.objects.create(display_name=name, name_key=name.lower())
    if slug:
        Identity.objects.create(person=person, kind="linkedin", value=slug)
    return person


def test_the_index_finds_people_by_slug_e_mail_and_name():
    ama = stored("ama owusu", slug="ama")
    Identity.objects.create(person=ama, kind="email", value="ama@example.org")
    bram = stored("bram stoker")

    index = ingest.PeopleIndex.load()

    assert index.find(slug="ama", email=None, name_key="") == ama.pk
    assert index.find(slug=None, email="ama@example.org", name_key="") == ama.pk
    assert index.find(slug="bram-stoker", email=None, name_key="bram stoker") == bram.pk
    assert index.find(slug="other-ama", email=None, name_key="ama owusu") is None
    assert index.find(slug=None, email=None, name_key="ama owusu") == ama.pk


def test_a_name_without_a_slug_does_not_pick_between_namesakes():
    stored("ama owusu", slug="ama-1")
    stored("ama owusu", slug="ama-2")

    index = ingest.PeopleIndex.load()

    assert index.find(slug=None, email=None, name_key="ama owusu") is None


def test_waiting_people_get_real_ids_at_the_flush():
    index = ingest.PeopleIndex.load()
    temp = index.create({"display_name": "Chen Li", "name_key": "chen li"})
    index.attach(temp, kind="linkedin", value="chen-li", source="x.csv:2")

    assert temp < 0
    assert index.find(slug="chen-li", email=None, name_key="") == temp

    index.flush()

    chen = Person.objects.get()
    assert index.real(temp) == chen.pk
    assert index.find(slug="chen-li", email=None, name_key="") == chen.pk
    assert index.find(slug=None, email=None, name_key="chen li") == chen.pk
    assert chen.identities.get().value == "chen-li"
    assert index.created == {chen.pk}


def test_unchanged_snapshots_write_nothing_and_changed_ones_are_counted():
    ama = stored("ama owusu", slug="ama")
    Person.objects.filter(pk=ama.pk).update(company="Acme", is_connection=True)
    index = ingest.PeopleIndex.load()

    index.change(ama.pk, {"company": "Acme", "is_connection": True})
    index.flush()
    assert index.updated == set()

    index.change(ama.pk, {"company": "Beta"})
    index.flush()
    assert index.updated == {ama.pk}
    assert Person.objects.get().company == "Beta"


def test_requests_are_matched_by_key_or_by_person_direction_and_minute():
    ama = stored("ama owusu")
    row = ingest.RequestRow(
        person_id=ama.pk, key="linkedin:in:name:ama owusu:x", channel="linkedin", direction="in",
        sent_at=WHEN, note="", source="Invitations.csv:2",
    )  # fmt: skip
    created, updated = ingest.write_requests([row], real=lambda pid: pid)
    assert len(created) == 1 and updated == []

    rekeyed = ingest.RequestRow(
        person_id=ama.pk, key="linkedin:in:ama:x", channel="linkedin", direction="in",
        sent_at=WHEN, note="Hello", source="Invitations.csv:9",
    )  # fmt: skip
    created, updated = ingest.write_requests([rekeyed], real=lambda pid: pid)

    assert created == []
    assert updated == [ConnectionRequest.objects.get().pk]
    assert ConnectionRequest.objects.get().note == "Hello"


def test_interactions_with_a_known_key_are_not_inserted_again():
    ama = stored("ama owusu")

    def row(key: str) -> list[object]:
        return ingest.interaction_row(
            person_id=ama.pk, kind="message", direction="in", channel="linkedin", occurred_at=WHEN,
            subject="", text="hi", conversation_id="2-x", source="messages.csv:2", key=key,
        )  # fmt: skip

    assert ingest.insert_interactions([row("a"), row("b"), row("a")], real=lambda pid: pid) == 2
    assert ingest.insert_interactions([row("a"), row("c")], real=lambda pid: pid) == 1
    assert sorted(Interaction.objects.values_list("key", flat=True)) == ["a", "b", "c"]
    assert Interaction.objects.get(key="a").occurred_at == WHEN


def test_long_values_are_cut_to_the_column():
    ama = stored("ama owusu")
    row = ingest.interaction_row(
        person_id=ama.pk, kind="message", direction="in", channel="linkedin", occurred_at=WHEN,
        subject="s" * 900, text="t" * 100_000, conversation_id="c" * 300, source="f" * 900, key="k",
    )  # fmt: skip

    ingest.insert_interactions([row], real=lambda pid: pid)

    stored_row = Interaction.objects.get()
    assert len(stored_row.subject) == 500 and len(stored_row.conversation_id) == 200
    assert len(stored_row.text) == 100_000


def test_pending_requests_of_connections_become_accepted():
    ama = stored("ama owusu")
    bram = stored("bram stoker")
    for person in (ama, bram):
        ConnectionRequest.objects.create(person=person, key=f"k{person.pk}", direction="in", sent_at=WHEN)
    Person.objects.filter(pk=ama.pk).update(is_connection=True)

    accepted = ingest.accept_requests_of_connections()

    assert accepted == [ConnectionRequest.objects.get(person=ama).pk]
    assert ConnectionRequest.objects.get(person=bram).state == "pending"
