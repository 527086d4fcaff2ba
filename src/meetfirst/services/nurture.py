"""Keep in touch: who is due today and why, and the user's answers (a cadence, a snooze, done).

`done` logs a note "checked in" from the owner: the timeline shows it, and like any interaction it resets
the person's clock. A snooze hides a person (or a follow-up) from the lists until the day it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.db import transaction

from meetfirst.core import health as rules
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.policy import Policy
from meetfirst.services.people import find_person
from meetfirst.services.policy import load_policy, owner_zone
from meetfirst.store import nurture_queries, people_queries
from meetfirst.store.nurture_queries import TrackedRow

CHECK_IN_TEXT = "checked in"
MAX_CADENCE_DAYS = 3650
MAX_SNOOZE_DAYS = 3650


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One line of the day's list: a person due for a touch, or a follow-up that falls due."""

    what: str  # "person" or "follow-up"
    item_id: int  # the person's id, or the follow-up's
    person_id: int
    name: str
    overdue_days: int  # 0 when due today
    due_on: date
    reason: str
    text: str = ""  # the follow-up's text

    def sort_key(self) -> tuple[int, str, str, int]:
        return (-self.overdue_days, self.name.casefold(), self.what, self.item_id)

    def as_dict(self) -> dict[str, object]:
        return {
            "what": self.what,
            "id": self.item_id,
            "person": {"id": self.person_id, "name": self.name},
            "due_on": self.due_on,
            "overdue_days": self.overdue_days,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    items: list[TodayItem]

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day, "items": [item.as_dict() for item in self.items]}


def local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def tracked_kinds(policy: Policy) -> list[str]:
    """The kinds of relationship the policy gives a cadence."""
    return sorted(kind for kind, days in policy.cadence.items() if days > 0)


def signals_of(
    row: TrackedRow, policy: Policy, zone: tzinfo, *, before: bool = False
) -> rules.Signals | None:
    """The cadence signals of a tracked row (counts left at zero), or None when it has no cadence."""
    cadence = policy.cadence_for(row.kind, row.cadence_days)
    if cadence is None:
        return None
    touch = row.last_touch_before if before else row.last_touch
    return rules.Signals(
        person_id=row.person_id,
        name=row.name,
        kind=row.kind,
        cadence_days=cadence,
        last_touch=local_day(touch, zone) if touch else None,
        since=row.since,
        snoozed_until=row.snoozed_until,
    )


def due_people(*, now: datetime, policy: Policy, within_days: int = 0) -> list[TodayItem]:
    """Tracked people due within `within_days` (0: due or overdue today), snoozed ones left out."""
    zone = owner_zone(policy)
    today = local_day(now, zone)
    items = []
    kinds = tracked_kinds(policy)
    # Ask the store for those who may be due (plus the week ahead): the day's list stays quick with
    # tens of thousands of relationships, of which only a few are due on any day.
    due_by = {kind: policy.cadence[kind] for kind in kinds}
    rows = nurture_queries.tracked_people(kinds=kinds, now=now, due_by=due_by, due_within_days=within_days)
    for row in rows:
        if row.snoozed_until is not None and today < row.snoozed_until:
            continue
        signals = signals_of(row, policy, zone)
        # The number first: the reason is only worded for the few who are due.
        if signals is None or rules.overdue_days(signals, today) < -within_days:
            continue
        where = rules.due(signals, today)
        assert where.due_on is not None
        items.append(
            TodayItem(
                what="person",
                item_id=row.person_id,
                person_id=row.person_id,
                name=row.name,
                overdue_days=where.overdue_days,
                due_on=where.due_on,
                reason=where.reason,
            )
        )
    return items


def due_follow_ups(*, today: date, within_days: int = 0) -> list[TodayItem]:
    """Follow-ups not done that fall due within `within_days`, snoozed ones left out."""
    items = []
    for row in nurture_queries.follow_ups_due(today=today, until=today + timedelta(days=within_days)):
        late = (today - row.due_on).days
        if late > 0:
            reason = f"follow-up overdue by {late} day{'s' if late != 1 else ''} (due {row.due_on})"
        elif late == 0:
            reason = "follow-up due today"
        else:
            reason = f"follow-up due on {row.due_on}"
        items.append(
            TodayItem(
                what="follow-up",
                item_id=row.follow_up_id,
                person_id=row.person_id,
                name=row.name,
                overdue_days=late,
                due_on=row.due_on,
                reason=reason,
                text=row.text,
            )
        )
    return items


def today(*, now: datetime, policy: Policy | None = None) -> Today:
    """Who is due or overdue today, and the follow-ups that fall due: most overdue first, then by name."""
    policy = policy or load_policy()
    day = local_day(now, owner_zone(policy))
    items = due_people(now=now, policy=policy) + due_follow_ups(today=day)
    return Today(day, sorted(items, key=TodayItem.sort_key))


@dataclass(frozen=True, slots=True)
class Kept:
    """A person's keep-in-touch settings after a change."""

    person_id: int
    name: str
    kind: str
    cadence_days: int | None  # None: not tracked
    own_cadence: bool
    snoozed_until: date | None
    next_due: date | None

    def as_dict(self) -> dict[str, object]:
        return {
            "person": {"id": self.person_id, "name": self.name},
            "kind": self.kind,
            "cadence_days": self.cadence_days,
            "own_cadence": self.own_cadence,
            "snoozed_until": self.snoozed_until,
            "next_due": self.next_due,
        }


def _kept(person_id: int, *, now: datetime, policy: Policy) -> Kept:
    zone = owner_zone(policy)
    rows = nurture_queries.tracked_people(kinds=tracked_kinds(policy), now=now, person_ids=[person_id])
    if not rows:
        person = people_queries.person_by_id(person_id=person_id)
        if person is None:
            raise NotFound(f"no person has the id {person_id}")
        return Kept(person_id, person.display_name, person.relationship_kind, None, False, None, None)
    row = rows[0]
    signals = signals_of(row, policy, zone)
    where = rules.due(signals, local_day(now, zone)) if signals else None
    return Kept(
        person_id=row.person_id,
        name=row.name,
        kind=row.kind,
        cadence_days=signals.cadence_days if signals else None,
        own_cadence=bool(row.cadence_days),
        snoozed_until=row.snoozed_until,
        next_due=where.due_on if where else None,
    )


def keep(person: str, *, every_days: int, now: datetime, policy: Policy | None = None) -> Kept:
    """Keep in touch with a person every N days (0: back to the default for their kind)."""
    policy = policy or load_policy()
    if not 0 <= every_days <= MAX_CADENCE_DAYS:
        raise BadInput(f"--every must be between 1 and {MAX_CADENCE_DAYS} days, or 0 for the kind's default")
    with transaction.atomic():
        who = find_person(person)
        nurture_queries.set_cadence(person_id=who.pk, days=every_days or None)
        return _kept(who.pk, now=now, policy=policy)


def snooze_until(*, today_is: date, until: date | None = None, days: int | None = None) -> date:
    """The end of a snooze from --until DATE or --days N (exactly one), which must be after today."""
    if (until is None) == (days is None):
        raise BadInput("give the end of the snooze with --until DATE or --days N (one of them)")
    if days is not None:
        if not 1 <= days <= MAX_SNOOZE_DAYS:
            raise BadInput(f"--days must be between 1 and {MAX_SNOOZE_DAYS}")
        return today_is + timedelta(days=days)
    assert until is not None
    if until <= today_is:
        raise BadInput(f"a snooze must end after today ({today_is}); {until} is not")
    return until


def snooze(
    person: str,
    *,
    until: date | None = None,
    days: int | None = None,
    now: datetime,
    policy: Policy | None = None,
) -> Kept:
    """Leave a person out of the day's list until a day (the day itself they are back)."""
    policy = policy or load_policy()
    end = snooze_until(today_is=local_day(now, owner_zone(policy)), until=until, days=days)
    with transaction.atomic():
        who = find_person(person)
        nurture_queries.set_snooze(person_id=who.pk, until=end)
        return _kept(who.pk, now=now, policy=policy)


def done(person: str, *, now: datetime, text: str = CHECK_IN_TEXT, policy: Policy | None = None) -> Kept:
    """Record that the owner got in touch: a note "checked in" (which resets the clock); a snooze ends."""
    policy = policy or load_policy()
    with transaction.atomic():
        who = find_person(person)
        nurture_queries.add_check_in(person_id=who.pk, at=now, text=text.strip() or CHECK_IN_TEXT)
        nurture_queries.set_snooze(person_id=who.pk, until=None)
        return _kept(who.pk, now=now, policy=policy)


@dataclass(frozen=True, slots=True)
class FollowUpState:
    follow_up_id: int
    person_name: str
    text: str
    due_on: date
    done_at: datetime | None
    snoozed_until: date | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.follow_up_id,
            "person": self.person_name,
            "text": self.text,
            "due_on": self.due_on,
            "done_at": self.done_at,
            "snoozed_until": self.snoozed_until,
        }


def _follow_up_state(follow_up_id: int) -> FollowUpState:
    found = nurture_queries.follow_up(follow_up_id=follow_up_id)
    if found is None:
        raise NotFound(f"no follow-up has the id {follow_up_id}")
    return FollowUpState(
        found.pk, found.person.display_name, found.text, found.due_on, found.done_at, found.snoozed_until
    )


def finish_follow_up(follow_up_id: int, *, now: datetime) -> FollowUpState:
    """Mark a follow-up done (doing it twice keeps the first time)."""
    with transaction.atomic():
        state = _follow_up_state(follow_up_id)
        if state.done_at is None:
            nurture_queries.finish_follow_up(follow_up_id=follow_up_id, at=now)
        return _follow_up_state(follow_up_id)


def snooze_follow_up(
    follow_up_id: int,
    *,
    until: date | None = None,
    days: int | None = None,
    now: datetime,
    policy: Policy | None = None,
) -> FollowUpState:
    """Leave a follow-up out of the day's list until a day."""
    policy = policy or load_policy()
    end = snooze_until(today_is=local_day(now, owner_zone(policy)), until=until, days=days)
    with transaction.atomic():
        state = _follow_up_state(follow_up_id)
        if state.done_at is not None:
            raise BadInput(f"follow-up {follow_up_id} is already done")
        nurture_queries.snooze_follow_up(follow_up_id=follow_up_id, until=end)
        return _follow_up_state(follow_up_id)
