"""What the person page shows besides the timeline: who they are, their identities and requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from meetfirst.store import sql
from meetfirst.store.models import ConnectionRequest, Identity, Person, Reply, Stage


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


_PERSON = f"SELECT * FROM {sql.table(Person)} WHERE id = %s"


def person(*, person_id: int) -> Person | None:
    """One person, or None (read by hand: the ORM composed this lookup slower than SQLite ran it)."""
    return next(iter(Person.objects.raw(_PERSON, [person_id])), None)


_IDENTITIES = f"""
SELECT kind, value FROM {sql.table(Identity)} WHERE person_id = %s ORDER BY kind, id
"""
_REQUESTS = f"""
SELECT r.id, r.direction, r.sent_at, r.stage, r.verdict, r.note, p.status
FROM {sql.table(ConnectionRequest)} r LEFT JOIN {sql.table(Reply)} p ON p.request_id = r.id
WHERE r.person_id = %s ORDER BY r.sent_at DESC, r.id
"""
_STAGE_LABELS = dict(Stage.choices)


def identities(*, person_id: int) -> list[tuple[str, str]]:
    return [(kind, value) for kind, value in sql.fetch(_IDENTITIES, [person_id])]


def requests(*, person_id: int) -> list[RequestSummary]:
    """The person's requests, newest first, each with its reply's status (empty when there is none)."""
    return [
        RequestSummary(
            id=rid,
            direction=direction,
            sent_at=sql.aware(sent_at),
            stage=stage,
            stage_label=_STAGE_LABELS.get(stage, stage),
            verdict=verdict,
            note=note,
            reply_status=status or "",
        )
        for rid, direction, sent_at, stage, verdict, note, status in sql.fetch(_REQUESTS, [person_id])
    ]
