"""Customers' sums in SQL: last human touch, tickets, friction and ratings per person, as of two moments.

The health of a customer (core.customer_health) needs a handful of numbers per person; these queries compute
them for a batch of people in two grouped passes (interactions, tickets), never row by row. The results are
kept in CustomerHealth, so that a list of 20,000 customers sorts and pages in SQL.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from meetfirst.core import customer_health as rules
from meetfirst.store import sql
from meetfirst.store.models import CustomerHealth, Identity, Interaction, Person, Team, Ticket

# Statuses that mean a ticket is over even when the export gave no time for it.
_DONE_WORDS = ("solved", "closed", "resolved", "done", "cancelled", "canceled", "completed")
DONE_STATUSES = tuple({form for word in _DONE_WORDS for form in (word, word.title(), word.upper())})
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def customer_filter() -> Q:
    """A customer: someone with a ticket, served by a team, or whose relationship kind is customer."""
    has_ticket = Ticket.objects.filter(person_id=OuterRef("pk"))
    served = Person.teams.through.objects.filter(person_id=OuterRef("pk"))
    return Q(Exists(has_ticket)) | Q(Exists(served)) | Q(relationship_kind="customer")


def customers(*, visible: QuerySet[Person], team: str = "") -> QuerySet[Person]:
    found = visible.filter(customer_filter())
    if team:
        served = Person.teams.through.objects.filter(person_id=OuterRef("pk"), team__name=team)
        found = found.filter(Exists(served))
    return found


def team_exists(*, name: str) -> bool:
    return Team.objects.filter(name=name).exists()


def is_customer(*, person_id: int) -> bool:
    """customer_filter() for one person, written out (every person page asks; the ORM took 0.8 ms)."""
    found = sql.fetch(
        f"SELECT 1 FROM {sql.table(Person)} p WHERE p.id = %s AND (p.relationship_kind = %s"
        f" OR EXISTS (SELECT 1 FROM {sql.table(Ticket)} t WHERE t.person_id = p.id)"
        f" OR EXISTS (SELECT 1 FROM {sql.table(Person.teams.through)} s WHERE s.person_id = p.id))",
        [person_id, "customer"],
    )
    return bool(found)


@dataclass(frozen=True, slots=True)
class PersonFacts:
    person_id: int
    name: str
    cadence_days: int | None
    sentiment: str
    team_ids: tuple[int, ...]


def person_facts(*, person_ids: Iterable[int]) -> dict[int, PersonFacts]:
    """Each person's name, cadence, sentiment and teams, in one query (a row per team served)."""
    rows = Person.objects.filter(pk__in=list(person_ids)).values_list(
        "pk", "display_name", "cadence_days", "staff_sentiment", "teams__id"
    )
    people: dict[int, tuple[str, int | None, str]] = {}
    teams: dict[int, list[int]] = defaultdict(list)
    for pid, name, cadence, sentiment, team in rows:
        people[pid] = (name, cadence, sentiment)
        if team is not None:
            teams[pid].append(team)
    return {
        pid: PersonFacts(pid, name, cadence, sentiment, tuple(sorted(teams[pid])))
        for pid, (name, cadence, sentiment) in people.items()
    }


def last_human_touches(
    *, person_ids: Iterable[int], now: datetime, then: datetime
) -> dict[int, tuple[datetime | None, datetime | None]]:
    """Each person's newest message, e-mail, call or meeting up to `now`, and up to `then`."""
    ids = list(person_ids)
    if not ids:
        return {}
    stamp = connection.ops.adapt_datetimefield_value
    kinds = ", ".join(["%s"] * len(rules.HUMAN_KINDS))
    rows = sql.fetch(
        f"SELECT person_id, MAX(occurred_at), MAX(occurred_at) FILTER (WHERE occurred_at <= %s)"
        f" FROM {sql.table(Interaction)} WHERE person_id IN ({', '.join(['%s'] * len(ids))})"
        f" AND kind IN ({kinds}) AND occurred_at <= %s GROUP BY person_id",
        [stamp(then), *ids, *rules.HUMAN_KINDS, stamp(now)],
    )
    return {
        pid: (None if last is None else sql.aware(last), None if then_ is None else sql.aware(then_))
        for pid, last, then_ in rows
    }


# The sums of one person's tickets as of a moment, in the order _sums_at gives them: (name, SQL, parameters
# per moment). Written out rather than built with the ORM, which took 5 ms of Python to compose the 18
# filtered aggregates of a 1 ms query (a customer page recomputes them on every view).
_RATED = "COALESCE(rated_at, resolved_at)"
_DONE = "COALESCE(resolved_at, closed_at)"
_OPEN = (
    "opened_at <= %(at)s AND (resolved_at IS NULL OR resolved_at > %(at)s)"
    " AND (closed_at IS NULL OR closed_at > %(at)s) AND status NOT IN (%(done)s)"
)
_RATED_IN = f"{_RATED} > %(rated_since)s AND {_RATED} <= %(at)s AND satisfaction_positive IS NOT NULL"
_FRICTION = "opened_at > %(friction_since)s AND opened_at <= %(at)s"
_SUMS = (
    ("recent", "COUNT(*) FILTER (WHERE opened_at > %(busy_since)s AND opened_at <= %(at)s)"),
    ("reopens", f"COALESCE(SUM(reopens) FILTER (WHERE {_FRICTION}), 0)"),
    ("waits", f"COUNT(*) FILTER (WHERE {_FRICTION} AND requester_wait_minutes > %(long_wait)s)"),
    ("stale", f"COUNT(*) FILTER (WHERE {_OPEN} AND opened_at <= %(stale_before)s)"),
    ("open", f"COUNT(*) FILTER (WHERE {_OPEN})"),
    ("ratings", f"COUNT(*) FILTER (WHERE {_RATED_IN})"),
    ("positive", f"COUNT(*) FILTER (WHERE {_RATED_IN} AND satisfaction_positive = %(yes)s)"),
    ("bad", f"MAX({_RATED}) FILTER (WHERE satisfaction_positive = %(no)s AND {_RATED} <= %(at)s)"),
    ("resolved", f"MAX({_DONE}) FILTER (WHERE {_DONE} <= %(at)s)"),
)
_MOMENTS = frozenset({"bad", "resolved"})


def _bind(template: str, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """`template` with each %(name)s turned into %s (one per item of a tuple), and the values in order."""
    params: list[Any] = []

    def place(match: re.Match[str]) -> str:
        value = values[match.group(1)]
        if isinstance(value, tuple):
            params.extend(value)
            return ", ".join(["%s"] * len(value))
        params.append(value)
        return "%s"

    return _PLACEHOLDER.sub(place, template), params


def _sums_at(moment: datetime) -> tuple[list[str], list[Any]]:
    """The SELECT terms of _SUMS as of `moment`, with their parameters in order."""
    stamp = connection.ops.adapt_datetimefield_value
    values: dict[str, Any] = {
        "at": stamp(moment),
        "busy_since": stamp(moment - timedelta(days=rules.BUSY_DAYS)),
        "friction_since": stamp(moment - timedelta(days=rules.FRICTION_DAYS)),
        "rated_since": stamp(moment - timedelta(days=rules.SATISFACTION_DAYS)),
        "stale_before": stamp(moment - timedelta(days=rules.STALE_OPEN_DAYS)),
        "long_wait": float(rules.LONG_WAIT_MINUTES),
        "done": DONE_STATUSES,
        "yes": True,
        "no": False,
    }
    terms: list[str] = []
    params: list[Any] = []
    for _, template in _SUMS:
        term, bound = _bind(template, values)
        terms.append(term)
        params.extend(bound)
    return terms, params


def ticket_sums(*, person_ids: Iterable[int], now: datetime, then: datetime) -> dict[int, dict[str, Any]]:
    """Per person: the ticket aggregates as of `now` (`sum_open`...) and of `then` (`sum_open_then`...)."""
    ids = list(person_ids)
    if not ids:
        return {}
    now_terms, now_params = _sums_at(now)
    then_terms, then_params = _sums_at(then)
    names = [f"sum_{name}{suffix}" for suffix in ("", "_then") for name, _ in _SUMS]
    moments = {f"sum_{name}{suffix}" for suffix in ("", "_then") for name in _MOMENTS}
    rows = sql.fetch(
        f"SELECT person_id, {', '.join(now_terms + then_terms)} FROM {sql.table(Ticket)}"
        f" WHERE person_id IN ({', '.join(['%s'] * len(ids))}) GROUP BY person_id",
        [*now_params, *then_params, *ids],
    )
    found: dict[int, dict[str, Any]] = {}
    for person_id, *sums in rows:
        found[person_id] = {
            name: (None if value is None else sql.aware(value)) if name in moments else int(value)
            for name, value in zip(names, sums, strict=True)
        }
    return found


def team_rating_shares(
    *, since: datetime, until: datetime, team_ids: Iterable[int] | None = None
) -> dict[int | None, tuple[int, int]]:
    """Per team (None: tickets without one): (ratings, positive ones) rated in the window."""
    tickets = Ticket.objects.all()
    if team_ids is not None:
        # A rating comes after its ticket opened: the (team, opened_at) index bounds the scan.
        tickets = tickets.filter(team_id__in=list(team_ids), opened_at__lte=until)
    rows = (
        tickets.alias(rated=Coalesce("rated_at", "resolved_at"))
        .filter(rated__gt=since, rated__lte=until, satisfaction_positive__isnull=False)
        .values("team_id")
        .annotate(n=Count("pk"), good=Count("pk", filter=Q(satisfaction_positive=True)))
        .values_list("team_id", "n", "good")
    )
    return {team: (n, good) for team, n, good in rows}


def team_names(*, team_ids: Iterable[int]) -> dict[int, str]:
    return dict(Team.objects.filter(pk__in=list(team_ids)).values_list("pk", "name"))


# --- the kept health -----------------------------------------------------------------------------------


def write_health(*, rows: list[CustomerHealth]) -> None:
    """Replace the kept health of these people (a merge may have left two rows for one).

    The people's rows are locked first, in id order: two web workers refreshing the same customers then
    take turns, and the second one's delete sees the first one's rows instead of leaving two.
    """
    ids = sorted({r.person_id for r in rows})
    with transaction.atomic():
        list(
            Person.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        )
        CustomerHealth.objects.filter(person_id__in=ids).delete()
        CustomerHealth.objects.bulk_create(rows)


def kept_health_matches(*, row: CustomerHealth) -> bool:
    """Whether the person's one kept row, computed the same day, already says what `row` says."""
    kept = list(CustomerHealth.objects.filter(person_id=row.person_id)[:2])
    if len(kept) != 1:
        return False
    old = kept[0]
    fields = ("score", "band", "score_before", "trend", "last_human_touch", "open_tickets", "recent_tickets",
              "nudge", "factors", "nudges", "computed_on")  # fmt: skip
    return all(getattr(old, name) == getattr(row, name) for name in fields)


def _served_by(teams: list[int] | None) -> tuple[str, list[int]]:
    """SQL that keeps the kept health (`h`) of people these teams serve; nothing to add for everyone."""
    if teams is None:
        return "", []
    if not teams:
        return " AND 1 = 0", []
    marks = ", ".join(["%s"] * len(teams))
    through = sql.table(Person.teams.through)
    return (
        f" AND EXISTS (SELECT 1 FROM {through} s WHERE s.person_id = h.person_id AND s.team_id IN ({marks}))",
        teams,
    )


# The board's reads are written out: the ORM took 2 ms of Python to compose each of them (a subquery in a
# subquery for the teams), for queries that take a fraction of that. `teams` None means everyone.


def stale_customer_ids(*, teams: list[int] | None, today: date, limit: int | None) -> list[int]:
    """Customers these teams serve whose kept health was computed before today, the oldest first."""
    served, params = _served_by(teams)
    text = (
        f"SELECT h.person_id FROM {sql.table(CustomerHealth)} h WHERE h.computed_on < %s{served}"
        " ORDER BY h.computed_on, h.person_id"
    )
    values: list[Any] = [connection.ops.adapt_datefield_value(today), *params]
    if limit is not None:
        text += " LIMIT %s"
        values.append(limit)
    return [person_id for (person_id,) in sql.fetch(text, values)]


def customers_marker() -> tuple[int, int, int]:
    """Moves whenever someone may have become a customer: a new ticket, a new team served, a kind named.

    Three index lookups in one statement, so that readers can look for customers without kept health only
    when it moved.
    """
    through = sql.table(Person.teams.through)
    [(tickets, served, named)] = sql.fetch(
        f"SELECT (SELECT MAX(id) FROM {sql.table(Ticket)}), (SELECT MAX(id) FROM {through}),"
        f" (SELECT COUNT(*) FROM {sql.table(Person)} WHERE relationship_kind = %s)",
        ["customer"],
    )
    return (int(tickets or 0), int(served or 0), int(named))


def unscored_customer_ids(*, visible: QuerySet[Person], limit: int | None) -> list[int]:
    """Visible customers with no kept health yet (new since the last refresh)."""
    kept = CustomerHealth.objects.filter(person_id=OuterRef("pk"))
    found = customers(visible=visible).filter(~Exists(kept)).order_by("pk").values_list("pk", flat=True)
    return list(found if limit is None else found[:limit])


@dataclass(frozen=True, slots=True)
class KeptHealth:
    """What a list shows of a customer's kept health (the factors stay for their page)."""

    score: int
    band: str
    trend: str
    last_human_touch: datetime | None
    open_tickets: int
    recent_tickets: int
    nudge: str
    nudges: list[dict[str, str]]
    computed_on: date


_LISTED = tuple(field.name for field in dataclasses.fields(KeptHealth))


@dataclass(frozen=True, slots=True)
class HealthRow:
    person_id: int
    name: str
    company: str
    health: KeptHealth


def _search(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Text with an @ looks in e-mail addresses; other text in names and organizations."""
    words = text.strip()
    if not words:
        return people
    if "@" in words:
        email = Identity.objects.filter(
            person_id=OuterRef("pk"), kind=Identity.Kind.EMAIL, value__icontains=words.casefold()
        )
        return people.filter(Exists(email))
    return people.filter(Q(display_name__icontains=words) | Q(company__icontains=words))


def _kept(visible: QuerySet[Person], *, search: str = "", team: str = "") -> QuerySet[CustomerHealth]:
    """Kept health of visible people (a person with kept health is a customer), filtered when asked."""
    people = visible
    if team:
        served = Person.teams.through.objects.filter(person_id=OuterRef("pk"), team__name=team)
        people = people.filter(Exists(served))
    people = _search(people, search)
    if people.query.is_empty():
        return CustomerHealth.objects.none()
    if people.query.where:  # a filter to apply (an admin with no search sees every row)
        return CustomerHealth.objects.filter(person__in=people.values("pk"))
    return CustomerHealth.objects.all()


def _rows(kept: QuerySet[CustomerHealth]) -> list[HealthRow]:
    """Plain rows, not models: a board reads 30 of them per view, and a list page 50."""
    found = kept.values_list("person_id", "person__display_name", "person__company", *_LISTED)
    return [HealthRow(pid, name, company, KeptHealth(*listed)) for pid, name, company, *listed in found]


def kept_health(*, person_ids: list[int]) -> dict[int, KeptHealth]:
    """The kept health of these people, by person (for a list's rows just recomputed)."""
    found = CustomerHealth.objects.filter(person_id__in=person_ids).values_list("person_id", *_LISTED)
    return {pid: KeptHealth(*listed) for pid, *listed in found}


def health_page(
    *, visible: QuerySet[Person], search: str, team: str, offset: int, limit: int
) -> tuple[list[HealthRow], int]:
    """One page of visible customers' kept health, worst first, and how many there are in all."""
    kept = _kept(visible, search=search, team=team)
    total = kept.count()
    # Sort narrow rows, then read the page's wide ones (factors and nudges): deep pages stay in memory.
    ids = list(kept.order_by("score", "person_id").values_list("pk", flat=True)[offset : offset + limit])
    page = CustomerHealth.objects.filter(pk__in=ids).order_by("score", "person_id")
    return _rows(page), total


def _worst(condition: str, params: list[Any], *, teams: list[int] | None, limit: int) -> list[HealthRow]:
    """The kept health matching `condition` of people these teams serve, the worst first."""
    served, team_params = _served_by(teams)
    columns = ", ".join(f"h.{name}" for name in _LISTED)
    rows = sql.fetch(
        f"SELECT h.person_id, p.display_name, p.company, {columns} FROM {sql.table(CustomerHealth)} h"
        f" JOIN {sql.table(Person)} p ON p.id = h.person_id WHERE {condition}{served}"
        " ORDER BY h.score, h.person_id LIMIT %s",
        [*params, *team_params, limit],
    )
    found = []
    for person_id, name, company, *listed in rows:
        kept = dict(zip(_LISTED, listed, strict=True))
        touch, computed_on = kept["last_human_touch"], kept["computed_on"]
        kept |= {
            "last_human_touch": None if touch is None else sql.aware(touch),
            "nudges": sql.json_value(kept["nudges"]),
            "computed_on": sql.day(computed_on),
        }
        found.append(HealthRow(person_id, name, company, KeptHealth(**kept)))
    return found


def nudged(*, teams: list[int] | None, limit: int) -> list[HealthRow]:
    """Customers these teams serve with something to do, the worst health first."""
    return _worst("h.nudge_count > %s", [0], teams=teams, limit=limit)


def at_risk(*, teams: list[int] | None, limit: int) -> list[HealthRow]:
    return _worst("h.band = %s", ["red"], teams=teams, limit=limit)


# --- one customer's tickets ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketLine:
    ticket_id: int
    key: str
    subject: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    agent: str
    team: str
    reopens: int
    satisfaction_raw: str
    satisfaction_score: int | None  # 0-100
    satisfaction_positive: bool | None
    satisfaction_comment: str


def _score(value: float | None, low: float | None, high: float | None) -> int | None:
    if value is None or low is None or high is None or high == low:
        return None
    return round(100 * (value - low) / (high - low))


_TICKET_COLUMNS = (
    "pk", "key", "subject", "status", "opened_at", "resolved_at", "closed_at", "reopens",
    "satisfaction_raw", "satisfaction_value", "satisfaction_min", "satisfaction_max",
    "satisfaction_positive", "satisfaction_comment",
    "team__name", "agent_id", "agent__staff__display_name", "agent__first_name", "agent__last_name",
    "agent__username",
)  # fmt: skip


def person_tickets(*, person_id: int, offset: int, limit: int) -> tuple[list[TicketLine], bool]:
    """A page of one person's tickets, newest first, and whether there are older ones."""
    # Plain values, not Ticket, User, StaffProfile and Team models: four models a line cost more than the
    # query did.
    rows = list(
        Ticket.objects.filter(person_id=person_id)
        .order_by("-opened_at", "-pk")
        .values_list(*_TICKET_COLUMNS)[offset : offset + limit + 1]
    )
    lines = []
    for row in rows[:limit]:
        t = dict(zip(_TICKET_COLUMNS, row, strict=True))
        agent = ""
        if t["agent_id"] is not None:
            full_name = f"{t['agent__first_name']} {t['agent__last_name']}".strip()
            agent = t["agent__staff__display_name"] or full_name or t["agent__username"]
        lines.append(
            TicketLine(
                t["pk"],
                t["key"],
                t["subject"],
                t["status"],
                t["opened_at"],
                t["resolved_at"] or t["closed_at"],
                agent,
                t["team__name"] or "",
                t["reopens"],
                t["satisfaction_raw"],
                _score(t["satisfaction_value"], t["satisfaction_min"], t["satisfaction_max"]),
                t["satisfaction_positive"],
                t["satisfaction_comment"],
            )
        )
    return lines, len(rows) > limit


def set_sentiment(*, person_id: int, sentiment: str) -> None:
    Person.objects.filter(pk=person_id).update(staff_sentiment=sentiment)
