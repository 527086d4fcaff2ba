"""Keep-in-touch queries: the tracked relationships and their signals, in a few set-based queries.

Each function answers for every tracked person at once (no query per person), so that the day's list and
the health of 30,000 relationships stay quick.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value, When

from meetfirst.store.models import FollowUp, Interaction, Person


@dataclass(frozen=True, slots=True)
class TrackedRow:
    person_id: int
    name: str
    kind: str
    cadence_days: int | None
    since: date | None
    snoozed_until: date | None
    last_touch: datetime | None
    last_touch_before: datetime | None  # the newest touch at or before the `before` moment


@dataclass(frozen=True, slots=True)
class Exchanges:
    """Interactions in a window: all of them, those from the owner, those from the person."""

    total: int = 0
    outgoing: int = 0
    incoming: int = 0


@dataclass(frozen=True, slots=True)
class FollowUpCounts:
    open_now: int = 0
    overdue_now: int = 0
    open_before: int = 0
    overdue_before: int = 0


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    follow_up_id: int
    person_id: int
    name: str
    text: str
    due_on: date
    snoozed_until: date | None


def tracked_filter(*, kinds: Sequence[str]) -> Q:
    """People with a cadence of their own, or a kind of relationship that has a default cadence."""
    # Written as two indexed subqueries: SQLite then unions the two indexes instead of scanning everyone.
    own = Person.objects.filter(cadence_days__gt=0).values("pk")
    by_kind = Person.objects.filter(relationship_kind__in=list(kinds)).values("pk")
    return Q(pk__in=own) | Q(pk__in=by_kind)


def _tracked(kinds: Sequence[str], person_ids: Sequence[int] | None) -> QuerySet[Person]:
    query = Person.objects.filter(tracked_filter(kinds=kinds))
    if person_ids is not None:
        query = query.filter(pk__in=list(person_ids))
    return query


def tracked_people(
    *,
    kinds: Sequence[str],
    now: datetime,
    before: datetime | None = None,
    person_ids: Sequence[int] | None = None,
    due_by: Mapping[str, int] | None = None,
    due_within_days: int = 0,
) -> list[TrackedRow]:
    """Every tracked person with their newest touch (up to now, and up to `before` when asked).

    With `due_by` (the cadence of each tracked kind), only those who may be due within `due_within_days`:
    never touched, or touched at least their cadence (less those days) ago, with two days of slack for time
    zones; the caller decides exactly.
    """
    newest = Interaction.objects.filter(person=OuterRef("pk"), occurred_at__lte=now).order_by("-occurred_at")
    query = _tracked(kinds, person_ids).annotate(last_touch=Subquery(newest.values("occurred_at")[:1]))
    if due_by is not None:
        query = query.filter(
            Q(last_touch__isnull=True) | Q(last_touch__lte=_due_threshold(due_by, now, due_within_days))
        )
    fields = [
        "id",
        "display_name",
        "relationship_kind",
        "cadence_days",
        "relationship_since",
        "snoozed_until",
        "last_touch",
    ]
    if before is not None:
        older = Interaction.objects.filter(person=OuterRef("pk"), occurred_at__lte=before).order_by(
            "-occurred_at"
        )
        query = query.annotate(last_touch_before=Subquery(older.values("occurred_at")[:1]))
        fields.append("last_touch_before")
    rows = query.order_by("id").values_list(*fields)
    return [
        TrackedRow(
            person_id=row[0],
            name=row[1],
            kind=row[2],
            cadence_days=row[3],
            since=row[4],
            snoozed_until=row[5],
            last_touch=row[6],
            last_touch_before=row[7] if before is not None else None,
        )
        for row in rows
    ]


def _due_threshold(cadence_by_kind: Mapping[str, int], now: datetime, within_days: int) -> Case:
    """Per person, the newest touch that leaves them possibly due: their own cadence, else their kind's."""

    def threshold(days: int) -> Value:
        return Value(now - timedelta(days=max(days - within_days - 2, 0)), output_field=DateTimeField())

    own = Person.objects.filter(cadence_days__gt=0).values_list("cadence_days", flat=True).distinct()
    whens = [When(cadence_days=days, then=threshold(days)) for days in sorted({d for d in own if d})]
    whens += [
        When(relationship_kind=kind, then=threshold(days)) for kind, days in sorted(cadence_by_kind.items())
    ]
    return Case(*whens, default=Value(None, output_field=DateTimeField()), output_field=DateTimeField())


def exchanges(
    *,
    kinds: Sequence[str],
    now: datetime,
    before: datetime,
    days: int,
    person_ids: Sequence[int] | None = None,
) -> dict[int, tuple[Exchanges, Exchanges]]:
    """Per tracked person, the interactions in the `days` up to `now`, and in the `days` up to `before`.

    One query over both windows; its rows are counted as they stream in. Plain SQL, because grouping a
    million rows in SQLite (a sort of the whole window, or a walk of the (person, occurred_at) index with a
    fetch of every row) is two to three times slower than counting the rows here.
    """
    if before > now:
        raise ValueError("`before` must not be after `now`")
    ops = connection.ops
    span = timedelta(days=days)
    interactions, people = Interaction._meta.db_table, Person._meta.db_table
    # Every row read lies in (before - span, now]: it is in the recent window when it is after now - span,
    # and in the earlier window when it is not after `before`.
    params: list[Any] = [
        ops.adapt_datetimefield_value(now - span),
        ops.adapt_datetimefield_value(before),
        ops.adapt_datetimefield_value(before - span),
        ops.adapt_datetimefield_value(now),
    ]
    if person_ids is not None:
        ids = list(person_ids) or [0]
        who = f"i.person_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
        scan = ""
    else:
        kind_list = list(kinds) or [""]
        who = (
            f"i.person_id IN (SELECT p.id FROM {people} p WHERE p.cadence_days > 0"
            f" OR p.relationship_kind IN ({', '.join(['%s'] * len(kind_list))}))"
        )
        params += kind_list
        scan = " NOT INDEXED" if connection.vendor == "sqlite" else ""
    # Each row comes back as one number, person * 16 + flags (1 from the owner, 2 from them, 4 in the
    # recent window, 8 in the earlier one): a third less work than counting tuples.
    sql = (
        f"SELECT i.person_id * 16"
        f" + CASE i.direction WHEN %s THEN 1 WHEN %s THEN 2 ELSE 0 END"
        f" + CASE WHEN i.occurred_at > %s THEN 4 ELSE 0 END"
        f" + CASE WHEN i.occurred_at <= %s THEN 8 ELSE 0 END"
        f" FROM {interactions} i{scan}"
        f" WHERE i.occurred_at > %s AND i.occurred_at <= %s AND {who}"
    )
    params = [Interaction.DirectionChoice.OUTGOING.value, Interaction.DirectionChoice.INCOMING.value, *params]
    tally: Counter[int] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            tally.update(row[0] for row in rows)
    counts: dict[int, list[int]] = {}
    for key, n in tally.items():
        row = counts.setdefault(key >> 4, [0] * 6)
        for offset, window in ((0, 4), (3, 8)):
            if key & window:
                row[offset] += n
                if key & 1:
                    row[offset + 1] += n
                elif key & 2:
                    row[offset + 2] += n
    return {pid: (Exchanges(*row[:3]), Exchanges(*row[3:])) for pid, row in counts.items()}


def follow_up_counts(
    *,
    kinds: Sequence[str],
    today: date,
    before: datetime,
    before_day: date,
    person_ids: Sequence[int] | None = None,
) -> dict[int, FollowUpCounts]:
    """Per tracked person: follow-ups open and overdue today, and as they stood at `before`."""
    open_now = Q(done_at__isnull=True)
    open_before = Q(done_at__isnull=True) | Q(done_at__gt=before)
    rows = (
        FollowUp.objects.filter(person_id__in=_tracked(kinds, person_ids).values("pk"))
        .filter(open_before | open_now)
        .values("person_id")
        .annotate(
            open_now=Count("id", filter=open_now),
            overdue_now=Count("id", filter=open_now & Q(due_on__lt=today)),
            open_before=Count("id", filter=open_before),
            overdue_before=Count("id", filter=open_before & Q(due_on__lt=before_day)),
        )
    )
    return {
        row["person_id"]: FollowUpCounts(
            row["open_now"], row["overdue_now"], row["open_before"], row["overdue_before"]
        )
        for row in rows
    }


def follow_ups_due(*, today: date, until: date | None = None) -> list[FollowUpRow]:
    """Follow-ups not done that fall due by `until` (default today), leaving out those snoozed past today."""
    rows = (
        FollowUp.objects.filter(done_at__isnull=True, due_on__lte=until or today)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today))
        .order_by("due_on", "id")
        .values_list("id", "person_id", "person__display_name", "text", "due_on", "snoozed_until")
    )
    return [FollowUpRow(*row) for row in rows]


def set_cadence(*, person_id: int, days: int | None) -> None:
    Person.objects.filter(pk=person_id).update(cadence_days=days)


def set_snooze(*, person_id: int, until: date | None) -> None:
    Person.objects.filter(pk=person_id).update(snoozed_until=until)


def add_check_in(*, person_id: int, at: datetime, text: str) -> Interaction:
    """A note that the owner got in touch: it resets the keep-in-touch clock like any interaction."""
    return Interaction.objects.create(
        person_id=person_id,
        kind=Interaction.Kind.NOTE,
        direction=Interaction.DirectionChoice.OUTGOING,
        channel="",
        occurred_at=at,
        text=text,
        source="meetfirst done",
    )


def follow_up(*, follow_up_id: int) -> FollowUp | None:
    return FollowUp.objects.select_related("person").filter(pk=follow_up_id).first()


def finish_follow_up(*, follow_up_id: int, at: datetime) -> None:
    FollowUp.objects.filter(pk=follow_up_id).update(done_at=at)


def snooze_follow_up(*, follow_up_id: int, until: date) -> None:
    FollowUp.objects.filter(pk=follow_up_id).update(snoozed_until=until)
