"""Queries for triage: set-based, so that ten thousand requests take a handful of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from meetfirst.store import sql
from meetfirst.store.bulk_stages import chunked, insert_rows
from meetfirst.store.models import (
    ConnectionRequest,
    Decision,
    Identity,
    Interaction,
    Meeting,
    Person,
    StageChange,
)

INCOMING = ConnectionRequest.DirectionChoice.INCOMING
PENDING = ConnectionRequest.State.PENDING

# The messages that count as a LinkedIn conversation with the requester.
MESSAGE_KIND = Interaction.Kind.MESSAGE
MESSAGE_CHANNEL = "linkedin"


@dataclass(frozen=True, slots=True)
class TriageRow:
    """One incoming request, with what triage needs to know about its sender."""

    id: int
    person_id: int
    name: str
    slug: str | None
    note: str
    state: str
    stage: str
    verdict: str
    verdict_by_user: bool
    sent_at: datetime
    is_connection: bool
    reasons: list[str] | None  # of the decision in force; None when there is none (or not asked for)


@dataclass(frozen=True, slots=True)
class MessageTally:
    """LinkedIn messages exchanged with the requester before the request arrived."""

    messages_in: int
    messages_out: int
    last_in: datetime | None
    last_out: datetime | None


@dataclass(frozen=True, slots=True)
class EmailCounts:
    """E-mails exchanged with the requester before the request arrived: personal ones each way, bulk."""

    got: int
    sent: int
    last_in: datetime | None
    last_out: datetime | None
    bulk: int


@dataclass(frozen=True, slots=True)
class MeetingSeen:
    """A meeting held with the requester before the request arrived."""

    request_id: int
    title: str
    at: datetime


@dataclass(frozen=True, slots=True)
class VerdictChange:
    request_id: int
    verdict: str
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class PendingRow:
    id: int
    person_id: int
    name: str
    slug: str | None
    verdict: str
    verdict_by_user: bool
    reasons: list[str]
    sent_at: datetime
    note: str
    stage: str


def _slugs(people: QuerySet[ConnectionRequest]) -> dict[int, str]:
    """The LinkedIn slug of each person who sent one of these requests (the first recorded, if several).

    A separate query rather than a correlated subquery: right after a big import PostgreSQL has no
    statistics yet and would plan a subquery per row badly.
    """
    found = Identity.objects.filter(person_id__in=people.values("person_id")).order_by("id")
    slugs: dict[int, str] = {}
    # The kind is checked here, not in SQL, so that the planner has only the person index to choose.
    for person_id, kind, value in found.values_list("person_id", "kind", "value"):
        if kind == Identity.Kind.LINKEDIN:
            slugs.setdefault(person_id, value)
    return slugs


def _reasons_in_force(requests: QuerySet[ConnectionRequest]) -> dict[int, list[str]]:
    """The reasons of the newest decision on each of these requests."""
    found = Decision.objects.filter(request_id__in=requests.values("id")).order_by("decided_at", "id")
    return {request_id: list(reasons) for request_id, reasons in found.values_list("request_id", "reasons")}


def _incoming(
    *, states: Collection[str], stages: Collection[str], by_user: bool | None
) -> QuerySet[ConnectionRequest]:
    found = ConnectionRequest.objects.filter(
        direction=INCOMING, state__in=list(states), stage__in=list(stages)
    )
    if by_user is not None:
        found = found.filter(verdict_by_user=by_user)
    return found


def requests_to_triage(
    *,
    states: Collection[str],
    stages: Collection[str],
    by_user: bool | None = None,
    with_reasons: bool = False,
) -> list[TriageRow]:
    """Incoming requests in these states and stages (and, when given, by-user or not), oldest first."""
    found = _incoming(states=states, stages=stages, by_user=by_user)
    slugs = _slugs(found)
    reasons = _reasons_in_force(found) if with_reasons else {}
    fields = (
        "id",
        "person_id",
        "person__display_name",
        "note",
        "state",
        "stage",
        "verdict",
        "verdict_by_user",
        "sent_at",
        "person__is_connection",
    )
    return [
        TriageRow(
            id=row["id"],
            person_id=row["person_id"],
            name=row["person__display_name"],
            slug=slugs.get(row["person_id"]),
            note=row["note"],
            state=row["state"],
            stage=row["stage"],
            verdict=row["verdict"],
            verdict_by_user=row["verdict_by_user"],
            sent_at=row["sent_at"],
            is_connection=row["person__is_connection"],
            reasons=reasons.get(row["id"]),
        )
        for row in found.order_by("sent_at", "id").values(*fields)
    ]


def message_tallies(
    *, states: Collection[str], stages: Collection[str], by_user: bool | None = None
) -> dict[int, MessageTally]:
    """Per request (the same selection as `requests_to_triage`): LinkedIn messages before it, each way.

    One grouped query; requests with no such message are left out.
    """
    before = Q(
        person__interactions__kind=MESSAGE_KIND,
        person__interactions__channel=MESSAGE_CHANNEL,
        person__interactions__occurred_at__lt=F("sent_at"),
    )
    got = before & Q(person__interactions__direction=Interaction.DirectionChoice.INCOMING)
    sent = before & Q(person__interactions__direction=Interaction.DirectionChoice.OUTGOING)
    found = (
        _incoming(states=states, stages=stages, by_user=by_user)
        .filter(before)
        .values("id")
        .annotate(
            messages_in=Count("person__interactions", filter=got),
            messages_out=Count("person__interactions", filter=sent),
            last_in=Max("person__interactions__occurred_at", filter=got),
            last_out=Max("person__interactions__occurred_at", filter=sent),
        )
    )
    return {
        row["id"]: MessageTally(row["messages_in"], row["messages_out"], row["last_in"], row["last_out"])
        for row in found
    }


def email_tallies(
    *, states: Collection[str], stages: Collection[str], by_user: bool | None = None
) -> dict[int, EmailCounts]:
    """Per request (the same selection as `requests_to_triage`): e-mails before it, each way, and bulk.

    One grouped query; requests with no e-mail before them are left out.
    """
    before = Q(
        person__interactions__kind=Interaction.Kind.EMAIL,
        person__interactions__occurred_at__lt=F("sent_at"),
    )
    personal = before & Q(person__interactions__bulk=False)
    got = personal & Q(person__interactions__direction=Interaction.DirectionChoice.INCOMING)
    sent = personal & Q(person__interactions__direction=Interaction.DirectionChoice.OUTGOING)
    bulk = (
        before
        & Q(person__interactions__bulk=True)
        & Q(person__interactions__direction=Interaction.DirectionChoice.INCOMING)
    )
    found = (
        _incoming(states=states, stages=stages, by_user=by_user)
        .filter(before)
        .values("id")
        .annotate(
            got=Count("person__interactions", filter=got),
            sent=Count("person__interactions", filter=sent),
            last_in=Max("person__interactions__occurred_at", filter=got),
            last_out=Max("person__interactions__occurred_at", filter=sent),
            bulk=Count("person__interactions", filter=bulk),
        )
    )
    return {
        row["id"]: EmailCounts(row["got"], row["sent"], row["last_in"], row["last_out"], row["bulk"])
        for row in found
    }


def meetings_held(
    *, states: Collection[str], stages: Collection[str], by_user: bool | None = None
) -> list[MeetingSeen]:
    """Meetings held with each requester before their request (the same selection as `requests_to_triage`).

    Two sources, one query each: meetings marked held, and meeting interactions (from a calendar import,
    or logged when a meeting was marked held: the caller drops such doubles). The title is the meeting's,
    or the interaction's subject, else its text.
    """
    selection = _incoming(states=states, stages=stages, by_user=by_user)
    held = selection.filter(
        person__meetings__status=Meeting.Status.DONE,
        person__meetings__starts_at__lt=F("sent_at"),
    ).values_list("id", "person__meetings__title", "person__meetings__starts_at")
    seen = [MeetingSeen(request_id, title, at) for request_id, title, at in held if at is not None]
    logged = selection.filter(
        person__interactions__kind=Interaction.Kind.MEETING,
        person__interactions__occurred_at__lt=F("sent_at"),
    ).values_list(
        "id",
        "person__interactions__subject",
        "person__interactions__text",
        "person__interactions__occurred_at",
    )
    seen += [
        MeetingSeen(request_id, subject or (text.strip().splitlines() or [""])[0], at)
        for request_id, subject, text, at in logged
    ]
    return seen


def address_book_entries(
    *, states: Collection[str], stages: Collection[str], prefixes: Sequence[str]
) -> list[tuple[int, str, str]]:
    """(person id, identity kind, source) of every phone or e-mail identity from an address book.

    For the senders of the requests in this selection; an address book is an identity source starting
    with one of `prefixes`.
    """
    from_books = Q()
    for prefix in prefixes:
        from_books |= Q(source__startswith=prefix)
    found = Identity.objects.filter(
        from_books,
        person_id__in=_incoming(states=states, stages=stages, by_user=None).values("person_id"),
        kind__in=(Identity.Kind.PHONE, Identity.Kind.EMAIL),
    )
    return list(found.values_list("person_id", "kind", "source"))


def identity_sources(*, person_id: int, prefixes: Sequence[str]) -> list[tuple[str, str]]:
    """(kind, source) of one person's phone and e-mail identities whose source starts with a prefix.

    Hand-written, as the triage card asks it on every view; LIKE as the ORM's startswith writes it.
    """
    if not prefixes:
        return []
    starts = " OR ".join(["source LIKE %s ESCAPE '\\'"] * len(prefixes))
    statement = (
        f"SELECT kind, source FROM {sql.table(Identity)} "
        f"WHERE person_id = %s AND kind IN (%s, %s) AND ({starts}) ORDER BY id"
    )
    patterns = [sql.like_prefix(prefix) for prefix in prefixes]
    found = sql.fetch(statement, [person_id, Identity.Kind.PHONE, Identity.Kind.EMAIL, *patterns])
    return [(kind, source) for kind, source in found]


def incoming_notes() -> list[tuple[int, str, str]]:
    """(person id, note, sender's name) of every incoming request that came with a note."""
    found = ConnectionRequest.objects.filter(direction=INCOMING).exclude(note="")
    return list(found.values_list("person_id", "note", "person__display_name"))


def profile_link_coverage() -> tuple[int, int]:
    """(how many pending incoming requests came with a profile link, how many there are)."""
    linked = Identity.objects.filter(kind=Identity.Kind.LINKEDIN).values("person_id")
    counts = ConnectionRequest.objects.filter(direction=INCOMING, state=PENDING).aggregate(
        total=Count("id"), linked=Count("id", filter=Q(person_id__in=linked))
    )
    return counts["linked"], counts["total"]


def record_rule_verdicts(*, changes: Sequence[VerdictChange], at: datetime) -> None:
    """Log a rule Decision for each change and set the requests' verdicts (never over the user's)."""
    insert_rows(
        Decision,
        ("request_id", "verdict", "reasons", "by", "decided_at"),
        [(c.request_id, c.verdict, c.reasons, Decision.By.RULE, at) for c in changes],
    )
    by_verdict: dict[str, list[int]] = defaultdict(list)
    for change in changes:
        by_verdict[change.verdict].append(change.request_id)
    written = timezone.now()
    for verdict, ids in by_verdict.items():
        for chunk in chunked(ids):
            ConnectionRequest.objects.filter(id__in=chunk, verdict_by_user=False).update(
                verdict=verdict, updated_at=written
            )


def incoming_request_for_update(*, request_id: int) -> ConnectionRequest | None:
    """One incoming request with its sender, locked for the rest of the transaction where the database can.

    Only what a decision reads is loaded (the other fields are deferred, as with `.only()`), in one
    hand-written statement: this runs while SQLite's write lock is held, where the ORM's composing would
    keep every other writer waiting.
    """
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    found = sql.fetch(_FOR_DECISION + lock, [request_id, INCOMING])
    if not found:
        return None
    rid, person_id, stage, verdict, by_user, name = found[0]
    db = connection.alias
    request = ConnectionRequest.from_db(db, _DECISION_FIELDS, [rid, person_id, stage, verdict, bool(by_user)])
    request.person = Person.from_db(db, ["id", "display_name"], [person_id, name])
    return request


def record_user_verdict(
    request: ConnectionRequest,
    *,
    verdict: str,
    reasons: list[str] | None,
    stage: str,
    stage_reason: str,
    at: datetime,
) -> None:
    """The user's word on a request read for update: it is kept over every rule from now on.

    A Decision is logged when `reasons` are given (the word is new); a move to another `stage` is logged
    as `store.stages.move` logs it. One statement per table, written out, and nothing when nothing
    changes: the database's write lock is held meanwhile.
    """
    written = timezone.now()
    if reasons is not None:
        insert_rows(Decision, _DECISION_COLUMNS, [(request.pk, verdict, reasons, Decision.By.USER, at)])
        request.verdict, request.verdict_by_user = verdict, True
    if stage != request.stage:
        change = (request.pk, request.stage, stage, at, written, stage_reason[:500])
        insert_rows(StageChange, _STAGE_CHANGE_COLUMNS, [change])
        request.stage = stage
    elif reasons is None:
        return
    moment = connection.ops.adapt_datetimefield_value(written)
    values: list[Any] = [request.verdict, request.verdict_by_user, request.stage, moment, request.pk]
    with connection.cursor() as cursor:
        cursor.execute(_USER_VERDICT, values)
    request.updated_at = written


_DECISION_FIELDS = ["id", "person_id", "stage", "verdict", "verdict_by_user"]
_DECISION_COLUMNS = ("request_id", "verdict", "reasons", "by", "decided_at")
_STAGE_CHANGE_COLUMNS = ("request_id", "from_stage", "to_stage", "at", "recorded_at", "reason")
_FOR_DECISION = f"""
SELECT r.id, r.person_id, r.stage, r.verdict, r.verdict_by_user, p.display_name
FROM {sql.table(ConnectionRequest)} r JOIN {sql.table(Person)} p ON p.id = r.person_id
WHERE r.id = %s AND r.direction = %s
"""
_USER_VERDICT = f"""
UPDATE {sql.table(ConnectionRequest)} SET verdict = %s, verdict_by_user = %s, stage = %s, updated_at = %s
WHERE id = %s
"""


def pending_ids(*, verdict: str | None = None) -> list[int]:
    """The ids of pending incoming requests (of one verdict, when given), newest first.

    Hand-written: the triage queue reads every id on each view, and thousands of rows through the ORM
    cost more than the query.
    """
    where = "direction = %s AND state = %s" + (" AND verdict = %s" if verdict is not None else "")
    params = [INCOMING, PENDING] + ([verdict] if verdict is not None else [])
    statement = f"SELECT id FROM {sql.table(ConnectionRequest)} WHERE {where} ORDER BY sent_at DESC, id DESC"
    return [row[0] for row in sql.fetch(statement, params)]


def pending_requests(*, verdict: str | None = None, ids: Sequence[int] | None = None) -> list[PendingRow]:
    """Pending incoming requests (of one verdict, when given), newest first, with the reasons in force."""
    found = ConnectionRequest.objects.filter(direction=INCOMING, state=PENDING)
    if verdict is not None:
        found = found.filter(verdict=verdict)
    if ids is not None:
        found = found.filter(id__in=list(ids))
    slugs = _slugs(found)
    reasons = _reasons_in_force(found)
    fields = (
        "id",
        "person_id",
        "person__display_name",
        "verdict",
        "verdict_by_user",
        "sent_at",
        "note",
        "stage",
    )
    return [
        PendingRow(
            id=row["id"],
            person_id=row["person_id"],
            name=row["person__display_name"],
            slug=slugs.get(row["person_id"]),
            verdict=row["verdict"],
            verdict_by_user=row["verdict_by_user"],
            reasons=reasons.get(row["id"], []),
            sent_at=row["sent_at"],
            note=row["note"],
            stage=row["stage"],
        )
        for row in found.order_by("-sent_at", "-id").values(*fields)
    ]
