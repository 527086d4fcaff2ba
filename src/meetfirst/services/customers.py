"""Customers as people: their health, the nudges to reach out, and the lists the board and pages show.

The health of every visible customer is kept in CustomerHealth so that lists sort and page in SQL. A
person's page recomputes that person's health (a few indexed queries); a list recomputes at most
LAZY_REFRESH customers whose health is older than today, plus the rows it shows; `meetfirst customers`
recomputes all of them. `user` None is the command line, the local admin, who sees everyone.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from meetfirst.core import customer_health as rules
from meetfirst.core.customer_health import Health, Prior, Signals
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import team_access
from meetfirst.services.policy import load_policy
from meetfirst.store import customer_queries as queries
from meetfirst.store.customer_queries import HealthRow, PersonFacts, TicketLine
from meetfirst.store.models import CustomerHealth, Person

log = logging.getLogger(__name__)

PER_PAGE = 50
TICKETS_PER_PAGE = 10
BATCH = 500
LAZY_REFRESH = 200
MEANS_SECONDS = 600.0
BOARD_LIMIT = 15

AnyUser = User | AnonymousUser | None


def visible(user: AnyUser) -> QuerySet[Person]:
    return Person.objects.all() if user is None else team_access.visible_people(user)


def visible_teams(user: AnyUser) -> list[int] | None:
    """The teams whose customers the reader sees: None for everyone, [] for nobody."""
    return None if user is None else team_access.visible_teams(user)


def require_customer_access(user: AnyUser, person_id: int) -> None:
    """NotFound (a 404) unless the person exists and the account may see them."""
    if user is None:
        if not Person.objects.filter(pk=person_id).exists():
            raise NotFound(f"no person has the id {person_id}")
        return
    team_access.require_person(user, person_id)


def default_cadence() -> int:
    return load_policy().cadence_for("customer", None) or rules.DEFAULT_CADENCE_DAYS


# --- computing health ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Means:
    """Satisfaction shares to shrink a few ratings toward: per team, and over everyone."""

    teams: dict[int | None, tuple[int, int]]
    names: dict[int, str]

    def prior(self, team_ids: tuple[int, ...]) -> Prior | None:
        rated = [(tid, *self.teams[tid]) for tid in team_ids if self.teams.get(tid, (0, 0))[0]]
        if rated:
            n = sum(r[1] for r in rated)
            label = f"team {self.names.get(rated[0][0], '')}" if len(rated) == 1 else "their teams"
            return Prior(sum(r[2] for r in rated) / n, label)
        n = sum(v[0] for v in self.teams.values())
        good = sum(v[1] for v in self.teams.values())
        return Prior(good / n, "all customers") if n else None


# Satisfaction means by (day, teams asked), kept for MEANS_SECONDS; under them, each team's own share by
# (day, team): a customer served by two teams then costs no new scan once both teams were asked about
# (a scan of one team's tickets took a sixth of a second on the team benchmark, and its 50 agents open
# customers of dozens of team pairs).
_means_kept: dict[tuple[object, ...], tuple[float, Means]] = {}
_team_shares_kept: dict[tuple[date, int], tuple[float, tuple[int, int]]] = {}


def forget_kept_means() -> None:
    """Drop the kept means and the unscored checks (tests that change tickets between two readings)."""
    _means_kept.clear()
    _team_shares_kept.clear()
    _unscored_checked.clear()


def _team_shares(now: datetime, since: datetime, team_ids: set[int]) -> dict[int | None, tuple[int, int]]:
    """(ratings, positive ones) of each of these teams that has ratings in the window; scans only the
    teams not kept yet."""
    day, moment = now.date(), time.monotonic()
    shares: dict[int | None, tuple[int, int]] = {}
    missing: list[int] = []
    for team in sorted(team_ids):
        kept = _team_shares_kept.get((day, team))
        if kept is not None and moment - kept[0] < MEANS_SECONDS:
            if kept[1][0]:
                shares[team] = kept[1]
        else:
            missing.append(team)
    if missing:
        found = queries.team_rating_shares(since=since, until=now, team_ids=missing)
        if len(_team_shares_kept) > 10_000:
            _team_shares_kept.clear()
        for team in missing:
            value = found.get(team, (0, 0))
            _team_shares_kept[(day, team)] = (moment, value)
            if value[0]:
                shares[team] = value
    return shares


def _means(now: datetime, team_ids: set[int] | None) -> Means:
    """The shares of all teams (None), or of these teams, falling back to everyone's when none is rated."""
    key = (now.date(), None if team_ids is None else frozenset(team_ids))
    kept = _means_kept.get(key)
    if kept is not None and time.monotonic() - kept[0] < MEANS_SECONDS:
        return kept[1]
    since = now - timedelta(days=rules.SATISFACTION_DAYS)
    shares: dict[int | None, tuple[int, int]] = {}
    if team_ids:
        shares = _team_shares(now, since, team_ids)
    if not any(n for n, _ in shares.values()):
        shares = queries.team_rating_shares(since=since, until=now)
    names = queries.team_names(team_ids=[t for t in shares if t is not None])
    found = Means(shares, names)
    if len(_means_kept) > 1000:
        _means_kept.clear()
    _means_kept[key] = (time.monotonic(), found)
    return found


def _signals(
    facts: PersonFacts, cadence: int, touch: datetime | None, sums: dict[str, object], suffix: str
) -> Signals:
    def number(key: str) -> int:
        value = sums.get(f"sum_{key}{suffix}")
        return int(value) if isinstance(value, int | float) else 0

    def moment(key: str) -> datetime | None:
        value = sums.get(f"sum_{key}{suffix}")
        return value if isinstance(value, datetime) else None

    return Signals(
        cadence_days=facts.cadence_days or cadence,
        last_human_touch=touch,
        tickets_recent=number("recent"),
        reopens=number("reopens"),
        long_waits=number("waits"),
        stale_open=number("stale"),
        open_tickets=number("open"),
        ratings=number("ratings"),
        positive=number("positive"),
        sentiment=facts.sentiment,
        last_bad_rating=moment("bad"),
        last_resolved=moment("resolved"),
    )


@dataclass(frozen=True, slots=True)
class Assessed:
    person_id: int
    name: str
    health: Health
    signals: Signals


def assess(person_ids: list[int], *, now: datetime, means: Means | None = None) -> list[Assessed]:
    """The health of these people now (and 30 days ago, for the trend), from a few grouped queries."""
    then = now - timedelta(days=rules.TREND_DAYS)
    facts = queries.person_facts(person_ids=person_ids)
    if means is None:
        means = _means(now, {t for f in facts.values() for t in f.team_ids})
    touches = queries.last_human_touches(person_ids=person_ids, now=now, then=then)
    sums = queries.ticket_sums(person_ids=person_ids, now=now, then=then)
    cadence = default_cadence()
    found = []
    for pid in person_ids:
        fact = facts.get(pid)
        if fact is None:
            continue
        touch_now, touch_then = touches.get(pid, (None, None))
        own = sums.get(pid, {})
        current = _signals(fact, cadence, touch_now, own, "")
        before = _signals(fact, cadence, touch_then, own, "_then")
        health = rules.assess(fact.name, current, now, means.prior(fact.team_ids), before)
        found.append(Assessed(pid, fact.name, health, current))
    return found


def _row(item: Assessed, now: datetime) -> CustomerHealth:
    health = item.health
    return CustomerHealth(
        person_id=item.person_id,
        score=health.score,
        band=health.band,
        score_before=health.score_before,
        trend=health.trend,
        last_human_touch=item.signals.last_human_touch,
        open_tickets=item.signals.open_tickets,
        recent_tickets=item.signals.tickets_recent,
        nudge_count=len(health.nudges),
        nudge=health.nudges[0].text[:500] if health.nudges else "",
        factors=[f.as_dict() for f in health.factors],
        nudges=[n.as_dict() for n in health.nudges],
        computed_on=now.date(),
        computed_at=now,
    )


def refresh(person_ids: list[int], *, now: datetime) -> int:
    """Recompute and keep the health of these people, in batches; returns how many."""
    if not person_ids:
        return 0
    means = _means(now, None)
    done = 0
    for start in range(0, len(person_ids), BATCH):
        found = assess(person_ids[start : start + BATCH], now=now, means=means)
        queries.write_health(rows=[_row(item, now) for item in found])
        done += len(found)
    return done


# What the store's customers marker was when readers of each set of teams (None: everyone's) last looked
# for customers without kept health. By teams, not by account: the agents of one team see the same
# customers, and the look took a tenth of a second per team on the team benchmark, in every worker.
_unscored_checked: dict[tuple[int, ...] | None, tuple[int, int, int]] = {}


def refresh_stale(user: AnyUser, *, now: datetime, limit: int | None = LAZY_REFRESH) -> int:
    """Recompute the visible customers not computed today (all of them when `limit` is None).

    Customers with no kept health at all (new since the last refresh) are looked for every time when
    `limit` is None, else whenever the store's customers marker has moved since this reader last looked
    (a new ticket, a team serving someone new, a relationship named customer), from any process.
    """
    teams = visible_teams(user)
    todo = queries.stale_customer_ids(teams=teams, today=now.date(), limit=limit)
    reader = None if teams is None else tuple(sorted(set(teams)))
    marker = queries.customers_marker()
    if limit is None or _unscored_checked.get(reader) != marker:
        room = None if limit is None else max(0, limit - len(todo))
        if room is None or room:
            found = queries.unscored_customer_ids(visible=visible(user), limit=room)
            todo += found
            if room is None or len(found) < room:
                _unscored_checked[reader] = marker  # every new customer found: nothing left to look for
    if todo:
        log.info("refreshing the health of %d customers", len(todo))
    return refresh(todo, now=now)


# --- lists -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    person_id: int
    name: str
    company: str
    score: int
    band: str
    trend: str
    last_human_touch: datetime | None
    open_tickets: int
    recent_tickets: int
    nudge: str
    nudges: list[dict[str, str]]

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓"}.get(self.trend, "→")

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.person_id,
            "name": self.name,
            "company": self.company,
            "score": self.score,
            "band": self.band,
            "trend": self.trend,
            "last_human_touch": self.last_human_touch,
            "open_tickets": self.open_tickets,
            "tickets_90_days": self.recent_tickets,
            "nudges": self.nudges,
        }


def _summary(row: HealthRow) -> CustomerSummary:
    h = row.health
    return CustomerSummary(
        row.person_id,
        row.name,
        row.company,
        h.score,
        h.band,
        h.trend,
        h.last_human_touch,
        h.open_tickets,
        h.recent_tickets,
        h.nudge,
        list(h.nudges),
    )


@dataclass(frozen=True, slots=True)
class CustomerPage:
    items: list[CustomerSummary]
    total: int
    page: int
    per_page: int
    search: str

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "customers": [c.as_dict() for c in self.items],
        }


def _fresh(rows: list[HealthRow], user: AnyUser, now: datetime) -> list[HealthRow]:
    """The page's rows, those computed before today recomputed (the page keeps its order)."""
    stale = [r.person_id for r in rows if r.health.computed_on < now.date()]
    if not stale:
        return rows
    refresh(stale, now=now)
    kept = queries.kept_health(person_ids=stale)
    return [HealthRow(r.person_id, r.name, r.company, kept.get(r.person_id, r.health)) for r in rows]


def customer_list(
    user: AnyUser,
    *,
    now: datetime,
    search: str = "",
    team: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
    refresh_limit: int | None = LAZY_REFRESH,
) -> CustomerPage:
    """A page of the visible customers, the worst health first; search by name, e-mail or organization."""
    if team and not queries.team_exists(name=team):
        raise BadInput(f"no team is called {team!r}")
    if len(search) > 200:
        raise BadInput("a search has at most 200 characters")
    refresh_stale(user, now=now, limit=refresh_limit)
    page = max(1, page)
    rows, total = queries.health_page(
        visible=visible(user), search=search, team=team, offset=(page - 1) * per_page, limit=per_page
    )
    items = [_summary(r) for r in _fresh(rows, user, now)]
    return CustomerPage(items, total, page, per_page, search)


def nudged(
    user: AnyUser, *, now: datetime, limit: int = BOARD_LIMIT, refresh_limit: int | None = LAZY_REFRESH
) -> list[CustomerSummary]:
    """Visible customers with a nudge, the worst health first."""
    refresh_stale(user, now=now, limit=refresh_limit)
    found = queries.nudged(teams=visible_teams(user), limit=limit)
    return [_summary(r) for r in _fresh(found, user, now)]


def at_risk(user: AnyUser, *, now: datetime, limit: int = BOARD_LIMIT) -> list[CustomerSummary]:
    refresh_stale(user, now=now)
    found = queries.at_risk(teams=visible_teams(user), limit=limit)
    return [_summary(r) for r in _fresh(found, user, now)]


def board(
    user: AnyUser, *, now: datetime, limit: int = BOARD_LIMIT
) -> tuple[list[CustomerSummary], list[CustomerSummary]]:
    """The agent board's lists, as nudged() then at_risk() give them: the nudged and those at risk.

    The second refresh is skipped when the first left nothing stale (it did fewer than it may).
    """
    done = refresh_stale(user, now=now)
    teams = visible_teams(user)
    nudges = [_summary(r) for r in _fresh(queries.nudged(teams=teams, limit=limit), user, now)]
    if done >= LAZY_REFRESH:
        refresh_stale(user, now=now)
    risks = [_summary(r) for r in _fresh(queries.at_risk(teams=teams, limit=limit), user, now)]
    return nudges, risks


# --- one customer ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerDetail:
    person_id: int
    health: Health
    signals: Signals

    @property
    def last_human_touch(self) -> datetime | None:
        return self.signals.last_human_touch

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.person_id,
            **self.health.as_dict(),
            "last_human_touch": self.last_human_touch,
            "open_tickets": self.signals.open_tickets,
        }


def is_customer(person: int | Person) -> bool:
    """Whether someone is a customer; a person already read who is named customer needs no query."""
    if isinstance(person, Person) and person.relationship_kind == "customer":
        return True
    return queries.is_customer(person_id=person.pk if isinstance(person, Person) else person)


def customer_detail(user: AnyUser, person_id: int, *, now: datetime) -> CustomerDetail:
    """One customer's health now, recomputed and kept."""
    require_customer_access(user, person_id)
    found = assess([person_id], now=now)
    if not found:
        raise NotFound(f"no person has the id {person_id}")
    row = _row(found[0], now)
    if not queries.kept_health_matches(row=row):  # a page view writes only when something changed
        queries.write_health(rows=[row])
    return CustomerDetail(person_id, found[0].health, found[0].signals)


@dataclass(frozen=True, slots=True)
class TicketPage:
    person_id: int
    items: list[TicketLine]
    page: int
    has_older: bool


def tickets(user: AnyUser, person_id: int, *, page: int = 1) -> TicketPage:
    require_customer_access(user, person_id)
    page = max(1, page)
    items, older = queries.person_tickets(
        person_id=person_id, offset=(page - 1) * TICKETS_PER_PAGE, limit=TICKETS_PER_PAGE
    )
    return TicketPage(person_id, items, page, older)


def set_sentiment(user: AnyUser, person_id: int, sentiment: str, *, now: datetime) -> CustomerDetail:
    """The staff's feeling about the relationship: healthy, neutral, at-risk, or "" to clear it."""
    if sentiment not in ("", *rules.SENTIMENTS):
        raise BadInput(f"sentiment is one of {', '.join(rules.SENTIMENTS)} (or empty), not {sentiment!r}")
    require_customer_access(user, person_id)
    queries.set_sentiment(person_id=person_id, sentiment=sentiment)
    return customer_detail(user, person_id, now=now)
