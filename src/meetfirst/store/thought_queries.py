"""Thoughts the user added, and which thought was shown on which day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from meetfirst.store import sql
from meetfirst.store.models import Thought, ThoughtShown


@dataclass(frozen=True, slots=True)
class ThoughtRow:
    key: str
    text: str
    author: str
    work: str
    year: int | None


def user_thoughts() -> list[ThoughtRow]:
    # Written out, like shown_and_last_shown: every agent's board asks, and the ORM's Python cost more.
    rows = sql.fetch(f'SELECT "key", "text", author, work, "year" FROM {sql.table(Thought)} ORDER BY id')
    return [ThoughtRow(*row) for row in rows]


def existing_keys(*, keys: list[str]) -> set[str]:
    return set(Thought.objects.filter(key__in=keys).values_list("key", flat=True))


def add_thoughts(*, rows: list[ThoughtRow]) -> None:
    Thought.objects.bulk_create(
        [Thought(key=r.key, text=r.text, author=r.author, work=r.work, year=r.year) for r in rows],
        ignore_conflicts=True,
    )


def shown_on(*, day: date) -> str | None:
    return ThoughtShown.objects.filter(day=day).values_list("thought_key", flat=True).first()


def shown_and_last_shown(*, day: date) -> tuple[str | None, dict[str, date]]:
    """The thought shown on a day (None yet), and for every thought shown before it the last day it was."""
    stamp = connection.ops.adapt_datefield_value(day)
    rows = sql.fetch(
        'SELECT thought_key, MAX(CASE WHEN "day" < %s THEN "day" END),'
        ' MAX(CASE WHEN "day" = %s THEN 1 ELSE 0 END)'
        f' FROM {sql.table(ThoughtShown)} WHERE "day" <= %s GROUP BY thought_key',
        [stamp, stamp, stamp],
    )
    today = next((key for key, _, on_the_day in rows if on_the_day), None)
    return today, {key: sql.day(last) for key, last, _ in rows if last is not None}


def record_shown(*, day: date, key: str, replace: bool = False) -> str:
    """Record the day's thought; when another process recorded one first, that one stays and is returned."""
    if replace:
        ThoughtShown.objects.filter(day=day).update(thought_key=key)
        return key
    shown, _ = ThoughtShown.objects.get_or_create(day=day, defaults={"thought_key": key})
    return shown.thought_key
