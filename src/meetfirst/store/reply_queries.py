"""Queries for drafting and sending policy replies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from meetfirst.store.bulk_stages import chunked
from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Owner, Reply, Verdict


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


# Where people appear together: a thread or a meeting is an Interaction.conversation_id within a channel.
SHARED_KINDS = (Interaction.Kind.MESSAGE, Interaction.Kind.EMAIL, Interaction.Kind.MEETING)


def people_in_common(*, person_ids: Sequence[int]) -> dict[int, int]:
    """How many other people each person appears with in the owner's own threads and meetings.

    Two people are "in common" when they are in the same e-mail thread, LinkedIn conversation or
    calendar meeting (the same conversation id in the same channel). Every such thread is the owner's
    own, so the other person is someone both the owner and the requester deal with. Bulk mail (a
    newsletter's hundreds of recipients) never counts. Two queries per chunk of people.
    """
    ids = list(dict.fromkeys(person_ids))
    counts = dict.fromkeys(ids, 0)
    for chunk in chunked(ids):
        threads = Interaction.objects.filter(
            person_id__in=list(chunk), kind__in=SHARED_KINDS, bulk=False
        ).exclude(conversation_id="")
        mine: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for person_id, channel, thread in threads.values_list("person_id", "channel", "conversation_id"):
            mine[person_id].add((channel, thread))
        members: dict[tuple[str, str], set[int]] = defaultdict(set)
        everyone = Interaction.objects.filter(
            conversation_id__in=threads.values("conversation_id"), kind__in=SHARED_KINDS, bulk=False
        )
        for channel, thread, person_id in everyone.values_list(
            "channel", "conversation_id", "person_id"
        ).distinct():
            members[(channel, thread)].add(person_id)
        for person_id, joined in mine.items():
            others: set[int] = set()
            for thread_key in joined:
                others |= members[thread_key]
            counts[person_id] = len(others - {person_id})
    return counts


def email_addresses(*, person_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each person's e-mail addresses, by person id (people with none are absent)."""
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunked(list(dict.fromkeys(person_ids))):
        rows = Identity.objects.filter(person_id__in=list(chunk), kind=Identity.Kind.EMAIL).order_by("id")
        for person_id, value in rows.values_list("person_id", "value"):
            found[person_id].append(value)
    return dict(found)
