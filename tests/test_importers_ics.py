"""The .ics importer: found by content, one record per event, bad files and events as row errors."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.errors import UnknownFormat
from meetfirst.core.records import CalendarEventRecord, RowError
from meetfirst.importers import read
from meetfirst.importers.ics import looks_like_calendar, read_calendar

UTC_ZONE = ZoneInfo("UTC")
REPLY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:abc@meetfirst.local\r\n"
    "SEQUENCE:2\r\nDTSTAMP:20260616T090000Z\r\nDTSTART:20261203T150000Z\r\n"
    "ATTENDEE;PARTSTAT=accepted:mailto:ben@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\n", True),
        (b"\xef\xbb\xbf\r\n  begin:vcalendar\n", True),
        (b"First Name,Last Name\n", False),
        (b"", False),
    ],
)
def test_a_calendar_is_recognised_by_its_first_line(head: bytes, expected: bool) -> None:
    assert looks_like_calendar(head) is expected


def test_a_reply_becomes_one_record_with_the_answer_upper_cased() -> None:
    records = list(read_calendar("reply.ics", io.BytesIO(REPLY.encode())))
    assert records == [
        CalendarEventRecord(
            source=records[0].source,  # type: ignore[union-attr]
            uid="abc@meetfirst.local",
            method="REPLY",
            partstat="ACCEPTED",
            sequence=2,
            starts_at=datetime(2026, 12, 3, 15, 0, tzinfo=UTC),
        )
    ]
    assert str(records[0].source) == "reply.ics"  # type: ignore[union-attr]


def test_an_event_without_uid_and_a_broken_file_are_row_errors() -> None:
    no_uid = REPLY.replace("UID:abc@meetfirst.local\r\n", "")
    (error,) = read_calendar("a.ics", io.BytesIO(no_uid.encode()))
    assert error == RowError("a.ics", 0, "event 1 has no UID")
    (broken,) = read_calendar("b.ics", io.BytesIO(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nnot a line\r\n"))
    assert broken == RowError("b.ics", 0, "no complete calendar in it (BEGIN:VCALENDAR ... END:VCALENDAR)")
    bad_start = REPLY.replace("DTSTART:20261203T150000Z", "DTSTART:2026-99")
    (error,) = read_calendar("c.ics", io.BytesIO(bad_start.encode()))
    assert error == RowError("c.ics", 0, "event 1 (abc@meetfirst.local) has a bad DTSTART")


def test_read_finds_a_lone_ics_file_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "answer.txt"
    path.write_text(REPLY, encoding="utf-8")
    (record,) = read([path], zone=UTC_ZONE)
    assert isinstance(record, CalendarEventRecord) and record.uid == "abc@meetfirst.local"


def test_format_ics_refuses_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,Connected On\n", encoding="utf-8")
    with pytest.raises(UnknownFormat, match="not an iCalendar file"):
        list(read([path], format="ics", zone=UTC_ZONE))
