"""The LinkedIn readers over the hand-written sample exports in tests/data/linkedin, one era at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.identity import name_key
from meetfirst.core.records import (
    ConnectionRecord,
    Direction,
    InvitationRecord,
    MessageRecord,
    OwnerEmailRecord,
    OwnerRecord,
    Record,
    RowError,
)
from meetfirst.importers import read
from meetfirst.importers.linkedin_messages import recipient_names, recipient_slugs
from tests.conftest import DATA

EXPORTS = DATA / "linkedin"
OSLO = ZoneInfo("Europe/Oslo")
ERAS = ["2018", "2021", "2022", "2023", "2024", "2025", "2026"]
T = TypeVar("T")
ORDER = [OwnerRecord, OwnerEmailRecord, ConnectionRecord, InvitationRecord, MessageRecord]


def read_all(*paths: Path, **options: object) -> list[Record | RowError]:
    return list(read(list(paths), zone=OSLO, **options))  # type: ignore[arg-type]


def of_type(items: list[Record | RowError], kind: type[T]) -> list[T]:
    return [item for item in items if isinstance(item, kind)]


def invitation_from(items: list[Record | RowError], name: str) -> InvitationRecord:
    (found,) = [each for each in of_type(items, InvitationRecord) if each.from_name == name]
    return found


def person_keys(items: list[Record | RowError]) -> set[str]:
    """Slugs and name keys of everyone in Connections, to tell accepted requests from pending ones."""
    keys: set[str] = set()
    for each in of_type(items, ConnectionRecord):
        keys.add(name_key(f"{each.first_name} {each.last_name}"))
        if each.profile_slug:
            keys.add(each.profile_slug)
    return keys


def pending_incoming(items: list[Record | RowError]) -> set[str]:
    connected = person_keys(items)
    return {
        each.from_name
        for each in of_type(items, InvitationRecord)
        if each.direction is Direction.INCOMING
        and each.inviter_slug not in connected
        and name_key(each.from_name) not in connected
    }


@pytest.fixture(scope="module")
def eras() -> dict[str, list[Record | RowError]]:
    return {era: read_all(EXPORTS / era) for era in ERAS}


@pytest.mark.parametrize("era", ERAS)
def test_every_era_reads_without_a_row_error_in_the_export_order(
    eras: dict[str, list[Record | RowError]], era: str
) -> None:
    items = eras[era]
    assert not of_type(items, RowError)
    ranks = [ORDER.index(type(item)) for item in items]
    assert ranks == sorted(ranks)
    assert set(ranks) == set(range(len(ORDER)))
    (owner,) = of_type(items, OwnerRecord)
    assert (owner.first_name, owner.last_name) == ("Maren", "Lindqvist")
    assert [e.email for e in of_type(items, OwnerEmailRecord) if e.primary] == ["maren.lindqvist@example.com"]


@pytest.mark.parametrize("era", ERAS)
def test_every_era_holds_the_triage_cast(eras: dict[str, list[Record | RowError]], era: str) -> None:
    items = eras[era]
    pending = pending_incoming(items)
    # a known person with a pending request, a stranger, a bizarre crypto request; an accepted inviter
    assert {"Ama Owusu", "Tobias Grünwald", "Kevin Marsh 🚀💰"} <= pending
    assert "Priya Raman" not in pending
    assert "Priya Raman" in {each.from_name for each in of_type(items, InvitationRecord)}
    assert "https://" in invitation_from(items, "Kevin Marsh 🚀💰").note or "http://" in (
        invitation_from(items, "Kevin Marsh 🚀💰").note
    )
    # Ama and the owner wrote to each other
    messages = of_type(items, MessageRecord)
    assert any(m.from_name == "Ama Owusu" and "Maren Lindqvist" in m.to_names for m in messages)
    assert any(m.from_name == "Maren Lindqvist" and "Ama Owusu" in m.to_names for m in messages)


def test_invitation_times_are_the_owners_local_time() -> None:
    items = read_all(EXPORTS / "2023" / "Invitations.csv")
    ama = invitation_from(items, "Ama Owusu")
    assert ama.sent_at == datetime(2023, 11, 9, 8, 15, tzinfo=OSLO)
    assert ama.sent_at.utcoffset() is not None
    assert ama.direction is Direction.INCOMING
    assert ama.note.startswith("Hi Maren, lovely to finally meet")
    assert ama.source.line == 5


def test_the_2018_export_is_found_inside_its_folder_and_read_by_name() -> None:
    items = read_all(EXPORTS / "2018")
    connections = of_type(items, ConnectionRecord)
    assert connections[0].connected_on == date(2018, 9, 6)
    assert all(c.profile_slug is None for c in connections)
    assert all(i.inviter_slug is None and i.invitee_slug is None for i in of_type(items, InvitationRecord))
    assert "Complete_LinkedInDataExport_11-04-2018" in connections[0].source.file


def test_2018_messages_carry_their_direction_and_one_conversation_per_counterpart() -> None:
    messages = of_type(read_all(EXPORTS / "2018"), MessageRecord)
    to_ama = [m for m in messages if m.conversation_id == "linkedin-2018:ama owusu"]
    assert [m.direction for m in to_ama] == [Direction.OUTGOING, Direction.INCOMING]
    first = to_ama[0]
    # 9/21/18 9:12 AM in Oslo (summer time, UTC+2) is 07:12 UTC
    assert first.sent_at == datetime(2018, 9, 21, 7, 12, tzinfo=UTC)
    assert first.folder == "SENT"
    assert to_ama[1].content == (
        "Hi Maren, I'm the cold-chain person Lukas mentioned.\nWill you be at the Bergen workshop?"
    )
    assert to_ama[1].subject == "Bergen"


def test_a_2021_export_without_preamble_or_final_newline_reads_every_row() -> None:
    items = read_all(EXPORTS / "2021")
    connections = of_type(items, ConnectionRecord)
    assert connections[-1].first_name == "marco"
    assert connections[-1].connected_on == date(2019, 3, 2)
    assert len(of_type(items, OwnerEmailRecord)) == 2  # Email Addresses.csv ends without a newline


def test_messages_before_mid_2023_have_no_recipient_slugs_and_hidden_senders_no_sender_slug() -> None:
    messages = of_type(read_all(EXPORTS / "2021"), MessageRecord)
    assert all(m.recipient_slugs == () for m in messages)
    hidden = [m for m in messages if m.from_name == "LinkedIn Member"]
    assert len(hidden) == 1
    assert hidden[0].sender_slug is None
    assert not hidden[0].is_sponsored
    dana = [m for m in messages if m.from_name.startswith("Dana")]
    assert dana[0].from_name == "Dana Whitfield, MBA, PMP"


def test_the_connections_preamble_is_skipped_and_hidden_members_are_left_out() -> None:
    items = read_all(EXPORTS / "2022" / "connections.csv")
    connections = of_type(items, ConnectionRecord)
    assert not of_type(items, RowError)
    assert len(connections) == 8  # nine rows, one of them a hidden member with only a date
    assert connections[0].first_name == "Priya"
    assert connections[0].source.line == 5  # "Notes:", the notice, a blank line, the header
    anna = next(c for c in connections if c.first_name == "Anna")
    assert anna.last_name == "Daiko"


def test_late_2023_invitations_give_slugs_and_the_owners_own() -> None:
    items = read_all(EXPORTS / "2023")
    (owner,) = of_type(items, OwnerRecord)
    assert owner.profile_slug == "maren-lindqvist"
    assert owner.location == "Oslo, Oslo, Norway"
    assert invitation_from(items, "Tobias Grünwald").inviter_slug == "tobias-grünwald"
    assert invitation_from(items, "Chloé Martin").inviter_slug == "chloé-martin"
    assert invitation_from(items, "Sam Ortiz").inviter_slug is None  # a bare https://www.linkedin.com/in
    assert invitation_from(items, "Oleg Ryzhov").from_name == "Oleg Ryzhov"
    assert invitation_from(items, "Anna Daiko").note == "Hello Maren, we met at the supplier day in Drammen."
    assert invitation_from(items, "Bruna Costa 🇧🇷🇪🇸").note.endswith("learn more.")


def test_late_2023_connections_carry_urls_credentials_and_non_latin_names() -> None:
    connections = of_type(read_all(EXPORTS / "2023"), ConnectionRecord)
    by_slug = {c.profile_slug: c for c in connections}
    assert by_slug["dana-whitfield"].last_name == "Whitfield, MBA, PMP"
    assert by_slug["dana-whitfield"].email == "dana.whitfield@example.com"
    assert by_slug["cai-ming-88"].first_name == "蔡"
    assert by_slug["oleg-ryzhov"].position == "Head of Sales, Nordics"
    assert by_slug["marco-bellini-b8"].company == ""
    assert len(connections) == 9


def test_a_group_message_lists_every_recipient() -> None:
    messages = of_type(read_all(EXPORTS / "2023"), MessageRecord)
    group = [m for m in messages if m.conversation_title == "Bergen workshop follow-up"]
    assert {m.recipient_slugs for m in group} == {
        ("ama-owusu", "lukas-berg"),
        ("maren-lindqvist", "ama-owusu"),
    }
    assert {m.to_names for m in group} == {("Ama Owusu", "Lukas Berg"), ("Maren Lindqvist", "Ama Owusu")}


def test_sponsored_inmail_is_flagged_and_has_no_sender() -> None:
    messages = of_type(read_all(EXPORTS / "2023"), MessageRecord)
    (sponsored,) = [m for m in messages if m.is_sponsored]
    assert sponsored.sender_slug is None
    assert sponsored.conversation_title == "Cut your freight costs by 30%"
    assert sponsored.content.startswith('<p class="spinmail-quill-editor__spin-break">')
    assert sponsored.sent_at == datetime(2023, 10, 24, 12, 0, tzinfo=UTC)


def test_2024_recipients_joined_by_semicolons_and_drafts_are_read() -> None:
    messages = of_type(read_all(EXPORTS / "2024"), MessageRecord)
    group = next(m for m in messages if m.conversation_title == "Bergen workshop follow-up")
    assert group.recipient_slugs == ("ama-owusu", "lukas-berg")
    drafts = [m for m in messages if m.is_draft]
    assert [m.to_names for m in drafts] == [("Jonas Weber",)]


def test_2025_export_in_a_nested_folder_has_raw_non_ascii_slugs_and_attachments() -> None:
    items = read_all(EXPORTS / "2025")
    assert "Complete_LinkedInDataExport_11-04-2025 (1)" in items[0].source.file  # type: ignore[union-attr]
    assert invitation_from(items, "Ricardo Campaña").inviter_slug == "ricardo-campaña"
    assert invitation_from(items, "Débora Lins").note == ""
    assert invitation_from(items, "Jennifer Okafor, MBA, CSCP").inviter_slug == "jennifer-okafor-mba"
    messages = of_type(items, MessageRecord)
    assert [m.content for m in messages if m.is_draft] == ["Hi Jonas, following up on my invitation"]
    assert sum(m.is_sponsored for m in messages) == 1


def test_2026_quoted_messages_keep_their_newlines_and_line_numbers() -> None:
    items = read_all(EXPORTS / "2026")
    messages = of_type(items, MessageRecord)
    first = messages[0]
    assert first.content.startswith("Ama!\n\nYes, I'll be at the workshop.")
    assert first.content.endswith("- Friday near the office")
    assert [m.source.line for m in messages[:3]] == [2, 7, 9]
    assert all(m.source.file.endswith("messages.csv") for m in messages)
    assert not any(m.source.file.endswith("_messages.csv") for m in messages)
    zoe = next(m for m in messages if m.conversation_title == "Hamburg customs pilot")
    assert zoe.recipient_slugs == ("maren-lindqvist", "zoë-brandt")


def test_the_2026_export_skips_assistant_threads_even_when_they_have_rows(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    source = (EXPORTS / "2026" / "messages.csv").read_text(encoding="utf-8")
    (export / "messages.csv").write_text(source, encoding="utf-8")
    (export / "guide_messages.csv").write_text(source, encoding="utf-8")
    messages = of_type(read_all(export), MessageRecord)
    assert {m.source.file for m in messages} == {str(export / "messages.csv")}


def test_an_excel_resaved_connections_file_is_read() -> None:
    items = read_all(EXPORTS / "lone" / "Connections-excel.csv")
    connections = of_type(items, ConnectionRecord)
    assert not of_type(items, RowError)
    assert [c.connected_on for c in connections][:2] == [date(2021, 5, 6), date(2021, 3, 15)]
    assert connections[0].first_name == "Priya"  # the BOM is not part of the first header
    assert len(connections) == 5


def test_a_utf16_tab_separated_invitations_file_is_read() -> None:
    items = read_all(EXPORTS / "lone" / "Invitations-utf16.csv")
    invitations = of_type(items, InvitationRecord)
    assert [i.from_name for i in invitations] == ["Ama Owusu", "Tobias Grünwald", "Maren Lindqvist"]
    assert invitations[0].note == "Hi Maren, lovely to finally meet at the Bergen workshop!"
    assert invitations[2].direction is Direction.OUTGOING


def test_redacted_urls_leave_no_slugs_and_no_owner() -> None:
    items = read_all(EXPORTS / "lone" / "Invitations-redacted-urls.csv")
    assert not of_type(items, OwnerRecord)
    assert all(i.inviter_slug is None and i.invitee_slug is None for i in of_type(items, InvitationRecord))


def test_a_lone_invitations_file_gives_the_owner_slug_first() -> None:
    items = read_all(EXPORTS / "2026" / "Invitations.csv")
    assert isinstance(items[0], OwnerRecord)
    assert items[0].profile_slug == "maren-lindqvist"
    assert items[0].first_name == ""
    assert all(isinstance(each, InvitationRecord) for each in items[1:])


def test_a_malformed_row_becomes_a_row_error_and_reading_goes_on() -> None:
    items = read_all(DATA / "bad" / "Invitations-malformed.csv")
    errors = of_type(items, RowError)
    assert [(e.line, e.message) for e in errors] == [
        (3, "cannot read the Sent At time 'yesterday, 2:21 PM'"),
        (4, "this row has 4 fields where the header has 5"),
        (5, "the Direction 'SIDEWAYS' is neither INCOMING nor OUTGOING"),
    ]
    assert str(errors[0]).startswith(str(DATA / "bad" / "Invitations-malformed.csv") + ":3: ")
    assert [i.from_name for i in of_type(items, InvitationRecord)] == ["Ama Owusu", "Henrik Sæther"]


@pytest.mark.parametrize(
    ("cell", "slugs"),
    [
        ("https://www.linkedin.com/in/a,https://www.linkedin.com/in/b", ("a", "b")),
        ("https://www.linkedin.com/in/a; https://www.linkedin.com/in/b", ("a", "b")),
        ("https://www.linkedin.com/in/a%2Cb,https://www.linkedin.com/in/c", ("a,b", "c")),
        ("https://www.linkedin.com/in,https://www.linkedin.com/in/c", ("c",)),
        ("", ()),
    ],
)
def test_recipient_urls_split_on_commas_or_semicolons_before_a_url(cell: str, slugs: tuple[str, ...]) -> None:
    assert recipient_slugs(cell) == slugs


@pytest.mark.parametrize(
    ("cell", "count", "names"),
    [
        ("Dana Whitfield, MBA, PMP", 1, ("Dana Whitfield, MBA, PMP",)),
        ("Ama Owusu, Lukas Berg", 2, ("Ama Owusu", "Lukas Berg")),
        ("Jane Doe, Ph.D., Lukas Berg", 2, ("Jane Doe, Ph.D.", "Lukas Berg")),
        ("Dana Whitfield, MBA, PMP, Lukas Berg", 2, ("Dana Whitfield, MBA, PMP", "Lukas Berg")),
        ("Ama Owusu, Lukas Berg", 3, ("Ama Owusu, Lukas Berg",)),
        ("Ama Owusu, Lukas Berg", 0, ("Ama Owusu, Lukas Berg",)),
        ("", 0, ()),
    ],
)
def test_recipient_names_are_split_only_as_far_as_the_urls_allow(
    cell: str, count: int, names: tuple[str, ...]
) -> None:
    assert recipient_names(cell, count) == names
