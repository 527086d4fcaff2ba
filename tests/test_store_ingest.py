"""Bulk writes for imports: the people index, requests and interactions written in batches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetfirst.store import bulk, ingest, interaction_ingest
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


def test_people_copied_later_have_their_ids_at_the_flush_and_their_rows_when_copied():
    index = ingest.PeopleIndex.load()
    temp = index.create({"display_name": "Chen Li", "name_key": "chen li", "company": "Acme"})
    index.attach(temp, kind="email", value="chen@acme.example", source="x.csv:2")

    copies = index.flush(copy_later=True)

    if not bulk.ids_drawn_first():  # SQLite: written at once, nothing left to copy
        assert copies == [] and Person.objects.get().pk == index.real(temp)
        return
    assert index.real(temp) > 0 and not Person.objects.exists()
    assert index.find(slug=None, email="chen@acme.example", name_key="") == index.real(temp)
    for model, columns, rows in copies:
        bulk.copy_rows(model, columns, rows)
    chen = Person.objects.get()
    assert (chen.pk, chen.display_name, chen.company) == (index.real(temp), "Chen Li", "Acme")
    assert chen.identities.get().value == "chen@acme.example"


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


def queue(batch: interaction_ingest.InteractionBatch, person: Person, key: str, **long: str) -> None:
    batch.add(
        person.pk,
        "in",
        WHEN,
        long.get("subject", ""),
        long.get("text", "hi"),
        long.get("thread", "2-x"),
        long.get("source", "messages.csv:2"),
        key,
    )


def test_interactions_with_a_known_key_are_not_inserted_again():
    ama = stored("ama owusu")
    batch = interaction_ingest.InteractionBatch(kind="message", channel="linkedin")

    for key in ("a", "b", "a"):
        queue(batch, ama, key)
    assert batch.write(real=lambda pid: pid) == 2
    for key in ("a", "c"):
        queue(batch, ama, key)
    assert batch.write(real=lambda pid: pid) == 1

    assert sorted(Interaction.objects.values_list("key", flat=True)) == ["a", "b", "c"]
    stored_row = Interaction.objects.get(key="a")
    assert (stored_row.occurred_at, stored_row.kind, stored_row.channel) == (WHEN, "message", "linkedin")


def test_interaction_times_in_any_zone_are_stored_as_the_same_instant():
    ama = stored("ama owusu")
    batch = interaction_ingest.InteractionBatch(kind="message", channel="linkedin")
    batch.add(ama.pk, "out", WHEN.astimezone(ZoneInfo("America/New_York")), "", "x", "", "f", "k")

    batch.write(real=lambda pid: pid)

    assert Interaction.objects.get().occurred_at == WHEN


def test_long_values_are_cut_to_the_column():
    ama = stored("ama owusu")
    batch = interaction_ingest.InteractionBatch(kind="message", channel="linkedin")
    queue(batch, ama, "k", subject="s" * 900, text="t" * 100_000, thread="c" * 300, source="f" * 900)

    batch.write(real=lambda pid: pid)

    stored_row = Interaction.objects.get()
    assert len(stored_row.subject) == 500 and len(stored_row.conversation_id) == 200
    assert len(stored_row.text) == 100_000


def test_people_created_in_bulk_get_their_fields_and_ids_in_order():
    index = ingest.PeopleIndex.load()
    temps = [index.create({"display_name": f"P{n}", "name_key": f"p{n}"}) for n in range(2500)]
    index.change(temps[7], {"is_connection": True, "connected_on": date(2024, 1, 5), "company": "Acme"})

    index.flush()

    for n in (0, 7, 1999, 2499):
        assert Person.objects.get(pk=index.real(temps[n])).display_name == f"P{n}"
    seventh = Person.objects.get(pk=index.real(temps[7]))
    assert (seventh.is_connection, seventh.connected_on, seventh.company) == (True, date(2024, 1, 5), "Acme")
    assert seventh.created_at is not None


def test_pending_requests_of_connections_become_accepted():
    ama = stored("ama owusu")
    bram = stored("bram stoker")
    for person in (ama, bram):
        ConnectionRequest.objects.create(person=person, key=f"k{person.pk}", direction="in", sent_at=WHEN)
    Person.objects.filter(pk=ama.pk).update(is_connection=True)

    accepted = ingest.accept_requests_of_connections()

    assert accepted == [ConnectionRequest.objects.get(person=ama).pk]
    assert ConnectionRequest.objects.get(person=bram).state == "pending"
