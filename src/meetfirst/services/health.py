"""The health of every relationship, with its trend: three set-based queries, then the pure rules.

The trend compares today's score with the score 30 days ago, computed from the same data as it stood then
(the newest touch then, the interactions in the 180 days before then, the follow-ups open then).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from meetfirst.core import health as rules
from meetfirst.core.health import Health, Signals
from meetfirst.core.policy import Policy
from meetfirst.services.nurture import local_day, signals_of, tracked_kinds
from meetfirst.services.people import find_person
from meetfirst.services.policy import load_policy, owner_zone
from meetfirst.store import nurture_queries
from meetfirst.store.nurture_queries import Exchanges, FollowUpCounts

COLOUR_ORDER = {"red": 0, "amber": 1, "green": 2}


def health_all(
    *, now: datetime, policy: Policy | None = None, person_ids: list[int] | None = None
) -> list[Health]:
    """The health of every tracked relationship (or of these people), worst first, then by name and id."""
    policy = policy or load_policy()
    zone = owner_zone(policy)
    kinds = tracked_kinds(policy)
    before = now - timedelta(days=rules.TREND_DAYS)
    window = timedelta(days=rules.WINDOW_DAYS)
    today, before_day = local_day(now, zone), local_day(before, zone)
    rows = nurture_queries.tracked_people(kinds=kinds, now=now, before=before, person_ids=person_ids)
    counts = nurture_queries.exchanges(
        kinds=kinds, windows=[(now - window, now), (before - window, before)], person_ids=person_ids
    )
    follow_ups = nurture_queries.follow_up_counts(
        kinds=kinds, today=today, before=before, before_day=before_day, person_ids=person_ids
    )
    found = []
    for row in rows:
        base = signals_of(row, policy, zone)
        if base is None:
            continue
        seen = counts.get(row.person_id, [Exchanges(), Exchanges()])
        open_ = follow_ups.get(row.person_id, FollowUpCounts())
        current = rules.score(_with(base, seen[0], open_.open_now, open_.overdue_now), today)
        earlier = None
        started = row.since is None or row.since <= before_day
        if started:
            then = signals_of(row, policy, zone, before=True)
            assert then is not None
            earlier = rules.score(_with(then, seen[1], open_.open_before, open_.overdue_before), before_day)
        found.append(rules.with_trend(current, earlier))
    return sorted(found, key=lambda h: (COLOUR_ORDER[h.colour], h.score, h.name.casefold(), h.person_id))


def health_of(person: str, *, now: datetime, policy: Policy | None = None) -> Health | None:
    """The health of one person's relationship, or None when it is not tracked."""
    who = find_person(person)
    found = health_all(now=now, policy=policy, person_ids=[who.pk])
    return found[0] if found else None


def _with(signals: Signals, seen: Exchanges, open_: int, overdue: int) -> Signals:
    return replace(
        signals,
        interactions=seen.total,
        outgoing=seen.outgoing,
        incoming=seen.incoming,
        open_follow_ups=open_,
        overdue_follow_ups=overdue,
    )
