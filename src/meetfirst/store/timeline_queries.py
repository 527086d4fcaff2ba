"""One person's history, newest first: interactions, requests, decisions, replies and stage changes."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from meetfirst.store import sql
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


_RECENT = f"""
SELECT occurred_at, kind, direction, channel, subject, text, source, bulk FROM {sql.table(Interaction)}
WHERE person_id = %s ORDER BY occurred_at DESC, id DESC LIMIT %s
"""


def recent_interactions(person_id: int, limit: int) -> list[TimelineItem]:
    """The person's newest interactions, through their (person, time) index: every page shows some."""
    items = []
    for at, kind, direction, channel, subject, text, source, bulk in sql.fetch(_RECENT, [person_id, limit]):
        at = sql.aware(at)
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


_REQUESTS = f"""
SELECT sent_at, direction, note, channel, source FROM {sql.table(ConnectionRequest)}
WHERE person_id = %s ORDER BY id
"""
_DECISIONS = f"""
SELECT d.decided_at, d.by, d.verdict, d.reasons FROM {sql.table(Decision)} d
JOIN {sql.table(ConnectionRequest)} r ON r.id = d.request_id WHERE r.person_id = %s ORDER BY d.id
"""
_REPLIES = f"""
SELECT p.sent_at, p.sent_how, p.drafted_at, p.text FROM {sql.table(Reply)} p
JOIN {sql.table(ConnectionRequest)} r ON r.id = p.request_id WHERE r.person_id = %s ORDER BY p.id
"""
_STAGES = f"""
SELECT c.at, c.to_stage, c.reason FROM {sql.table(StageChange)} c
JOIN {sql.table(ConnectionRequest)} r ON r.id = c.request_id
WHERE r.person_id = %s AND c.to_stage IN ('answered', 'collector') ORDER BY c.id
"""


def _request_events(person_id: int) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for sent_at, direction, note, channel, source in sql.fetch(_REQUESTS, [person_id]):
        title = "Connection request from them" if direction == "in" else "Connection request from you"
        items.append(
            TimelineItem(sql.aware(sent_at), "request", title, text=note, channel=channel, source=source)
        )
    for decided_at, by, verdict, reasons in sql.fetch(_DECISIONS, [person_id]):
        who = "your decision" if by == Decision.By.USER else "triage rules"
        items.append(
            TimelineItem(
                sql.aware(decided_at),
                "decision",
                f"Verdict: {verdict} ({who})",
                details=list(sql.json_value(reasons)),
            )
        )
    for sent_at, sent_how, drafted_at, text in sql.fetch(_REPLIES, [person_id]):
        if sent_at:
            how = "detected in your messages" if sent_how == "detected" else "marked sent"
            items.append(TimelineItem(sql.aware(sent_at), "reply", f"Policy reply sent ({how})", text=text))
        else:
            items.append(TimelineItem(sql.aware(drafted_at), "reply", "Policy reply drafted", text=text))
    for at, to_stage, reason in sql.fetch(_STAGES, [person_id]):
        title = "They answered" if to_stage == "answered" else "Silent: marked a collector"
        items.append(TimelineItem(sql.aware(at), "stage", title, details=[reason] if reason else []))
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
