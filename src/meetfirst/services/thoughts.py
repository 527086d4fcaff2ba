"""The thought for the day: shipped lines and the user's own, one per day, none repeated within 30 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from meetfirst.core import thoughts as rules
from meetfirst.core.errors import BadInput
from meetfirst.core.policy import Policy
from meetfirst.core.thoughts import ThoughtItem
from meetfirst.services.policy import load_policy, owner_zone
from meetfirst.store import thought_queries
from meetfirst.store.thought_queries import ThoughtRow

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class DayThought:
    day: date
    thought: ThoughtItem
    # True when every thought was shown in the last 30 days, so one of them comes back early.
    repeated: bool
    available: int

    @property
    def note(self) -> str:
        if not self.repeated:
            return ""
        return (
            f"only {self.available} thought{'s' if self.available != 1 else ''}, fewer than "
            f"{rules.NO_REPEAT_DAYS} days' worth: repeating the least recently shown "
            "(add your own with `meetfirst thoughts add FILE`)"
        )

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day, **self.thought.as_dict(), "repeated": self.repeated, "note": self.note}


def all_thoughts() -> list[ThoughtItem]:
    """The shipped thoughts, then the user's own (a line in both counts once, as shipped)."""
    found = {item.key: item for item in rules.shipped()}
    for row in thought_queries.user_thoughts():
        found.setdefault(row.key, ThoughtItem(row.text, row.author, row.work, row.year))
    return list(found.values())


def thought_for(day: date) -> DayThought:
    """The day's thought: the one already recorded for the day, else a new choice, recorded."""
    everything = {item.key: item for item in all_thoughts()}
    key, history = thought_queries.shown_and_last_shown(day=day)
    if key is None or key not in everything:
        # Only choosing writes: a page that shows the day's thought again takes no write lock.
        with transaction.atomic():
            key = thought_queries.shown_on(day=day)
            if key is None or key not in everything:
                # A day whose thought is no longer known (a shipped line dropped in an update) gets a new one.
                chosen, _ = rules.choose(day, everything, history)
                key = thought_queries.record_shown(day=day, key=chosen, replace=key is not None)
    last = history.get(key)
    repeated = last is not None and (day - last).days < rules.NO_REPEAT_DAYS
    return DayThought(day, everything[key], repeated, len(everything))


def thought_today(*, now: datetime, policy: Policy | None = None) -> DayThought:
    """The thought for today in the owner's time zone."""
    policy = policy or load_policy()
    return thought_for(now.astimezone(owner_zone(policy)).date())


@dataclass(frozen=True, slots=True)
class Added:
    file: str
    read: int
    added: int
    already_there: int

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "read": self.read,
            "added": self.added,
            "already_there": self.already_there,
        }


def add_from_file(path: Path) -> Added:
    """Add the thoughts in a file (CSV, JSON or fortune); lines already known are skipped."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadInput(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB", file=str(path))
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("not UTF-8 text", file=str(path)) from None
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror})", file=str(path)) from None
    items = rules.parse_thoughts(text, file=str(path))
    unique: dict[str, ThoughtItem] = {}
    for item in items:
        unique.setdefault(item.key, item)  # the first of two spellings of one line wins
    shipped = {item.key for item in rules.shipped()}
    with transaction.atomic():
        known = thought_queries.existing_keys(keys=list(unique)) | (shipped & set(unique))
        new = [
            ThoughtRow(key, item.text, item.author, item.work, item.year)
            for key, item in unique.items()
            if key not in known
        ]
        thought_queries.add_thoughts(rows=new)
    return Added(str(path), len(items), len(new), len(items) - len(new))
