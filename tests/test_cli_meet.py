"""`meetfirst meet ...` and `meetfirst people kind|show`: the road from an answered request to a mentor."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from meetfirst.store.models import Meeting
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW


@pytest.fixture
def ben(db, home):  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Europe/Lisbon"\n', encoding="utf-8")
    make.owner(emails=["sam@example.org"])
    person = make.person("Ben Okafor", slug="ben-okafor", email="ben@example.org")
    sent = FIXED_NOW - timedelta(days=30)
    make.replied(person, sent_at=sent, replied_at=sent + timedelta(days=1))
    return person


def _event(path: Path) -> icalendar.cal.Component:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]


def test_the_whole_road_from_proposal_to_mentor(run_cli, ben, tmp_path: Path) -> None:
    out = tmp_path / "invite.ics"
    proposed = run_cli(
        "meet", "propose", "Ben Okafor", "--slot", "2026-06-20 15:00", "--slot", "2026-06-21 10:00",
        "--minutes", "30", "--phone", "--out", str(out), now=FIXED_NOW,
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.stderr
    assert "Meeting #" in proposed.stdout and str(out) in proposed.stdout.replace("\n", "")
    meeting = Meeting.objects.get()
    first = _event(out)
    assert first.decoded("dtstart").isoformat() == "2026-06-20T15:00:00+01:00"

    confirmed = run_cli("meet", "confirm", str(meeting.pk), "--slot", "2", "--json", now=FIXED_NOW)
    assert confirmed.exit_code == 0, confirmed.stderr
    data = json.loads(confirmed.stdout)
    assert data["status"] == "confirmed" and data["sequence"] == 1
    assert _event(Path(data["file"]))["uid"] == first["uid"]

    later = FIXED_NOW + timedelta(days=7)
    held = run_cli("meet", "done", str(meeting.pk), now=later)
    assert held.exit_code == 0, held.stderr
    assert "held on 2026-06-21 09:00 UTC" in held.stdout
    assert "Reminder: You have met Ben Okafor" in held.stdout

    notes = run_cli(
        "meet", "notes", str(meeting.pk), "--history", "Ten years in payments", "--industry", "Open banking",
        "--aspirations", "Her own company", "--follow-up", "2026-07-01: send the paper", now=later,
    )  # fmt: skip
    assert notes.exit_code == 0, notes.stderr
    assert "follow-up on 2026-07-01: send the paper" in notes.stdout

    kind = run_cli("people", "kind", "ben-okafor", "mentor", now=later)
    assert kind.exit_code == 0, kind.stderr
    assert "Ben Okafor is your mentor since 2026-06." in kind.stdout

    shown = run_cli("people", "show", "Ben Okafor", "--json", now=later)
    assert shown.exit_code == 0, shown.stderr
    story = json.loads(shown.stdout)
    assert story["story"] == (
        "request on 2026-05-16, reply on 2026-05-17, answer on 2026-06-21, call on 2026-06-21, "
        "mentor since 2026-06"
    )
    assert story["kind"] == "mentor" and story["notes"][0]["industry"] == "Open banking"
    assert story["reminder"]["text"].startswith("You have met Ben Okafor")
    text = run_cli("people", "show", "Ben Okafor", now=later)
    assert "Origin: request on 2026-05-16" in text.stdout and "Follow-up 2026-07-01 (to do)" in text.stdout

    listed = run_cli("meet", "list", "--json", now=later)
    assert [m["status"] for m in json.loads(listed.stdout)] == ["done"]


def test_reschedule_and_cancel_write_files_with_the_same_uid_and_rising_sequence(run_cli, ben) -> None:
    run_cli("meet", "propose", "ben-okafor", "--slot", "2026-06-20 15:00", "--place", "Café A", now=FIXED_NOW)
    meeting_id = str(Meeting.objects.get().pk)
    files = []
    steps = (
        ("confirm", meeting_id),
        ("confirm", meeting_id, "--at", "2026-06-22 09:30"),
        ("cancel", meeting_id),
    )
    for args in steps:
        result = run_cli("meet", *args, "--json", now=FIXED_NOW)
        assert result.exit_code == 0, result.stderr
        files.append(Path(json.loads(result.stdout)["file"]))
    events = [_event(f) for f in files]
    assert len({str(e["uid"]) for e in events}) == 1
    assert [e["sequence"] for e in events] == [1, 2, 3]
    assert str(events[-1]["status"]) == "CANCELLED"


def test_bad_input_is_one_clear_line_and_a_nonzero_exit(run_cli, ben) -> None:
    result = run_cli("meet", "propose", "Ben Okafor", "--slot", "someday", now=FIXED_NOW)
    assert result.exit_code == 2 and "cannot read the time 'someday'" in result.stderr
    result = run_cli("meet", "confirm", "42", now=FIXED_NOW)
    assert result.exit_code == 3 and "no meeting has the id 42" in result.stderr
    result = run_cli("people", "kind", "Ben Okafor", "best_friend", now=FIXED_NOW)
    assert result.exit_code == 2 and "is not a kind" in result.stderr
    assert not Meeting.objects.exists()


def test_an_unknown_owner_address_is_pointed_out(run_cli, db, home) -> None:
    make.person("Ana Silva", slug="ana-silva")
    result = run_cli("meet", "propose", "ana-silva", "--slot", "2026-06-20 15:00", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "your e-mail is unknown" in result.stdout


def test_meet_list_says_when_there_is_nothing(run_cli) -> None:
    result = run_cli("meet", "list")
    assert result.exit_code == 0 and "No meetings yet" in result.stdout


def test_importing_a_reply_file_marks_the_meeting_and_says_so(run_cli, ben, tmp_path: Path) -> None:
    run_cli("meet", "propose", "ben-okafor", "--slot", "2026-06-20 15:00", now=FIXED_NOW)
    meeting = Meeting.objects.get()
    reply = tmp_path / "Accepted: Call with Sam.ics"
    reply.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Other//EN\nMETHOD:REPLY\nBEGIN:VEVENT\n"
        f"UID:{meeting.uid}\nDTSTAMP:20260616T090000Z\nDTSTART:20260620T140000Z\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ben@example.org\nEND:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(reply), now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "meetings marked from calendar files: 1" in result.stdout
    listed = json.loads(run_cli("meet", "list", "--json", now=FIXED_NOW).stdout)
    assert listed[0]["status"] == "confirmed"
    assert listed[0]["starts_at"] == "2026-06-20T14:00:00+00:00"
