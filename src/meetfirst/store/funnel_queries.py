"""Queries for the funnel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from meetfirst.store.models import ConnectionRequest


@dataclass(frozen=True, slots=True)
class FunnelSource:
    sent_at: datetime
    verdict: str
    stage: str
    replied: bool
    answered: bool


def incoming_requests() -> Iterator[FunnelSource]:
    """Every incoming request, pending or accepted, with what the funnel counts; streamed."""
    found = ConnectionRequest.objects.filter(direction=ConnectionRequest.DirectionChoice.INCOMING)
    for sent_at, verdict, stage, replied_at, answered_at in found.values_list(
        "sent_at", "verdict", "stage", "replied_at", "answered_at"
    ).iterator(chunk_size=5000):
        yield FunnelSource(sent_at, verdict, stage, replied_at is not None, answered_at is not None)
