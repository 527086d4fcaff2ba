"""Meetings: propose slots, confirm, reschedule, cancel, mark held, and write what was shared.

Every change writes through here, so that the invitation file always matches the stored meeting: the UID
never changes, and SEQUENCE rises with each confirm, reschedule or cancel. `invitation_file` rebuilds the
.ics of a meeting's current state on demand (the CLI saves it, the web page offers it for download).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from django.conf import settings
from django.db import transaction

from meetfirst.core import invitations, relationships
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.identity import profile_url
from meetfirst.core.invitations import Invitation, Party
from meetfirst.core.policy import Policy
from meetfirst.core.records import CalendarEventRecord
from meetfirst.services.interactions import log_interaction
from meetfirst.services.people import find_person
from meetfirst.services.policy import load_policy, owner_zone
from meetfirst.store import calendar_queries, meeting_queries
from meetfirst.store.models import FollowUp, Interaction, Meeting, SharedNote

log = logging.getLogger(__name__)

MIN_MINUTES = 5
MAX_MINUTES = 24 * 60
MAX_SLOTS = 10
MAX_PLACE = 500
MAX_NOTE = 20_000
UID_DOMAIN = "meetfirst.local"


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """A meeting as the faces show it."""

    id: int
    person_id: int
    person_name: str
    uid: str
    sequence: int
    status: str
    mode: str
    place: str
    minutes: int
    slots: tuple[datetime, ...]
    starts_at: datetime | None
    request_id: int | None

    @property
    def when(self) -> datetime | None:
        """The agreed time, else the first slot offered."""
        return self.starts_at or (self.slots[0] if self.slots else None)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "person": {"id": self.person_id, "name": self.person_name},
            "uid": self.uid,
            "sequence": self.sequence,
            "status": self.status,
            "mode": self.mode,
            "place": self.place,
            "minutes": self.minutes,
            "slots": list(self.slots),
            "starts_at": self.starts_at,
            "request_id": self.request_id,
        }


@dataclass(frozen=True, slots=True)
class NotesSaved:
    note_id: int
    meeting_id: int
    person_id: int
    follow_ups: list[tuple[date, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "note_id": self.note_id,
            "meeting_id": self.meeting_id,
            "person_id": self.person_id,
            "follow_ups": [{"due_on": due, "text": text} for due, text in self.follow_ups],
        }


def summary(meeting: Meeting) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.pk,
        person_id=meeting.person_id,
        person_name=meeting.person.display_name,
        uid=meeting.uid,
        sequence=meeting.sequence,
        status=meeting.status,
        mode=meeting.mode,
        place=meeting.place,
        minutes=meeting.minutes,
        slots=tuple(datetime.fromisoformat(s) for s in meeting.slots),
        starts_at=meeting.starts_at,
        request_id=meeting.request_id,
    )


def _get(meeting_id: int) -> Meeting:
    found = meeting_queries.meeting(meeting_id=meeting_id)
    if found is None:
        raise NotFound(f"no meeting has the id {meeting_id}")
    return found


def propose(
    person: str,
    *,
    slots: Sequence[datetime],
    minutes: int = 30,
    place: str = "",
    phone: bool = False,
    now: datetime,
) -> MeetingSummary:
    """Record a proposed meeting with a person (found by id, profile, e-mail or name) at one of some slots."""
    if not slots:
        raise BadInput("offer at least one time with --slot")
    if len(slots) > MAX_SLOTS:
        raise BadInput(f"offer at most {MAX_SLOTS} times")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BadInput(f"a meeting lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes, not {minutes}")
    place = " ".join(place.split())
    if phone and place:
        raise BadInput("give a place or --phone, not both")
    if len(place) > MAX_PLACE:
        raise BadInput(f"a place has at most {MAX_PLACE} characters")
    for slot in slots:
        if slot.tzinfo is None:
            raise BadInput("a slot needs a time zone")
        if slot <= now:
            raise BadInput(f"{slot:%Y-%m-%d %H:%M} UTC is not in the future")
    ordered = sorted(set(slots), key=slots.index)
    with transaction.atomic():
        who = find_person(person)
        request = meeting_queries.newest_incoming_request(person_id=who.pk)
        meeting = Meeting.objects.create(
            person=who,
            request=request,
            uid=f"{uuid.uuid4()}@{UID_DOMAIN}",
            mode=Meeting.Mode.PHONE if phone else Meeting.Mode.IN_PERSON,
            title=f"{'Call' if phone else 'Meeting'} with {who.display_name}"[:300],
            place=place,
            minutes=minutes,
            slots=[s.isoformat() for s in ordered],
            source="proposed by you",
        )
    log.info("proposed meeting %s with person %s", meeting.pk, who.pk)
    return summary(meeting)


def confirm(
    meeting_id: int, *, slot: int | None = None, at: datetime | None = None, now: datetime
) -> MeetingSummary:
    """Agree a time: slot N of those offered (1 is the first), or any time. A new time is a reschedule."""
    with transaction.atomic():
        meeting = _get(meeting_id)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.DONE):
            raise BadInput(f"meeting {meeting_id} is {meeting.get_status_display()}; propose a new one")
        if slot is not None and at is not None:
            raise BadInput("give --slot or --at, not both")
        if at is None:
            index = slot or 1
            if not 1 <= index <= len(meeting.slots):
                raise BadInput(f"meeting {meeting_id} has slots 1 to {len(meeting.slots)}, not {index}")
            at = datetime.fromisoformat(meeting.slots[index - 1])
        meeting.starts_at = at
        meeting.status = Meeting.Status.CONFIRMED
        meeting.sequence += 1
        meeting.save(update_fields=["starts_at", "status", "sequence", "updated_at"])
    return summary(meeting)


def cancel(meeting_id: int, *, now: datetime) -> MeetingSummary:
    """Call a meeting off: the next invitation file is a METHOD:CANCEL with the same UID."""
    with transaction.atomic():
        meeting = _get(meeting_id)
        if meeting.status == Meeting.Status.DONE:
            raise BadInput(f"meeting {meeting_id} was already held")
        if meeting.status != Meeting.Status.CANCELLED:
            meeting.status = Meeting.Status.CANCELLED
            meeting.sequence += 1
            meeting.save(update_fields=["status", "sequence", "updated_at"])
    return summary(meeting)


def done(meeting_id: int, *, at: datetime | None = None, now: datetime) -> MeetingSummary:
    """Mark a meeting held (at `at`, the agreed time or the first slot, never later than now) and log it.

    The logged interaction (kind meeting) puts it on the timeline and lets the lifecycle see an answer.
    """
    with transaction.atomic():
        meeting = _get(meeting_id)
        if meeting.status == Meeting.Status.DONE:
            raise BadInput(f"meeting {meeting_id} is already marked held")
        first_slot = datetime.fromisoformat(meeting.slots[0]) if meeting.slots else None
        held = at or meeting.starts_at or first_slot or now
        if held > now:
            held = now  # marked held before its planned time: it happened by now at the latest
        meeting.starts_at = held
        meeting.status = Meeting.Status.DONE
        meeting.save(update_fields=["starts_at", "status", "updated_at"])
        log_interaction(
            f"#{meeting.person_id}",
            direction="out",
            channel="phone" if meeting.mode == Meeting.Mode.PHONE else "in-person",
            kind="meeting",
            text=meeting.title,
            at=held,
            now=now,
        )
    return summary(meeting)


def get_meeting(meeting_id: int) -> MeetingSummary:
    return summary(_get(meeting_id))


def list_meetings(*, person: str | None = None) -> list[MeetingSummary]:
    person_id = find_person(person).pk if person else None
    return [summary(m) for m in meeting_queries.meetings(person_id=person_id)]


def write_notes(
    meeting_id: int,
    *,
    history: str = "",
    industry: str = "",
    aspirations: str = "",
    text: str = "",
    follow_ups: Iterable[str] = (),
    now: datetime,
) -> NotesSaved:
    """Store what was shared in a meeting, and each follow-up (`YYYY-MM-DD: what`) as a dated to-do."""
    parsed = [relationships.parse_follow_up(item) for item in follow_ups]
    sections = [history.strip(), industry.strip(), aspirations.strip(), text.strip()]
    if not any(sections) and not parsed:
        raise BadInput("write at least one section or one follow-up")
    if any(len(s) > MAX_NOTE for s in sections):
        raise BadInput(f"a section has at most {MAX_NOTE} characters")
    with transaction.atomic():
        meeting = _get(meeting_id)
        note = SharedNote.objects.create(
            person_id=meeting.person_id,
            meeting=meeting,
            history=sections[0],
            industry_view=sections[1],
            aspirations=sections[2],
            free_text=sections[3],
            written_at=now,
        )
        FollowUp.objects.bulk_create(
            FollowUp(person_id=meeting.person_id, meeting=meeting, text=what, due_on=due)
            for due, what in parsed
        )
    return NotesSaved(note.pk, meeting.pk, meeting.person_id, parsed)


# --- invitation files -----------------------------------------------------------------------------


def invitation_file(meeting_id: int, *, now: datetime, policy: Policy | None = None) -> tuple[str, bytes]:
    """The .ics of a meeting as it stands: a file name and its bytes."""
    meeting = _get(meeting_id)
    zone = owner_zone(policy or load_policy())
    return _file_name(meeting), invitations.build_ics(_invitation(meeting, zone=zone, now=now))


def organizer_known() -> bool:
    """Whether the owner's e-mail is known, so that the invitation's ORGANIZER is a real address."""
    owner = meeting_queries.owner()
    return bool(owner and owner.emails)


def save_invitation(
    meeting_id: int, *, out: Path | None = None, now: datetime, policy: Policy | None = None
) -> Path:
    """Write the meeting's .ics to `out`, or to MEETFIRST_HOME/invitations/."""
    name, data = invitation_file(meeting_id, now=now, policy=policy)
    target = out or Path(settings.HOME) / "invitations" / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write {target} ({exc.strerror or exc})") from None
    return target


def _file_name(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}-{meeting.sequence}.ics"


def _invitation(meeting: Meeting, *, zone: tzinfo, now: datetime) -> Invitation:
    slots = [datetime.fromisoformat(s) for s in meeting.slots]
    start = meeting.starts_at or slots[0]
    others = () if meeting.starts_at else tuple(slots[1:])
    cancelled = meeting.status == Meeting.Status.CANCELLED
    status = {
        Meeting.Status.PROPOSED: "TENTATIVE",
        Meeting.Status.CANCELLED: "CANCELLED",
    }.get(Meeting.Status(meeting.status), "CONFIRMED")
    organizer, note = _organizer()
    return Invitation(
        uid=meeting.uid,
        sequence=meeting.sequence,
        method="CANCEL" if cancelled else "REQUEST",
        status=status,
        organizer=organizer,
        attendee=_attendee(meeting),
        starts_at=start,
        minutes=meeting.minutes,
        zone=zone,
        summary=meeting.title or "Meeting",
        location="Phone call" if meeting.mode == Meeting.Mode.PHONE else meeting.place,
        stamp=now,
        other_slots=others,
        note=note,
    )


def _organizer() -> tuple[Party, str]:
    owner = meeting_queries.owner()
    name = str(owner) if owner else ""
    if owner and owner.emails:
        return Party(name if name != "owner" else "", f"mailto:{owner.emails[0]}"), ""
    return Party(name if name != "owner" else "", invitations.UNKNOWN_ORGANIZER), (
        invitations.UNKNOWN_ORGANIZER_NOTE
    )


def _attendee(meeting: Meeting) -> Party:
    """The person: their e-mail when known, else their LinkedIn profile, else a meetfirst URN."""
    name = meeting.person.display_name
    email = meeting_queries.first_email(person_id=meeting.person_id)
    if email:
        return Party(name, f"mailto:{email}")
    slug = meeting_queries.first_slug(person_id=meeting.person_id)
    if slug:
        return Party(name, profile_url(slug))
    return Party(name, f"urn:meetfirst:person:{meeting.person_id}")


# --- answers from calendars -----------------------------------------------------------------------

_ACCEPTED = {"ACCEPTED"}
_DECLINED = {"DECLINED"}


def apply_calendar_events(records: Iterable[CalendarEventRecord]) -> int:
    """Mark our meetings from .ics answers and exports; events of other UIDs are ignored. Returns the count.

    A REPLY that accepts confirms the meeting (at the time it names); one that declines cancels it. In
    a calendar export, an event with our UID confirms the meeting, unless its STATUS is CANCELLED. A
    meeting already held is left alone. The caller holds the transaction.
    """
    events = list(records)
    known = meeting_queries.meetings_by_uid(uids=sorted({e.uid for e in events}))
    changed = 0
    for event in events:
        meeting = known.get(event.uid)
        if meeting is None or meeting.status == Meeting.Status.DONE:
            continue
        outcome = _outcome(event)
        if outcome is None:
            continue
        if outcome == Meeting.Status.CANCELLED:
            if meeting.status == Meeting.Status.CANCELLED:
                continue
            meeting.status = Meeting.Status.CANCELLED
        else:
            start = event.starts_at or meeting.starts_at
            if start is None and meeting.slots:
                start = datetime.fromisoformat(meeting.slots[0])
            if meeting.status == Meeting.Status.CONFIRMED and meeting.starts_at == start:
                continue
            meeting.status = Meeting.Status.CONFIRMED
            meeting.starts_at = start
        meeting.save(update_fields=["status", "starts_at", "updated_at"])
        changed += 1
    return changed


# A meeting with more people than this is a conference call or a town hall, not a meeting together.
MAX_CALENDAR_PEOPLE = 12


def record_held_events(records: Iterable[CalendarEventRecord], *, now: datetime) -> int:
    """Past events of a calendar export become meetings on the timeline of each attendee we know.

    An event counts when it is not one of our own meetings, is not cancelled, started before `now` and has
    at most MAX_CALENDAR_PEOPLE people besides the owner. Each attendee (or organizer) already known by an
    e-mail address gets an interaction of kind meeting with the event's title, keyed by the event, its
    start and the person, so that importing the calendar again adds nothing. Attendees nobody knows are
    left out: a calendar creates no people. Returns how many were added; the caller holds the transaction.
    """
    events = [e for e in records if e.method in ("", "PUBLISH") and e.people]
    ours = meeting_queries.meetings_by_uid(uids=sorted({e.uid for e in events}))
    mine = calendar_queries.owner_emails()
    held: list[tuple[CalendarEventRecord, list[str]]] = []
    for event in events:
        others = [address for address, _ in event.people if address not in mine]
        if (
            event.uid in ours
            or event.status == "CANCELLED"
            or event.starts_at is None
            or event.starts_at > now
            or not 0 < len(others) <= MAX_CALENDAR_PEOPLE
        ):
            continue
        held.append((event, others))
    known = calendar_queries.people_by_email(addresses=[a for _, others in held for a in others])
    rows: dict[str, Interaction] = {}
    for event, others in held:
        assert event.starts_at is not None
        for person_id in dict.fromkeys(known[a] for a in others if a in known):
            key = _calendar_key(event, person_id)
            rows[key] = Interaction(
                person_id=person_id,
                kind=Interaction.Kind.MEETING,
                channel="calendar",
                occurred_at=event.starts_at,
                subject=event.summary[:500],
                conversation_id=event.uid[:200],
                source=f"ics:{event.source.file}"[:500],
                key=key,
            )
    stored = calendar_queries.existing_keys(keys=list(rows))
    return calendar_queries.add_meetings(rows=[row for key, row in rows.items() if key not in stored])


def _calendar_key(event: CalendarEventRecord, person_id: int) -> str:
    assert event.starts_at is not None
    text = f"{event.uid}|{event.starts_at.astimezone(UTC).isoformat()}|{person_id}"
    return "ics:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _outcome(event: CalendarEventRecord) -> str | None:
    if event.method == "REPLY":
        if event.partstat in _ACCEPTED:
            return Meeting.Status.CONFIRMED
        if event.partstat in _DECLINED:
            return Meeting.Status.CANCELLED
        return None
    if event.method == "REQUEST":
        return None  # one of our own invitations read back: it says nothing new
    if event.status == "CANCELLED" or event.method == "CANCEL":
        return Meeting.Status.CANCELLED
    if event.status == "TENTATIVE":
        return None
    return Meeting.Status.CONFIRMED
