"""The lifecycle's candidate queries: one query per rule, over the requests in that rule's stages.

Each finds, for every request it looks at, the first interaction that moves it, with a correlated
subquery that the (person, occurred_at) index answers, so the cost follows the number of requests
waiting in a stage, not the number of interactions in the store. Interactions after `now` are not
known yet and count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from meetfirst.core import lifecycle as rules
from meetfirst.store.models import ConnectionRequest, Interaction, Reply, Stage


@dataclass(frozen=True, slots=True)
class Found:
    """A request and the interaction that moves it."""

    request: ConnectionRequest
    interaction: Interaction


def _answers() -> QuerySet[Interaction]:
    """Interactions that count as an answer from their person (core.lifecycle.counts_as_answer)."""
    return Interaction.objects.filter(
        Q(kind__in=rules.ANSWER_KINDS, direction=rules.ANSWER_DIRECTION)
        | Q(kind__in=rules.ANSWER_KINDS_ANY_DIRECTION)
    )


def _first(interactions: QuerySet[Interaction]) -> Subquery:
    return Subquery(interactions.order_by("occurred_at", "id").values("id")[:1])


def _with_interactions(rows: list[tuple[ConnectionRequest, int]]) -> list[Found]:
    found = Interaction.objects.in_bulk([interaction_id for _, interaction_id in rows])
    return [Found(request, found[interaction_id]) for request, interaction_id in rows]


def detected_replies(*, now: datetime) -> list[Found]:
    """Strangers with no reply on record whose person got a LinkedIn message from the owner after the
    request arrived; each with the first such message."""
    first_message = _first(
        Interaction.objects.filter(
            person_id=OuterRef("person_id"),
            kind=rules.REPLY_KIND,
            channel=rules.REPLY_CHANNEL,
            direction=rules.REPLY_DIRECTION,
            occurred_at__gt=OuterRef("sent_at"),
            occurred_at__lte=now,
        )
    )
    requests = (
        ConnectionRequest.objects.filter(
            direction=ConnectionRequest.DirectionChoice.INCOMING,
            stage=Stage.STRANGER,
            replied_at__isnull=True,
        )
        .exclude(reply__status=Reply.Status.SENT)
        .annotate(message_id=first_message)
        .filter(message_id__isnull=False)
        .order_by("id")
    )
    return _with_interactions([(request, request.message_id) for request in requests])


def answered(*, now: datetime) -> list[Found]:
    """Replied requests (waiting, or collectors) whose person answered after the reply; each with the
    first answer."""
    first_answer = _first(
        _answers().filter(
            person_id=OuterRef("person_id"), occurred_at__gt=OuterRef("replied_at"), occurred_at__lte=now
        )
    )
    requests = (
        ConnectionRequest.objects.filter(
            direction=ConnectionRequest.DirectionChoice.INCOMING,
            stage__in=[Stage.REPLIED, Stage.COLLECTOR],
            replied_at__isnull=False,
        )
        .annotate(answer_id=first_answer)
        .filter(answer_id__isnull=False)
        .order_by("id")
    )
    return _with_interactions([(request, request.answer_id) for request in requests])


def gone_silent(*, now: datetime, patience_days: int) -> list[ConnectionRequest]:
    """Replied requests whose whole patience window has passed by `now` with no answer inside it.

    An answer after the window does not stop this: the requester was a collector until it came, and
    the answer rule then revives them, so the log tells both facts.
    """
    window = timedelta(days=patience_days)
    deadline = ExpressionWrapper(OuterRef("replied_at") + window, output_field=DateTimeField())
    answer_in_window = _answers().filter(
        person_id=OuterRef("person_id"), occurred_at__gt=OuterRef("replied_at"), occurred_at__lte=deadline
    )
    return list(
        ConnectionRequest.objects.filter(
            direction=ConnectionRequest.DirectionChoice.INCOMING,
            stage=Stage.REPLIED,
            replied_at__lte=rules.silence_cutoff(now, patience_days),
        )
        .filter(~Exists(answer_in_window))
        .order_by("id")
    )


def person_requests(*, person_id: int) -> list[ConnectionRequest]:
    """A person's incoming requests, newest first."""
    return list(
        ConnectionRequest.objects.filter(
            person_id=person_id, direction=ConnectionRequest.DirectionChoice.INCOMING
        ).order_by("-sent_at", "-id")
    )
