"""Mailboxes into the store: e-mail interactions each way from the owner's addresses, newsletters that
create nobody, the owner's address found when nothing names it, and invitation e-mails joined later to
the export's Invitations.csv."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meetfirst.core.errors import BadRows
from meetfirst.core.records import Direction
from meetfirst.services.importing import import_paths, ingest_records
from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Owner, Person
from tests.conftest import DATA, FIXED_NOW
from tests.factories_records import ZONE, invitation, owner_email

MAIL = DATA / "mail"
pytestmark = pytest.mark.usefixtures("db", "home")


def by_email(address: str) -> Person:
    return Identity.objects.get(kind="email", value=address).person


def mails(person: Person) -> list[tuple[str, str, bool]]:
    found = person.interactions.filter(kind="email").order_by("occurred_at")
    return list(found.values_list("direction", "subject", "bulk"))


def test_mail_both_ways_becomes_interactions_with_each_participant():
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)

    import_paths([MAIL / "inbox.mbox"], now=FIXED_NOW)

    alice = by_email("alice@northwind.example")
    assert mails(alice) == [
        ("in", "Lunch next week?", False),
        ("out", "Re: Lunch next week?", False),
        ("", "Intro", False),  # Carol wrote to both: Alice is in it, but did not write it
    ]
    assert mails(by_email("bob@stone.example")) == [
        ("out", "Re: Lunch next week?", False),
        ("in", "Photos from the café", False),
    ]
    email = Interaction.objects.get(key__isnull=False, subject="Intro", person=alice)
    assert (email.kind, email.channel, email.text) == (
        "email",
        "email",
        "Hello both, meet each other. – Carol",
    )
    assert Identity.objects.get(value="alice@northwind.example").source == f"mbox:{MAIL / 'inbox.mbox'}"


def test_newsletters_and_no_reply_senders_create_nobody():
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)

    summary = import_paths([MAIL / "inbox.mbox"], now=FIXED_NOW)

    assert not Identity.objects.filter(value__in=["news@shop.example", "no-reply@accounts.example"]).exists()
    assert summary.skipped == 2
    assert not Person.objects.filter(display_name="sam@owner.example").exists()


def test_a_newsletter_from_someone_known_is_kept_as_bulk():
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    shop = Person.objects.create(display_name="Shop")
    Identity.objects.create(person=shop, kind="email", value="news@shop.example")

    import_paths([MAIL / "inbox.mbox"], now=FIXED_NOW)

    assert mails(shop) == [("in", "20% off this week", True)]


def test_without_any_known_address_the_one_on_most_messages_is_taken_as_the_owners_and_shown(run_cli):
    result = run_cli("import", str(MAIL / "inbox.mbox"))

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "your address, seen on most messages: sam@owner.example" in result.stdout
    assert Owner.objects.get().emails == ["sam@owner.example"]
    assert mails(by_email("alice@northwind.example"))[1][0] == "out"


def test_the_policys_my_emails_name_the_owner(home: Path):
    (home / "policy.toml").write_text('my_emails = ["Bob@Stone.example"]\n', encoding="utf-8")

    summary = import_paths([MAIL / "inbox.mbox"], now=FIXED_NOW)

    assert summary.guessed_owner_email is None
    assert not Identity.objects.filter(value="bob@stone.example").exists()
    assert ("out", "Photos from the café", False) in mails(by_email("sam@owner.example"))


def test_importing_a_mailbox_twice_adds_nothing_and_sent_copies_are_the_same_interaction(tmp_path: Path):
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    import_paths([MAIL / "inbox.mbox"], now=FIXED_NOW)
    count = Interaction.objects.count()
    sent = tmp_path / "Sent.mbox"
    data = (MAIL / "inbox.mbox").read_bytes()
    sent.write_bytes(data[data.index(b"From sam@owner.example") : data.index(b"From bob@stone.example")])

    again = import_paths([MAIL / "inbox.mbox", sent], now=FIXED_NOW, force=True)

    assert again.created.interactions == 0
    assert Interaction.objects.count() == count


def test_a_folder_of_eml_files_is_imported():
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)

    import_paths([MAIL / "eml"], now=FIXED_NOW)

    assert mails(by_email("dmitri@volkov.example")) == [
        ("in", "Conference notes", False),
        ("out", "Re: Conference notes", False),
    ]


def test_a_message_that_cannot_be_read_stops_the_import_and_names_its_number():
    with pytest.raises(BadRows, match=r"bad_date\.mbox#1: cannot read the Date"):
        import_paths([MAIL / "bad_date.mbox"], now=FIXED_NOW)

    assert not Interaction.objects.exists()


def test_with_skip_bad_rows_the_readable_messages_are_kept():
    summary = import_paths([MAIL / "bad_date.mbox"], now=FIXED_NOW, skip_bad_rows=True)

    assert summary.created.interactions == 1
    assert [str(e) for e in summary.errors] == [f"{MAIL / 'bad_date.mbox'}#1: cannot read the Date ''"]


# --- LinkedIn invitation e-mails ---------------------------------------------------------------------


def request_of(slug: str) -> list[ConnectionRequest]:
    return list(ConnectionRequest.objects.filter(person__identities__value=slug))


def test_an_invitation_email_is_a_pending_request_the_day_it_is_sent_and_look_alikes_are_skipped():
    summary = import_paths([MAIL / "linkedin.mbox"], now=FIXED_NOW)

    (erik,) = request_of("erik-johansson-42")
    assert (erik.direction, erik.channel, erik.state) == ("in", "linkedin", "pending")
    assert erik.key == "linkedin:id:7300000002"
    assert erik.sent_at == datetime(2026, 6, 13, 8, 30, tzinfo=UTC)
    assert summary.created.requests == 2
    assert not Identity.objects.filter(value__in=["mallory", "mallory-two"]).exists()
    assert summary.skipped == 4  # two look-alikes, and two LinkedIn notices from nobody known


def test_the_exports_row_for_the_same_invitation_joins_the_request_from_the_email():
    import_paths([MAIL / "linkedin.mbox"], now=FIXED_NOW)
    # Invitations.csv gives the owner's local time to the minute, and the note the e-mail did not show.
    row = invitation(
        "Erik Johansson",
        slug="erik-johansson-42",
        at=datetime(2026, 6, 13, 10, 31, tzinfo=ZONE),
        note="We met at the Oslo meetup",
    )

    summary = ingest_records(iter([row]), now=FIXED_NOW)

    (erik,) = request_of("erik-johansson-42")
    assert summary.created.requests == 0
    assert erik.note == "We met at the Oslo meetup"
    assert erik.key == "linkedin:id:7300000002"


def test_the_email_joins_a_request_the_export_brought_first():
    row = invitation("Erik Johansson", slug="erik-johansson-42", at=datetime(2026, 6, 12, 9, 0, tzinfo=ZONE))
    ingest_records(iter([row]), now=FIXED_NOW)

    summary = import_paths([MAIL / "linkedin.mbox"], now=FIXED_NOW)

    assert len(request_of("erik-johansson-42")) == 1
    assert summary.created.requests == 1  # Dana's only


def test_an_export_row_more_than_three_days_apart_is_another_request():
    import_paths([MAIL / "linkedin.mbox"], now=FIXED_NOW)
    later = datetime(2026, 6, 13, 8, 30, tzinfo=UTC) + timedelta(days=3, minutes=5)

    ingest_records(iter([invitation("Erik Johansson", slug="erik-johansson-42", at=later)]), now=FIXED_NOW)

    assert len(request_of("erik-johansson-42")) == 2


def test_an_outgoing_export_row_never_joins_an_incoming_email():
    import_paths([MAIL / "linkedin.mbox"], now=FIXED_NOW)
    row = invitation(
        "Erik Johansson",
        slug="erik-johansson-42",
        direction=Direction.OUTGOING,
        at=datetime(2026, 6, 13, 10, 31, tzinfo=ZONE),
    )

    ingest_records(iter([row]), now=FIXED_NOW)

    assert sorted(r.direction for r in request_of("erik-johansson-42")) == ["in", "out"]
