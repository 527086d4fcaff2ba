"""Mailboxes: mbox files and .eml files streamed message by message, LinkedIn invitations in them trusted
only when they really come from linkedin.com."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst import importers
from meetfirst.core.records import EmailRecord, InvitationRecord, Record, RowError, SkippedItem
from meetfirst.importers import mail_parts, mbox
from tests.conftest import DATA

MAIL = DATA / "mail"


def read(path: Path) -> list[Record | RowError]:
    return list(importers.read([path], zone=ZoneInfo("UTC")))


def emails(path: Path) -> list[EmailRecord]:
    return [r for r in read(path) if isinstance(r, EmailRecord)]


def test_each_message_of_an_mbox_becomes_an_email_with_its_headers_decoded():
    first, second, third, *_ = emails(MAIL / "inbox.mbox")

    assert first.message_id == "m1@northwind.example"
    assert (first.from_addr, first.from_name) == ("alice@northwind.example", "Alice Martin")
    assert first.to == (("sam@owner.example", "Sam Owner"),)
    assert first.sent_at == datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
    assert second.from_addr == "sam@owner.example"  # lower-cased
    assert second.cc == (("bob@stone.example", "Bob Stone"),)
    assert second.thread_id == "m1@northwind.example"
    assert third.from_name == "Bob Stöne"
    assert third.subject == "Photos from the café"
    assert str(first.source) == f"{MAIL / 'inbox.mbox'}#1"


def test_the_plain_text_part_is_kept_decoded_and_escaped_from_lines_are_restored():
    first, second, *_ = emails(MAIL / "inbox.mbox")

    assert "From the office, Alice" in first.text
    assert second.text == "Thursday is perfect. Café at noon? I'll bring Bob."


def test_html_only_mail_is_stripped_of_tags_scripts_and_styles_and_attachments_are_skipped():
    third = emails(MAIL / "inbox.mbox")[2]

    assert third.text == "Here are the photos from the café.\nBob"
    assert "alert" not in third.text and "PNG" not in third.text


def test_base64_text_is_decoded():
    last = emails(MAIL / "inbox.mbox")[-1]

    assert last.text == "Hello both, meet each other. – Carol"


def test_newsletters_and_no_reply_senders_are_bulk_and_personal_mail_is_not():
    bulk = {e.from_addr: e.bulk for e in emails(MAIL / "inbox.mbox")}

    assert bulk == {
        "alice@northwind.example": False,
        "sam@owner.example": False,
        "bob@stone.example": False,
        "news@shop.example": True,
        "no-reply@accounts.example": True,
        "carol@far.example": False,
    }


@pytest.mark.parametrize(
    ("header", "bulk"),
    [
        ("Precedence: bulk", True),
        ("Precedence: list", True),
        ("List-Id: <team.lists.example>", True),
        ("Auto-Submitted: auto-replied", True),
        ("Auto-Submitted: no", False),
        ("X-Mailer: hand", False),
    ],
)
def test_bulk_headers_mark_mail_as_bulk(header: str, bulk: bool):
    data = f"From: a@b.example\nDate: Thu, 05 Mar 2026 10:00:00 +0000\n{header}\n\nhi\n".encode()
    record = mbox.mail_item("x.eml", data)

    assert isinstance(record, EmailRecord) and record.bulk is bulk


def test_a_genuine_invitation_email_becomes_an_incoming_request_with_slug_and_invitation_id():
    records = read(MAIL / "linkedin.mbox")
    old, new = (r for r in records if isinstance(r, InvitationRecord))

    assert (old.from_name, old.inviter_slug, old.external_id) == (
        "Dana Whitfield",
        "dana-whitfield",
        "6100000001",
    )
    assert old.sent_at == datetime(2016, 5, 2, 19, 34, 46, tzinfo=UTC)
    assert (new.from_name, new.inviter_slug, new.external_id) == (
        "Erik Johansson",
        "erik-johansson-42",
        "7300000002",
    )
    assert new.channel == "linkedin" and new.to_name == "Sam Owner"


def test_look_alike_senders_yield_no_invitation_and_are_counted_as_skipped():
    skipped = [r for r in read(MAIL / "linkedin.mbox") if isinstance(r, SkippedItem)]

    assert [s.reason for s in skipped] == [
        "looks like a LinkedIn invitation but was sent by invitations@linkedin.com.evil.example",
        "looks like a LinkedIn invitation but was sent by invitations@linkedln.com",
    ]


def test_other_linkedin_mail_is_bulk_email_not_an_invitation():
    others = emails(MAIL / "linkedin.mbox")

    assert [e.message_id for e in others] == ["accepted-1@linkedin.com", "pymk-1@linkedin.com"]
    assert all(e.bulk for e in others)


def test_a_message_without_a_readable_date_is_an_error_named_by_its_number():
    records = read(MAIL / "bad_date.mbox")

    assert str(records[0]) == f"{MAIL / 'bad_date.mbox'}#1: cannot read the Date ''"
    assert isinstance(records[1], EmailRecord)


def test_a_folder_of_eml_files_is_read_message_by_message_and_other_files_are_ignored():
    found = emails(MAIL / "eml")

    assert [e.message_id for e in found] == ["eml1@volkov.example", "eml2@owner.example"]
    assert found[1].text == "Likewise!"  # CRLF line ends


def test_the_mbox_is_cut_at_from_lines_even_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(mbox, "CHUNK", 7)
    data = (MAIL / "inbox.mbox").read_bytes()

    found = [r for r in mbox.read_mbox("inbox.mbox", io.BytesIO(data)) if isinstance(r, EmailRecord)]

    assert len(found) == 6
    assert found[0].text.endswith("From the office, Alice")


def test_an_oversized_message_keeps_its_head_and_the_next_message_is_still_read(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(mbox, "MAX_MESSAGE", 2000)
    monkeypatch.setattr(mbox, "HEAD_KEPT", 500)
    monkeypatch.setattr(mbox, "CHUNK", 256)
    big = b"From a\nFrom: a@b.example\nDate: Thu, 05 Mar 2026 10:00:00 +0000\n\n" + b"x" * 10_000 + b"\n"
    small = b"From c\nFrom: c@d.example\nDate: Thu, 05 Mar 2026 11:00:00 +0000\n\nsmall\n"

    found = list(mbox.read_mbox("big.mbox", io.BytesIO(big + small)))

    assert [type(r) for r in found] == [EmailRecord, EmailRecord]
    first, second = found
    assert isinstance(first, EmailRecord) and isinstance(second, EmailRecord)
    assert len(first.text) < 500
    assert (second.from_addr, second.text) == ("c@d.example", "small")


def test_body_text_is_capped():
    data = b"From: a@b.example\nDate: Thu, 05 Mar 2026 10:00:00 +0000\n\n" + b"word " * 10_000
    record = mbox.mail_item("long.eml", data)

    assert isinstance(record, EmailRecord)
    assert len(record.text) == mail_parts.TEXT_LIMIT - 1  # the trailing space is stripped


def test_hostile_html_is_made_text_without_running_or_keeping_markup():
    text = mail_parts.html_to_text(
        "<p>a &amp; b</p><script>x()</script><style>p{}</style><b>c</b>" + "<" * 5000
    )

    assert text.startswith("a & b\nc")
    assert "script" not in text


def test_a_file_named_with_format_mbox_that_is_not_one_is_refused(tmp_path: Path):
    from meetfirst.core.errors import UnknownFormat

    path = tmp_path / "notes.txt"
    path.write_text("Dear diary\n")

    with pytest.raises(UnknownFormat, match="it is not an mbox file"):
        list(importers.read([path], format="mbox", zone=ZoneInfo("UTC")))


@pytest.mark.parametrize(
    "value",
    [
        "Ann Lee <ann@x.example>",
        '"Lee, Ann" <ann@x.example>',
        "ann@x.example",
        "<ann@x.example>",
        "=?utf-8?q?Ann_L=C3=A9e?= <ann@x.example>",
        "ann@x.example (Ann Lee)",
        "Ann <ann@x.example>, Bo <bo@y.example>",
    ],
)
def test_the_quick_address_reader_agrees_with_the_standard_library(value: str):
    from email.utils import getaddresses

    expected = tuple((a.lower(), mail_parts.decode_words(n)) for n, a in getaddresses([value]) if "@" in a)

    assert mail_parts.addresses((value,)) == expected


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 02 Mar 2026 09:15:00 +0100",
        "2 May 2016 19:34:46 -0000",
        "Mon, 2 May 2016 19:34:46 +0000 (UTC)",
        "Tue, 3 Mar 2026 08:00:00 -0530",
        "Tue, 3 Mar 2026 08:00 -0500",
        "Thu, 05 Mar 2026 10:00:00 GMT",
    ],
)
def test_the_quick_date_reader_agrees_with_the_standard_library(value: str):
    from email.utils import parsedate_to_datetime

    expected = parsedate_to_datetime(value)
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=UTC)

    assert mail_parts.parse_date(value) == expected


def test_an_impossible_date_is_no_date():
    assert mail_parts.parse_date("Mon, 31 Feb 2026 09:15:00 +0100") is None


@pytest.mark.parametrize("charset", ["base64", "rot13", "no-such-charset", "utf-8"])
def test_a_charset_that_is_no_text_encoding_is_read_as_utf_8(charset: str):
    data = (
        "From: a@b.example\nDate: Thu, 05 Mar 2026 10:00:00 +0000\n"
        f"Content-Type: text/plain; charset={charset}\n\ncaf\u00e9\n"
    ).encode()

    record = mbox.mail_item("x.eml", data)

    assert isinstance(record, EmailRecord) and record.text == "caf\u00e9"


@pytest.mark.parametrize("value", ["Mon, 01 Jan 0001 00:10:00 +0100", "Fri, 31 Dec 9999 23:59:00 -0100"])
def test_a_date_outside_any_mailbox_is_no_date(value: str):
    assert mail_parts.parse_date(value) is None
