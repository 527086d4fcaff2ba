"""Keep-in-touch queries: the tracked relationships and their signals, in a few set-based queries.

Each function answers for every tracked person at once (no query per person), so that the day's list and
the health of 30,000 relationships stay quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

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
    return Q(cadence_days__gt=0) | Q(relationship_kind__in=list(kinds))


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
) -> list[TrackedRow]:
    """Every tracked person with their newest touch (up to now, and up to `before` when asked)."""
    newest = Interaction.objects.filter(person=OuterRef("pk"), occurred_at__lte=now).order_by("-occurred_at")
    query = _tracked(kinds, person_ids).annotate(last_touch=Subquery(newest.values("occurred_at")[:1]))
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


def exchanges(
    *,
    kinds: Sequence[str],
    windows: Sequence[tuple[datetime, datetime]],
    person_ids: Sequence[int] | None = None,
) -> dict[int, list[Exchanges]]:
    """Per tracked person, the interactions in each window (start exclusive, end inclusive), in one query."""
    earliest = min(start for start, _ in windows)
    latest = max(end for _, end in windows)
    aggregates = {}
    for n, (start, end) in enumerate(windows):
        inside = Q(occurred_at__gt=start, occurred_at__lte=end)
        aggregates[f"t{n}"] = Count("id", filter=inside)
        aggregates[f"o{n}"] = Count("id", filter=inside & Q(direction=Interaction.DirectionChoice.OUTGOING))
        aggregates[f"i{n}"] = Count("id", filter=inside & Q(direction=Interaction.DirectionChoice.INCOMING))
    rows = (
        Interaction.objects.filter(
            person_id__in=_tracked(kinds, person_ids).values("pk"),
            occurred_at__gt=earliest,
            occurred_at__lte=latest,
        )
        .values("person_id")
        .annotate(**aggregates)
        .values_list("person_id", *aggregates)
    )
    found: dict[int, list[Exchanges]] = {}
    for person_id, *numbers in rows:
        found[person_id] = [Exchanges(*numbers[3 * n : 3 * n + 3]) for n in range(len(windows))]
    return found


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
