"""Calendar exports: past events become meetings with the attendees we know, and triage sees them."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from meetfirst.core.policy import Policy
from meetfirst.core.records import CalendarEventRecord
from meetfirst.importers.ics import read_calendar
from meetfirst.services import triage
from meetfirst.services.importing import import_paths, ingest_records
from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Person
from tests.conftest import FIXED_NOW
from tests.factories import make_person, make_request
from tests.factories_records import owner_email

pytestmark = pytest.mark.usefixtures("db", "home")


def event(uid: str, start: str, summary: str, *lines: str) -> str:
    body = "\r\n".join(lines)
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\n"
        f"SUMMARY:{summary}\r\n{body}\r\nEND:VEVENT\r\n"
    )


ORGANIZER = "ORGANIZER;CN=Sam Owner:mailto:Sam@Owner.example"
BO = 'ATTENDEE;CN="Bo Lin";PARTSTAT=ACCEPTED:mailto:bo@lin.example'
NOBODY = "ATTENDEE;CN=Stranger:mailto:who@nowhere.example"
CROWD = [f"ATTENDEE:mailto:p{n}@crowd.example" for n in range(14)]
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    + event("dinner-1", "20251114T193000Z", "Cloud summit dinner", ORGANIZER, BO, NOBODY)
    + event("future-1", "20261201T100000Z", "Next quarter", ORGANIZER, BO)
    + event("cancelled-1", "20251001T100000Z", "Called off", ORGANIZER, BO, "STATUS:CANCELLED")
    + event(
        "declined-1",
        "20251002T100000Z",
        "Declined",
        ORGANIZER,
        "ATTENDEE;PARTSTAT=DECLINED:mailto:bo@lin.example",
    )
    + event("allhands-1", "20251003T100000Z", "All hands", ORGANIZER, BO, *CROWD)
    + "END:VCALENDAR\r\n"
)


def bo() -> Person:
    person = make_person("Bo Lin")
    Identity.objects.create(person=person, kind="email", value="bo@lin.example", source="vcard:bo.vcf")
    return person


def write_calendar(folder: Path) -> Path:
    path = folder / "calendar.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    return path


def test_an_export_event_carries_its_title_and_the_people_who_did_not_decline() -> None:
    read = read_calendar("c.ics", io.BytesIO(CALENDAR.encode()))
    records = {r.uid: r for r in read if isinstance(r, CalendarEventRecord)}

    dinner = records["dinner-1"]
    assert dinner.summary == "Cloud summit dinner"
    assert dinner.people == (
        ("sam@owner.example", "Sam Owner"),
        ("bo@lin.example", "Bo Lin"),
        ("who@nowhere.example", "Stranger"),
    )
    assert records["declined-1"].people == (("sam@owner.example", "Sam Owner"),)


def test_past_events_become_meetings_with_known_attendees_once(tmp_path: Path) -> None:
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    person = bo()
    path = write_calendar(tmp_path)

    import_paths([path], now=FIXED_NOW)
    import_paths([path], now=FIXED_NOW, force=True)

    meetings = Interaction.objects.filter(kind="meeting").order_by("occurred_at")
    assert list(meetings.values_list("person_id", "subject", "occurred_at", "channel")) == [
        (person.id, "Cloud summit dinner", datetime(2025, 11, 14, 19, 30, tzinfo=UTC), "calendar")
    ]
    assert not Identity.objects.filter(value="who@nowhere.example").exists()


def test_a_request_from_someone_met_at_a_calendar_event_comes_up_known(tmp_path: Path) -> None:
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    request = make_request(bo(), sent_at=datetime(2026, 6, 5, 9, 0, tzinfo=UTC))

    import_paths([write_calendar(tmp_path)], now=FIXED_NOW)
    triage.retriage(now=FIXED_NOW, policy=Policy(timezone="UTC"))

    request = ConnectionRequest.objects.get(pk=request.pk)
    newest = request.decisions.order_by("-decided_at", "-id").first()
    assert request.verdict == "known"
    assert newest is not None and newest.reasons == ["meeting 'Cloud summit dinner' on 2025-11-14"]
