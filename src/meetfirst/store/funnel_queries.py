"""Queries for the funnel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Value, When

from meetfirst.store.meeting_queries import has_relationship, held_after_request
from meetfirst.store.models import ConnectionRequest


@dataclass(frozen=True, slots=True)
class FunnelSource:
    sent_at: datetime
    verdict: str
    stage: str
    replied: bool
    answered: bool
    met: bool = False  # a meeting with the person was held after the request arrived
    relationship: bool = False  # the person now has a relationship kind


def incoming_requests() -> Iterator[FunnelSource]:
    """Every incoming request, pending or accepted, with what the funnel counts; streamed."""
    found = ConnectionRequest.objects.filter(direction=ConnectionRequest.DirectionChoice.INCOMING).annotate(
        met=held_after_request(),
        relationship=Case(When(has_relationship(), then=Value(True)), default=Value(False)),
    )
    for sent_at, verdict, stage, replied_at, answered_at, met, relationship in found.values_list(
        "sent_at", "verdict", "stage", "replied_at", "answered_at", "met", "relationship"
    ).iterator(chunk_size=5000):
        yield FunnelSource(
            sent_at, verdict, stage, replied_at is not None, answered_at is not None, met, relationship
        )
