"""The import service: people, requests and messages stored once, atomically, with honest counts."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from meetfirst.core.errors import BadRows
from meetfirst.core.records import Direction, Record, RowError
from meetfirst.services import importing
from meetfirst.services.importing import ingest_records
from meetfirst.store import interaction_ingest, memory_map
from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Owner, Person, Stage
from tests.conftest import DATA, FIXED_NOW
from tests.factories_records import (
    AMA,
    CHEN,
    OLIVIA,
    OWNER_SLUG,
    connection,
    invitation,
    message,
    owner,
    owner_email,
)

pytestmark = pytest.mark.usefixtures("db", "home")


def run(records: list[Record | RowError], **options: object) -> dict[str, object]:
    return ingest_records(iter(records), now=FIXED_NOW, **options).as_dict()  # type: ignore[arg-type]


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row an import may touch, for before/after comparisons."""
    return {
        "owner": list(
            Owner.objects.order_by("id").values_list("first_name", "last_name", "profile_slug", "emails")
        ),
        "people": list(
            Person.objects.order_by("id").values_list(
                "id", "display_name", "name_key", "company", "position", "is_connection", "connected_on"
            )
        ),
        "identities": list(Identity.objects.order_by("id").values_list("person_id", "kind", "value")),
        "requests": list(
            ConnectionRequest.objects.order_by("id").values_list(
                "person_id", "key", "direction", "state", "stage"
            )
        ),
        "interactions": list(
            Interaction.objects.order_by("id").values_list("person_id", "direction", "key", "text")
        ),
    }


def person(slug: str) -> Person:
    return Identity.objects.get(kind="linkedin", value=slug).person


def an_export() -> list[Record | RowError]:
    return [
        owner(),
        owner_email(),
        invitation("Bram Stoker", slug="bram-stoker", note="Hi Olivia, let's connect"),
        invitation("Ama Owusu", slug="ama-owusu", at=datetime(2026, 4, 2, 8, 0, tzinfo=UTC)),
        invitation("Dana Diaz", slug="dana-diaz", direction=Direction.OUTGOING),
        connection("Ama", "Owusu", slug="ama-owusu", company="Acme", position="CTO"),
        message(sender=AMA, to=[OLIVIA], content="Lovely to meet you", line=2),
        message(
            sender=OLIVIA, to=[AMA], content="Likewise!", line=3, at=datetime(2026, 5, 2, 10, 0, tzinfo=UTC)
        ),
    ]


ZERO = {"people": 0, "requests": 0, "interactions": 0}


def test_it_stores_people_requests_and_messages_from_an_export():
    summary = run(an_export())

    assert summary == {
        "created": {"people": 3, "requests": 3, "interactions": 2},
        "updated": ZERO,
        "skipped": 0,
        "errors": [],
    }
    ama = person("ama-owusu")
    assert (ama.display_name, ama.company, ama.position, ama.is_connection) == (
        "Ama Owusu",
        "Acme",
        "CTO",
        True,
    )
    assert ama.connected_on == date(2024, 1, 5)
    bram = ConnectionRequest.objects.get(person=person("bram-stoker"))
    assert (bram.direction, bram.state, bram.note) == ("in", "pending", "Hi Olivia, let's connect")
    assert ConnectionRequest.objects.get(person=ama).state == "accepted"
    stored_owner = Owner.objects.get()
    assert (stored_owner.first_name, stored_owner.profile_slug) == ("Olivia", OWNER_SLUG)
    assert stored_owner.emails == ["olivia@example.org"]


def test_it_never_creates_a_person_for_the_owner():
    run(an_export())

    assert not Identity.objects.filter(value=OWNER_SLUG).exists()
    assert not Person.objects.filter(name_key="olivia owner").exists()


def test_importing_the_same_records_twice_changes_nothing():
    run(an_export())
    before = snapshot()

    again = run(an_export())

    assert again == {"created": ZERO, "updated": ZERO, "skipped": 0, "errors": []}
    assert snapshot() == before


def test_a_newer_export_moves_a_pending_request_to_accepted():
    run(an_export())
    bram = person("bram-stoker")
    assert ConnectionRequest.objects.get(person=bram).state == "pending"

    summary = run([connection("Bram", "Stoker", slug="bram-stoker", company="Dracula Ltd")])

    assert summary["created"] == ZERO
    assert summary["updated"] == {"people": 1, "requests": 1, "interactions": 0}
    assert ConnectionRequest.objects.get(person=bram).state == "accepted"


def test_a_newer_export_adds_only_what_is_new():
    run(an_export())
    newer = [
        *an_export(),
        invitation("Chen Li", slug="chen-li", at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC)),
        message(sender=CHEN, to=[OLIVIA], content="Hi there", thread="2-" + "B" * 56),
    ]

    summary = run(newer)

    assert summary["created"] == {"people": 1, "requests": 1, "interactions": 1}
    assert summary["updated"] == ZERO


def test_a_changed_company_counts_as_an_update():
    run(an_export())

    summary = run([connection("Ama", "Owusu", slug="ama-owusu", company="Beta GmbH", position="CTO")])

    assert summary["updated"]["people"] == 1  # type: ignore[index]
    assert person("ama-owusu").company == "Beta GmbH"


def test_a_failure_in_the_middle_leaves_every_table_unchanged():
    run(an_export())
    before = snapshot()

    def failing() -> Iterator[Record | RowError]:
        yield connection("Eve", "Early", slug="eve-early")
        yield invitation("Finn", slug="finn", note="hi")
        yield connection("Ama", "Owusu", slug="ama-owusu", company="Changed Inc")
        raise OSError("disk on fire")

    with pytest.raises(OSError, match="disk on fire"):
        ingest_records(failing(), now=FIXED_NOW)

    assert snapshot() == before


def test_a_failure_after_a_batch_was_written_leaves_every_table_unchanged(monkeypatch):
    monkeypatch.setattr(importing, "INTERACTION_BATCH", 2)
    monkeypatch.setattr(importing, "PEOPLE_BATCH", 2)
    run(an_export())
    before = snapshot()
    written: list[int] = []
    real_write = interaction_ingest.InteractionBatch.write

    def write_then_fail(self, *, real):  # type: ignore[no-untyped-def]
        written.append(real_write(self, real=real))
        if len(written) == 2:
            raise RuntimeError("database went away")
        return written[-1]

    monkeypatch.setattr(interaction_ingest.InteractionBatch, "write", write_then_fail)
    records = [connection(f"Person{n}", "Test", slug=f"person-{n}") for n in range(5)] + [
        message(sender=(f"Person{n} Test", f"person-{n}"), to=[OLIVIA], content=f"m{n}") for n in range(5)
    ]

    with pytest.raises(RuntimeError):
        ingest_records(iter(records), now=FIXED_NOW)

    assert written[0] == 2  # a batch really reached the database before the failure
    assert snapshot() == before


def test_garbage_is_collected_less_often_while_an_import_reads_and_as_before_after_it():
    before = gc.get_threshold()
    seen: list[int] = []

    def rows() -> Iterator[Record | RowError]:
        seen.append(gc.get_threshold()[0])
        yield connection("Eve", "Early", slug="eve-early")
        raise OSError("disk on fire")

    with pytest.raises(OSError, match="disk on fire"):
        ingest_records(rows(), now=FIXED_NOW)

    assert seen == [importing.IMPORT_GC_THRESHOLD] and before[0] < importing.IMPORT_GC_THRESHOLD
    assert gc.get_threshold() == before


def mapped_bytes(db: BaseDatabaseWrapper) -> int:
    with db.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        return int(cursor.fetchone()[0])


def test_an_sqlite_store_is_read_without_its_memory_map_inside_unmapped_and_with_it_after(tmp_path):
    from django.db import connection as db

    if db.vendor != "sqlite":
        pytest.skip("a memory map is SQLite's")
    # A store in a file, opened as the settings open one (the tests' own store lives in memory).
    store = SQLiteWrapper({**db.settings_dict, "NAME": str(tmp_path / "store.sqlite3")})
    try:
        before = mapped_bytes(store)
        for fails in (False, True):
            with contextlib.suppress(OSError), memory_map.unmapped(store):
                assert mapped_bytes(store) == 0
                if fails:
                    raise OSError("disk on fire")
            assert mapped_bytes(store) == before
        assert before >= 1 << 20  # the settings map the store
    finally:
        store.close()


def test_an_import_runs_inside_unmapped(monkeypatch):
    events: list[str] = []

    @contextlib.contextmanager
    def spy(connection: object = None) -> Iterator[None]:
        events.append("unmapped")
        yield
        events.append("mapped again")

    def read(*args: object, **kwargs: object) -> Iterator[Record | RowError]:
        events.append("read")
        yield connection("Eve", "Early", slug="eve-early")

    monkeypatch.setattr(importing.memory_map, "unmapped", spy)
    monkeypatch.setattr(importing.importers, "read", read)
    importing.import_paths([DATA], now=FIXED_NOW)

    assert events == ["unmapped", "read", "mapped again"]
    assert Person.objects.filter(display_name__contains="Eve").exists()


def test_bad_rows_stop_the_import_and_store_nothing():
    records = [
        *an_export(),
        RowError("Connections.csv", 7, "no date"),
        RowError("Invitations.csv", 3, "bad Sent At '13/45/26'"),
    ]

    with pytest.raises(BadRows) as failure:
        run(records)

    assert "Invitations.csv:3: bad Sent At '13/45/26'" in failure.value.message
    assert "2 bad rows" in failure.value.message
    assert failure.value.exit_code == 2
    assert Person.objects.count() == 0 and Owner.objects.count() == 0


def test_the_bad_rows_error_shows_a_few_and_counts_the_rest():
    records: list[Record | RowError] = [RowError("messages.csv", n, "broken") for n in range(2, 12)]

    with pytest.raises(BadRows) as failure:
        run(records)

    assert "10 bad rows" in failure.value.message
    assert "messages.csv:6: broken" in failure.value.message
    assert "messages.csv:7" not in failure.value.message
    assert "and 5 more" in failure.value.message


def test_skip_bad_rows_stores_the_rest_and_lists_what_it_skipped():
    records = [*an_export(), RowError("Connections.csv", 7, "no date")]

    summary = run(records, skip_bad_rows=True)

    assert summary["errors"] == ["Connections.csv:7: no date"]
    assert summary["skipped"] == 1
    assert summary["created"] == {"people": 3, "requests": 3, "interactions": 2}


def test_outgoing_requests_are_stored_but_never_triaged():
    run(an_export())

    dana = ConnectionRequest.objects.get(person=person("dana-diaz"))
    assert (dana.direction, dana.stage) == ("out", Stage.NEW)


def test_message_direction_follows_the_owner_slug_from_invitations():
    run(an_export())

    directions = dict(Interaction.objects.values_list("text", "direction"))
    assert directions == {"Lovely to meet you": "in", "Likewise!": "out"}
    assert set(Interaction.objects.values_list("person_id", flat=True)) == {person("ama-owusu").pk}


def test_message_direction_follows_the_owner_name_when_no_slug_is_known():
    records = [
        owner(),
        message(sender=AMA, to=[("Olivia Owner", None)], content="in", with_recipient_slugs=False),
        message(sender=("Olivia Owner", OWNER_SLUG), to=[("Ama Owusu", None)], content="out", line=3),
    ]

    run(records)

    assert dict(Interaction.objects.values_list("text", "direction")) == {"in": "in", "out": "out"}
    assert set(Interaction.objects.values_list("person_id", flat=True)) == {person("ama-owusu").pk}
    assert Owner.objects.get().profile_slug == OWNER_SLUG  # learnt from her own message


def test_without_any_owner_data_the_person_in_most_threads_is_the_owner():
    records: list[Record | RowError] = []
    for n, (name, slug) in enumerate([AMA, CHEN, ("Dana Diaz", "dana-diaz")]):
        thread = f"2-{n}" + "x" * 55
        records.append(message(sender=(name, slug), to=[OLIVIA], content=f"hi from {name}", thread=thread))
        records.append(message(sender=OLIVIA, to=[(name, slug)], content=f"hi {name}", thread=thread, line=3))

    summary = run(records)

    assert summary["created"] == {"people": 3, "requests": 0, "interactions": 6}
    assert not Identity.objects.filter(value=OWNER_SLUG).exists()
    assert Interaction.objects.get(text="hi Chen Li").direction == "out"
    assert Owner.objects.get().profile_slug == OWNER_SLUG


def test_a_2018_message_keeps_the_direction_its_file_gives():
    records = [
        message(
            sender=("Ama Owusu", None),
            to=[("Olivia Owner", None)],
            content="a",
            direction=Direction.INCOMING,
            thread="",
        ),
        message(
            sender=("Olivia Owner", None),
            to=[("Ama Owusu", None)],
            content="b",
            direction=Direction.OUTGOING,
            thread="",
            line=3,
        ),
    ]

    run(records)

    assert dict(Interaction.objects.values_list("text", "direction")) == {"a": "in", "b": "out"}
    assert Person.objects.get().display_name == "Ama Owusu"


def test_recipients_named_without_a_slug_are_the_person_seen_with_one_in_the_thread():
    run(
        [
            connection("Ama", "Owusu", slug="ama-owusu"),
            connection("Ama", "Owusu", slug="ama-owusu-2"),  # a namesake
            invitation("X", slug="x"),
            message(sender=("Ama Owusu", "ama-owusu-2"), to=[OLIVIA], content="hi"),
            message(
                sender=OLIVIA, to=[("Ama Owusu", None)], content="hello", with_recipient_slugs=False, line=3
            ),
        ]
    )

    namesake = person("ama-owusu-2").pk
    assert list(Interaction.objects.values_list("person_id", flat=True).distinct()) == [namesake]


def test_a_group_message_becomes_one_interaction_per_other_participant():
    run([invitation("X", slug="x"), message(sender=OLIVIA, to=[AMA, CHEN], content="Meet each other!")])

    people = set(Interaction.objects.values_list("person_id", flat=True))
    assert people == {person("ama-owusu").pk, person("chen-li").pk}
    assert Interaction.objects.filter(direction="out").count() == 2


def test_drafts_sponsored_mail_and_hidden_members_are_skipped():
    records = [
        invitation("X", slug="x"),
        message(sender=AMA, to=[OLIVIA], content="draft", draft=True),
        message(
            sender=("Acme Ads", None), to=[OLIVIA], content="<p class='spinmail'>Buy</p>", sponsored=True
        ),
        message(sender=("LinkedIn Member", None), to=[OLIVIA], content="hidden", thread="2-" + "H" * 56),
    ]

    summary = run(records)

    assert summary["skipped"] == 3
    assert Interaction.objects.count() == 0


def test_a_hidden_member_is_kept_when_the_thread_names_the_other_side():
    records = [
        invitation("X", slug="x"),
        message(sender=OLIVIA, to=[AMA], content="Are you there?"),
        message(sender=("LinkedIn Member", None), to=[OLIVIA], content="yes", line=3),
    ]

    summary = run(records)

    assert summary["skipped"] == 0
    assert Interaction.objects.get(text="yes").person == person("ama-owusu")


def test_html_and_script_in_messages_and_notes_are_stored_as_they_came():
    nasty = "<script>alert('x')</script><b>hi</b>"
    run([invitation("Bram", slug="bram", note=nasty), message(sender=AMA, to=[OLIVIA], content=nasty)])

    assert ConnectionRequest.objects.get().note == nasty
    assert Interaction.objects.get().text == nasty


def test_a_person_is_found_again_by_e_mail():
    run([connection("Ama", "Owusu", email="Ama@Example.org")])

    summary = run([connection("Ama", "Owusu-Mensah", slug="ama-owusu", email="ama@example.org")])

    assert summary["created"]["people"] == 0  # type: ignore[index]
    ama = Person.objects.get()
    assert ama.display_name == "Ama Owusu-Mensah"
    assert set(ama.identities.values_list("kind", "value")) == {
        ("email", "ama@example.org"),
        ("linkedin", "ama-owusu"),
    }


def test_two_profiles_sharing_an_e_mail_stay_two_people_and_reimport_changes_nothing():
    records: list[Record | RowError] = [
        connection("Wei", "Bianchi", slug="wei-bianchi", email="team@example.com", company="A"),
        connection("Ahmad", "Bianchi", slug="ahmad-bianchi", email="team@example.com", company="B"),
    ]
    run(records)

    again = run(records)

    assert Person.objects.count() == 2
    assert again["updated"] == ZERO
    assert person("wei-bianchi").identities.filter(kind="email").exists()


def test_a_name_only_person_gets_the_slug_a_later_export_brings():
    run([connection("Ama", "Owusu", slug=None), invitation("Ama Owusu", slug=None, owner_slug=None)])
    assert Person.objects.count() == 1

    summary = run([connection("Ama", "Owusu", slug="ama-owusu")])

    assert summary["created"]["people"] == 0  # type: ignore[index]
    assert summary["updated"]["people"] == 1  # type: ignore[index]
    assert person("ama-owusu").pk == Person.objects.get().pk


def test_the_older_name_only_export_again_finds_the_person_with_a_slug():
    run([connection("Ama", "Owusu", slug=None)])
    run([connection("Ama", "Owusu", slug="ama-owusu")])

    summary = run([connection("Ama", "Owusu", slug=None)])

    assert summary["created"] == ZERO
    assert Person.objects.count() == 1


def test_a_slug_never_merges_into_a_namesake_who_has_another_slug():
    run([connection("Ama", "Owusu", slug="ama-owusu")])

    run([connection("Ama", "Owusu", slug="ama-owusu-other")])

    assert Person.objects.count() == 2


def test_an_invitation_seen_before_and_after_profile_urls_stays_one_request():
    at = datetime(2026, 5, 1, 10, 5, tzinfo=UTC)
    run([invitation("Bram Stoker", slug=None, owner_slug=None, at=at)])

    summary = run([invitation("Bram Stoker", slug="bram-stoker", at=at)])

    assert summary["created"] == ZERO
    assert ConnectionRequest.objects.count() == 1


def test_a_hidden_connection_row_is_skipped():
    summary = run([connection("", "", on=date(2023, 10, 2))])

    assert summary["skipped"] == 1
    assert Person.objects.count() == 0


def test_many_records_are_written_in_batches(monkeypatch):
    monkeypatch.setattr(importing, "INTERACTION_BATCH", 7)
    monkeypatch.setattr(importing, "PEOPLE_BATCH", 5)
    monkeypatch.setattr(importing, "REQUEST_BATCH", 3)
    records: list[Record | RowError] = [invitation("X", slug="x")]
    for n in range(40):
        who = (f"Person {n}", f"person-{n}")
        records.append(connection("Person", str(n), slug=f"person-{n}"))
        records.append(
            invitation(
                f"Person {n}", slug=f"person-{n}", at=datetime(2026, 5, 1, tzinfo=UTC) + timedelta(minutes=n)
            )
        )
        records.append(message(sender=who, to=[OLIVIA], content=f"hello {n}", thread=f"2-{n:056d}"))

    first = run(records)
    second = run(records)

    assert first["created"] == {"people": 41, "requests": 41, "interactions": 40}
    assert second["created"] == ZERO and second["updated"] == ZERO
    assert ConnectionRequest.objects.filter(state="accepted").count() == 40


def test_the_same_message_in_two_exports_imported_together_is_stored_once():
    hello = message(sender=AMA, to=[OLIVIA], content="hello")
    summary = run([invitation("X", slug="x"), hello, hello])

    assert summary["created"]["interactions"] == 1  # type: ignore[index]


def test_it_asks_triage_and_lifecycle_to_move_on_with_the_clock_it_was_given(monkeypatch):
    calls: list[tuple[str, datetime]] = []
    monkeypatch.setattr(importing.triage, "triage_new", lambda *, now: calls.append(("triage", now)) or 0)
    monkeypatch.setattr(importing.lifecycle, "advance", lambda *, now: calls.append(("advance", now)) or 0)

    run(an_export())

    assert calls == [("triage", FIXED_NOW), ("advance", FIXED_NOW)]


# --- whole sample exports, era by era (tests/data/linkedin/README.md tells their story) ----------------

ERAS = ["2018", "2021", "2022", "2023", "2024", "2025", "2026"]


def import_era(era: str) -> dict[str, object]:
    return importing.import_paths([DATA / "linkedin" / era], now=FIXED_NOW).as_dict()


@pytest.mark.parametrize("era", ERAS)
def test_every_era_imports_the_cast_as_the_story_tells(era):
    summary = import_era(era)

    assert summary["errors"] == []
    assert Owner.objects.get().first_name == "Maren"
    assert not Person.objects.filter(name_key__in=["maren lindqvist", "linkedin member"]).exists()
    ama = Person.objects.get(name_key="ama owusu")
    assert set(ama.interactions.values_list("direction", flat=True)) == {"in", "out"}
    assert list(ama.requests.values_list("direction", "state")) == [("in", "pending")]
    priya = Person.objects.get(name_key="priya raman")
    assert priya.is_connection
    assert list(priya.requests.values_list("state", flat=True)) == ["accepted"]
    jonas = Person.objects.get(name_key="jonas weber")
    assert list(jonas.requests.values_list("direction", "state", "stage")) == [("out", "pending", "new")]
    names = list(Person.objects.values_list("name_key", flat=True))
    assert len(names) == len(set(names)), "one person per human"


@pytest.mark.parametrize("era", ERAS)
def test_every_era_imported_twice_changes_nothing(era):
    import_era(era)
    before = snapshot()

    again = import_era(era)

    assert (again["created"], again["updated"]) == (ZERO, ZERO)
    assert snapshot() == before


def test_a_later_export_gives_name_only_people_their_slugs():
    import_era("2022")
    tobias = Person.objects.get(name_key="tobias grunwald")
    assert not tobias.identities.filter(kind="linkedin").exists()

    import_era("2023")

    assert person("tobias-grünwald").pk == tobias.pk
    names = list(Person.objects.values_list("name_key", flat=True))
    assert len(names) == len(set(names))


def test_the_owner_slug_comes_from_the_invitations_urls():
    import_era("2023")

    assert Owner.objects.get().profile_slug == "maren-lindqvist"
    assert Interaction.objects.filter(direction="out").exists()
