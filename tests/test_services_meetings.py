"""Meetings: invitations calendar programs read back, one UID for life, SEQUENCE rising, answers imported.

Personas: the owner is sam (Lisbon); ben is a stranger who answered the policy reply.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import meetings
from meetfirst.services.importing import import_paths
from meetfirst.store.models import FollowUp, Interaction, Meeting, SharedNote, Stage
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

LISBON = ZoneInfo("Europe/Lisbon")
SLOT_1 = datetime(2026, 12, 3, 15, 0, tzinfo=LISBON)
SLOT_2 = datetime(2026, 12, 4, 10, 30, tzinfo=LISBON)


@pytest.fixture
def ben(home):  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Europe/Lisbon"\n', encoding="utf-8")
    make.owner(emails=["sam@example.org"])
    person = make.person("Ben Okafor", slug="ben-okafor", email="ben@example.org")
    replied_at = FIXED_NOW - make.days(10)
    make.replied(person, sent_at=replied_at - make.days(2), replied_at=replied_at)
    return person


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def event_of(data: bytes) -> icalendar.cal.Component:
    events = parse(data).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def ics(meeting_id: int, now: datetime = FIXED_NOW) -> bytes:
    return meetings.invitation_file(meeting_id, now=now)[1]


def test_a_proposal_is_an_rfc5545_request_with_one_event_and_the_other_slots_described(ben) -> None:
    proposed = meetings.propose(
        "Ben Okafor", slots=[SLOT_1, SLOT_2], minutes=45, place="Café A", now=FIXED_NOW
    )
    calendar = parse(ics(proposed.id))
    assert calendar["method"] == "REQUEST"
    assert calendar["prodid"] and calendar["version"] == "2.0"
    event = event_of(ics(proposed.id))
    assert str(event["uid"]) == proposed.uid and proposed.uid.endswith("@meetfirst.local")
    assert event["sequence"] == 0
    assert event.decoded("dtstamp") == FIXED_NOW
    assert event.decoded("dtstart") == SLOT_1
    assert event.decoded("dtstart").tzinfo.key == "Europe/Lisbon"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    assert str(event["location"]) == "Café A"
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["organizer"]) == "mailto:sam@example.org"
    assert event["organizer"].params["CN"] == "Sam Reyes"
    assert str(event["attendee"]) == "mailto:ben@example.org"
    assert event["attendee"].params["CN"] == "Ben Okafor"
    assert "2026-12-04 10:30 (Europe/Lisbon)" in str(event["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    stored = Meeting.objects.get(pk=proposed.id)
    assert stored.status == Meeting.Status.PROPOSED
    assert stored.request is not None and stored.request.person_id == ben.pk


def test_confirm_reschedule_and_cancel_keep_the_uid_and_raise_the_sequence(ben) -> None:
    proposed = meetings.propose("ben-okafor", slots=[SLOT_1, SLOT_2], phone=True, now=FIXED_NOW)
    first = event_of(ics(proposed.id))

    confirmed = meetings.confirm(proposed.id, slot=2, now=FIXED_NOW)
    second = event_of(ics(confirmed.id))
    moved = meetings.confirm(proposed.id, at=datetime(2026, 12, 5, 9, 0, tzinfo=UTC), now=FIXED_NOW)
    third = event_of(ics(moved.id))
    cancelled = meetings.cancel(proposed.id, now=FIXED_NOW)
    cancel_file = ics(cancelled.id)
    fourth = event_of(cancel_file)

    assert {str(e["uid"]) for e in (first, second, third, fourth)} == {proposed.uid}
    assert [e["sequence"] for e in (first, second, third, fourth)] == [0, 1, 2, 3]
    assert second.decoded("dtstart") == SLOT_2 and str(second["status"]) == "CONFIRMED"
    assert "description" not in second  # nothing left to choose
    assert third.decoded("dtstart") == datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert str(third["location"]) == "Phone call"
    assert parse(cancel_file)["method"] == "CANCEL"
    assert str(fourth["status"]) == "CANCELLED"


def test_an_unknown_owner_address_gives_a_placeholder_organizer_with_a_note(home) -> None:
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    make.person("Ana Silva", slug="ana-silva")
    proposed = meetings.propose("ana-silva", slots=[SLOT_1], now=FIXED_NOW)
    data = ics(proposed.id)
    event = event_of(data)
    assert str(event["organizer"]) == "mailto:owner@meetfirst.invalid"
    assert "organizer is a placeholder" in str(event["description"])
    assert str(event["attendee"]) == "https://www.linkedin.com/in/ana-silva"
    assert event.decoded("dtstart") == SLOT_1
    assert not parse(data).walk("VTIMEZONE")  # UTC needs none
    assert not meetings.organizer_known()


def test_save_invitation_writes_the_file_under_home_unless_told(ben, home: Path, tmp_path: Path) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    default = meetings.save_invitation(proposed.id, now=FIXED_NOW)
    assert default == home / "invitations" / f"meeting-{proposed.id}-0.ics"
    chosen = meetings.save_invitation(proposed.id, out=tmp_path / "x.ics", now=FIXED_NOW)
    assert event_of(chosen.read_bytes())["uid"] == event_of(default.read_bytes())["uid"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"slots": []}, "at least one time"),
        ({"slots": [FIXED_NOW - timedelta(hours=1)]}, "not in the future"),
        ({"slots": [SLOT_1], "minutes": 2}, "from 5 to 1440 minutes"),
        ({"slots": [SLOT_1], "place": "Café", "phone": True}, "not both"),
    ],
)
def test_a_bad_proposal_is_refused_and_stores_nothing(ben, kwargs, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        meetings.propose("Ben Okafor", now=FIXED_NOW, **kwargs)
    assert not Meeting.objects.exists()


def test_confirming_a_slot_that_was_not_offered_is_refused(ben) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    with pytest.raises(BadInput, match="slots 1 to 1, not 3"):
        meetings.confirm(proposed.id, slot=3, now=FIXED_NOW)
    with pytest.raises(NotFound):
        meetings.confirm(proposed.id + 100, now=FIXED_NOW)


def test_a_held_meeting_is_logged_on_the_timeline_and_answers_the_request(ben) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], phone=True, now=FIXED_NOW)
    later = SLOT_1 + timedelta(days=1)
    held = meetings.done(proposed.id, now=later)
    assert held.status == "done" and held.starts_at == SLOT_1
    logged = Interaction.objects.get(person=ben, kind="meeting")
    assert logged.occurred_at == SLOT_1 and logged.channel == "phone"
    assert ben.requests.get().stage == Stage.ANSWERED
    with pytest.raises(BadInput, match="already marked held"):
        meetings.done(proposed.id, now=later)
    with pytest.raises(BadInput, match="already held"):
        meetings.cancel(proposed.id, now=later)


def test_marking_held_before_the_planned_time_records_now(ben) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    held = meetings.done(proposed.id, now=FIXED_NOW + timedelta(days=1))
    assert held.starts_at == FIXED_NOW + timedelta(days=1)


def test_notes_keep_each_section_and_follow_ups_become_dated_todos(ben) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    saved = meetings.write_notes(
        proposed.id,
        history="Grew up in Accra, moved to payments",
        industry="Open banking will win",
        aspirations="Start a company",
        follow_ups=["2026-12-10: send the paper", "2026-12-20:  intro to Cleo "],
        now=FIXED_NOW,
    )
    note = SharedNote.objects.get(pk=saved.note_id)
    assert (note.history, note.industry_view, note.aspirations) == (
        "Grew up in Accra, moved to payments",
        "Open banking will win",
        "Start a company",
    )
    assert note.meeting_id == proposed.id and note.person_id == ben.pk
    todos = list(FollowUp.objects.order_by("due_on").values_list("due_on", "text", "done_at"))
    assert todos == [
        (date(2026, 12, 10), "send the paper", None),
        (date(2026, 12, 20), "intro to Cleo", None),
    ]


@pytest.mark.parametrize("bad", ["send the paper", "2026-13-01: x", "2026-12-01:", "tomorrow: call"])
def test_a_badly_written_follow_up_is_refused_and_nothing_is_stored(ben, bad: str) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    with pytest.raises(BadInput, match="YYYY-MM-DD: what to do"):
        meetings.write_notes(proposed.id, history="x", follow_ups=[bad], now=FIXED_NOW)
    assert not SharedNote.objects.exists() and not FollowUp.objects.exists()


def reply_ics(uid: str, partstat: str, start: str = "20261204T103000") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//Calendar//EN\r\nMETHOD:REPLY\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nSEQUENCE:1\r\nDTSTAMP:20260616T090000Z\r\n"
        f"DTSTART;TZID=Europe/Lisbon:{start}\r\n"
        f"ATTENDEE;PARTSTAT={partstat};CN=Ben Okafor:mailto:ben@example.org\r\n"
        "ORGANIZER:mailto:sam@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_importing_an_accepting_reply_confirms_the_meeting_at_its_time(ben, tmp_path: Path) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1, SLOT_2], now=FIXED_NOW)
    path = tmp_path / "reply.ics"
    path.write_text(reply_ics(proposed.uid, "ACCEPTED"), encoding="utf-8")
    summary = import_paths([path], now=FIXED_NOW)
    assert summary.meetings == 1 and summary.as_dict()["meetings"] == 1
    stored = Meeting.objects.get(pk=proposed.id)
    assert stored.status == Meeting.Status.CONFIRMED
    assert stored.starts_at == SLOT_2
    assert import_paths([path], now=FIXED_NOW).meetings == 0  # the same answer twice changes nothing


def test_importing_a_declining_reply_cancels_and_other_uids_are_ignored(ben, tmp_path: Path) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    other = meetings.propose("Ben Okafor", slots=[SLOT_2], now=FIXED_NOW)
    path = tmp_path / "answers.ics"
    path.write_text(
        reply_ics(proposed.uid, "DECLINED") + reply_ics("someone-else@example.org", "ACCEPTED"),
        encoding="utf-8",
    )
    assert import_paths([path], now=FIXED_NOW).meetings == 1
    assert Meeting.objects.get(pk=proposed.id).status == Meeting.Status.CANCELLED
    assert Meeting.objects.get(pk=other.id).status == Meeting.Status.PROPOSED


def test_a_calendar_export_with_our_uid_confirms_and_a_cancelled_event_cancels(ben, tmp_path: Path) -> None:
    kept = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    dropped = meetings.propose("Ben Okafor", slots=[SLOT_2], now=FIXED_NOW)
    export = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Export//EN\n"
        f"BEGIN:VEVENT\nUID:{kept.uid}\nDTSTAMP:20260616T090000Z\nDTSTART:20261203T150000Z\n"
        "STATUS:CONFIRMED\nEND:VEVENT\n"
        f"BEGIN:VEVENT\nUID:{dropped.uid}\nDTSTAMP:20260616T090000Z\nDTSTART:20261204T103000Z\n"
        "STATUS:CANCELLED\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:birthday@example.org\nDTSTAMP:20260616T090000Z\nDTSTART;VALUE=DATE:20261201\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    path = tmp_path / "calendar.ics"
    path.write_text(export, encoding="utf-8")
    assert import_paths([path], now=FIXED_NOW).meetings == 2
    confirmed = Meeting.objects.get(pk=kept.id)
    assert confirmed.status == Meeting.Status.CONFIRMED
    assert confirmed.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert Meeting.objects.get(pk=dropped.id).status == Meeting.Status.CANCELLED


def test_reading_back_our_own_invitation_changes_nothing(ben, tmp_path: Path) -> None:
    proposed = meetings.propose("Ben Okafor", slots=[SLOT_1], now=FIXED_NOW)
    path = meetings.save_invitation(proposed.id, out=tmp_path / "ours.ics", now=FIXED_NOW)
    assert import_paths([path], now=FIXED_NOW).meetings == 0
    assert Meeting.objects.get(pk=proposed.id).status == Meeting.Status.PROPOSED
