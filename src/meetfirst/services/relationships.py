"""Relationship kinds, where each relationship came from, and the nudge to accept a stranger once met."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.db import transaction

from meetfirst.core import relationships as rules
from meetfirst.core.relationships import Step
from meetfirst.services.meetings import MeetingSummary, summary
from meetfirst.services.people import find_person
from meetfirst.services.policy import owner_zone
from meetfirst.store import meeting_queries
from meetfirst.store.models import FollowUp, Meeting, Person, SharedNote

# The kinds offered on forms; any other word of the user's own is welcome too.
KIND_CHOICES = rules.KINDS


@dataclass(frozen=True, slots=True)
class Reminder:
    """A to-do: the user has met a stranger whose request still waits."""

    person_id: int
    name: str
    request_id: int
    met_on: datetime
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "person_id": self.person_id,
            "name": self.name,
            "request_id": self.request_id,
            "met_on": self.met_on,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Relationship:
    """One person's relationship as `people show` and the person page tell it."""

    person_id: int
    name: str
    kind: str
    since: date | None
    story: str
    meetings: list[MeetingSummary]
    notes: list[SharedNote]
    follow_ups: list[FollowUp]
    reminder: Reminder | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.person_id,
            "name": self.name,
            "kind": self.kind,
            "since": self.since,
            "story": self.story,
            "meetings": [m.as_dict() for m in self.meetings],
            "notes": [
                {
                    "id": n.pk,
                    "meeting_id": n.meeting_id,
                    "written_at": n.written_at,
                    "history": n.history,
                    "industry": n.industry_view,
                    "aspirations": n.aspirations,
                    "text": n.free_text,
                }
                for n in self.notes
            ],
            "follow_ups": [
                {"id": f.pk, "due_on": f.due_on, "text": f.text, "done": f.done_at is not None}
                for f in self.follow_ups
            ],
            "reminder": self.reminder.as_dict() if self.reminder else None,
        }


def set_kind(person: str, kind: str, *, now: datetime) -> Person:
    """Name the relationship with a person; `relationship_since` is the day it was first named."""
    value = rules.normalize_kind(kind)
    with transaction.atomic():
        who = find_person(person)
        who.relationship_kind = value
        if who.relationship_since is None:
            who.relationship_since = now.astimezone(owner_zone()).date()
        who.save(update_fields=["relationship_kind", "relationship_since", "updated_at"])
    return who


def relationship(person: str | Person) -> Relationship:
    """Everything the relationship part of a person's page shows, the origin story first."""
    who = person if isinstance(person, Person) else find_person(person)
    zone = owner_zone()
    held = meeting_queries.meetings_of(who)
    reminders = meet_reminders(person_id=who.pk)
    return Relationship(
        person_id=who.pk,
        name=who.display_name,
        kind=who.relationship_kind,
        since=who.relationship_since,
        story=rules.origin_story(_steps(who, held, zone)) or "no story yet",
        meetings=[summary(m) for m in held],
        notes=meeting_queries.notes_of(person_id=who.pk),
        follow_ups=meeting_queries.follow_ups_of(person_id=who.pk),
        reminder=reminders[0] if reminders else None,
    )


def _steps(person: Person, meetings: list[Meeting], zone: tzinfo) -> list[Step]:
    """The dated steps of a relationship, oldest first; the kind comes last, as where it stands now."""

    def day(moment: datetime | None) -> date | None:
        return moment.astimezone(zone).date() if moment else None

    dated: list[tuple[date, int, Step]] = []
    requests = meeting_queries.incoming_requests(person_id=person.pk)
    decisions = meeting_queries.first_decisions(request_ids=[request.pk for request in requests])
    for request in requests:
        sent = request.sent_at.astimezone(zone).date()
        dated.append((sent, 0, Step(sent, "request on")))
        decision = decisions.get(request.pk)
        if decision is not None:
            on = day(decision.decided_at) or sent
            verdict = {"known": "known personally", "stranger": "a stranger", "bizarre": "bizarre"}
            dated.append((on, 1, Step(None, f"judged {verdict.get(decision.verdict, decision.verdict)}")))
        if request.replied_at:
            on = day(request.replied_at) or sent
            dated.append((on, 2, Step(on, "reply on")))
        if request.answered_at:
            on = day(request.answered_at) or sent
            dated.append((on, 3, Step(on, "answer on")))
    for meeting in meetings:
        if meeting.status == Meeting.Status.DONE and meeting.starts_at:
            on = meeting.starts_at.astimezone(zone).date()
            dated.append((on, 4, Step(on, f"{rules.meeting_word(meeting.mode)} on")))
    steps = [step for _, _, step in sorted(dated, key=lambda item: (item[0], item[1]))]
    if person.relationship_kind:
        steps.append(Step(person.relationship_since, f"{person.relationship_kind} since", month_only=True))
    return steps


def meet_reminders(*, person_id: int | None = None, limit: int = 20) -> list[Reminder]:
    """Strangers met (a meeting held after their request) whose request still waits: accept it now.

    For the web board's to-dos and the person page; the most recently met first.
    """
    return [
        Reminder(m.person_id, m.name, m.request_id, m.met_on, rules.reminder_text(m.name))
        for m in meeting_queries.met_with_pending_request(person_id=person_id, limit=limit)
    ]
