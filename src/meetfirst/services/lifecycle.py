"""Replies, answers and silence: moving requests on from what the store now knows.

Runs after every import, every logged interaction and every reply marked sent. The rules are in
core.lifecycle; each runs one candidate query (store.lifecycle_queries) and moves what it finds.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from meetfirst.core import lifecycle as rules
from meetfirst.core.policy import Policy
from meetfirst.services.policy import load_policy
from meetfirst.store import lifecycle_queries, stages
from meetfirst.store.models import Reply, Stage

log = logging.getLogger(__name__)


def advance(*, now: datetime, policy: Policy | None = None) -> int:
    """Detect sent replies, collectors and answers, in that order; return how many requests moved.

    Collectors come before answers so that a late answer found in the same run is logged as what it
    was: silence first, then a revival.
    """
    policy = policy or load_policy()
    moved: set[int] = set()
    with transaction.atomic():
        moved |= _detect_replies(now=now)
        moved |= _mark_collectors(now=now, patience_days=policy.patience_days)
        moved |= _mark_answers(now=now, patience_days=policy.patience_days)
    if moved:
        log.info("lifecycle moved %d requests", len(moved))
    return len(moved)


def _detect_replies(*, now: datetime) -> set[int]:
    moved: set[int] = set()
    found = lifecycle_queries.detected_replies(now=now)
    drafts = {r.request_id: r for r in Reply.objects.filter(request_id__in=[f.request.id for f in found])}
    for item in found:
        request, message = item.request, item.interaction
        at = message.occurred_at
        reply = drafts.get(request.id)
        if reply is None:
            reply = Reply(request=request, template="", text=message.text, drafted_at=at)
        reply.status = Reply.Status.SENT
        reply.sent_at = at
        reply.sent_how = "detected"
        reply.save()
        request.replied_at = at
        request.save(update_fields=["replied_at", "updated_at"])
        if stages.move(
            request, to=Stage.REPLIED, at=at, reason=rules.reply_detected_reason(channel=message.channel)
        ):
            moved.add(request.id)
    return moved


def _mark_collectors(*, now: datetime, patience_days: int) -> set[int]:
    moved: set[int] = set()
    reason = rules.collector_reason(patience_days)
    for request in lifecycle_queries.gone_silent(now=now, patience_days=patience_days):
        assert request.replied_at is not None  # the query selects replied requests only
        at = rules.collector_since(request.replied_at, patience_days)
        if stages.move(request, to=Stage.COLLECTOR, at=at, reason=reason):
            moved.add(request.id)
    return moved


def _mark_answers(*, now: datetime, patience_days: int) -> set[int]:
    moved: set[int] = set()
    for item in lifecycle_queries.answered(now=now):
        request, answer = item.request, item.interaction
        revived = request.stage == Stage.COLLECTOR
        late_by = None
        if revived and request.replied_at is not None:
            late_by = answer.occurred_at - rules.collector_since(request.replied_at, patience_days)
        request.answered_at = answer.occurred_at
        request.save(update_fields=["answered_at", "updated_at"])
        reason = rules.answered_reason(
            kind=answer.kind, channel=answer.channel, revived=revived, late_by=late_by
        )
        if stages.move(request, to=Stage.ANSWERED, at=answer.occurred_at, reason=reason):
            moved.add(request.id)
    return moved
