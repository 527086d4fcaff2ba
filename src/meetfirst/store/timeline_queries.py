"""One person's history, newest first: interactions, requests, decisions, replies and stage changes."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from meetfirst.store.models import ConnectionRequest, Decision, Interaction, Reply, StageChange


@dataclass(frozen=True, slots=True)
class TimelineItem:
    at: datetime
    kind: str  # request | decision | reply | stage | message | email | call | meeting | note
    title: str
    text: str = ""
    direction: str = ""
    channel: str = ""
    source: str = ""
    details: list[str] = field(default_factory=list)


def recent_interactions(person_id: int, limit: int) -> list[TimelineItem]:
    rows = (
        Interaction.objects.filter(person_id=person_id)
        .order_by("-occurred_at", "-id")
        .values_list("occurred_at", "kind", "direction", "channel", "subject", "text", "source", "bulk")[
            :limit
        ]
    )
    items = []
    for at, kind, direction, channel, subject, text, source, bulk in rows:
        who = {"in": "from them", "out": "from you"}.get(direction, "")
        title = " ".join(
            p
            for p in (Interaction.Kind(kind).label.capitalize(), who, f"via {channel}" if channel else "")
            if p
        )
        items.append(
            TimelineItem(
                at,
                kind,
                title,
                text=text,
                direction=direction,
                channel=channel,
                source=source,
                details=([subject] if subject else [])
                + (["newsletter or bulk mail: not evidence of knowing them"] if bulk else []),
            )
        )
    return items


def _request_events(person_id: int) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for request in ConnectionRequest.objects.filter(person_id=person_id):
        title = "Connection request from them" if request.direction == "in" else "Connection request from you"
        items.append(
            TimelineItem(
                request.sent_at,
                "request",
                title,
                text=request.note,
                channel=request.channel,
                source=request.source,
            )
        )
    for decision in Decision.objects.filter(request__person_id=person_id):
        by = "your decision" if decision.by == Decision.By.USER else "triage rules"
        items.append(
            TimelineItem(
                decision.decided_at,
                "decision",
                f"Verdict: {decision.verdict} ({by})",
                details=list(decision.reasons),
            )
        )
    for reply in Reply.objects.filter(request__person_id=person_id):
        if reply.sent_at:
            how = "detected in your messages" if reply.sent_how == "detected" else "marked sent"
            items.append(TimelineItem(reply.sent_at, "reply", f"Policy reply sent ({how})", text=reply.text))
        else:
            items.append(TimelineItem(reply.drafted_at, "reply", "Policy reply drafted", text=reply.text))
    for change in StageChange.objects.filter(
        request__person_id=person_id, to_stage__in=["answered", "collector"]
    ):
        title = "They answered" if change.to_stage == "answered" else "Silent: marked a collector"
        items.append(
            TimelineItem(change.at, "stage", title, details=[change.reason] if change.reason else [])
        )
    return items


def person_timeline(*, person_id: int, offset: int = 0, limit: int = 50) -> tuple[list[TimelineItem], bool]:
    """A page of the person's timeline, newest first, and whether an older page exists."""
    wanted = offset + limit + 1
    events = sorted(_request_events(person_id), key=lambda item: item.at, reverse=True)
    merged = heapq.merge(
        recent_interactions(person_id, wanted), events, key=lambda item: item.at, reverse=True
    )
    page = list(islice(merged, offset, offset + limit + 1))
    return page[:limit], len(page) > limit
