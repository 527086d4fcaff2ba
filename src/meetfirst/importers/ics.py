"""iCalendar files (.ics): answers to our invitations and calendar exports.

Found by content, not by name: a file whose first non-blank line is BEGIN:VCALENDAR. Each VEVENT becomes
a CalendarEventRecord; the service keeps those whose UID is one of our meetings and ignores the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Final

import icalendar

from meetfirst.core.records import CalendarEventRecord, RowError, SourceRef

MAX_SIZE: Final = 50 << 20  # a calendar export of many years stays far below this
MAX_SUMMARY: Final = 500
_MAGIC: Final = b"BEGIN:VCALENDAR"
_BOM: Final = b"\xef\xbb\xbf"


def looks_like_calendar(head: bytes) -> bool:
    """Whether a file's first bytes open an iCalendar file (a BOM and blank lines allowed before)."""
    return head.removeprefix(_BOM).lstrip().upper().startswith(_MAGIC)


def read_calendar(name: str, stream: IO[bytes]) -> Iterator[CalendarEventRecord | RowError]:
    """The events of one .ics file; an unreadable file or event becomes a RowError naming the file."""
    data = stream.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        yield RowError(name, 0, f"the calendar file is larger than {MAX_SIZE >> 20} MB")
        return
    try:
        calendars = icalendar.Calendar.from_ical(data.removeprefix(_BOM), multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        yield RowError(name, 0, f"not a readable iCalendar file ({exc})")
        return
    if not calendars:
        yield RowError(name, 0, "no complete calendar in it (BEGIN:VCALENDAR ... END:VCALENDAR)")
        return
    index = 0
    for calendar in calendars:
        method = str(calendar.get("method", "")).strip().upper()
        for event in calendar.walk("VEVENT"):
            index += 1
            yield _event(name, index, method, event)


def _event(
    name: str, index: int, method: str, event: icalendar.cal.Component
) -> CalendarEventRecord | RowError:
    # The parser keeps no line numbers: errors name the event by its position in the file.
    uid = str(event.get("uid", "")).strip()
    if not uid:
        return RowError(name, 0, f"event {index} has no UID")
    broken = {str(prop).upper() for prop, _ in getattr(event, "errors", [])} & {"DTSTART", "SEQUENCE"}
    if broken:
        return RowError(name, 0, f"event {index} ({uid}) has a bad {', '.join(sorted(broken))}")
    try:
        sequence = int(event.get("sequence", 0))
        start = event.decoded("dtstart") if "dtstart" in event else None
    except (ValueError, TypeError, KeyError) as exc:
        return RowError(name, 0, f"event {index} ({uid}) has a bad value ({exc})")
    starts_at: datetime | None = None
    if isinstance(start, datetime):
        starts_at = start if start.tzinfo else start.replace(tzinfo=UTC)  # floating time: read as UTC
    exported = method in ("", "PUBLISH")
    return CalendarEventRecord(
        source=SourceRef(name),
        uid=uid,
        method=method,
        partstat=_partstat(event),
        status=str(event.get("status", "")).strip().upper(),
        sequence=sequence,
        starts_at=starts_at,
        summary=" ".join(str(event.get("summary", "")).split())[:MAX_SUMMARY] if exported else "",
        people=_people(event) if exported else (),
    )


def _address(value: object) -> tuple[str, str] | None:
    """(address, name) of an ORGANIZER or ATTENDEE value (`mailto:` stripped), or None without an address."""
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    address = text.strip().lower()
    if "@" not in address or " " in address:
        return None
    params = getattr(value, "params", {})
    return address, " ".join(str(params.get("CN", "")).strip().strip('"').split())


def _people(event: icalendar.cal.Component) -> tuple[tuple[str, str], ...]:
    """The organizer and every attendee who did not decline, each address once."""
    found: dict[str, str] = {}
    organizer = event.get("organizer")
    attendees = event.get("attendee") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for value in ([organizer] if organizer is not None else []) + attendees:
        if str(getattr(value, "params", {}).get("PARTSTAT", "")).strip().upper() == "DECLINED":
            continue
        party = _address(value)
        if party is not None and party[0] not in found:
            found[party[0]] = party[1]
    return tuple(found.items())


def _partstat(event: icalendar.cal.Component) -> str:
    """The attendee's answer: a REPLY carries the one attendee who answers."""
    attendees = event.get("attendee")
    if attendees is None:
        return ""
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        answer = str(getattr(attendee, "params", {}).get("PARTSTAT", "")).strip().upper()
        if answer:
            return answer
    return ""
