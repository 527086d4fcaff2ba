"""Queries for meetings, what was shared in them, and the relationships that come of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q

from meetfirst.store import sql
from meetfirst.store.models import (
    ConnectionRequest,
    Decision,
    FollowUp,
    Meeting,
    Owner,
    Person,
    SharedNote,
)


def meeting(*, meeting_id: int) -> Meeting | None:
    return Meeting.objects.select_related("person").filter(pk=meeting_id).first()


def meetings_by_uid(*, uids: list[str]) -> dict[str, Meeting]:
    return {m.uid: m for m in Meeting.objects.filter(uid__in=uids)}


def meetings(*, person_id: int | None = None, statuses: list[str] | None = None) -> list[Meeting]:
    """Meetings, the newest first; of one person, or of some statuses, when asked."""
    found = Meeting.objects.select_related("person")
    if person_id is not None:
        found = found.filter(person_id=person_id)
    if statuses:
        found = found.filter(status__in=statuses)
    return list(found.order_by("-created_at", "-id"))


def meetings_of(person: Person) -> list[Meeting]:
    """One person's meetings, the newest first, each holding that person (the person page's list).

    Hand-written, as `incoming_requests` below: the ORM took longer to compose the joined query than
    SQLite took to answer it, on every view of a person page.
    """
    statement = f"SELECT * FROM {sql.table(Meeting)} WHERE person_id = %s ORDER BY created_at DESC, id DESC"
    found = list(Meeting.objects.raw(statement, [person.pk]))
    for meeting in found:
        meeting.person = person
    return found


def owner() -> Owner | None:
    return Owner.objects.order_by("id").first()


def first_email(*, person_id: int) -> str | None:
    return (
        Person.objects.get(pk=person_id)
        .identities.filter(kind="email")
        .order_by("id")
        .values_list("value", flat=True)
        .first()
    )


def first_slug(*, person_id: int) -> str | None:
    return (
        Person.objects.get(pk=person_id)
        .identities.filter(kind="linkedin")
        .order_by("id")
        .values_list("value", flat=True)
        .first()
    )


def newest_incoming_request(*, person_id: int) -> ConnectionRequest | None:
    return (
        ConnectionRequest.objects.filter(
            person_id=person_id, direction=ConnectionRequest.DirectionChoice.INCOMING
        )
        .order_by("-sent_at")
        .first()
    )


# The person page reads these on every view: written out as raw() queries, which build the same model
# objects without the ORM composing the SQL each time (a fifth of the time).


def incoming_requests(*, person_id: int) -> list[ConnectionRequest]:
    """The person's incoming requests, oldest first."""
    where = "person_id = %s AND direction = %s"
    statement = f"SELECT * FROM {sql.table(ConnectionRequest)} WHERE {where} ORDER BY sent_at"
    return list(
        ConnectionRequest.objects.raw(statement, [person_id, ConnectionRequest.DirectionChoice.INCOMING])
    )


def first_decisions(*, request_ids: list[int]) -> dict[int, Decision]:
    """Each request's first decision (the earliest, the oldest row of a tie), for all of them in one query."""
    if not request_ids:
        return {}
    marks = ", ".join(["%s"] * len(request_ids))
    statement = (
        f"SELECT * FROM {sql.table(Decision)} WHERE request_id IN ({marks})"
        " ORDER BY request_id, decided_at, id"
    )
    found: dict[int, Decision] = {}
    for decision in Decision.objects.raw(statement, request_ids):
        found.setdefault(decision.request_id, decision)
    return found


def notes_of(*, person_id: int) -> list[SharedNote]:
    statement = (
        f"SELECT * FROM {sql.table(SharedNote)} WHERE person_id = %s ORDER BY written_at DESC, id DESC"
    )
    return list(SharedNote.objects.raw(statement, [person_id]))


def follow_ups_of(*, person_id: int) -> list[FollowUp]:
    statement = f"SELECT * FROM {sql.table(FollowUp)} WHERE person_id = %s ORDER BY due_on, id"
    return list(FollowUp.objects.raw(statement, [person_id]))


@dataclass(frozen=True, slots=True)
class MetStranger:
    """Someone met (a meeting held) whose incoming request is still pending."""

    person_id: int
    name: str
    request_id: int
    met_on: datetime


def met_with_pending_request(*, person_id: int | None = None, limit: int = 50) -> list[MetStranger]:
    """People met after their still-pending incoming request arrived, the most recently met first.

    Hand-written: every person page asks it, and the ORM took 1.4 ms to compose what SQLite answers in
    a few microseconds. For one person, their own requests are read and sifted here, so that the
    person's index leads (the planner, without statistics, would walk every pending request instead).
    """
    incoming, pending = ConnectionRequest.DirectionChoice.INCOMING, ConnectionRequest.State.PENDING
    params: list[object]
    if person_id is not None:
        where, params = "r.person_id = %s", [person_id]
    else:
        where, params = "r.direction = %s AND r.state = %s AND r.verdict <> %s", [incoming, pending, "known"]
    meetings = sql.table(Meeting)
    statement = f"""
        SELECT r.person_id, p.display_name, r.id, r.direction, r.state, r.verdict,
            (SELECT MAX(m.starts_at) FROM {meetings} m WHERE m.person_id = r.person_id AND m.status = %s)
        FROM {sql.table(ConnectionRequest)} r JOIN {sql.table(Person)} p ON p.id = r.person_id
        WHERE {where} AND EXISTS (
            SELECT 1 FROM {meetings} h
            WHERE h.person_id = r.person_id AND h.status = %s AND h.starts_at >= r.sent_at
        )
        ORDER BY r.sent_at DESC, r.id DESC
    """
    done = Meeting.Status.DONE
    result: dict[int, MetStranger] = {}
    for pid, name, request_id, direction, state, verdict, last in sql.fetch(statement, [done, *params, done]):
        waiting = direction == incoming and state == pending and verdict != "known"
        # The newest pending request of each person stands for them.
        if waiting and pid not in result and last is not None:
            result[pid] = MetStranger(pid, name, request_id, sql.aware(last))
    return sorted(result.values(), key=lambda m: (m.met_on, m.person_id), reverse=True)[:limit]


def held_after_request() -> Exists:
    """For a request queryset: a meeting with its person was held at or after the request arrived."""
    return Exists(
        Meeting.objects.filter(
            person_id=OuterRef("person_id"), status=Meeting.Status.DONE, starts_at__gte=OuterRef("sent_at")
        )
    )


def has_relationship() -> Q:
    """For a request queryset: its person has a relationship kind."""
    return ~Q(person__relationship_kind="")


def open_follow_ups(*, due_by: date, limit: int = 50) -> list[FollowUp]:
    """Follow-ups not done, due on or before a day, the oldest first."""
    return list(
        FollowUp.objects.select_related("person")
        .filter(done_at__isnull=True, due_on__lte=due_by)
        .order_by("due_on", "id")[:limit]
    )
