"""What the person page shows besides the timeline: identities, requests and notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from meetfirst.store.models import ConnectionRequest, Identity, Interaction, Person


@dataclass(frozen=True, slots=True)
class RequestSummary:
    id: int
    direction: str
    sent_at: datetime
    stage: str
    stage_label: str
    verdict: str
    note: str
    reply_status: str


def person(*, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id).first()


def identities(*, person_id: int) -> list[tuple[str, str]]:
    return list(
        Identity.objects.filter(person_id=person_id).order_by("kind", "id").values_list("kind", "value")
    )


def requests(*, person_id: int) -> list[RequestSummary]:
    found = ConnectionRequest.objects.filter(person_id=person_id).select_related("reply").order_by("-sent_at")
    summaries = []
    for request in found:
        reply = getattr(request, "reply", None)
        summaries.append(
            RequestSummary(
                id=request.pk,
                direction=request.direction,
                sent_at=request.sent_at,
                stage=request.stage,
                stage_label=request.get_stage_display(),
                verdict=request.verdict,
                note=request.note,
                reply_status=reply.status if reply else "",
            )
        )
    return summaries


def notes(*, person_id: int, limit: int = 20) -> list[Interaction]:
    return list(
        Interaction.objects.filter(person_id=person_id, kind=Interaction.Kind.NOTE).order_by("-occurred_at")[
            :limit
        ]
    )
