"""The health of every relationship, with its trend: three set-based queries, then the pure rules.

The trend compares today's score with the score 30 days ago, computed from the same data as it stood then
(the newest touch then, the interactions in the 180 days before then, the follow-ups open then).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from meetfirst.core import health as rules
from meetfirst.core.health import Health, Signals
from meetfirst.core.policy import Policy
from meetfirst.services.nurture import local_day, tracked_kinds
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
    today, before_day = local_day(now, zone), local_day(before, zone)
    rows = nurture_queries.tracked_people(kinds=kinds, now=now, before=before, person_ids=person_ids)
    counts = nurture_queries.exchanges(
        kinds=kinds, now=now, before=before, days=rules.WINDOW_DAYS, person_ids=person_ids
    )
    follow_ups = nurture_queries.follow_up_counts(
        kinds=kinds, today=today, before=before, before_day=before_day, person_ids=person_ids
    )
    found = []
    empty = (Exchanges(), Exchanges())
    no_follow_ups = FollowUpCounts()
    for row in rows:
        cadence = policy.cadence_for(row.kind, row.cadence_days)
        if cadence is None:
            continue
        seen = counts.get(row.person_id, empty)
        open_ = follow_ups.get(row.person_id, no_follow_ups)
        earlier = None
        if row.since is None or row.since <= before_day:
            touch = row.last_touch_before
            then = Signals(
                person_id=row.person_id,
                name=row.name,
                kind=row.kind,
                cadence_days=cadence,
                last_touch=local_day(touch, zone) if touch else None,
                since=row.since,
                interactions=seen[1].total,
                outgoing=seen[1].outgoing,
                incoming=seen[1].incoming,
                open_follow_ups=open_.open_before,
                overdue_follow_ups=open_.overdue_before,
            )
            earlier = rules.points(then, before_day)
        touch = row.last_touch
        current = Signals(
            person_id=row.person_id,
            name=row.name,
            kind=row.kind,
            cadence_days=cadence,
            last_touch=local_day(touch, zone) if touch else None,
            since=row.since,
            interactions=seen[0].total,
            outgoing=seen[0].outgoing,
            incoming=seen[0].incoming,
            open_follow_ups=open_.open_now,
            overdue_follow_ups=open_.overdue_now,
            snoozed_until=row.snoozed_until,
        )
        found.append(rules.score(current, today, before=earlier))
    return sorted(found, key=lambda h: (COLOUR_ORDER[h.colour], h.score, h.name.casefold(), h.person_id))


def health_of(person: str, *, now: datetime, policy: Policy | None = None) -> Health | None:
    """The health of one person's relationship, or None when it is not tracked."""
    who = find_person(person)
    found = health_all(now=now, policy=policy, person_ids=[who.pk])
    return found[0] if found else None
