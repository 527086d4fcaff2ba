"""The demo export generator writes what LinkedIn writes, era by era, and tells the demo's story."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from meetfirst.core.errors import BadInput
from meetfirst.core.identity import profile_slug
from meetfirst.demo import ERAS, write_export
from meetfirst.demo.story import CAST
from tests.conftest import FIXED_NOW

SENT_AT = re.compile(r"^\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M$")
DATE_UTC = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$")
OWNER_URL = "https://www.linkedin.com/in/maren-lindqvist"


def read_rows(path):
    """Header and rows of a CSV file, skipping LinkedIn's notes preamble when there is one."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    start = 0
    while not rows[start] or rows[start][0] not in ("First Name", "From", "CONVERSATION ID", "Email Address"):
        start += 1
    return tuple(rows[start]), rows[start + 1 :]


def as_dicts(path):
    header, rows = read_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """The 2026 demo export, as `meetfirst demo` writes it."""
    return write_export(tmp_path_factory.mktemp("demo"), now=FIXED_NOW, invitations=120)


@pytest.mark.parametrize("era", list(ERAS))
def test_every_era_writes_files_with_exactly_that_eras_headers(tmp_path, era):
    shape = ERAS[era]
    folder = write_export(tmp_path, era=era, now=FIXED_NOW, connections=120, invitations=60, messages=400)
    assert read_rows(folder / "Connections.csv")[0] == shape.connections_header
    assert read_rows(folder / "Invitations.csv")[0] == shape.invitations_header
    assert read_rows(folder / shape.messages_file)[0] == shape.messages_header
    assert read_rows(folder / "Email Addresses.csv")[0] == (
        "Email Address",
        "Confirmed",
        "Primary",
        "Updated On",
    )
    with (folder / "Profile.csv").open(encoding="utf-8", newline="") as handle:
        profile = list(csv.reader(handle))
    assert tuple(profile[0]) == shape.profile_header
    assert profile[1][:2] == ["Maren", "Lindqvist"]


@pytest.mark.parametrize("era", list(ERAS))
def test_every_row_has_as_many_fields_as_its_header(tmp_path, era):
    folder = write_export(tmp_path, era=era, now=FIXED_NOW, connections=120, invitations=60, messages=400)
    for name in ("Connections.csv", "Invitations.csv", ERAS[era].messages_file):
        header, rows = read_rows(folder / name)
        assert rows, name
        assert {len(row) for row in rows} == {len(header)}, name


def test_it_writes_exactly_the_rows_it_was_asked_for(tmp_path):
    folder = write_export(tmp_path, now=FIXED_NOW, connections=250, invitations=90, messages=1500)
    assert len(read_rows(folder / "Connections.csv")[1]) == 250
    assert len(read_rows(folder / "Invitations.csv")[1]) == 90
    assert len(read_rows(folder / "messages.csv")[1]) == 1500


def test_the_same_seed_and_clock_write_the_same_bytes(tmp_path):
    first = write_export(tmp_path / "a", now=FIXED_NOW, seed=3)
    second = write_export(tmp_path / "b", now=FIXED_NOW, seed=3)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_another_seed_writes_other_connections(tmp_path):
    first = write_export(tmp_path / "a", now=FIXED_NOW, seed=3)
    second = write_export(tmp_path / "b", now=FIXED_NOW, seed=4)
    assert (first / "Connections.csv").read_bytes() != (second / "Connections.csv").read_bytes()


def test_connections_open_with_the_notes_preamble_and_end_without_a_newline(export):
    text = (export / "Connections.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "Notes:"
    assert lines[1].startswith('"When exporting your connection data')
    assert lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert not text.endswith("\n")
    assert not (export / "Email Addresses.csv").read_text(encoding="utf-8").endswith("\n")


def test_the_2021_connections_have_no_preamble_and_2018_writes_us_dates(tmp_path):
    y2021 = write_export(tmp_path / "2021", era="2021", now=FIXED_NOW)
    assert (y2021 / "Connections.csv").read_text(encoding="utf-8").startswith("First Name,Last Name,Email")
    y2018 = write_export(tmp_path / "2018", era="2018", now=FIXED_NOW)
    dates = [row["Connected On"] for row in as_dicts(y2018 / "Connections.csv")]
    assert all(SENT_AT.match(value) for value in dates)


def test_connected_on_is_a_two_digit_day_and_an_english_month(export):
    for row in as_dicts(export / "Connections.csv"):
        datetime.strptime(row["Connected On"], "%d %b %Y")
        assert re.match(r"^\d{2} [A-Z][a-z]{2} \d{4}$", row["Connected On"])


def test_hidden_members_leave_only_a_date_in_connections(export):
    text = (export / "Connections.csv").read_text(encoding="utf-8")
    assert re.search(r"^,,,,,,\d{2} [A-Z][a-z]{2} \d{4}$", text, re.MULTILINE)


def test_some_names_carry_quirks_and_some_slugs_are_raw_or_percent_encoded(tmp_path):
    folder = write_export(tmp_path, now=FIXED_NOW, connections=3000, invitations=40, messages=100)
    rows = as_dicts(folder / "Connections.csv")
    last_names = {row["Last Name"] for row in rows}
    urls = [row["URL"] for row in rows]
    assert any(", " in name for name in last_names)  # credentials after a comma
    assert any(not name.isascii() and not name.isalpha() for name in last_names)  # emoji
    assert any("%" in url for url in urls)
    assert any(not url.isascii() and "%" not in url for url in urls)
    assert any(row["First Name"].endswith(" ") for row in rows)
    assert 0 < sum(1 for row in rows if row["Email Address"]) < len(rows) / 10


def test_invitations_list_every_outgoing_row_before_the_incoming_ones(export):
    directions = [row["Direction"] for row in as_dicts(export / "Invitations.csv")]
    assert set(directions) == {"INCOMING", "OUTGOING"}
    first_incoming = directions.index("INCOMING")
    assert "OUTGOING" not in directions[first_incoming:]


def test_invitations_are_dated_as_linkedin_dates_them_within_the_last_six_months(export):
    for row in as_dicts(export / "Invitations.csv"):
        assert SENT_AT.match(row["Sent At"]), row["Sent At"]
        sent = datetime.strptime(row["Sent At"], "%m/%d/%y, %I:%M %p").replace(tzinfo=UTC)
        assert FIXED_NOW - timedelta(days=185) < sent < FIXED_NOW - timedelta(hours=20)
    assert '"6/' in (export / "Invitations.csv").read_text(encoding="utf-8")  # no zero padding


def test_the_owner_is_the_invitee_of_incoming_rows_and_the_inviter_of_outgoing_ones(export):
    for row in as_dicts(export / "Invitations.csv"):
        if row["Direction"] == "INCOMING":
            assert (row["To"], row["inviteeProfileUrl"]) == ("Maren Lindqvist", OWNER_URL)
        else:
            assert (row["From"], row["inviterProfileUrl"]) == ("Maren Lindqvist", OWNER_URL)


def pending_incoming(folder):
    connected = {profile_slug(row["URL"]) for row in as_dicts(folder / "Connections.csv") if row["URL"]}
    return [
        row
        for row in as_dicts(folder / "Invitations.csv")
        if row["Direction"] == "INCOMING" and profile_slug(row["inviterProfileUrl"]) not in connected
    ]


def test_most_incoming_invitations_are_accepted_and_the_story_cast_is_pending(export):
    incoming = [row for row in as_dicts(export / "Invitations.csv") if row["Direction"] == "INCOMING"]
    pending = pending_incoming(export)
    assert len(pending) == len(CAST) == 25
    assert len(incoming) - len(pending) > len(pending)
    assert {row["From"] for row in pending} == {requester.display for requester in CAST}


def test_story_names_never_clash_with_a_connections_name(export):
    connected = {f"{row['First Name']} {row['Last Name']}" for row in as_dicts(export / "Connections.csv")}
    assert not connected & {requester.display for requester in CAST}


def test_the_same_sales_note_comes_from_three_requesters_and_one_requester_has_no_slug(export):
    notes = [row["Message"] for row in pending_incoming(export)]
    assert max(notes.count(note) for note in notes if note) == 3
    assert (
        sum(
            1 for row in pending_incoming(export) if row["inviterProfileUrl"] == "https://www.linkedin.com/in"
        )
        == 1
    )
    assert any("https://" in note for note in notes)
    assert any(note == "" for note in notes)


def test_one_slug_is_percent_encoded_in_invitations_and_raw_in_messages(export):
    invitations = (export / "Invitations.csv").read_text(encoding="utf-8")
    messages = (export / "messages.csv").read_text(encoding="utf-8")
    assert "/in/zo%C3%AB-brandvold" in invitations
    assert "/in/zoë-brandvold" in messages
    assert unquote("zo%C3%AB-brandvold") == "zoë-brandvold"


def test_2026_messages_quote_every_field_and_keep_line_breaks(export):
    text = (export / "messages.csv").read_text(encoding="utf-8")
    assert text.startswith('"CONVERSATION ID","CONVERSATION TITLE","FROM"')
    rows = as_dicts(export / "messages.csv")
    assert any("\n" in row["CONTENT"] for row in rows)
    assert all(DATE_UTC.match(row["DATE"]) for row in rows)
    assert all(re.match(r"^2-[A-Za-z0-9_-]{56}$", row["CONVERSATION ID"]) for row in rows)


def test_older_messages_flatten_line_breaks(tmp_path):
    folder = write_export(tmp_path, era="2024", now=FIXED_NOW)
    assert not any("\n" in row["CONTENT"] for row in as_dicts(folder / "messages.csv"))


def test_2026_writes_header_only_siblings_and_an_empty_learning_coach_file(export):
    header = (export / "messages.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    for name in ("guide_messages.csv", "learning_coach_messages.csv", "coach_messages.csv"):
        assert (export / name).read_text(encoding="utf-8") == header + "\n"
    assert (export / "LearningCoachMessages.csv").read_text(encoding="utf-8") == "No conversations found\n"


def test_messages_hold_hidden_senders_sponsored_inmail_and_spam(export):
    rows = as_dicts(export / "messages.csv")
    hidden = [row for row in rows if row["FROM"] == "LinkedIn Member"]
    assert hidden and all(row["SENDER PROFILE URL"] == "" for row in hidden)
    sponsored = [
        row for row in rows if row["CONTENT"].startswith('<p class="spinmail-quill-editor__spin-break">')
    ]
    assert len(sponsored) == 2
    assert all(row["SENDER PROFILE URL"] == "" and row["CONVERSATION TITLE"] for row in sponsored)
    assert {row["FOLDER"] for row in rows} == {"INBOX", "ARCHIVE", "SPAM"}


def thread_with(folder, slug):
    rows = as_dicts(folder / "messages.csv")
    mine = [
        r
        for r in rows
        if slug in (profile_slug(r["SENDER PROFILE URL"]), profile_slug(r["RECIPIENT PROFILE URLS"]))
    ]
    return [
        (
            datetime.strptime(r["DATE"], "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC),
            r["FROM"] == "Maren Lindqvist",
        )
        for r in mine
    ]


def invited_at(folder, slug):
    for row in as_dicts(folder / "Invitations.csv"):
        if profile_slug(row["inviterProfileUrl"]) == slug:
            return datetime.strptime(row["Sent At"], "%m/%d/%y, %I:%M %p").replace(tzinfo=UTC)
    raise AssertionError(slug)


@pytest.mark.parametrize("requester", [r for r in CAST if r.thread], ids=lambda r: r.slug)
def test_each_requesters_messages_tell_their_part_of_the_story(export, requester):
    invited = invited_at(export, requester.slug)
    thread = thread_with(export, requester.slug)
    before = [owner for at, owner in thread if at < invited]
    after = sorted((at, owner) for at, owner in thread if at > invited)
    if requester.thread == "known":
        assert True in before and False in before and not after
    elif requester.thread == "pitch":
        assert before == [False] and not after
    elif requester.thread == "replied":
        assert [owner for _, owner in after] == [True]
        assert FIXED_NOW - after[0][0] < timedelta(days=30)
    elif requester.thread == "answered":
        assert [owner for _, owner in after] == [True, False]
    elif requester.thread == "collector":
        assert [owner for _, owner in after] == [True]
        assert FIXED_NOW - after[0][0] > timedelta(days=30)


def test_the_2018_export_has_names_but_no_urls_and_a_sent_folder(tmp_path):
    folder = write_export(tmp_path, era="2018", now=FIXED_NOW)
    rows = as_dicts(folder / "Messages.csv")
    assert {row["Direction"] for row in rows} == {"INCOMING", "OUTGOING"}
    assert {row["Folder"] for row in rows if row["Direction"] == "OUTGOING"} == {"SENT"}
    assert all(SENT_AT.match(row["Date"]) for row in rows)
    assert "linkedin.com/in" not in (folder / "Invitations.csv").read_text(encoding="utf-8")


def test_it_writes_a_zip_named_as_linkedin_names_it(tmp_path):
    archive = write_export(tmp_path, now=FIXED_NOW, as_zip=True)
    assert archive.name == "Basic_LinkedInDataExport_06-15-2026.zip"
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        assert {"Connections.csv", "Invitations.csv", "messages.csv", "Profile.csv"} <= names
        folder = write_export(tmp_path / "plain", now=FIXED_NOW)
        assert opened.read("messages.csv") == (folder / "messages.csv").read_bytes()


def test_a_pending_count_beyond_the_cast_adds_generated_strangers(tmp_path):
    folder = write_export(
        tmp_path, now=FIXED_NOW, connections=200, invitations=400, messages=100, pending=300
    )
    assert len(pending_incoming(folder)) == 300


def test_an_unknown_era_is_a_clear_error(tmp_path):
    with pytest.raises(BadInput, match="unknown era '1999'"):
        write_export(tmp_path, era="1999", now=FIXED_NOW)


def test_no_two_messages_of_a_conversation_share_a_second_and_none_lies_ahead(tmp_path):
    folder = write_export(tmp_path, now=FIXED_NOW, connections=100, invitations=40, messages=20_000)
    rows = as_dicts(folder / "messages.csv")
    assert len({(row["CONVERSATION ID"], row["DATE"]) for row in rows}) == len(rows)
    latest = max(datetime.strptime(row["DATE"], "%Y-%m-%d %H:%M:%S UTC") for row in rows)
    assert latest.replace(tzinfo=UTC) < FIXED_NOW
