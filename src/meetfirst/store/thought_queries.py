"""Thoughts the user added, and which thought was shown on which day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from meetfirst.store.models import Thought, ThoughtShown


@dataclass(frozen=True, slots=True)
class ThoughtRow:
    key: str
    text: str
    author: str
    work: str
    year: int | None


def user_thoughts() -> list[ThoughtRow]:
    rows = Thought.objects.order_by("id").values_list("key", "text", "author", "work", "year")
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


def last_shown(*, before: date) -> dict[str, date]:
    """For every thought shown before a day, the last day it was shown."""
    rows = (
        ThoughtShown.objects.filter(day__lt=before)
        .values("thought_key")
        .annotate(last=Max("day"))
        .values_list("thought_key", "last")
    )
    return dict(rows)


def record_shown(*, day: date, key: str, replace: bool = False) -> str:
    """Record the day's thought; when another process recorded one first, that one stays and is returned."""
    if replace:
        ThoughtShown.objects.filter(day=day).update(thought_key=key)
        return key
    shown, _ = ThoughtShown.objects.get_or_create(day=day, defaults={"thought_key": key})
    return shown.thought_key
