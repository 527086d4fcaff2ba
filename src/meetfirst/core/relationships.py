"""Relationship kinds, and the story of where a relationship came from, in plain words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from meetfirst.core.errors import BadInput

KINDS: Final[tuple[str, ...]] = (
    "friend",
    "compatriot",
    "mentor",
    "mentee",
    "peer",
    "colleague",
    "customer",
    "acquaintance",
)
MAX_KIND_LENGTH: Final = 40
# The user's own kinds: a word or a few, letters (any script), digits, spaces and dashes.
_OWN_KIND: Final = re.compile(r"[^\W_][\w -]*", re.UNICODE)


def normalize_kind(text: str) -> str:
    """A relationship kind as stored: lower case, single spaces; one of KINDS or the user's own word."""
    kind = " ".join(text.split()).casefold()
    if not kind:
        raise BadInput(f"name a kind of relationship: {', '.join(KINDS)}, or a word of your own")
    if len(kind) > MAX_KIND_LENGTH:
        raise BadInput(f"a relationship kind has at most {MAX_KIND_LENGTH} characters")
    if not _OWN_KIND.fullmatch(kind) or "_" in kind:
        raise BadInput(f"'{text.strip()}' is not a kind: use letters, digits, spaces and dashes")
    return kind


@dataclass(frozen=True, slots=True)
class Step:
    """One step on the road to a relationship: when (a day, or a month for `since`) and what."""

    on: date | None
    what: str
    month_only: bool = False

    def __str__(self) -> str:
        if self.on is None:
            return self.what
        when = f"{self.on:%Y-%m}" if self.month_only else f"{self.on:%Y-%m-%d}"
        return f"{self.what} {when}"


def origin_story(steps: Iterable[Step]) -> str:
    """The steps in order of time (undated ones keep their place after the one before), joined."""
    return ", ".join(str(step) for step in steps)


def meeting_word(mode: str) -> str:
    """What a held meeting is called in the story."""
    return {"phone": "call", "video": "video call"}.get(mode, "meeting")


def reminder_text(name: str) -> str:
    """The nudge for a stranger the user has now met."""
    return f"You have met {name}: you know them now, and can accept their invitation to connect."


def parse_follow_up(text: str) -> tuple[date, str]:
    """A follow-up typed as `YYYY-MM-DD: what to do`."""
    day, sep, what = text.partition(":")
    what = " ".join(what.split())
    try:
        due = date.fromisoformat(day.strip())
    except ValueError:
        due = None
    if not sep or due is None or not what:
        raise BadInput(f"a follow-up reads 'YYYY-MM-DD: what to do', not {text.strip()!r}")
    if len(what) > MAX_FOLLOW_UP_LENGTH:
        raise BadInput(f"a follow-up has at most {MAX_FOLLOW_UP_LENGTH} characters")
    return due, what


MAX_FOLLOW_UP_LENGTH: Final = 1000
