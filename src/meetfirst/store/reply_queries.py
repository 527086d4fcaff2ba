"""Queries for drafting and sending policy replies."""

from __future__ import annotations

from collections.abc import Sequence

from meetfirst.store.models import ConnectionRequest, Identity, Owner, Reply, Verdict


def requests_to_draft() -> list[ConnectionRequest]:
    """Incoming pending requests judged strangers whose reply has not been sent, oldest first."""
    return list(
        ConnectionRequest.objects.filter(
            direction=ConnectionRequest.DirectionChoice.INCOMING,
            state=ConnectionRequest.State.PENDING,
            verdict=Verdict.STRANGER,
            replied_at__isnull=True,
        )
        .exclude(reply__status=Reply.Status.SENT)
        .select_related("person", "reply")
        .order_by("sent_at", "id")
    )


def requests_by_id(*, ids: Sequence[int]) -> dict[int, ConnectionRequest]:
    """These requests, with their person and reply, by id (missing ids are simply absent)."""
    rows = ConnectionRequest.objects.filter(id__in=list(ids)).select_related("person", "reply")
    return {row.id: row for row in rows}


def request_for_update(*, request_id: int) -> ConnectionRequest | None:
    """One request, locked for the rest of the transaction where the database can lock rows."""
    return (
        ConnectionRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(id=request_id)
        .first()
    )


def reply_for(*, request: ConnectionRequest) -> Reply | None:
    return Reply.objects.filter(request=request).first()


def owner() -> Owner | None:
    """The owner, when an import has told us who they are."""
    return Owner.objects.order_by("id").first()


def profile_slugs(*, person_ids: Sequence[int]) -> dict[int, str]:
    """Each person's LinkedIn profile slug (the first one recorded), by person id."""
    rows = (
        Identity.objects.filter(person_id__in=list(person_ids), kind=Identity.Kind.LINKEDIN)
        .order_by("person_id", "id")
        .values_list("person_id", "value")
    )
    slugs: dict[int, str] = {}
    for person_id, value in rows:
        slugs.setdefault(person_id, value)
    return slugs


def people_in_common(*, person_ids: Sequence[int]) -> dict[int, int]:
    """How many connections each person shares with the owner. The exports do not say yet: always 0."""
    return dict.fromkeys(person_ids, 0)
