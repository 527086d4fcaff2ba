"""Counts and short lists for the board: where each incoming request stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from meetfirst.store.models import ConnectionRequest, Reply, Stage


@dataclass(frozen=True, slots=True)
class RequestCard:
    request_id: int
    person_id: int
    name: str
    stage: str
    verdict: str
    sent_at: datetime
    replied_at: datetime | None
    answered_at: datetime | None
    has_draft: bool

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


def stage_counts() -> dict[str, int]:
    """How many incoming requests are in each stage (pending ones for the triage stages)."""
    rows = (
        ConnectionRequest.objects.filter(direction="in")
        .exclude(
            state=ConnectionRequest.State.ACCEPTED,
            stage__in=[Stage.NEW, Stage.STRANGER, Stage.BIZARRE, Stage.KNOWN],
        )
        .values("stage")
        .annotate(n=Count("id"))
    )
    counts = {stage.value: 0 for stage in Stage}
    for row in rows:
        counts[row["stage"]] = row["n"]
    return counts


def replied_before_count(*, before: datetime) -> int:
    """How many incoming requests still wait for an answer to a reply sent before this moment."""
    return ConnectionRequest.objects.filter(
        direction="in", stage=Stage.REPLIED, replied_at__lte=before
    ).count()


def drafted_unsent_count() -> int:
    return Reply.objects.filter(status=Reply.Status.DRAFTED, request__stage=Stage.STRANGER).count()


def cards(*, stages: Sequence[str], limit: int, pending_only: bool = False) -> list[RequestCard]:
    """The newest requests in these stages, with what the board shows of each."""
    query = ConnectionRequest.objects.filter(direction="in", stage__in=stages)
    if pending_only:
        query = query.filter(state=ConnectionRequest.State.PENDING)
    rows = query.order_by("-sent_at", "-id").values_list(
        "id",
        "person_id",
        "person__display_name",
        "stage",
        "verdict",
        "sent_at",
        "replied_at",
        "answered_at",
        "reply__status",
    )[:limit]
    return [
        RequestCard(rid, pid, name, stage, verdict, sent, replied, answered, status == Reply.Status.DRAFTED)
        for rid, pid, name, stage, verdict, sent, replied, answered, status in rows
    ]
