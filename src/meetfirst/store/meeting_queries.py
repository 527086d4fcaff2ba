"""Queries for meetings, what was shared in them, and the relationships that come of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q

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


def incoming_requests(*, person_id: int) -> list[ConnectionRequest]:
    """The person's incoming requests, oldest first."""
    return list(
        ConnectionRequest.objects.filter(
            person_id=person_id, direction=ConnectionRequest.DirectionChoice.INCOMING
        ).order_by("sent_at")
    )


def first_decision(*, request_id: int) -> Decision | None:
    return Decision.objects.filter(request_id=request_id).order_by("decided_at", "id").first()


def notes_of(*, person_id: int) -> list[SharedNote]:
    return list(SharedNote.objects.filter(person_id=person_id).order_by("-written_at", "-id"))


def follow_ups_of(*, person_id: int) -> list[FollowUp]:
    return list(FollowUp.objects.filter(person_id=person_id).order_by("due_on", "id"))


@dataclass(frozen=True, slots=True)
class MetStranger:
    """Someone met (a meeting held) whose incoming request is still pending."""

    person_id: int
    name: str
    request_id: int
    met_on: datetime


def met_with_pending_request(*, person_id: int | None = None, limit: int = 50) -> list[MetStranger]:
    """People met after their still-pending incoming request arrived, the most recently met first."""
    held = Meeting.objects.filter(
        person_id=OuterRef("person_id"),
        status=Meeting.Status.DONE,
        starts_at__gte=OuterRef("sent_at"),
    )
    found = ConnectionRequest.objects.filter(
        Exists(held),
        direction=ConnectionRequest.DirectionChoice.INCOMING,
        state=ConnectionRequest.State.PENDING,
    ).exclude(verdict="known")
    if person_id is not None:
        found = found.filter(person_id=person_id)
    result: dict[int, MetStranger] = {}
    for request in found.select_related("person").order_by("-sent_at"):
        if request.person_id in result:
            continue
        last = (
            Meeting.objects.filter(person_id=request.person_id, status=Meeting.Status.DONE)
            .order_by("-starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        if last is None:
            continue
        result[request.person_id] = MetStranger(
            request.person_id, request.person.display_name, request.pk, last
        )
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
