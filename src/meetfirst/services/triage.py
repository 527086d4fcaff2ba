"""Triage: a verdict with reasons for every incoming request, and the user's word over the rules.

Set-based on purpose: the facts for all requests come from a few grouped queries, the rules run in
memory, and the verdicts and stage moves are written in bulk.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.db import transaction

from meetfirst.core.clock import local_zone
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.evidence import ADDRESS_BOOKS, address_book_name
from meetfirst.core.identity import profile_url
from meetfirst.core.policy import Policy, RuleSettings
from meetfirst.core.triage import (
    AddressBookEntry,
    EmailTally,
    HeldMeeting,
    Judgement,
    TriageFacts,
    Verdict,
    judge,
    note_key,
)
from meetfirst.services.policy import load_policy
from meetfirst.store import queue_queries
from meetfirst.store import triage_queries as queries
from meetfirst.store.bulk_stages import StageMove, move_many
from meetfirst.store.models import ConnectionRequest, Stage

log = logging.getLogger(__name__)

PENDING = ConnectionRequest.State.PENDING
ACCEPTED = ConnectionRequest.State.ACCEPTED
# Stages a request has before anything happens after triage; only these follow a verdict.
TRIAGE_STAGES: tuple[str, ...] = (Stage.NEW, Stage.KNOWN, Stage.BIZARRE, Stage.STRANGER)
STAGE_FOR_VERDICT: dict[str, str] = {
    Verdict.KNOWN: Stage.KNOWN,
    Verdict.BIZARRE: Stage.BIZARRE,
    Verdict.STRANGER: Stage.STRANGER,
}
_USER_REASONS: dict[str, str] = {
    Verdict.KNOWN: "you said you know them personally",
    Verdict.STRANGER: "you said they are a stranger to you",
    Verdict.BIZARRE: "you marked this request as bizarre",
}
# A missing profile link counts as a sign only when most requests come with one: exports before late
# 2023 carry no profile links at all.
PROFILE_LINK_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class PendingItem:
    """A pending incoming request as the faces show it."""

    id: int
    name: str
    profile_url: str
    verdict: str | None  # None until triaged
    reasons: list[str]
    received_at: datetime
    note: str
    stage: str
    by_user: bool
    person_id: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: exactly these keys."""
        return {
            "id": self.id,
            "name": self.name,
            "profile_url": self.profile_url,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "received_at": self.received_at.isoformat(),
            "note": self.note,
        }


def triage_new(*, now: datetime, policy: Policy | None = None) -> int:
    """Give a verdict to every incoming request (pending or accepted) still in stage NEW; return how many."""
    chosen = policy or load_policy()
    states, stage_list = (PENDING, ACCEPTED), (Stage.NEW,)
    with transaction.atomic():
        rows = queries.requests_to_triage(states=states, stages=stage_list)
        if not rows:
            return 0
        # The user's word stands: such a request only follows it to its stage.
        users = [r for r in rows if r.verdict_by_user and r.verdict in STAGE_FOR_VERDICT]
        ruled = [r for r in rows if not (r.verdict_by_user and r.verdict in STAGE_FOR_VERDICT)]
        judged = _judge_all(
            ruled, states=states, stages=stage_list, settings=chosen.rules, zone=_zone(chosen)
        )
        queries.record_rule_verdicts(
            changes=[queries.VerdictChange(row.id, j.verdict, j.reasons) for row, j in judged], at=now
        )
        moves = [_rule_move(row, j) for row, j in judged]
        moves += [
            StageMove(r.id, r.stage, STAGE_FOR_VERDICT[r.verdict], _user_reason(r.verdict)) for r in users
        ]
        move_many(moves, at=now)
    log.info("triaged %d new requests", len(rows))
    return len(rows)


def retriage(*, now: datetime, policy: Policy | None = None) -> int:
    """Run the rules again on pending requests the user has not decided; return how many verdicts changed.

    A new Decision is recorded only when the verdict or its reasons changed. Requests that moved on past
    triage (replied, answered, collector) keep their stage.
    """
    chosen = policy or load_policy()
    states = (PENDING,)
    with transaction.atomic():
        rows = queries.requests_to_triage(
            states=states, stages=TRIAGE_STAGES, by_user=False, with_reasons=True
        )
        judged = _judge_all(
            rows, states=states, stages=TRIAGE_STAGES, settings=chosen.rules, zone=_zone(chosen)
        )
        changed = [(row, j) for row, j in judged if row.verdict != j.verdict or row.reasons != j.reasons]
        queries.record_rule_verdicts(
            changes=[queries.VerdictChange(row.id, j.verdict, j.reasons) for row, j in changed], at=now
        )
        move_many([_rule_move(row, j) for row, j in judged], at=now)
    log.info("re-triaged %d pending requests, %d changed", len(rows), len(changed))
    return len(changed)


def decide(request_id: int, verdict: str, *, now: datetime) -> ConnectionRequest:
    """The user's verdict on one incoming request; it holds over every later import and re-triage."""
    choice = _verdict(verdict)
    with transaction.atomic():
        request = queries.incoming_request_for_update(request_id=request_id)
        if request is None:
            raise NotFound(f"no incoming connection request has the id {request_id}")
        # Only what changes is written: saying the same twice logs no second Decision.
        said = request.verdict_by_user and request.verdict == choice
        queries.record_user_verdict(
            request,
            verdict=choice,
            reasons=None if said else [_USER_REASONS[choice]],
            stage=STAGE_FOR_VERDICT[choice] if request.stage in TRIAGE_STAGES else request.stage,
            stage_reason=_user_reason(choice),
            at=now,
        )
    return request


def pending(*, verdict: str | None = None, ids: Sequence[int] | None = None) -> list[PendingItem]:
    """Pending incoming requests (of one verdict, or these ids, when given), newest first, with reasons."""
    rows = queries.pending_requests(verdict=_verdict(verdict) if verdict is not None else None, ids=ids)
    return [_item(row) for row in rows]


@dataclass(frozen=True, slots=True)
class QueueCard:
    """A pending request as the triage card shows it, and its place in the queue (newest first)."""

    item: PendingItem
    position: int  # 1 for the newest
    total: int
    prev_id: int | None  # the newer neighbour
    next_id: int | None  # the older neighbour


def queue_card(request_id: int) -> QueueCard | None:
    """One pending incoming request with its reasons and its place in the queue; None when not pending."""
    found = queue_queries.pending_card(request_id=request_id)
    if found is None:
        return None
    row, place = found
    return QueueCard(_item(row), place.position, place.total, place.newer_id, place.older_id)


def first_in_queue() -> int | None:
    """The id of the newest pending incoming request, where the triage queue starts; None when empty."""
    return queue_queries.newest_pending_id()


def next_in_queue(request_id: int) -> int | None:
    """The id of the pending request after this one in the queue; None when it is the last (or not pending).

    A decision changes a verdict, not who is pending, so this is the same before and after one.
    """
    return queue_queries.older_pending_id(request_id=request_id)


def _item(row: queries.PendingRow) -> PendingItem:
    return PendingItem(
        id=row.id,
        name=row.name,
        profile_url=profile_url(row.slug),
        verdict=row.verdict or None,
        reasons=row.reasons,
        received_at=row.sent_at,
        note=row.note,
        stage=row.stage,
        by_user=row.verdict_by_user,
        person_id=row.person_id,
    )


def address_books(person_id: int) -> list[AddressBookEntry]:
    """The owner's address books this person is in, and whether each gave a phone number."""
    phones: dict[str, bool] = {}
    for kind, source in queries.identity_sources(person_id=person_id, prefixes=tuple(ADDRESS_BOOKS)):
        book = address_book_name(source)
        if book is not None:
            phones[book] = phones.get(book, False) or kind == "phone"
    return [AddressBookEntry(book, has_phone) for book, has_phone in phones.items()]


# --- helpers ----------------------------------------------------------------------------------------


def pending_ids(*, verdict: str | None = None) -> list[int]:
    """The ids of pending incoming requests, newest first: the triage queue's order."""
    return queries.pending_ids(verdict=_verdict(verdict) if verdict is not None else None)


def _verdict(text: str) -> str:
    choice = text.strip().lower()
    if choice not in STAGE_FOR_VERDICT:
        raise BadInput(f"the verdict must be known, stranger or bizarre, not {text!r}")
    return choice


def _zone(policy: Policy) -> tzinfo:
    return local_zone(policy.timezone)


def _user_reason(verdict: str) -> str:
    return f"your decision: {verdict}"


def _rule_move(row: queries.TriageRow, judgement: Judgement) -> StageMove:
    # Only requests still in a triage stage are judged, so the stage simply follows the verdict.
    reason = f"triaged as {judgement.verdict}: " + "; ".join(judgement.reasons)
    return StageMove(row.id, row.stage, STAGE_FOR_VERDICT[judgement.verdict], reason)


def _judge_all(
    rows: Sequence[queries.TriageRow],
    *,
    states: Sequence[str],
    stages: Sequence[str],
    settings: RuleSettings,
    zone: tzinfo,
) -> list[tuple[queries.TriageRow, Judgement]]:
    """The rules' verdict for each row, from facts gathered for all rows at once."""
    if not rows:
        return []
    tallies = queries.message_tallies(states=states, stages=stages)
    emails = queries.email_tallies(states=states, stages=stages)
    meetings = _meetings_by_request(queries.meetings_held(states=states, stages=stages), zone)
    books = _address_books(states=states, stages=stages)
    senders, keys = _senders_by_note()
    linked, total = queries.profile_link_coverage()
    slug_expected = total > 0 and linked / total > PROFILE_LINK_SHARE
    judged: list[tuple[queries.TriageRow, Judgement]] = []
    for row in rows:
        tally = tallies.get(row.id)
        key = keys.get((row.note, row.name), "")
        same = senders.get(key, set()) if key else set()
        others = len(same - {row.person_id})
        facts = TriageFacts(
            name=row.name,
            profile_slug=row.slug,
            note=row.note,
            messages_in=tally.messages_in if tally else 0,
            messages_out=tally.messages_out if tally else 0,
            last_in=tally.last_in.astimezone(zone) if tally and tally.last_in else None,
            last_out=tally.last_out.astimezone(zone) if tally and tally.last_out else None,
            same_note_requesters=others,
            is_connection=row.is_connection,
            accepted=row.state == ACCEPTED,
            slug_expected=slug_expected,
            emails=_email_tally(emails.get(row.id), zone),
            meetings=meetings.get(row.id, ()),
            address_book=books.get(row.person_id, ()),
        )
        judged.append((row, judge(facts, settings)))
    return judged


def _email_tally(counts: queries.EmailCounts | None, zone: tzinfo) -> EmailTally:
    if counts is None:
        return EmailTally()
    return EmailTally(
        got=counts.got,
        sent=counts.sent,
        last_in=counts.last_in.astimezone(zone) if counts.last_in else None,
        last_out=counts.last_out.astimezone(zone) if counts.last_out else None,
        bulk=counts.bulk,
    )


def _meetings_by_request(
    seen: Sequence[queries.MeetingSeen], zone: tzinfo
) -> dict[int, tuple[HeldMeeting, ...]]:
    """The meetings held before each request, one per start minute.

    Marking a meeting held also logs it as an interaction, and a calendar may hold the same meeting
    again: a meeting with a title wins over its untitled double.
    """
    by_start: dict[tuple[int, datetime], str] = {}
    for item in seen:
        start = item.at.replace(second=0, microsecond=0)
        title = " ".join(item.title.split())
        if not by_start.get((item.request_id, start)):
            by_start[(item.request_id, start)] = title
    found: dict[int, list[HeldMeeting]] = defaultdict(list)
    for (request_id, start), title in sorted(by_start.items()):
        found[request_id].append(HeldMeeting(title, start.astimezone(zone)))
    return {request_id: tuple(items) for request_id, items in found.items()}


def _address_books(
    *, states: Sequence[str], stages: Sequence[str]
) -> dict[int, tuple[AddressBookEntry, ...]]:
    """Per person: the address books they are in, and whether each gave a phone number."""
    phones: dict[tuple[int, str], bool] = {}
    rows = queries.address_book_entries(states=states, stages=stages, prefixes=tuple(ADDRESS_BOOKS))
    for person_id, kind, source in rows:
        book = address_book_name(source)
        if book is not None:
            key = (person_id, book)
            phones[key] = phones.get(key, False) or kind == "phone"
    found: dict[int, list[AddressBookEntry]] = defaultdict(list)
    for (person_id, book), has_phone in sorted(phones.items()):
        found[person_id].append(AddressBookEntry(book, has_phone))
    return {person_id: tuple(items) for person_id, items in found.items()}


def _senders_by_note() -> tuple[dict[str, set[int]], dict[tuple[str, str], str]]:
    """For every note key, the people who sent that note; and the key of every (note, name)."""
    senders: dict[str, set[int]] = defaultdict(set)
    keys: dict[tuple[str, str], str] = {}
    for person_id, note, name in queries.incoming_notes():
        key = keys.get((note, name))
        if key is None:
            key = keys[(note, name)] = note_key(note, name)
        if key:
            senders[key].add(person_id)
    return senders, keys
