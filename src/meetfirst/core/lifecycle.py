"""The rules that move a request on after triage, in plain words.

1. Reply detected: the owner's LinkedIn message to a stranger, after the request arrived, is the
   policy reply even if nobody said it was sent.
2. Answered: after the reply, the requester wrote (a message or an e-mail), called, or met the owner.
   A meeting counts whoever logged it as the one reaching out: nobody meets a person who did not answer.
3. Collector: no answer within the patience window. The request became a collector at the moment the
   window closed, not when meetfirst noticed.
4. A late answer revives a collector.

The store finds the candidates; this module says what counts, when, and why.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from meetfirst.core.errors import BadInput

# What the owner's reply looks like in the store.
REPLY_KIND = "message"
REPLY_CHANNEL = "linkedin"
REPLY_DIRECTION = "out"

# What counts as an answer from the requester: these kinds, incoming...
ANSWER_KINDS: tuple[str, ...] = ("message", "email", "call", "meeting")
ANSWER_DIRECTION = "in"
# ...and these kinds in any direction.
ANSWER_KINDS_ANY_DIRECTION: tuple[str, ...] = ("meeting",)

# The kind an interaction gets from its channel when none is given.
_KIND_FOR_CHANNEL = {
    "linkedin": "message",
    "email": "email",
    "e-mail": "email",
    "phone": "call",
    "call": "call",
    "video": "call",
    "in-person": "meeting",
    "meeting": "meeting",
}
KINDS: tuple[str, ...] = ("message", "call", "meeting", "email", "note")
_CHANNEL = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def collector_since(replied_at: datetime, patience_days: int) -> datetime:
    """When silence after a reply turns the requester into a collector."""
    return replied_at + timedelta(days=patience_days)


def is_collector(replied_at: datetime, *, now: datetime, patience_days: int) -> bool:
    """True once the whole patience window has passed (the boundary itself included)."""
    return now >= collector_since(replied_at, patience_days)


def silence_cutoff(now: datetime, patience_days: int) -> datetime:
    """Replies sent at or before this moment have waited the whole patience window by `now`."""
    return now - timedelta(days=patience_days)


def counts_as_answer(*, kind: str, direction: str) -> bool:
    """Whether an interaction from the requester answers the reply."""
    if kind in ANSWER_KINDS_ANY_DIRECTION:
        return True
    return kind in ANSWER_KINDS and direction == ANSWER_DIRECTION


def reply_detected_reason(*, channel: str = REPLY_CHANNEL) -> str:
    return f"your reply was found among your {channel_label(channel)} messages"


def reply_recorded_reason() -> str:
    return "you recorded the reply as sent"


def answered_reason(*, kind: str, channel: str, revived: bool, late_by: timedelta | None = None) -> str:
    """Why a request is answered: what came in, and whether it brought a collector back."""
    how = _answer_label(kind, channel)
    if revived:
        days = f" after {_days(late_by)} as a collector" if late_by is not None else ""
        return f"a late answer ({how}){days} revives the collector"
    return f"answered ({how})"


def collector_reason(patience_days: int) -> str:
    return f"no answer within {patience_days} days"


def default_kind(channel: str) -> str:
    """The interaction kind a channel implies: linkedin -> message, phone -> call, in-person -> meeting."""
    return _KIND_FOR_CHANNEL.get(channel, "message")


def normalize_channel(channel: str) -> str:
    """A channel as stored: lower case, words joined by '-'; a BadInput when it is not a short word."""
    text = "-".join(channel.strip().lower().replace("_", " ").split())
    if text in {"e-mail", "mail"}:
        text = "email"
    if text in {"inperson", "in-person", "person", "face-to-face"}:
        text = "in-person"
    if not _CHANNEL.match(text):
        raise BadInput(f"'{channel}' is not a channel (try linkedin, email, phone, in-person)")
    return text


def channel_label(channel: str) -> str:
    return {"linkedin": "LinkedIn", "email": "e-mail", "in-person": "in-person"}.get(channel, channel)


def _answer_label(kind: str, channel: str) -> str:
    if kind == "message":
        return f"a {channel_label(channel)} message" if channel else "a message"
    if kind == "email":
        return "an e-mail"
    if kind == "call":
        return "a call"
    if kind == "meeting":
        return "a meeting"
    return kind


def _days(span: timedelta) -> str:
    days = max(span.days, 0)
    return "1 day" if days == 1 else f"{days} days"


_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def parse_time(text: str, zone: tzinfo) -> datetime:
    """A time the user typed: ISO 8601 (with or without an offset) or 'YYYY-MM-DD HH:MM'.

    Without an offset the time is in `zone`, the owner's. The result is aware, in UTC.
    """
    value = text.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        for pattern in _TIME_FORMATS:
            try:
                moment = datetime.strptime(value, pattern)  # the zone is attached below
                break
            except ValueError:
                continue
    if moment is None:
        raise BadInput(f"cannot read the time '{text}' (use ISO 8601 or 'YYYY-MM-DD HH:MM')")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)
